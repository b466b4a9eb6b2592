"""The builder's own widgets: the questionnaire's outline as a tree, and the preview."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from surveytui.edit import QuestionnaireDocument
from surveytui.errors import SurveyError
from surveytui.model import tr
from surveytui.tui.builder.editor import Selection
from surveytui.tui.widgets.questions import make_question_widget


class Preview(Vertical):
    """The selected question as a participant sees it, in one language at a time."""

    DEFAULT_CSS = """
    Preview { padding: 0 1; }
    Preview #preview-language { color: $text-muted; }
    Preview #preview-body { height: 1fr; }
    Preview .preview-problem { color: $warning; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._showing = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-language")
        yield VerticalScroll(id="preview-body")

    async def show(self, document: QuestionnaireDocument, target: Selection, lang: str) -> None:
        """Draw `target` in `lang`: a question with the kiosk's widget, else its texts."""
        languages = document.languages
        self.query_one("#preview-language", Static).update(
            f"Language: {lang} (of {', '.join(languages)}) · ctrl+l: next"
        )
        body = self.query_one("#preview-body", VerticalScroll)
        async with self._showing:
            await body.remove_children()
            await body.mount_all(self._widgets(document, target, lang))

    @staticmethod
    def _widgets(document: QuestionnaireDocument, target: Selection, lang: str) -> list[Any]:
        if target.kind == "question":
            try:
                question = document.preview_question(target.section, target.index)
            except SurveyError as err:
                return [
                    Static(
                        "The preview appears once this question has no problems:\n"
                        + "\n".join(f"✗ {p.message}" for p in err.problems),
                        classes="preview-problem",
                        markup=False,
                    )
                ]
            return [make_question_widget(question, lang, id="preview-question")]
        texts: list[str] = []
        if target.kind == "root":
            for key in ("title", "intro", "outro"):
                value = document.get((key,))
                if isinstance(value, dict):
                    texts.append(tr({str(k): str(v) for k, v in value.items()}, lang))
        elif target.kind == "section":
            title = document.get((*target.path, "title"))
            if isinstance(title, dict):
                texts.append(tr({str(k): str(v) for k, v in title.items()}, lang))
        return [Static("\n\n".join(texts) or "Select a question to preview it.", markup=False)]


class OutlineTree(Tree[Selection]):
    """The questionnaire as a tree; keys here add, copy, delete and move what is selected.

    The tree changes nothing itself: it says what was asked in a message to its screen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a", "add_question", "Add", id="build.add_question", tooltip="add a question below"
        ),
        Binding(
            "s", "add_section", "Section", id="build.add_section", tooltip="add a section below"
        ),
        Binding("c", "duplicate", "Copy", id="build.duplicate", show=False, tooltip="copy it"),
        Binding("delete,x", "delete", "Delete", id="build.delete", tooltip="delete (asks first)"),
        Binding(
            "ctrl+up,less_than_sign",
            "move(-1)",
            "Move up",
            id="build.move_up",
            show=False,
            tooltip="move up",
        ),
        Binding(
            "ctrl+down,greater_than_sign",
            "move(1)",
            "Move down",
            id="build.move_down",
            show=False,
            tooltip="move down",
        ),
        Binding(
            "m",
            "move_to_section",
            "To section",
            id="build.move_to",
            show=False,
            tooltip="move the question to another section",
        ),
        Binding("e,right,tab", "edit", "Edit", id="build.edit", show=False, tooltip="edit it"),
        Binding(
            "shift+tab",
            "edit(True)",
            "Edit from the end",
            id="build.edit_end",
            show=False,
            tooltip="edit it from its last field",
        ),
    ]

    class Highlighted(Message):
        """The cursor is on `target` now; its form waits until the cursor rests."""

        def __init__(self, target: Selection) -> None:
            super().__init__()
            self.target = target

    class EditAsked(Message):
        """Show the selected part's form and go into it, at its last field if `from_end`."""

        def __init__(self, from_end: bool) -> None:
            super().__init__()
            self.from_end = from_end

    class AddQuestionAsked(Message):
        """Add a question below the selected one (of a type still to choose)."""

    class AddSectionAsked(Message):
        """Add a section below the selected one."""

    class DuplicateAsked(Message):
        """Copy the selected question or section."""

    class DeleteAsked(Message):
        """Delete the selected question or section (after asking)."""

    class MoveAsked(Message):
        """Move the selected question or section by `delta` places."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class MoveToSectionAsked(Message):
        """Move the selected question to another section (still to choose)."""

    def __init__(self, label: str, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.names: dict[int, str] = {}
        self.auto_expand = False
        self.show_root = True
        self.guide_depth = 2

    def fill(self, document: QuestionnaireDocument, selected: Selection) -> None:
        """Rebuild every node from the document and put the cursor on `selected`."""
        self.clear()
        self.root.data = Selection("root")
        self.root.expand()
        self.root.add_leaf("scales", Selection("scales"))
        for section in range(len(document.sections)):
            node = self.root.add("", Selection("section", section), expand=True)
            for index in range(len(document.questions(section))):
                node.add_leaf("", Selection("question", section, index))
        self.relabel(document)
        lines = [node.data for node in self.every_node(depth_first=True)]
        if selected in lines:
            self.move_cursor_to_line(lines.index(selected))

    def every_node(self, depth_first: bool = False) -> list[TreeNode[Selection]]:
        """All nodes; depth first, the nodes shown, in the order of their lines."""
        nodes: list[TreeNode[Selection]] = []
        pending = [self.root]
        while pending:
            node = pending.pop(0)
            nodes.append(node)
            if depth_first:
                pending[:0] = node.children if node.is_expanded else []
            else:
                pending.extend(node.children)
        return nodes

    def relabel(self, document: QuestionnaireDocument) -> None:
        """Name each node after its id and mark the ones with problems."""
        lang = (document.languages or ["en"])[0]
        for node in self.every_node():
            target = node.data
            if target is None:
                continue
            value = document.get(target.path)
            value = value if isinstance(value, dict) else {}
            if target.kind == "root":
                title = value.get("title")
                label = (
                    tr({str(k): str(v) for k, v in title.items()}, lang)
                    if isinstance(title, dict)
                    else ""
                )
                label = label or str(value.get("id") or "questionnaire")
            elif target.kind == "scales":
                label = f"scales ({len(value)})"
            elif target.kind == "section":
                label = f"§ {value.get('id') or '(no id)'}"
            else:
                label = f"{value.get('id') or '(no id)'} · {value.get('type') or '?'}"
            self.names[node.id] = label
        self.mark(document)

    def mark(self, document: QuestionnaireDocument) -> None:
        """Put ✗ before the sections and questions the validator has problems with."""
        for node in self.every_node():
            target = node.data
            if target is None:
                continue
            label = self.names.get(node.id, "")
            if target.kind != "root" and document.problems_in(target.path):
                label = f"✗ {label}"
            if str(node.label) != label:
                node.set_label(label)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Selection]) -> None:
        event.stop()
        # After a rebuild the tree reports the cursor of its old nodes: only the current counts.
        if event.node is self.cursor_node and event.node.data is not None:
            self.post_message(self.Highlighted(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Selection]) -> None:
        """Enter on a node opens its form."""
        event.stop()
        self.action_edit()

    def action_add_question(self) -> None:
        self.post_message(self.AddQuestionAsked())

    def action_add_section(self) -> None:
        self.post_message(self.AddSectionAsked())

    def action_duplicate(self) -> None:
        self.post_message(self.DuplicateAsked())

    def action_delete(self) -> None:
        self.post_message(self.DeleteAsked())

    def action_move(self, delta: int) -> None:
        self.post_message(self.MoveAsked(delta))

    def action_move_to_section(self) -> None:
        self.post_message(self.MoveToSectionAsked())

    def action_edit(self, from_end: bool = False) -> None:
        self.post_message(self.EditAsked(from_end))
