"""The builder's editor pane: a form for the questionnaire, the scales, a section or a
question, with every property its type takes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static

from surveytui.edit import QuestionnaireDocument
from surveytui.model.qtypes import TYPES, Answer, QuestionType
from surveytui.tui.builder.fields import (
    Change,
    Edit,
    Field,
    Flag,
    ListEntry,
    Problems,
    TextsField,
    parse_list,
    parse_number,
)


def type_options() -> list[tuple[str, str]]:
    """Each question type as the builder offers it, `name: what it asks`, in `TYPES` order."""
    return [(f"{name}: {spec.summary}", name) for name, spec in TYPES.items()]


def _spec(question: dict[str, Any]) -> QuestionType | None:
    """The spec of a question's type, None while it has no type or one that does not exist."""
    qtype = question.get("type")
    return TYPES.get(qtype) if isinstance(qtype, str) else None


@dataclass(frozen=True)
class Selection:
    """What the tree has selected: the questionnaire, its scales, a section or a question."""

    kind: str  # "root" | "scales" | "section" | "question"
    section: int = -1
    index: int = -1

    @property
    def path(self) -> tuple[str | int, ...]:
        if self.kind == "section":
            return ("sections", self.section)
        if self.kind == "question":
            return ("sections", self.section, "questions", self.index)
        if self.kind == "scales":
            return ("scales",)
        return ()


def _whole(text: str) -> Any:
    return parse_number(text, whole=True)


def _number(text: str) -> Any:
    return parse_number(text, whole=False)


class AddButton(Button):
    """Adds an entry of `kind` to the list at `path`."""

    def __init__(self, label: str, path: tuple[str | int, ...], kind: str) -> None:
        super().__init__(label, compact=True, classes="add")
        self.path = path
        self.kind = kind

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Edit(Change("list", self.path, ("add", self.kind)), structural=True))


class ScaleName(Field):
    """A scale's id, which is its key in `scales`: editing it renames the key in place."""

    def __init__(self, name: str) -> None:
        super().__init__("id", ("scales",), name)
        self.current = name

    def typed(self, text: str) -> None:
        new = text.strip()
        if new and new != self.current:
            self.post_message(Edit(Change("rename", ("scales",), (self.current, new))))


class RangeFlag(Checkbox):
    """A matrix on a whole-number range (`scale`) instead of `points` from 1."""

    def __init__(self, path: tuple[str | int, ...], value: bool) -> None:
        super().__init__("a whole-number range (scale) instead of points", value, compact=True)
        self.path = path

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(Edit(Change("range", self.path, event.value), structural=True))


class TypeSelect(Select[str]):
    """The question type; changing it rebuilds the form for the new type."""

    def __init__(self, path: tuple[str | int, ...], value: Any) -> None:
        current = value if isinstance(value, str) and value in TYPES else Select.NULL
        super().__init__(
            type_options(),
            value=current,
            allow_blank=current is Select.NULL,
            compact=True,
            id="type",
        )
        self.path = path

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.post_message(Edit(Change("type", self.path, event.value), structural=True))


# The form's widgets bound to a place in the file (`path`), found again after a rebuild.
_BOUND = (Field, TextsField, Flag, AddButton, TypeSelect, RangeFlag)


