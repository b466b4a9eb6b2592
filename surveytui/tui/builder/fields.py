"""Form fields of the builder's editor, each bound to one place in the questionnaire file.

A field only posts `Edit` messages saying what the author typed; the build screen applies
them to the document, so that every change goes through the undo stack and validation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Checkbox, Input, Label, Static, TextArea

Path_ = tuple[str | int, ...]


@dataclass
class Change:
    """What an edit does to the document: `kind` names the QuestionnaireDocument operation."""

    kind: str  # "set" | "flag" | "text" | "rename" | "type" | "list" | "range" | "redraw"
    path: Path_
    value: Any = None
    lang: str = ""


class Edit(Message):
    """The author changed a field; `structural` edits need the form rebuilt."""

    def __init__(self, change: Change, structural: bool = False) -> None:
        super().__init__()
        self.change = change
        self.structural = structural


class IdSuggester(Suggester):
    """Completes the id being typed at the end of the input (a scale's items, a show_if)."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.ids = ids

    async def get_suggestion(self, value: str) -> str | None:
        typed = re.search(r"[a-z][a-z0-9_]*$", value)
        if typed is None:
            return None
        match = next(
            (i for i in self.ids if i.startswith(typed.group()) and i != typed.group()), None
        )
        return value + match[len(typed.group()) :] if match else None


def parse_number(text: str, whole: bool) -> int | float | str | None:
    """The number typed, or the text itself so that the validator can say what is wrong."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        if whole:
            return text
    try:
        return float(text)
    except ValueError:
        return text


def parse_list(text: str) -> list[str] | None:
    """Comma-separated names as a list (None when empty, which removes the key)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    return names or None


class Field(Horizontal):
    """A labelled one-line input bound to `path`; `convert` turns the typed text into the
    value written (None removes the key). With `redraw`, leaving it redraws the form (the
    languages decide which texts it has)."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > Label { width: 14; }
    Field > Input { width: 1fr; }
    """

    def __init__(
        self,
        label: str,
        path: Path_,
        value: Any,
        convert: Callable[[str], Any] = lambda text: text or None,
        placeholder: str = "",
        field_id: str | None = None,
        redraw: bool = False,
        suggest: list[str] | None = None,
    ) -> None:
        super().__init__(id=field_id)
        self.redraw = redraw
        self.suggester = IdSuggester(suggest) if suggest else None
        self.label = label
        self.path = path
        self.convert = convert
        self.value = (
            ""
            if value is None
            else (", ".join(map(str, value)) if isinstance(value, list) else str(value))
        )
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield Input(
            self.value,
            placeholder=self.placeholder,
            select_on_focus=False,
            compact=True,
            suggester=self.suggester,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.typed(event.value)

    def typed(self, text: str) -> None:
        """Post the change the typed text makes."""
        self.post_message(Edit(Change("set", self.path, self.convert(text))))

    def on_descendant_blur(self) -> None:
        if self.redraw:
            self.post_message(Edit(Change("redraw", self.path), structural=True))


class TextsField(Vertical):
    """A text in every declared language, one input each; a missing translation says so."""

    DEFAULT_CSS = """
    TextsField { height: auto; }
    TextsField > .texts-title { padding: 1 0 0 0; text-style: bold; }
    TextsField Horizontal { height: auto; }
    TextsField Label { width: 14; }
    TextsField Label.-missing { color: $warning; }
    TextsField Input, TextsField TextArea { width: 1fr; }
    TextsField TextArea { height: 4; }
    """

    def __init__(
        self,
        title: str,
        path: Path_,
        texts: Any,
        languages: list[str],
        optional: bool = False,
        long: bool = False,
    ) -> None:
        super().__init__()
        self.title = title
        self.path = path
        self.texts = texts if isinstance(texts, dict) else {}
        self.languages = languages
        self.optional = optional
        self.long = long

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="texts-title")
        for lang in self.languages:
            text = str(self.texts.get(lang) or "")
            with Horizontal():
                yield Label(
                    self._label(lang, text),
                    id=f"label-{lang}",
                    classes=self._missing_class(text),
                )
                if self.long:
                    area = TextArea(
                        text,
                        soft_wrap=True,
                        tab_behavior="focus",
                        compact=True,
                        id=f"lang-{lang}",
                    )
                    yield area
                else:
                    yield Input(
                        text,
                        placeholder=self._placeholder(),
                        select_on_focus=False,
                        compact=True,
                        id=f"lang-{lang}",
                    )

    def _placeholder(self) -> str:
        return "(none)" if self.optional else "(missing translation)"

    def _missing(self, text: str) -> bool:
        present = any(self.texts.get(lang) for lang in self.languages)
        return not text and (not self.optional or present)

    def _missing_class(self, text: str) -> str:
        return "-missing" if self._missing(text) else ""

    def _label(self, lang: str, text: str) -> str:
        return f"  {lang} missing" if self._missing(text) else f"  {lang}"

    def _changed(self, lang: str, text: str) -> None:
        self.texts = {**self.texts, lang: text}
        for each in self.languages:
            current = str(self.texts.get(each) or "")
            label = self.query_one(f"#label-{each}", Label)
            if label.has_class("-missing") != self._missing(current):
                label.update(self._label(each, current))
                label.set_class(self._missing(current), "-missing")
        self.post_message(Edit(Change("text", self.path, text, lang)))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed(str(event.input.id).removeprefix("lang-"), event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._changed(str(event.text_area.id).removeprefix("lang-"), event.text_area.text)


class Flag(Checkbox):
    """A true/false setting; the default value is written as no key at all, unless the
    file already had the key."""

    def __init__(self, label: str, path: Path_, value: Any, default: bool = False) -> None:
        super().__init__(label, bool(value) if value is not None else default, compact=True)
        self.path = path
        self.default = default

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(Edit(Change("flag", self.path, (event.value, self.default))))


class ListEntry(Vertical):
    """One entry of an editable list (a choice, a matrix row, a scale): ctrl+up/down move
    it, ctrl+r removes it."""

    BINDINGS = [
        Binding(
            "ctrl+up",
            "move(-1)",
            "Move up",
            id="build.entry.up",
            tooltip="move a choice, row or scale up",
        ),
        Binding(
            "ctrl+down",
            "move(1)",
            "Move down",
            id="build.entry.down",
            tooltip="move a choice, row or scale down",
        ),
        Binding("ctrl+r", "remove", "Remove", id="build.entry.remove", tooltip="remove it"),
    ]
    DEFAULT_CSS = """
    ListEntry { height: auto; border-left: tall $panel; padding-left: 1; margin-top: 1; }
    ListEntry:focus-within { border-left: tall $accent; }
    """

    def __init__(self, list_path: Path_, index: int, *children: Any) -> None:
        super().__init__(*children)
        self.list_path = list_path
        self.index = index

    def action_move(self, delta: int) -> None:
        self.post_message(
            Edit(Change("list", self.list_path, ("move", self.index, delta)), structural=True)
        )

    def action_remove(self) -> None:
        self.post_message(
            Edit(Change("list", self.list_path, ("remove", self.index)), structural=True)
        )


class Problems(Static):
    """The validator's messages about the part being edited, or about one field of it
    (`suffix`); hidden when there is nothing to say."""

    DEFAULT_CSS = """
    Problems { color: $error; height: auto; padding-top: 1; }
    Problems.-ok { color: $success; }
    """

    def __init__(self, suffix: Path_ = (), id: str | None = None) -> None:
        super().__init__(id=id)
        self.suffix = suffix
        self.shown = ""
        self.display = False

    def show(self, messages: list[str], ok: bool = False) -> None:
        """Show `messages`; with none, "no problems here" if `ok`, else nothing."""
        text = "\n".join(f"✗ {m}" for m in messages) or ("✓ no problems here" if ok else "")
        if text != self.shown:
            self.shown = text
            self.set_class(not messages, "-ok")
            self.display = bool(text)
            self.update(text)
