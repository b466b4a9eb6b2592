"""One widget per kind of answer, drawn the same in the kiosk and the builder's preview.

`make_question_widget(question, lang)` builds the widget for any `Question`, found in
`WIDGETS` by its type's kind of answer and whether it asks one per row. Every widget
has `.answer` (the answers-dict entries it holds: only answered keys) and
`.set_answer(answers)` (show the entries of an answers dict that belong to it), and posts
`QuestionWidget.Changed` when the participant changes the answer. A widget knows nothing
about pages, drafts or storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static, TextArea

from surveytui.i18n import t
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import OTHER_SUFFIX, Question, tr
from surveytui.options import (
    OTHER,
    Option,
    choice_options,
    key_hints,
    number_text,
    scale_options,
    yes_no_options,
)
from surveytui.session import AnswerProblem, read_number


class OptionCell(Static):
    """One option of an OptionPicker; clicking it picks it."""

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.head = Content()
        self.label = ""

    def show(self, head: Content, label: str = "") -> None:
        """Show `head` (the mark and code, or a whole line), and under it the label fitted to
        the cell's width."""
        self.head, self.label = head, label
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        label = fit_words(self.label, self.content_size.width)
        self.update(Content.assemble(self.head, "\n", label) if label else self.head)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.index))


class OptionPicker(Widget, can_focus=True):
    """A keyboard-first row or column of options: digits and Space pick, arrows move."""

    DEFAULT_CSS = """
    OptionPicker { height: auto; width: 1fr; }
    OptionPicker.-horizontal { layout: horizontal; }
    OptionPicker.-vertical { layout: vertical; }
    OptionPicker OptionCell { height: auto; padding: 0 1; color: $text-muted; }
    OptionPicker.-horizontal OptionCell { width: 1fr; text-align: center; padding: 0; }
    OptionPicker.-horizontal.-few OptionCell { padding: 0 1; }
    OptionPicker OptionCell.-selected { color: $text; background: $primary 40%; text-style: bold; }
    OptionPicker:focus OptionCell.-cursor { background: $accent 50%; color: $text; }
    OptionPicker:focus OptionCell.-cursor.-selected { background: $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick_cursor", "Choose", show=False),
        Binding("left", "move(-1, 'horizontal')", show=False),
        Binding("right", "move(1, 'horizontal')", show=False),
        Binding("up", "move(-1, 'vertical')", show=False),
        Binding("down", "move(1, 'vertical')", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        """The participant picked or unpicked an option."""

        def __init__(self, picker: OptionPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> OptionPicker:
            return self.picker

    def __init__(
        self,
        options: list[Option],
        *,
        multiple: bool = False,
        horizontal: bool = False,
        compact: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="-horizontal" if horizontal else "-vertical")
        self.set_class(len(options) <= 7, "-few")
        self.options = options
        self.multiple = multiple
        self.horizontal = horizontal
        self.compact = compact
        self.chosen: list[Any] = []
        self.touched = False

    def compose(self) -> ComposeResult:
        for index in range(len(self.options)):
            yield OptionCell(index)

    def on_mount(self) -> None:
        self._refresh_cells()

    def _mark(self, option: Option) -> str:
        on = self._is_chosen(option.value)
        if self.multiple:
            return "[x]" if on else "[ ]"
        return "(●)" if on else "( )"

    def _refresh_cells(self) -> None:
        for cell in self.query(OptionCell):
            option = self.options[cell.index]
            selected = self._is_chosen(option.value)
            mark = self._mark(option)
            shown = option.shown or option.key or ""
            if self.horizontal:
                head = Content.assemble((f"{mark} {shown}".rstrip(), "bold"))
                cell.show(head, "" if self.compact and option.shown else option.label)
            else:
                prefix = f"{mark} {shown} " if shown else f"{mark} "
                cell.show(Content.assemble((prefix, "bold"), option.label))
            cell.set_class(selected, "-selected")
            cell.set_class(cell.index == self.cursor, "-cursor")

    def _is_chosen(self, value: Any) -> bool:
        return any(_same(value, v) for v in self.chosen)

    def watch_cursor(self) -> None:
        self._refresh_cells()

    @property
    def value(self) -> Any:
        """The chosen value (single) or the list of chosen values (multiple); None if untouched."""
        if self.multiple:
            return list(self.chosen) if self.touched else None
        return self.chosen[0] if self.chosen else None

    def set_value(self, value: Any) -> None:
        """Show `value` as chosen (a list for multiple; None clears) without posting Changed."""
        if value is None:
            self.chosen, self.touched = [], False
        elif self.multiple and isinstance(value, list):
            self.chosen, self.touched = list(value), True
        else:
            self.chosen, self.touched = [value], True
        self._refresh_cells()

    def pick(self, index: int) -> None:
        """Choose option `index` (multiple: toggle it), as if the participant did."""
        option = self.options[index]
        self.cursor = index
        self.touched = True
        if not self.multiple:
            self.chosen = [option.value]
        elif self._is_chosen(option.value):
            self.chosen = [v for v in self.chosen if not _same(v, option.value)]
        elif option.exclusive:
            self.chosen = [option.value]
        else:
            exclusive = [o.value for o in self.options if o.exclusive]
            self.chosen = [v for v in self.chosen if v not in exclusive] + [option.value]
        self._refresh_cells()
        self.post_message(self.Changed(self))

    def action_pick_cursor(self) -> None:
        self.pick(self.cursor)

    def action_move(self, step: int, direction: str) -> None:
        along = "horizontal" if self.horizontal else "vertical"
        if direction != along:
            if self.horizontal:
                (self.screen.focus_next if step > 0 else self.screen.focus_previous)()
            return
        target = self.cursor + step
        if 0 <= target < len(self.options):
            self.cursor = target
        elif not self.horizontal:
            (self.screen.focus_next if step > 0 else self.screen.focus_previous)()

    def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self and focused is not None and event.is_printable:
            # A fast typist's next key was sent here before we moved focus on: pass it on,
            # whether or not it is one of ours ("4?" answers this question, then the next).
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        index = next(
            (
                i
                for i, o in enumerate(self.options)
                if o.key is not None and o.key == event.character
            ),
            None,
        )
        if index is None:
            return
        event.stop()
        event.prevent_default()
        self.pick(index)
        if not self.multiple:
            self.screen.focus_next()

    @on(OptionCell.Clicked)
    def _clicked(self, message: OptionCell.Clicked) -> None:
        message.stop()
        self.focus()
        self.pick(message.index)


def fit_words(text: str, width: int) -> str:
    """`text` with each word too long for `width` cut with an ellipsis, so lines break only
    between words ("Excellent" in 6 columns is "Excel…", never "Excell" and "ent")."""
    if width <= 1:
        return text
    return " ".join(
        word if len(word) <= width else word[: width - 1] + "…" for word in text.split()
    )


def _same(a: Any, b: Any) -> bool:
    """Equal and of one type, so that True is not 1 and the "other" marker only itself."""
    return type(a) is type(b) and (a is b or a == b)


class QuestionWidget(Vertical):
    """A question's text, its help and the controls that take its answer."""

    DEFAULT_CSS = """
    QuestionWidget { height: auto; margin: 0 0 1 0; padding: 0 1; }
    QuestionWidget > .question-text { text-style: bold; }
    QuestionWidget > .question-help { color: $text-muted; }
    QuestionWidget.-problem { border-left: thick $error; }
    """

    class Changed(Message):
        """The participant changed this question's answer."""

        def __init__(self, widget: QuestionWidget) -> None:
            super().__init__()
            self.widget = widget

        @property
        def question(self) -> Question:
            return self.widget.question

    def __init__(self, question: Question, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question = question
        self.lang = lang

    def compose(self) -> ComposeResult:
        mark = " *" if self.question.required else ""
        yield Static(
            tr(self.question.text, self.lang) + mark, classes="question-text", markup=False
        )
        if self.question.help:
            yield Static(tr(self.question.help, self.lang), classes="question-help", markup=False)
        yield from self.compose_answer()

    def compose_answer(self) -> ComposeResult:
        yield from ()

    @property
    def answer(self) -> dict[str, Any]:
        """The answers-dict entries this widget holds now; unanswered keys are left out."""
        return {}

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        """Show the entries of `answers` that belong to this question (others are ignored)."""

    def problem(self) -> str | None:
        """Why what is typed cannot be stored (in the participant's language), or None."""
        return None

    def key_hints(self) -> list[str]:
        """The keys of this question a participant could not guess from the screen."""
        return []

    def _changed(self, message: Message | None = None) -> None:
        if message is not None:
            message.stop()
        self.post_message(self.Changed(self))


class NoteQuestion(QuestionWidget):
    """Text without an answer."""

    DEFAULT_CSS = "NoteQuestion > .question-text { text-style: none; }"


LEGEND_POINTS = 8
"""From this many points on, a scale's cells are too narrow for words: its labels are shown
once, as a legend under it ("0 = Very poor · 10 = Excellent"), as a matrix's are."""


def scale_legend(question: Question, lang: str) -> str:
    """A scale's labels on one line, each with its code."""
    return " · ".join(
        f"{code} = {tr(text, lang)}" for code, text in sorted(question.labels.items())
    )


class ScaleQuestion(QuestionWidget):
    """A scale: its points side by side, each with its label (or, for
    many points, the labels in a legend under them)."""

    DEFAULT_CSS = "ScaleQuestion > .scale-legend { color: $text-muted; }"

    def compose_answer(self) -> ComposeResult:
        many = len(self.question.codes) >= LEGEND_POINTS
        yield OptionPicker(
            scale_options(self.question, self.lang, with_labels=not many), horizontal=True
        )
        if many and self.question.labels:
            yield Static(
                scale_legend(self.question, self.lang), classes="scale-legend", markup=False
            )

    def key_hints(self) -> list[str]:
        return key_hints(scale_options(self.question, self.lang))

    @property
    def answer(self) -> dict[str, Any]:
        value = self.query_one(OptionPicker).value
        return {} if value is None else {self.question.id: value}

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        self.query_one(OptionPicker).set_value(answers.get(self.question.id))

    @on(OptionPicker.Changed)
    def _picked(self, message: OptionPicker.Changed) -> None:
        self._changed(message)


class YesNoQuestion(ScaleQuestion):
    """Yes or no: Yes, No and, where offered, don't know."""

    def compose_answer(self) -> ComposeResult:
        yield OptionPicker(yes_no_options(self.question, self.lang), horizontal=True)

    def key_hints(self) -> list[str]:
        return []  # its keys are the numbers shown


class MatrixQuestion(QuestionWidget):
    """A scale per row: one row per statement, all sharing one scale whose labels are shown once."""

    DEFAULT_CSS = """
    MatrixQuestion .matrix-legend { color: $text-muted; }
    MatrixQuestion .matrix-row { height: auto; }
    MatrixQuestion .matrix-row > Static { width: 2fr; padding: 0 1 0 0; }
    MatrixQuestion .matrix-row > OptionPicker { width: 3fr; }
    """

    def compose_answer(self) -> ComposeResult:
        legend = scale_legend(self.question, self.lang)
        if legend:
            yield Static(legend, classes="matrix-legend", markup=False)
        for row in self.question.rows:
            with Horizontal(classes="matrix-row"):
                yield Static(tr(row.text, self.lang), markup=False)
                yield OptionPicker(
                    scale_options(self.question, self.lang, with_labels=False),
                    horizontal=True,
                    compact=True,
                    id=f"row-{row.id}",
                )

    def key_hints(self) -> list[str]:
        return key_hints(scale_options(self.question, self.lang, with_labels=False))

    def _picker(self, row_id: str) -> OptionPicker:
        return self.query_one(f"#row-{row_id}", OptionPicker)

    @property
    def answer(self) -> dict[str, Any]:
        values = {row.id: self._picker(row.id).value for row in self.question.rows}
        return {key: value for key, value in values.items() if value is not None}

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        for row in self.question.rows:
            self._picker(row.id).set_value(answers.get(row.id))

    @on(OptionPicker.Changed)
    def _picked(self, message: OptionPicker.Changed) -> None:
        self._changed(message)


class ChoiceQuestion(QuestionWidget):
    """One choice or any number: a list of choices, "other, please specify" and "don't know"."""

    DEFAULT_CSS = """
    ChoiceQuestion > .choice-hint { color: $text-muted; }
    ChoiceQuestion > Input { margin: 0 0 0 4; width: 1fr; max-width: 60; }
    """

    def compose_answer(self) -> ComposeResult:
        multiple = self.question.spec.answer is Answer.CHOICES
        if multiple:
            yield Static(t("hint_multi", self.lang), classes="choice-hint")
        yield OptionPicker(choice_options(self.question, self.lang), multiple=multiple)
        if self.question.other is not None:
            other = Input(placeholder=t("other_placeholder", self.lang), id="other")
            other.display = False
            yield other

    @property
    def _other_chosen(self) -> bool:
        value = self.query_one(OptionPicker).value
        return value is OTHER or (isinstance(value, list) and any(v is OTHER for v in value))

    @property
    def answer(self) -> dict[str, Any]:
        qid = self.question.id
        value = self.query_one(OptionPicker).value
        result: dict[str, Any] = {}
        if isinstance(value, list):
            result[qid] = NA_CODE if NA_CODE in value else [v for v in value if v is not OTHER]
        elif value is not None and value is not OTHER:
            result[qid] = value
        if self.question.other is not None and self._other_chosen:
            text = self.query_one("#other", Input).value.strip()
            if text:
                result[qid + OTHER_SUFFIX] = text
        return result

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        qid = self.question.id
        value = answers.get(qid)
        other = answers.get(qid + OTHER_SUFFIX)
        picker = self.query_one(OptionPicker)
        if picker.multiple:
            chosen = list(value) if isinstance(value, list) else ([] if other else value)
            if other and isinstance(chosen, list):
                chosen.append(OTHER)
            picker.set_value(chosen)
        else:
            picker.set_value(OTHER if other and value is None else value)
        if self.question.other is not None:
            self.query_one("#other", Input).value = other or ""
            self._show_other()

    def _show_other(self) -> None:
        self.query_one("#other", Input).display = self._other_chosen

    @on(OptionPicker.Changed)
    def _picked(self, message: OptionPicker.Changed) -> None:
        if self.question.other is not None:
            self._show_other()
            if self._other_chosen and message.picker.options[message.picker.cursor].value is OTHER:
                self.query_one("#other", Input).focus()
        self._changed(message)

    @on(Input.Changed, "#other")
    def _other_typed(self, message: Input.Changed) -> None:
        self._changed(message)


class NumberQuestion(QuestionWidget):
    """A number: typed, with its range shown and checked; a comma works as decimal point."""

    DEFAULT_CSS = """
    NumberQuestion > Horizontal { height: auto; }
    NumberQuestion Input { width: 24; }
    NumberQuestion Checkbox { margin: 0 0 0 2; }
    NumberQuestion > .number-problem { color: $error; }
    """

    def compose_answer(self) -> ComposeResult:
        q, lang = self.question, self.lang
        placeholder = (
            t("number_range", lang, min=number_text(q.min), max=number_text(q.max))
            if q.min is not None and q.max is not None
            else t("number_placeholder", lang)
        )
        with Horizontal():
            yield Input(placeholder=placeholder, id="number")
            if q.na is not None:
                yield Checkbox(tr(q.na, lang), id="na")
        yield Static("", classes="number-problem")

    def _parsed(self) -> int | float | None:
        try:
            return read_number(self.question, self.query_one("#number", Input).value, self.lang)
        except AnswerProblem:
            return None

    def _na_checked(self) -> bool:
        return self.question.na is not None and self.query_one("#na", Checkbox).value

    def problem(self) -> str | None:
        if self._na_checked():
            return None
        try:
            read_number(self.question, self.query_one("#number", Input).value, self.lang)
        except AnswerProblem as err:
            return str(err)
        return None

    @property
    def answer(self) -> dict[str, Any]:
        if self._na_checked():
            return {self.question.id: NA_CODE}
        number = self._parsed()
        return {} if number is None or self.problem() else {self.question.id: number}

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        value = answers.get(self.question.id)
        if self.question.na is not None:
            self.query_one("#na", Checkbox).value = value == NA_CODE
        self.query_one("#number", Input).value = (
            "" if value in (None, NA_CODE) else number_text(value)
        )

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _typed(self, message: Input.Changed | Checkbox.Changed) -> None:
        self.query_one("#number", Input).disabled = self._na_checked()
        self.query_one(".number-problem", Static).update(self.problem() or "")
        self._changed(message)


class TextQuestion(QuestionWidget):
    """Free text: a few lines (Enter for a new line), or one line for codes and short answers."""

    DEFAULT_CSS = """
    TextQuestion TextArea { height: 5; }
    TextQuestion > .text-hint { color: $text-muted; }
    """

    def compose_answer(self) -> ComposeResult:
        if self.question.multiline:
            yield TextArea(soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Static(t("hint_multiline", self.lang), classes="text-hint")
        else:
            yield Input()

    def _field(self) -> TextArea | Input:
        return self.query_one(TextArea) if self.question.multiline else self.query_one(Input)

    @property
    def answer(self) -> dict[str, Any]:
        field = self._field()
        text = (field.text if isinstance(field, TextArea) else field.value).strip()
        return {self.question.id: text} if text else {}

    def set_answer(self, answers: Mapping[str, Any]) -> None:
        text = answers.get(self.question.id) or ""
        field = self._field()
        if isinstance(field, TextArea):
            field.load_text(text)
        else:
            field.value = text

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _typed(self, message: Message) -> None:
        self._changed(message)


WIDGETS: dict[tuple[Answer, bool], type[QuestionWidget]] = {
    (Answer.SCALE, False): ScaleQuestion,
    (Answer.SCALE, True): MatrixQuestion,
    (Answer.BOOLEAN, False): YesNoQuestion,
    (Answer.CHOICE, False): ChoiceQuestion,
    (Answer.CHOICES, False): ChoiceQuestion,
    (Answer.NUMBER, False): NumberQuestion,
    (Answer.TEXT, False): TextQuestion,
    (Answer.NONE, False): NoteQuestion,
}
"""The widget of each kind of answer, asked once or once per row (`spec.answer`, `spec.rows`)."""


def make_question_widget(question: Question, lang: str, *, id: str | None = None) -> QuestionWidget:
    """The widget that asks `question` in `lang`."""
    return WIDGETS[question.spec.answer, question.spec.rows](question, lang, id=id)