class Editor(VerticalScroll):
    """The form for the selected part; rebuilt when the selection or the structure changes."""

    DEFAULT_CSS = """
    Editor { padding: 0 1; }
    Editor .heading { text-style: bold; color: $accent; }
    Editor .hint { color: $text-muted; }
    Editor Button.add { margin-top: 1; }
    Editor #type { width: 1fr; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = Selection("root")
        self._showing = asyncio.Lock()

    async def show(self, document: QuestionnaireDocument, target: Selection) -> None:
        """Replace the form with the one for `target` (one rebuild at a time)."""
        async with self._showing:
            self.target = target
            await self.remove_children()
            await self.mount_all(list(self._form(document, target)))
            self.update_problems(document)
            self.scroll_home(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves on to the next one, as Tab does."""
        event.stop()
        self.screen.focus_next()

    def renamed(self, old: str, new: str) -> None:
        """A scale was renamed: point the fields of its entry at the new name."""
        for widget in [*self.query(Field), *self.query(TextsField)]:
            path = widget.path
            if path[:2] == ("scales", old):
                widget.path = ("scales", new, *path[2:])
            if isinstance(widget, ScaleName) and widget.current == old:
                widget.current = new

    def address_of(self, widget: Widget | None) -> tuple[tuple[str | int, ...], str] | None:
        """Where a focused field is, as (path, widget id), to find it again after a rebuild."""
        node: DOMNode | None = widget
        while node is not None and node is not self:
            if isinstance(node, _BOUND):
                return node.path, str(widget.id if widget is not None else "")
            node = node.parent
        return None

    def refocus(self, address: tuple[tuple[str | int, ...], str] | None) -> None:
        """Focus the field at `address` in the rebuilt form, else the form's first field."""
        for owner in self.query("Field, TextsField, Flag, AddButton, TypeSelect, RangeFlag"):
            if isinstance(owner, _BOUND) and address is not None and owner.path == address[0]:
                fields = [owner] if owner.focusable else list(owner.query("Input, TextArea"))
                wanted = [f for f in fields if str(f.id) == address[1]] or fields
                if wanted:
                    wanted[0].focus()
                    return
        self.focus_first()

    def focus_entry(self, list_path: tuple[str | int, ...], index: int) -> None:
        """Focus the first field of entry `index` of a list (-1: the last), if there is one."""
        entries = [e for e in self.query(ListEntry) if e.list_path == list_path]
        if not entries:
            self.focus_first()
            return
        entry = entries[max(-len(entries), min(index, len(entries) - 1))]
        fields = entry.query("Input, TextArea, Checkbox")
        (fields.first() if fields else entry).focus()

    async def focus_when_shown(self, last: bool = False) -> None:
        """Focus the first (or last) field once a rebuild under way has finished."""
        async with self._showing:
            self.focus_first(last)

    def focus_first(self, last: bool = False) -> None:
        """Focus the form's first (or last) field."""
        fields = self.query("Input, Select, Checkbox, TextArea, Button")
        if not fields:
            self.focus()
        else:
            (fields.last() if last else fields.first()).focus()

    def update_problems(self, document: QuestionnaireDocument) -> None:
        """Show the validator's messages located in the part being edited: a field's own
        box shows those inside that field, the form's box the rest, each message once."""
        boxes = list(self.query(Problems))
        in_fields: list[Any] = []
        for box in boxes:
            if box.suffix:
                located = document.problems_in(self.target.path + box.suffix)
                in_fields += located
                box.show(_messages(located))
        for box in boxes:
            if not box.suffix:
                located = self._located(document)
                box.show(_messages([p for p in located if p not in in_fields]), ok=not located)

    def _located(self, document: QuestionnaireDocument) -> list[Any]:
        """The problems inside the part being edited."""
        if self.target.path:
            return document.problems_in(self.target.path)
        # The questionnaire's own keys: what is not in a section or scale.
        inside = [p for part in ("sections", "scales") for p in document.problems_in((part,))]
        return [p for p in document.problems() if p not in inside]

    @staticmethod
    def _problems(suffix: tuple[str | int, ...] = (), widget_id: str = "problems") -> Problems:
        return Problems(suffix, id=widget_id)

    def _form(self, document: QuestionnaireDocument, target: Selection) -> list[Widget]:
        if target.kind == "root":
            return self._root_form(document)
        if target.kind == "scales":
            return self._scales_form(document)
        if target.kind == "section":
            return self._section_form(document, target)
        return self._question_form(document, target)

    def _root_form(self, document: QuestionnaireDocument) -> list[Widget]:
        data, languages = document.data, document.languages
        return [
            Static("Questionnaire", classes="heading"),
            Field("id", ("id",), data.get("id"), field_id="id"),
            Field("version", ("version",), data.get("version"), field_id="version"),
            Field(
                "languages",
                ("languages",),
                data.get("languages"),
                parse_list,
                "sv, da, en",
                field_id="languages",
                redraw=True,
            ),
            Field("tags", ("tags",), data.get("tags"), parse_list, "e.g. seminar, unit"),
            Flag(
                "review answers before submitting",
                ("review_before_submit",),
                data.get("review_before_submit"),
            ),
            TextsField("title", ("title",), data.get("title"), languages),
            TextsField(
                "intro (purpose, how answers are handled)",
                ("intro",),
                data.get("intro"),
                languages,
                optional=True,
                long=True,
            ),
            TextsField(
                "outro (thank-you text)",
                ("outro",),
                data.get("outro"),
                languages,
                optional=True,
                long=True,
            ),
            self._problems(),
        ]

    def _scales_form(self, document: QuestionnaireDocument) -> list[Widget]:
        scales = document.get(("scales",))
        widgets: list[Widget] = [
            Static("Scales", classes="heading"),
            Static(
                "A scale is the mean of its items (likert, rating or matrix rows), "
                "after reversing those marked reverse.",
                classes="hint",
            ),
        ]
        items = _item_ids(document)
        widgets.append(Static(f"items: {', '.join(items) or '(none yet)'}", classes="hint"))
        for position, (name, spec) in enumerate((scales or {}).items()):
            spec = spec if isinstance(spec, dict) else {}
            path = ("scales", name)
            widgets.append(
                ListEntry(
                    ("scales",),
                    position,
                    ScaleName(str(name)),
                    Field(
                        "items",
                        (*path, "items"),
                        spec.get("items"),
                        parse_list,
                        "item ids, comma-separated (→ completes)",
                        suggest=items,
                    ),
                    Field(
                        "min_items",
                        (*path, "min_items"),
                        spec.get("min_items"),
                        _whole,
                        "default: half the items",
                    ),
                    TextsField(
                        "name shown in reports",
                        (*path, "text"),
                        spec.get("text"),
                        document.languages,
                        optional=True,
                    ),
                )
            )
        widgets += [AddButton("+ add scale", ("scales",), "scale"), self._problems()]
        return widgets

    def _section_form(self, document: QuestionnaireDocument, target: Selection) -> list[Widget]:
        section = document.get(target.path)
        section = section if isinstance(section, dict) else {}
        return [
            Static("Section", classes="heading"),
            Field("id", (*target.path, "id"), section.get("id"), field_id="id"),
            TextsField("title", (*target.path, "title"), section.get("title"), document.languages),
            Static(
                f"{len(document.questions(target.section))} questions; add one with a in the tree",
                classes="hint",
            ),
            self._problems(),
        ]

    def _question_form(self, document: QuestionnaireDocument, target: Selection) -> list[Widget]:
        path = target.path
        question = document.get(path)
        question = question if isinstance(question, dict) else {}
        spec = _spec(question)
        keys = spec.keys if spec is not None else ()
        languages = document.languages
        widgets: list[Widget] = [
            Static(f"Question in section {target.section + 1}", classes="heading"),
            Field("id", (*path, "id"), question.get("id"), field_id="id"),
            TypeSelect(path, question.get("type")),
            TextsField("text", (*path, "text"), question.get("text"), languages),
        ]
        if spec is None or spec.answer is not Answer.NONE:
            widgets.append(Flag("required", (*path, "required"), question.get("required")))
        if "reverse" in keys:
            widgets.append(Flag("reverse (in scales)", (*path, "reverse"), question.get("reverse")))
        widgets += self._scale_fields(document, path, question, keys)
        if "choices" in keys:
            widgets += self._choices(document, path, question)
        if "other" in keys:
            widgets.append(
                TextsField(
                    "'other, please specify' (optional)",
                    (*path, "other"),
                    question.get("other"),
                    languages,
                    optional=True,
                )
            )
        if "rows" in keys:
            widgets += self._rows(document, path, question)
        widgets += [
            Field(key, (*path, key), question.get(key), _number)
            for key in ("min", "max")
            if key in keys
        ]
        if "respondent_code" in keys:
            widgets.append(
                Flag(
                    "respondent code (links waves; never in reports)",
                    (*path, "respondent_code"),
                    question.get("respondent_code"),
                )
            )
        if "multiline" in keys:
            widgets.append(
                Flag(
                    "several lines",
                    (*path, "multiline"),
                    question.get("multiline"),
                    default=not question.get("respondent_code"),
                )
            )
        if "na" in keys:
            widgets.append(
                TextsField(
                    "'don't know' answer (optional)",
                    (*path, "na"),
                    question.get("na"),
                    languages,
                    optional=True,
                )
            )
        widgets += [
            TextsField(
                "help (optional)", (*path, "help"), question.get("help"), languages, optional=True
            ),
            Field(
                "show_if",
                (*path, "show_if"),
                question.get("show_if"),
                placeholder="e.g. attended_before == true",
                field_id="show-if",
                suggest=_earlier_ids(document, target),
            ),
            self._problems(("show_if",), "show-if-problems"),
            self._problems(),
        ]
        return widgets

    def _scale_fields(
        self,
        document: QuestionnaireDocument,
        path: tuple[str | int, ...],
        question: dict[str, Any],
        keys: tuple[str, ...],
    ) -> list[Widget]:
        """A response scale's fields: points from 1, or a whole-number range (`scale`), where
        the type takes both a choice between them; then a label per point."""
        if "points" not in keys and "scale" not in keys:
            return []
        widgets: list[Widget] = []
        if "points" not in keys or ("scale" in keys and "scale" in question):
            scale = question.get("scale")
            if not isinstance(scale, dict):
                scale = {}
            widgets += [
                Field("scale min", (*path, "scale", "min"), scale.get("min"), _whole),
                Field("scale max", (*path, "scale", "max"), scale.get("max"), _whole),
            ]
            low, high = scale.get("min"), scale.get("max")
        else:
            widgets.append(
                Field("points", (*path, "points"), question.get("points"), _whole, "2 to 11")
            )
            low, high = 1, question.get("points")
        if "points" in keys and "scale" in keys:
            widgets.append(RangeFlag(path, "scale" in question))
        labels = question.get("labels")
        if not isinstance(labels, dict):
            labels = {}
        if isinstance(low, int) and isinstance(high, int) and 0 <= high - low <= 20:
            for code in range(low, high + 1):
                widgets.append(
                    TextsField(
                        f"label of {code} (optional)",
                        (*path, "labels", code),
                        labels.get(code),
                        document.languages,
                        optional=True,
                    )
                )
        return widgets

    def _choices(
        self, document: QuestionnaireDocument, path: tuple[str | int, ...], question: dict[str, Any]
    ) -> list[Widget]:
        choices = question.get("choices")
        if not isinstance(choices, list):
            choices = []
        widgets: list[Widget] = [
            Static("choices (ctrl+up/down move, ctrl+r removes)", classes="heading")
        ]
        for position, choice in enumerate(choices):
            choice = choice if isinstance(choice, dict) else {}
            at = (*path, "choices", position)
            widgets.append(
                ListEntry(
                    (*path, "choices"),
                    position,
                    Field(
                        "code",
                        (*at, "code"),
                        choice.get("code"),
                        placeholder="stored in the results file",
                    ),
                    TextsField(
                        f"choice {position + 1}",
                        (*at, "text"),
                        choice.get("text"),
                        document.languages,
                    ),
                )
            )
        widgets.append(AddButton("+ add choice", (*path, "choices"), "choice"))
        return widgets

    def _rows(
        self, document: QuestionnaireDocument, path: tuple[str | int, ...], question: dict[str, Any]
    ) -> list[Widget]:
        rows = question.get("rows")
        if not isinstance(rows, list):
            rows = []
        widgets: list[Widget] = [
            Static("rows (ctrl+up/down move, ctrl+r removes)", classes="heading")
        ]
        for position, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            at = (*path, "rows", position)
            widgets.append(
                ListEntry(
                    (*path, "rows"),
                    position,
                    Field("id", (*at, "id"), row.get("id")),
                    Flag("reverse (in scales)", (*at, "reverse"), row.get("reverse")),
                    TextsField(
                        f"row {position + 1}", (*at, "text"), row.get("text"), document.languages
                    ),
                )
            )
        widgets.append(AddButton("+ add row", (*path, "rows"), "row"))
        return widgets


def _messages(problems: list[Any]) -> list[str]:
    return [f"line {p.line}: {p.message}" + (f" ({p.hint})" if p.hint else "") for p in problems]


def _earlier_ids(document: QuestionnaireDocument, target: Selection) -> list[str]:
    """The ids a question's show_if may name: the questions (and matrix rows) before it."""
    ids: list[str] = []
    for section in range(target.section + 1):
        questions = document.questions(section)
        for question in questions[: target.index] if section == target.section else questions:
            if isinstance(question, dict):
                ids.append(str(question.get("id")))
                ids += [
                    str(row.get("id"))
                    for row in question.get("rows") or []
                    if isinstance(row, dict)
                ]
    return ids


def _item_ids(document: QuestionnaireDocument) -> list[str]:
    """The ids a scale can average: the questions on a response scale, or their rows."""
    ids: list[str] = []
    for section in range(len(document.sections)):
        for question in document.questions(section):
            spec = _spec(question) if isinstance(question, dict) else None
            if spec is None or spec.answer is not Answer.SCALE:
                continue
            if not spec.rows:
                ids.append(str(question.get("id")))
            else:
                ids += [
                    str(row.get("id"))
                    for row in question.get("rows") or []
                    if isinstance(row, dict)
                ]
    return ids
