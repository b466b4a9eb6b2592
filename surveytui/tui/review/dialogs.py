"""The review screen's dialogs: filter values, a line of text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from surveytui.errors import printable


class ValuesDialog(ModalScreen["list[str] | None"]):
    """Tick the values of one column to keep: Space ticks, Enter keeps, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "keep", "Keep these", id="review.values.keep", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="review.values.cancel"),
    ]

    def __init__(self, column: str, values: list[tuple[str, str]], chosen: list[str]) -> None:
        super().__init__()
        self.column, self.values, self.chosen = column, values, chosen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"Keep only these values of {self.column}", classes="dialog-title", markup=False
            )
            yield Static(
                "Space ticks · Enter keeps · nothing ticked removes the filter",
                classes="dialog-detail",
            )
            yield SelectionList[str](
                *[
                    Selection(printable(label), value, value in self.chosen)
                    for label, value in self.values
                ]
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_keep(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))


class AskDialog(ModalScreen["str | None"]):
    """Ask for one line of text (a file name, an order); Enter gives it, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="review.ask.cancel"),
    ]

    def __init__(self, title: str, detail: str, value: str) -> None:
        super().__init__()
        self.title_text, self.detail, self.value = title, detail, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(
                self.detail + " Enter accepts, Escape cancels.",
                classes="dialog-detail",
                markup=False,
            )
            yield Input(self.value)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())
