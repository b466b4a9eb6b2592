"""The facilitator's dashboard while `serve` collects: the address, its QR code, the counts.

The web server answers on its own thread; this screen only reads the collection's counts
once a second. Ctrl+X then y stops collecting: the people still answering get the
"closed" page, and the server shuts down.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import segno
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.widgets import Static

from surveytui.errors import SurveyError
from surveytui.model.types import tr
from surveytui.tui.base import SurveyApp
from surveytui.tui.dialogs import ConfirmDialog
from surveytui.tui.screens.kiosk import END_SESSION_DISPLAY, END_SESSION_KEY
from surveytui.web.server import Prepared, Running

# Two rows of modules a character: upper half, lower half, both, neither.
_HALVES = {(True, False): "▀", (False, True): "▄", (True, True): "█", (False, False): " "}


def qr_text(url: str) -> str:
    """The URL's QR code in half-block characters, dark modules as blocks, with its quiet zone."""
    rows = [
        [bool(cell) for cell in row] for row in segno.make(url, error="l").matrix_iter(border=2)
    ]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return "\n".join(
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower))
        for upper, lower in zip(rows[::2], rows[1::2])
    )


class ServeApp(SurveyApp[None]):
    """Shows where to answer and how many have; stops the collection on Ctrl+X, y."""

    CSS_PATH = Path(__file__).parent.parent / SurveyApp.CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(END_SESSION_KEY, "stop", "Stop collecting", id="serve.stop"),
    ]

    DEFAULT_CSS = """
    #serve-body { align: center top; height: 1fr; }
    #serve-status { dock: bottom; height: auto; }
    #serve-title { text-style: bold; width: 100%; content-align: center middle; }
    #serve-url { text-style: bold; color: $accent; width: 100%; content-align: center middle; }
    #serve-qr { width: auto; color: black; background: white; }
    #serve-counts, #serve-hint, #serve-problem { width: 100%; content-align: center middle; }
    #serve-problem { color: $error; display: none; }
    """

    def __init__(self, prepared: Prepared, running: Running | None = None) -> None:
        super().__init__()
        self.prepared = prepared
        self.collection = prepared.collection
        self.running = running
        self._in_file: object = "?"

    def compose(self) -> ComposeResult:
        q = self.collection.questionnaire
        with VerticalScroll(id="serve-body"):  # arrows, PageDown and End scroll it
            yield Static(tr(q.title, q.languages[0]), id="serve-title", markup=False)
            yield Static(self.prepared.url, id="serve-url", markup=False)
            with Center():
                yield Static(qr_text(self.prepared.url), id="serve-qr", markup=False)
        # The counts and how to stop stay in sight on a small terminal; the code scrolls.
        with Vertical(id="serve-status"):
            yield Static("", id="serve-counts", markup=False)
            yield Static("", id="serve-problem", markup=False)
            yield Static(
                f"{END_SESSION_DISPLAY} then y: stop collecting", id="serve-hint", markup=False
            )

    def on_mount(self) -> None:
        if self.collection.invitations is not None:
            path = self.collection.invitations.path
            self.query_one("#serve-url", Static).update(
                f"Invitation links: the link column of {path}"
            )
            self.query_one("#serve-qr", Static).display = False
        self.refresh_counts()
        self.set_interval(1.0, self.refresh_counts)

    def refresh_counts(self) -> None:
        """The responses of this session and in the file, and how many are answering now."""
        collection = self.collection
        session = collection.session
        try:
            self._in_file = session.responses_in_file()
        except SurveyError:
            self._in_file = "?"
        state = (
            "stopped"
            if collection.stopped
            else ("open" if collection.accepting_new() else "closed to new respondents")
        )
        self.query_one("#serve-counts", Static).update(
            f"{session.submitted} responses this session · {self._in_file} in "
            f"{session.results.name} · {collection.in_progress} answering now · {state}"
        )
        if collection.errors:
            problem = self.query_one("#serve-problem", Static)
            problem.update(collection.errors[-1])
            problem.display = True

    def action_stop(self) -> None:
        def stop(sure: bool | None) -> None:
            if sure:
                self.collection.stop()
                if self.running is not None:
                    self.running.stop()
                self.exit()

        self.push_screen(
            ConfirmDialog(
                "Stop collecting?",
                "People still answering are told the questionnaire is closed.",
                yes="Stop",
                no="Go on",
            ),
            stop,
        )


def run_dashboard(prepared: Prepared) -> int:
    """Serve on a thread behind the dashboard until the facilitator stops it."""
    running = Running(prepared.server(log_level="critical"), prepared.sock)
    app = ServeApp(prepared, running)
    try:
        app.run()
    finally:
        prepared.collection.stop()
        running.stop()
    session = prepared.collection.session
    print(f"{session.submitted} responses saved this session in {session.results}")
    return app.return_code or 0
