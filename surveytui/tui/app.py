"""The Textual apps: the kiosk that administers a questionnaire, and the home screen.

`create_kiosk_app` and `create_home_app` build the apps for the CLI and the tests alike;
`run_kiosk` and `run_home` run them and return an exit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from surveytui.errors import SurveyError
from surveytui.session import Session, open_session
from surveytui.store import Draft
from surveytui.tui.base import SurveyApp
from surveytui.tui.dialogs import ConfirmDialog, ExitCodeDialog, StillThereDialog
from surveytui.tui.screens.facilitator import DraftsScreen, TagsScreen
from surveytui.tui.screens.home import HomeScreen, Launch
from surveytui.tui.screens.kiosk import (
    END_SESSION_KEY,
    IntroScreen,
    ResponseScreen,
    StartScreen,
    ThankYouScreen,
)

IDLE_MINUTES = 3.0
"""How long a participant's screen may stay untouched before "Are you still there?"."""

STILL_THERE_SECONDS = 30.0
"""How long "Are you still there?" waits for a key (at most the idle time itself)."""

ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
"""What counts as someone at the kiosk (a mouse merely moved does not)."""


class KioskApp(SurveyApp[None]):
    """Hands the keyboard to one participant after another; only the facilitator leaves."""

    ENABLE_COMMAND_PALETTE = False
    # Overrides App's own ctrl+q (priority) and ctrl+c: a participant must not leave.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "ignore", show=False, priority=True, id="kiosk.ctrl_q"),
        Binding("ctrl+c", "ignore", show=False, id="kiosk.ctrl_c"),
        Binding(
            END_SESSION_KEY,
            "end_session",
            "End session",
            show=False,
            priority=True,
            id="kiosk.end_session",
        ),
    ]

    def __init__(
        self,
        session: Session,
        language: str | None = None,
        *,
        idle_minutes: float = IDLE_MINUTES,
        exit_code: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.lang = language
        self.ui_lang = language or session.questionnaire.languages[0]
        self.title = "surveytui"
        self.idle_seconds = idle_minutes * 60
        self.still_there_seconds = min(STILL_THERE_SECONDS, self.idle_seconds)
        self.exit_code = exit_code or None
        self.idle_timer: Timer | None = None

    def get_default_screen(self) -> Screen:
        return StartScreen(self.session, self.lang)

    def on_mount(self) -> None:
        if self.idle_seconds > 0:
            self.idle_timer = self.set_interval(self.idle_seconds, self.idle_timeout)
        self._ask_tags()

    async def on_event(self, event: events.Event) -> None:
        if self.idle_timer is not None and isinstance(event, ACTIVITY):
            self.idle_timer.reset()
        await super().on_event(event)

    def idle_timeout(self) -> None:
        """Nobody touched the kiosk for the idle time: ask a participant if still there."""
        stack = self.screen_stack
        if isinstance(self.screen, ThankYouScreen):
            self.screen.dismiss()
        elif any(isinstance(s, (IntroScreen, ResponseScreen)) for s in stack) and not any(
            isinstance(s, StillThereDialog) for s in stack
        ):
            self.push_screen(
                StillThereDialog(self.ui_lang, self.still_there_seconds), self._still_there
            )

    def _still_there(self, there: bool | None) -> None:
        if there:
            return
        for screen in self.screen_stack:
            if isinstance(screen, ResponseScreen):
                screen.put_aside()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            self.pop_screen()
        self.guard_size(self.size)

    def _ask_tags(self) -> None:
        missing = self.session.missing_tags
        if missing:
            self.push_screen(TagsScreen(missing), self._tags_given)
        else:
            self._offer_drafts()

    def _tags_given(self, tags: dict[str, str] | None) -> None:
        self.session.tags.update(tags or {})
        self._offer_drafts()

    def _offer_drafts(self) -> None:
        drafts = self.session.resumable_drafts()
        for problem in self.session.drafts.problems:
            self.notify(str(problem), title="A draft was skipped", severity="warning", timeout=30)
        if drafts:
            self.push_screen(DraftsScreen(self.session, drafts), self._resume)

    def _resume(self, draft: Draft | None) -> None:
        if draft is None:
            return
        languages = self.session.questionnaire.languages
        language = draft.meta.get("language")
        self.push_screen(
            ResponseScreen(
                self.session, language if language in languages else languages[0], draft=draft
            )
        )

    def action_ignore(self) -> None:
        """Swallow a key a participant might press to leave the kiosk."""

    def action_end_session(self) -> None:
        if isinstance(self.screen, (ConfirmDialog, ExitCodeDialog, StillThereDialog)):
            return

        def end(sure: bool | None) -> None:
            if sure:
                self.exit()

        question = "End this session? (facilitator)"
        detail = (
            f"{self.session.submitted} responses were saved this session. An unfinished "
            "response is kept as a draft and offered again at the next run."
        )
        if self.exit_code is not None:
            self.push_screen(ExitCodeDialog(self.exit_code, question, detail), end)
        else:
            self.push_screen(ConfirmDialog(question, detail, yes="End session", no="Go back"), end)


class HomeApp(SurveyApp[Launch | None]):
    """Home: pick a questionnaire or a results file and start an area on it."""

    def __init__(self, base: Path, error: SurveyError | None = None) -> None:
        super().__init__()
        self.base = base
        self.error = error
        self.sub_title = str(base)

    def get_default_screen(self) -> Screen:
        return HomeScreen(self.base)

    def on_mount(self) -> None:
        if self.error is not None:
            self.show_error(self.error)


def create_kiosk_app(
    questionnaire: str | Path,
    *,
    results: Path | None = None,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    timestamp: bool = False,
    idle_minutes: float = IDLE_MINUTES,
    exit_code: str | None = None,
) -> KioskApp:
    """The kiosk for one questionnaire; raises SurveyError before any screen if it cannot run.

    `idle_minutes` 0 turns the idle reset off; with `exit_code`, only it ends the session.
    """
    session = open_session(
        questionnaire, results=results, language=language, tags=tags, timestamp=timestamp
    )
    return KioskApp(session, language, idle_minutes=idle_minutes, exit_code=exit_code)


def run_kiosk(
    questionnaire: str | Path,
    *,
    results: Path | None = None,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    timestamp: bool = False,
    idle_minutes: float = IDLE_MINUTES,
    exit_code: str | None = None,
) -> int:
    """Run a kiosk session until the facilitator ends it; the exit code."""
    app = create_kiosk_app(
        questionnaire,
        results=results,
        language=language,
        tags=tags,
        timestamp=timestamp,
        idle_minutes=idle_minutes,
        exit_code=exit_code,
    )
    app.run()
    return app.return_code or 0


def create_home_app(base: Path, error: SurveyError | None = None) -> HomeApp:
    """The home app on `base`/questionnaires and `base`/results."""
    return HomeApp(base, error)


def run_home(base: Path) -> int:
    """Home, then the area it starts, then home again, until home is quit."""
    error: SurveyError | None = None
    while True:
        app = create_home_app(base, error)
        launch = app.run()
        if launch is None:
            return app.return_code or 0
        error = None
        try:
            launch.run()
        except SurveyError as err:
            error = err
