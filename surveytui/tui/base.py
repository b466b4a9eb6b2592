"""What every surveytui app shares: the stylesheet, error dialogs and the too-small guard."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual import events
from textual.app import App
from textual.geometry import Size

from surveytui.errors import SurveyError
from surveytui.tui.screens.dialogs import ErrorDialog, TooSmallScreen

MIN_COLS, MIN_ROWS = 60, 18
"""Below this the screens would be cut off, so a message asks for a larger window."""

ReturnType = TypeVar("ReturnType")


class SurveyApp(App[ReturnType], Generic[ReturnType]):
    """A surveytui app: one stylesheet, errors in a dialog, a message when the window is tiny."""

    CSS_PATH = "surveytui.tcss"
    TITLE = "surveytui"

    ui_language = "en"
    """The language of the tool's own words on screen (the kiosk sets the participant's)."""

    def show_error(self, error: SurveyError, title: str = "Something needs fixing") -> None:
        """Show a user's mistake in a dialog; the app goes on once it is closed."""
        self.push_screen(ErrorDialog(error, title))

    def on_mount(self) -> None:
        self.guard_size(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self.guard_size(event.size)

    def guard_size(self, size: Size) -> None:
        """Cover the screen with a message while it is too small, and uncover it once it fits."""
        width, height = size
        too_small = width < MIN_COLS or height < MIN_ROWS
        covered = isinstance(self.screen, TooSmallScreen)
        if too_small and not covered:
            self.push_screen(TooSmallScreen(self.ui_language, MIN_COLS, MIN_ROWS))
        elif covered and not too_small:
            self.pop_screen()
