"""What every surveytui app shares: the stylesheet, error dialogs and the too-small guard."""

from __future__ import annotations

import asyncio
from asyncio import Queue
from collections import deque
from pathlib import Path
from typing import Any, Generic, TypeVar

from textual import events
from textual.app import App
from textual.geometry import Size
from textual.message import Message
from textual.message_pump import MessagePump

from surveytui.errors import SurveyError
from surveytui.tui.dialogs import ErrorDialog, TooSmallScreen

MIN_COLS, MIN_ROWS = 60, 18
"""Below this the screens would be cut off, so a message asks for a larger window."""

KEY_STUCK = 5.0
"""Seconds after which a key is handed on although what the previous one set off is still
being handled: only a stuck handler takes this long, and it must not freeze the keyboard."""

KEY_POLL = 0.002
"""Seconds between looks at whether the app has handled a key."""

ReturnType = TypeVar("ReturnType")


def _busy(pump: MessagePump) -> bool:
    """A running message pump that has messages queued or is handling one.

    Textual tells neither, so this reads its internals (the version is pinned, and the
    fast-typing test fails if they change): an idle pump's task is the one waiter on its
    queue's ready event.
    """
    if not pump.is_running or pump._closing or pump._closed:
        return False
    queue: Queue[Message | None] = pump._message_queue
    if not queue.empty():
        return True
    waiters = getattr(getattr(queue, "ready_event", None), "_waiters", None)
    return waiters is not None and not waiters


class SurveyApp(App[ReturnType], Generic[ReturnType]):
    """A surveytui app: one stylesheet, errors in a dialog, a message when the window is tiny."""

    CSS_PATH = Path(__file__).with_name("surveytui.tcss")
    TITLE = "surveytui"

    ui_lang = "en"
    """The language of the tool's own words on screen (the kiosk sets the participant's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed: deque[events.Key] = deque()
        self._released: events.Key | None = None
        self._handing_on = False

    async def on_event(self, event: events.Event) -> None:
        """Hold each key from the terminal until the previous one has been handled.

        Textual hands a key to the widget focused when the key arrives and runs bindings
        (Tab, Backspace, Ctrl+U) only after the key has passed up through every parent's
        queue, so keys typed in a burst went to a field Tab had already left, were undone
        by a Backspace meant for an earlier character, or were saved by Ctrl+S before they
        reached the document. One key at a time behaves exactly as slow typing does.
        """
        if isinstance(event, events.Key) and not event.is_forwarded and event is not self._released:
            self._typed.append(event)
            if not self._handing_on:
                self._handing_on = True
                self.run_worker(self._hand_on_keys(), name="keys", group="keys")
            return
        await super().on_event(event)

    async def _hand_on_keys(self) -> None:
        """Hand on the held keys one by one; done when none are left (a worker that never
        ended would keep `workers.wait_for_complete()` waiting)."""
        while self._typed:
            key = self._typed.popleft()
            self._released = key
            self.post_message(key)
            try:
                await asyncio.wait_for(self._settled(), KEY_STUCK)
            except TimeoutError:
                self.log.warning("a key's handling is stuck; handing on the next key")
        self._handing_on = False

    async def _settled(self) -> None:
        """Wait until every widget, screen and the app itself waits for its next message."""
        await asyncio.sleep(0)
        while any(_busy(pump) for pump in {self, *self.screen_stack, *self._registry}):
            await asyncio.sleep(KEY_POLL)

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
            self.push_screen(TooSmallScreen(self.ui_lang, MIN_COLS, MIN_ROWS))
        elif covered and not too_small:
            self.pop_screen()
