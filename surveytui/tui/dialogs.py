"""The modal dialogs: those every surveytui app uses (confirm, show an error, pick one of a
few things, lines to read such as the keys, window too small), and the kiosk's (still
there?, the facilitator's exit code)."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from surveytui.errors import SurveyError, printable
from surveytui.i18n import t


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question for a step that cannot be undone: y confirms, n or Escape go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "dismiss(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "dismiss(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


class ErrorDialog(ModalScreen[None]):
    """Every problem of a SurveyError, with its place, until Enter or Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="error.close"),
    ]

    def __init__(self, error: SurveyError, title: str = "Something needs fixing"):
        super().__init__()
        self.error, self.title_text = error, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -error"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-detail"):
                yield Static("\n".join(str(p) for p in self.error.problems), markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()


class PickDialog(ModalScreen[Any]):
    """Pick one of a few labelled values with the arrows and Enter; Escape picks nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="pick.cancel"),
    ]
    DEFAULT_CSS = """
    PickDialog { align: center middle; }
    PickDialog > Vertical { width: 60; height: auto; max-height: 20; border: thick $accent;
                            background: $surface; padding: 0 1; }
    PickDialog OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, choices: list[tuple[str, Any]], selected: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                *[Option(printable(label), id=str(n)) for n, (label, _) in enumerate(self.choices)]
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.selected
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])


class TextDialog(ModalScreen[None]):
    """A titled list of lines to read (problems, a respondent's answers, the keys); Escape
    closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "dismiss", "Close", id="text.close"),
    ]
    DEFAULT_CSS = """
    /* A long list scrolls in at most 60% of the window, so that the frame and the title
       still fit around it at 80x24. */
    TextDialog VerticalScroll { height: auto; max-height: 60vh; }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text, self.lines = title, lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(can_focus=True):
                yield Static(printable("\n".join(self.lines)), markup=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


def key_lines(
    app: App[Any],
    bindings: Iterable[BindingType],
    widget_keys: Iterable[tuple[str, str]] = (),
    width: int = 5,
) -> list[str]:
    """A line per key: the keys as the footer shows them, then what they do (the binding's
    tooltip); made from the bindings, so that a list of keys cannot drift from them.

    `widget_keys` are (keys, what) that widgets handle themselves, such as the arrows in a
    list; they come first. Keys are right-aligned in `width` columns.
    """
    entries = list(widget_keys)
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = binding.key_display or ", ".join(
                dict.fromkeys(app.get_key_display(key) for key in Binding.make_bindings([binding]))
            )
            entries.append((keys, binding.tooltip or binding.description))
    return [f"{keys:>{width}}  {what}" for keys, what in entries]


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is too small; the app pops it once it fits."""

    def __init__(self, lang: str, cols: int, rows: int):
        super().__init__()
        self.lang, self.cols, self.rows = lang, cols, rows

    def compose(self) -> ComposeResult:
        yield Static(
            t("window_too_small", self.lang, cols=self.cols, rows=self.rows),
            id="too-small",
            markup=False,
        )


class StillThereDialog(ModalScreen[bool]):
    """Asked after the kiosk was left idle; any key says yes, silence puts the answers aside."""

    def __init__(self, lang: str, wait_seconds: float) -> None:
        super().__init__()
        self.lang = lang
        self.wait_seconds = wait_seconds
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("still_there", self.lang), classes="dialog-title", markup=False)
            yield Static(t("still_there_detail", self.lang), classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("continue", self.lang), id="still-here", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()
        self.set_timer(self.wait_seconds, lambda: self._answer(False))

    def _answer(self, there: bool) -> None:
        if not self.answered and self.is_current:
            self.answered = True
            self.dismiss(there)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self._answer(True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._answer(True)


class ExitCodeDialog(ModalScreen[bool]):
    """Ends the session only for the facilitator's exit code; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", show=False, id="exit_code.back"),
    ]

    def __init__(self, code: str, question: str, detail: str) -> None:
        super().__init__()
        self.code, self.question, self.detail = code, question, detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(self.detail, classes="dialog-detail", markup=False)
            yield Input(
                password=True, placeholder="Exit code, then Enter (Escape: go back)", id="exit-code"
            )
            yield Static("", id="exit-message", classes="form-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _check(self, event: Input.Submitted) -> None:
        event.stop()
        if hmac.compare_digest(event.value.encode(), self.code.encode()):
            self.dismiss(True)
            return
        event.input.value = ""
        self.query_one("#exit-message", Static).update(
            "Wrong code. Try again, or Escape to go back."
        )
