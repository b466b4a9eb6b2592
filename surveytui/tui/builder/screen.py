"""The builder: a tree of sections and questions, a form for the selected one, a live
preview drawn by the kiosk's own widgets, and the validator's problems as you type."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from surveytui.edit import QuestionnaireDocument
from surveytui.edit.save import DRAFT_SUFFIX, draft_path, needed_bump, save
from surveytui.errors import SurveyError
from surveytui.tui.builder.dialogs import Start, StartDialog
from surveytui.tui.builder.editor import Editor, Selection, type_options
from surveytui.tui.builder.fields import Change, Edit, ListEntry
from surveytui.tui.builder.widgets import OutlineTree, Preview
from surveytui.tui.dialogs import ConfirmDialog, ErrorDialog, PickDialog, TextDialog, key_lines

SHOW_DELAY = 0.12
"""Seconds the tree cursor rests on a part before its form is built."""
REFRESH_DELAY = 0.25
"""Seconds after the last keystroke before problems, tree marks and preview are redrawn."""


class BuildScreen(Screen[None]):
    """Build or change a questionnaire by keyboard, seeing problems and the kiosk's view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="build.save",
            priority=True,
            tooltip="save (a draft while there are problems)",
        ),
        Binding("ctrl+z", "undo", "Undo", id="build.undo", priority=True, tooltip="undo"),
        Binding("ctrl+q", "leave", "Leave", id="build.leave", tooltip="leave (asks first)"),
        Binding(
            "f2", "tab('edit-tab')", "Edit", id="build.tab.edit", show=False, tooltip="the form"
        ),
        Binding("f3", "tab('preview-tab')", "Preview", id="build.tab.preview", tooltip="preview"),
        Binding(
            "f4",
            "tab('problems-tab')",
            "Problems",
            id="build.tab.problems",
            show=False,
            tooltip="every problem; Enter on one goes there",
        ),
        Binding(
            "ctrl+l",
            "next_language",
            "Language",
            id="build.language",
            show=False,
            tooltip="preview in the next language",
        ),
        Binding(
            "escape",
            "focus_tree",
            "Tree",
            id="build.tree",
            show=False,
            tooltip="back to the tree",
        ),
        Binding("f1", "keys", "Keys", id="build.keys", tooltip="every key of the builder"),
    ]
    DEFAULT_CSS = """
    BuildScreen #outline { width: 30; border-right: vkey $panel; }
    BuildScreen #status { height: 1; background: $panel; padding: 0 1; }
    BuildScreen #status.-invalid { color: $warning; }
    BuildScreen TabbedContent { width: 1fr; }
    BuildScreen TabPane { padding: 0; }
    """

    def __init__(
        self,
        start: Start | None = None,
        questionnaires: Path = Path("questionnaires"),
        results: Path = Path("results"),
        suggested: Path | None = None,
    ) -> None:
        super().__init__()
        self.suggested = suggested
        self.document = (
            start.document if start else QuestionnaireDocument.new("questionnaire", ["en"], None)
        )
        self.path = start.path if start else None
        self.questionnaires = questionnaires
        self.results = results
        self.lang = ""
        self._listed_problems: list[Any] | None = None
        self._refresh_timer: Timer | None = None
        self._show_timer: Timer | None = None
        self.pending: Selection | None = None
        self._status = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OutlineTree("questionnaire", id="outline")
            with TabbedContent(initial="edit-tab"):
                with TabPane("Edit", id="edit-tab"):
                    yield Editor(id="editor")
                with TabPane("Preview", id="preview-tab"):
                    yield Preview(id="preview")
                with TabPane("Problems", id="problems-tab"):
                    yield OptionList(id="problem-list")
        yield Static("", id="status", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        if self.path is None:
            self.app.push_screen(StartDialog(self.questionnaires, self.suggested), self._started)
            return
        await self._open()

    async def _started(self, start: Start | None) -> None:
        if start is None:
            self._close()
            return
        self.document, self.path = start.document, start.path
        await self._open()

    async def _open(self) -> None:
        self.lang = (self.document.languages or ["en"])[0]
        await self._rebuild(Selection("root"))
        self.query_one(OutlineTree).focus()
        if (
            self.path is not None
            and self.document.draft_text is None
            and draft_path(self.path).exists()
        ):
            self.notify(
                f"A draft of this questionnaire exists: {draft_path(self.path)}. "
                "Open that file to go on with it.",
                severity="warning",
                timeout=8,
            )

    # -- showing -----------------------------------------------------------------------
    @property
    def target(self) -> Selection:
        """What the tree has selected (its form may still be on its way)."""
        return self.pending or self.query_one(Editor).target

    @on(OutlineTree.Highlighted)
    def _tree_moved(self, message: OutlineTree.Highlighted) -> None:
        """Show the highlighted part once the cursor rests, so that arrowing through the
        tree does not build every form on the way; Enter or e shows it at once."""
        self.pending = message.target
        if self._show_timer is not None:
            self._show_timer.stop()
        self._show_timer = self.set_timer(SHOW_DELAY, self.show_pending)

    @on(OutlineTree.EditAsked)
    async def _edit_selected(self, message: OutlineTree.EditAsked) -> None:
        """Enter, e or Tab in the tree: its form at once, and the cursor into it."""
        await self.show_pending()
        await self.query_one(Editor).focus_when_shown(message.from_end)

    async def show_pending(self) -> None:
        """Show the form of the part the tree cursor stopped on, if not shown yet."""
        if self.pending is not None:
            target, self.pending = self.pending, None
            await self.show_target(target)

    async def _rebuild(self, target: Selection) -> None:
        """Rebuild the tree and the form after a change of structure, selecting `target`."""
        self.pending = None
        target = self._existing(target)
        self.query_one(OutlineTree).fill(self.document, target)
        await self.query_one(Editor).show(self.document, target)
        await self._refresh_views()

    def _existing(self, target: Selection) -> Selection:
        sections = self.document.sections
        if target.kind in ("section", "question") and not sections:
            return Selection("root")
        if target.kind in ("section", "question"):
            section = min(target.section, len(sections) - 1)
            if target.kind == "question":
                questions = self.document.questions(section)
                if questions:
                    return Selection("question", section, min(target.index, len(questions) - 1))
            return Selection("section", section)
        return target

    async def _refresh_views(self) -> None:
        """Bring the status line, problems, tree marks and preview up to date."""
        problems = self.document.problems()
        self.query_one(OutlineTree).mark(self.document)
        self.query_one(Editor).update_problems(self.document)
        if problems != self._listed_problems:
            self._listed_problems = problems
            problem_list = self.query_one("#problem-list", OptionList)
            problem_list.clear_options()
            problem_list.add_options([Option(str(p), id=str(n)) for n, p in enumerate(problems)])
            self.query_one(TabbedContent).get_tab(
                "problems-tab"
            ).label = f"Problems ({len(problems)})"
        self._update_status()
        if self.query_one(TabbedContent).active == "preview-tab":
            await self.query_one(Preview).show(self.document, self.target, self.lang)

    def _update_status(self) -> None:
        count = len(self.document.problems())
        version = self.document.get(("version",))
        if self.document.unsaved:
            saved = "unsaved changes"
        elif self.document.changed and self.document.draft_text is not None:
            saved = f"saved as draft {draft_path(self.path).name}" if self.path else "draft"
        else:
            saved = "saved"
        state = f"✗ {count} problem{'s' if count != 1 else ''} (F4)" if count else "✓ valid"
        text = f"{self.path or 'new'} · v{version} · {state} · {saved}"
        if text != self._status:
            self._status = text
            status = self.query_one("#status", Static)
            status.update(text)
            status.set_class(bool(count), "-invalid")

    async def show_target(self, target: Selection) -> None:
        """Show the form (and the preview, if open) of what the tree selected."""
        if target != self.query_one(Editor).target:
            await self.query_one(Editor).show(self.document, target)
            if self.query_one(TabbedContent).active == "preview-tab":
                await self.query_one(Preview).show(self.document, target, self.lang)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "preview-tab":
            await self.query_one(Preview).show(self.document, self.target, self.lang)

    @on(OptionList.OptionSelected, "#problem-list")
    async def _jump_to_problem(self, event: OptionList.OptionSelected) -> None:
        """Enter on a problem opens the part of the questionnaire it is in."""
        problem = self.document.problems()[int(str(event.option.id))]
        target = self._target_at(problem.line or 0)
        self.query_one(TabbedContent).active = "edit-tab"
        await self._rebuild(target)
        self.query_one(OutlineTree).focus()

    def _target_at(self, line: int) -> Selection:
        found = Selection("root")
        scales = self.document.span(("scales",))
        if scales and scales[0] <= line <= scales[1]:
            return Selection("scales")
        for section in range(len(self.document.sections)):
            span = self.document.span(("sections", section))
            if span and span[0] <= line <= span[1]:
                found = Selection("section", section)
                for index in range(len(self.document.questions(section))):
                    question = self.document.span(("sections", section, "questions", index))
                    if question and question[0] <= line <= question[1]:
                        return Selection("question", section, index)
        return found

    # -- editing -----------------------------------------------------------------------
    async def on_edit(self, event: Edit) -> None:
        """Apply a change the author made in the form."""
        event.stop()
        change = event.change
        before = self.document.text() if event.structural else ""
        if change.kind == "text":
            if self.document.get((*change.path, change.lang)) == (change.value or None):
                return
            self.document.set_text(change.path, change.lang, change.value)
        elif change.kind == "set":
            if self.document.get(change.path) == change.value:
                return
            self.document.set(change.path, change.value)
        elif change.kind == "flag":
            self.document.set_flag(change.path, *change.value)
        elif change.kind == "rename":
            old, new = change.value
            self.document.rename(change.path, old, new)
            if new in (self.document.get(change.path) or {}):
                self.query_one(Editor).renamed(old, new)
            else:
                self.notify(
                    f"{new!r} is taken: a scale's id must differ from every other id",
                    severity="warning",
                    timeout=3,
                )
        elif change.kind == "type":
            target = Selection("question", int(change.path[1]), int(change.path[3]))
            if self.document.get((*target.path, "type")) == change.value:
                return
            dropped = self.document.dropped_by_type(target.section, target.index, change.value)
            if dropped:
                self._confirm_type(target, change.value, dropped)
                return
            self.document.set_type(target.section, target.index, change.value)
        elif change.kind == "list":
            self._list_change(change)
        elif change.kind == "range":
            self.document.set_matrix_range(change.path, change.value)
        if not event.structural:
            self._refresh_soon()
        elif self.document.text() != before or change.kind == "redraw":
            editor = self.query_one(Editor)
            address = editor.address_of(self.focused)
            if address is not None and change.kind == "list" and change.value[0] == "move":
                address = _moved(address, change.path, *change.value[1:])
            await self._rebuild(self.target)
            if change.kind == "list" and change.value[0] == "add":
                editor.focus_entry(change.path, -1)
            elif change.kind == "list" and change.value[0] == "remove":
                editor.focus_entry(change.path, change.value[1])
            else:
                editor.refocus(address)

    def _confirm_type(self, target: Selection, qtype: str, dropped: list[str]) -> None:
        """Ask before a type change removes keys; declined, the form shows the old type."""
        editor = self.query_one(Editor)
        address = editor.address_of(self.focused)

        async def answered(yes: bool | None) -> None:
            if yes:
                self.document.set_type(target.section, target.index, qtype)
            await self._rebuild(target)
            editor.refocus(address)

        self.app.push_screen(
            ConfirmDialog(
                f"A {qtype} question has no {', '.join(dropped)}: remove "
                f"{'them' if len(dropped) > 1 else 'it'}?",
                "Ctrl+Z undoes the change.",
                yes="Change type",
                no="Keep",
            ),
            answered,
        )

    def _refresh_soon(self) -> None:
        """Validate and redraw once typing pauses: every keystroke would be slow on a big file."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(REFRESH_DELAY, self._refresh_typed)

    async def _refresh_typed(self) -> None:
        self._refresh_timer = None
        self.query_one(OutlineTree).relabel(self.document)
        await self._refresh_views()

    def _list_change(self, change: Change) -> None:
        """Move or remove an entry of a list, or add a scale, a choice or a row."""
        operation, *arguments = change.value
        if operation == "move":
            self.document.move(change.path, *arguments)
        elif operation == "remove":
            self.document.remove(change.path, *arguments)
        elif arguments == ["scale"]:
            self.document.add_scale()
        elif arguments == ["choice"]:
            self.document.add_choice(change.path)
        else:
            self.document.add_row(change.path)

    # -- actions on the tree -----------------------------------------------------------
    async def _change_structure(self, target: Selection) -> None:
        await self._rebuild(target)
        self.query_one(OutlineTree).focus()

    def _section_of(self, target: Selection) -> int:
        return (
            max(target.section, 0)
            if target.kind in ("section", "question")
            else len(self.document.sections) - 1
        )

    @on(OutlineTree.AddQuestionAsked)
    async def add_question(self) -> None:
        """Ask for a type, then add a question of it below the selected one."""
        target = self.target
        if not self.document.sections:
            self.document.add_section(0)
        section = self._section_of(target)
        index = (
            target.index + 1 if target.kind == "question" else len(self.document.questions(section))
        )

        async def add(qtype: str | None) -> None:
            if qtype is not None:
                self.document.add_question(section, index, qtype)
                await self._rebuild(Selection("question", section, index))
                self.query_one("#id").query_one("Input").focus()

        self.app.push_screen(
            PickDialog("Add a question of type", type_options()),
            add,
        )

    @on(OutlineTree.AddSectionAsked)
    async def add_section(self) -> None:
        target = self.target
        at = (
            target.section + 1
            if target.kind in ("section", "question")
            else len(self.document.sections)
        )
        self.document.add_section(at)
        await self._rebuild(Selection("section", at))
        self.query_one("#id").query_one("Input").focus()

    @on(OutlineTree.DuplicateAsked)
    async def duplicate(self) -> None:
        target = self.target
        if target.kind == "question":
            index = self.document.duplicate_question(target.section, target.index)
            await self._change_structure(Selection("question", target.section, index))
        elif target.kind == "section":
            await self._change_structure(
                Selection("section", self.document.duplicate_section(target.section))
            )

    @on(OutlineTree.DeleteAsked)
    def delete(self) -> None:
        """Delete the selected question or section, after a confirmation."""
        target = self.target
        if target.kind not in ("question", "section"):
            return
        name = self.document.get((*target.path, "id"))
        detail = "Undo (ctrl+z) brings it back."
        if target.kind == "section":
            count = len(self.document.questions(target.section))
            question = f"Delete section {name} and its {count} questions?"
        else:
            question = f"Delete question {name}?"

        async def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if target.kind == "section":
                self.document.delete_section(target.section)
            else:
                self.document.delete_question(target.section, target.index)
            await self._change_structure(target)

        self.app.push_screen(ConfirmDialog(question, detail, yes="Delete", no="Keep"), confirmed)

    @on(OutlineTree.MoveAsked)
    async def move(self, message: OutlineTree.MoveAsked) -> None:
        delta = message.delta
        target = self.target
        if target.kind == "question":
            section, index = self.document.move_question(target.section, target.index, delta)
            await self._change_structure(Selection("question", section, index))
        elif target.kind == "section":
            await self._change_structure(
                Selection("section", self.document.move_section(target.section, delta))
            )

    @on(OutlineTree.MoveToSectionAsked)
    def move_to_section(self) -> None:
        target = self.target
        if target.kind != "question" or len(self.document.sections) < 2:
            return
        choices = [
            (f"{n + 1}. {self.document.get(('sections', n, 'id'))}", n)
            for n in range(len(self.document.sections))
            if n != target.section
        ]

        async def moved(section: int | None) -> None:
            if section is not None:
                new_section, index = self.document.move_question_to(
                    target.section, target.index, section
                )
                await self._change_structure(Selection("question", new_section, index))

        self.app.push_screen(PickDialog("Move the question to section", choices), moved)

    # -- screen actions ----------------------------------------------------------------
    async def action_undo(self) -> None:
        editor = self.query_one(Editor)
        address = editor.address_of(self.focused)
        if self.document.undo():
            await self._rebuild(self.target)
            if address is not None:
                editor.refocus(address)
            self.notify("Undone", timeout=2)
        else:
            self.notify("Nothing to undo", timeout=2)

    def action_tab(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane
        if pane == "problems-tab":
            problems = self.query_one("#problem-list", OptionList)
            if problems.option_count and problems.highlighted is None:
                problems.highlighted = 0
            problems.focus()

    async def action_next_language(self) -> None:
        languages = self.document.languages or ["en"]
        position = languages.index(self.lang) if self.lang in languages else -1
        self.lang = languages[(position + 1) % len(languages)]
        self.query_one(TabbedContent).active = "preview-tab"
        await self.query_one(Preview).show(self.document, self.target, self.lang)

    def action_keys(self) -> None:
        """Every key of the builder, made from the bindings of the tree, the form and the
        screen (with the few keys their widgets handle themselves)."""
        width = 10
        lines = [
            "In the tree",
            *key_lines(self.app, OutlineTree.BINDINGS, [("↑ ↓", "choose a part")], width),
            "In the form",
            *key_lines(
                self.app,
                ListEntry.BINDINGS,
                [("Tab, Enter", "next field"), ("→", "take the suggested id")],
                width,
            ),
            "Anywhere",
            *key_lines(self.app, self.BINDINGS, (), width),
        ]
        self.app.push_screen(TextDialog("Keys of the builder (Escape closes)", lines))

    def action_focus_tree(self) -> None:
        self.query_one(OutlineTree).focus()

    def action_save(self) -> None:
        """Save: as a draft while invalid; with a new version when results exist."""
        if self.path is None:
            return
        problems = self.document.problems()
        if problems:
            self.app.push_screen(
                ConfirmDialog(
                    f"The questionnaire has {len(problems)} problem"
                    f"{'s' if len(problems) != 1 else ''}, so it can only be saved as a draft.",
                    f"The draft goes to {draft_path(self.path)}; {self.path} stays as it was. "
                    "Open the draft later to go on.",
                    yes="Save draft",
                    no="Keep editing",
                ),
                self._save_confirmed,
            )
            return
        bump = needed_bump(self.document, self.results)
        if bump is None:
            self._write()
            return

        async def raise_version(yes: bool | None) -> None:
            if yes:
                self.document.set_version(bump.new)
                await self._rebuild(self.target)
                self._write()

        self.app.push_screen(
            ConfirmDialog(
                f"Answers were collected with version {bump.old}: saving raises it to {bump.new}.",
                f"Results: {', '.join(map(str, bump.results))}. Those answers stay consistent "
                f"with version {bump.old}; new answers start a new file for version {bump.new}.",
                yes=f"Save as version {bump.new}",
                no="Keep editing",
            ),
            raise_version,
        )

    def _save_confirmed(self, yes: bool | None) -> None:
        if yes:
            self._write()

    def _write(self) -> None:
        assert self.path is not None
        try:
            written = save(self.document, self.path)
        except SurveyError as err:
            self.app.push_screen(ErrorDialog(err, "Could not save"))
            return
        self.path = self.document.path
        draft = written.name.endswith(DRAFT_SUFFIX)
        self.notify(
            f"Saved {'the draft ' if draft else ''}{written}",
            severity="warning" if draft else "information",
        )
        self.query_one(Editor).update_problems(self.document)
        self.query_one(OutlineTree).relabel(self.document)
        self._update_status()

    def action_leave(self) -> None:
        """Leave the builder, asking first when there are unsaved changes."""
        if not self.document.unsaved or self.path is None:
            self._close()
            return
        self.app.push_screen(
            ConfirmDialog(
                "Leave without saving your changes?",
                "They are in neither the file nor a draft. Press n, then ctrl+s to save.",
                yes="Leave",
                no="Stay",
            ),
            lambda yes: self._close() if yes else None,
        )

    def _close(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss()
        else:
            self.app.exit()


def _moved(
    address: tuple[tuple[str | int, ...], str],
    list_path: tuple[str | int, ...],
    index: int,
    delta: int,
) -> tuple[tuple[str | int, ...], str]:
    """The address of a field after the list entry holding it moved by `delta`."""
    path, widget_id = address
    size = len(list_path)
    if path[:size] == list_path and len(path) > size and path[size] == index:
        path = (*list_path, index + delta, *path[size + 1 :])
    return path, widget_id
