"""The facilitator's screens before the first participant: the session's tags, and the
responses a previous session left unfinished."""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from surveytui.errors import SurveyError
from surveytui.session import Session, describe_draft
from surveytui.store import Draft
from surveytui.tui.base import SurveyApp
from surveytui.tui.dialogs import ConfirmDialog


class TagsScreen(Screen[dict[str, str]]):
    """Asks the facilitator for the tags the questionnaire expects and --tag did not give."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="facilitator-form"):
            yield Static("Before the first participant", classes="form-title")
            yield Static(
                "This questionnaire expects these tags; they are saved with every "
                "response of this session (e.g. the seminar's number).",
                markup=False,
            )
            for name in self.names:
                yield Label(name)
                yield Input(id=f"tag-{name}", placeholder=name)
            yield Static("", id="tags-message", classes="form-message")
            yield Button("Continue", id="tags-done", variant="primary")

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#tag-{name}", Input).value.strip() for name in self.names}

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves on to the next tag, and from the last one it continues."""
        if event.input is self.query(Input).last():
            self._done()
        else:
            self.focus_next()

    @on(Button.Pressed, "#tags-done")
    def _done(self) -> None:
        values = self._values()
        empty = [name for name, value in values.items() if not value]
        if empty:
            self.query_one("#tags-message", Static).update(f"Please fill in: {', '.join(empty)}")
            self.query_one(f"#tag-{empty[0]}", Input).focus()
            return
        self.dismiss(values)


class DraftsScreen(Screen["Draft | None"]):
    """Offers the facilitator the responses a crash or a closed laptop left unfinished."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "Resume", id="drafts.resume"),
        Binding("d", "discard", "Discard", id="drafts.discard"),
        Binding("l,escape", "later", "Later", id="drafts.later"),
    ]

    def __init__(self, session: Session, drafts: list[Draft]) -> None:
        super().__init__()
        self.session = session
        self.drafts = list(drafts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="facilitator-form"):
            yield Static("Unfinished responses", classes="form-title")
            yield Static(
                "A previous session ended before these responses were submitted. "
                "Resume one to let its participant finish it, or discard it. "
                "Drafts are never counted as responses.",
                markup=False,
            )
            yield OptionList(*(self._option(d) for d in self.drafts), id="draft-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Later (l)", id="later")

    @staticmethod
    def _option(draft: Draft) -> Option:
        return Option(describe_draft(draft), id=draft.id)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _selected(self) -> Draft | None:
        index = self.query_one(OptionList).highlighted
        return self.drafts[index] if index is not None and index < len(self.drafts) else None

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_resume()

    def action_resume(self) -> None:
        draft = self._selected()
        if draft is not None:
            self.dismiss(draft)

    def action_discard(self) -> None:
        draft = self._selected()
        if draft is None:
            return

        def discard(sure: bool | None) -> None:
            if not sure:
                return
            try:
                self.session.drafts.discard(draft.id)
            except SurveyError as err:
                self.app.show_error(err)
                return
            self.drafts.remove(draft)
            self.query_one(OptionList).remove_option(draft.id)
            if not self.drafts:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard this unfinished response?",
                "Its answers are deleted for good.",
                yes="Discard",
                no="Keep",
            ),
            discard,
        )

    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        await self.run_action(str(event.button.id))
