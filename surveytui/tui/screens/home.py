"""The home screen: the questionnaires and results of a folder, and what to start with them.

Each area (run, review, build) is one `HomeAction` in `HOME_ACTIONS`: its key, its label,
what it works on, and the `module:function` that runs it (called with the chosen path
once the home app has closed, or while home stays open for a file it only writes, such as
the report). Adding an area is adding one line there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from rich.cells import cell_len
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import DescendantFocus
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from surveytui.catalog import QuestionnaireEntry, ResultsEntry, list_questionnaires, list_results
from surveytui.edit.save import final_path
from surveytui.errors import SurveyError, printable
from surveytui.tui.base import SurveyApp


@dataclass(frozen=True)
class HomeAction:
    """One thing home can start: `launch` names a `module:function(path) -> int`; with
    `in_place` it runs while home stays open and returns the file it wrote."""

    name: str
    key: str
    label: str
    target: Literal["questionnaire", "results"] | None
    launch: str
    tooltip: str = ""
    opens_invalid: bool = False  # the builder is where an invalid questionnaire gets fixed
    in_place: bool = False

    def function(self) -> Callable[[Path | None], Any]:
        module, _, function = self.launch.partition(":")
        return getattr(importlib.import_module(module), function)

    def run(self, path: Path | None) -> int:
        return int(self.function()(path))


# Short labels, so that the footer fits 80 columns; the tooltips say it in full.
HOME_ACTIONS: list[HomeAction] = [
    HomeAction(
        "run",
        "r",
        "Run",
        "questionnaire",
        "surveytui.tui.app:run_kiosk",
        "Run a session of the highlighted questionnaire",
    ),
    HomeAction(
        "review",
        "v",
        "Review",
        "results",
        "surveytui.tui.review:run_review",
        "Review the highlighted results",
    ),
    HomeAction(
        "report",
        "w",
        "Report",
        "results",
        "surveytui.report.written:report_beside",
        "Write the report of the highlighted results beside them",
        in_place=True,
    ),
    HomeAction(
        "build",
        "b",
        "Edit",
        "questionnaire",
        "surveytui.tui.builder:run_build",
        "Edit the highlighted questionnaire",
        opens_invalid=True,
    ),
    HomeAction(
        "new", "n", "New", None, "surveytui.tui.builder:run_build", "Make a new questionnaire"
    ),
]

TITLE_MIN = 12
"""The questionnaires' titles are shortened to fit the window, never below this."""


@dataclass(frozen=True)
class Launch:
    """What the home app hands back when it closes to start an area."""

    action: HomeAction
    path: Path | None

    def run(self) -> int:
        return self.action.run(self.path)


class HomeScreen(Screen[None]):
    """Lists ./questionnaires and ./results; Enter or an action key starts the chosen area."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                a.key,
                f"launch('{a.name}')",
                a.label,
                id=f"home.{a.name}",
                tooltip=a.tooltip or a.label,
            )
            for a in HOME_ACTIONS
        ),
        Binding("f5", "rescan", "Refresh", id="home.refresh", tooltip="Read both folders again"),
        Binding("q", "app.quit", "Quit", id="home.quit", tooltip="Leave surveytui"),
    ]

    class Scanned(Message):
        def __init__(
            self, questionnaires: list[QuestionnaireEntry], results: list[ResultsEntry]
        ) -> None:
            super().__init__()
            self.questionnaires = questionnaires
            self.results = results

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base
        self.questionnaires: dict[str, QuestionnaireEntry] = {}
        self.results: dict[str, ResultsEntry] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Static(f"Questionnaires in {self.base / 'questionnaires'}", classes="home-label")
            yield DataTable(id="questionnaires", cursor_type="row", zebra_stripes=True)
            yield Static(f"Results in {self.base / 'results'}", classes="home-label")
            table: DataTable[str] = DataTable(id="results", cursor_type="row", zebra_stripes=True)
            table.add_columns("File", "Responses", "Last submission")
            yield table
            yield Static("", id="home-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#questionnaires", DataTable).loading = True
        self.query_one("#results", DataTable).loading = True
        self.scan()

    def action_rescan(self) -> None:
        self.scan()

    @work(thread=True, exclusive=True)
    def scan(self) -> None:
        """Read both folders off the UI thread: a big results file takes a moment."""
        self.post_message(
            self.Scanned(
                list_questionnaires(self.base / "questionnaires"),
                list_results(self.base / "results"),
            )
        )

    @on(Scanned)
    def _fill(self, message: Scanned) -> None:
        self.questionnaires = {str(e.path): e for e in message.questionnaires}
        self._fill_questionnaires()
        table = self.query_one("#results", DataTable)
        table.clear()
        self.results = {str(e.path): e for e in message.results}
        for result in message.results:
            responses = "✗ unreadable" if result.problem else str(result.responses)
            table.add_row(
                printable(result.path.name),
                responses,
                printable(result.last_submitted or ""),
                key=str(result.path),
            )
        if not message.results:
            table.add_row("(none yet)", "", "")
        table.loading = False
        self.query_one("#questionnaires", DataTable).focus()
        self.refresh_bindings()

    def _fill_questionnaires(self) -> None:
        """List the questionnaires, their titles shortened so that every column fits."""
        table = self.query_one("#questionnaires", DataTable)
        rows = []
        for entry in self.questionnaires.values():
            if entry.draft:
                title = f"draft of {final_path(entry.path).name}"
            else:
                title = "✗ does not validate" if entry.problem else entry.title
            rows.append(
                (
                    str(entry.path),
                    [printable(entry.path.name), title, entry.version, " ".join(entry.languages)],
                )
            )
        headers = ["File", "Title", "Version", "Languages"]
        widths = [
            max(cell_len(text) for text in [header, *(row[n] for _, row in rows)])
            for n, header in enumerate(headers)
        ]
        # Each column is padded by a cell on either side; a scrollbar may take two more.
        room = (
            self.query_one("#home-body").size.width
            - 2 * len(headers)
            - 2
            - widths[0]
            - sum(widths[2:])
        )
        widths[1] = max(TITLE_MIN, min(widths[1], room))
        cursor = table.cursor_row
        table.clear(columns=True)
        for header, width in zip(headers, widths):
            table.add_column(header, width=width)
        for key, (name, title, *rest) in rows:
            shown = Text(title)
            shown.truncate(widths[1], overflow="ellipsis")
            table.add_row(name, shown, *rest, key=key)
        if not rows:
            table.add_row("(none yet)", "", "", "")
        table.move_cursor(row=cursor)
        table.loading = False

    def on_resize(self) -> None:
        if self.questionnaires:  # once the table has its new width
            self.call_after_refresh(self._fill_questionnaires)

    def _selected(self, target: str) -> QuestionnaireEntry | ResultsEntry | None:
        table = self.query_one(
            f"#{target}s" if target == "questionnaire" else "#results", DataTable
        )
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return (self.questionnaires if target == "questionnaire" else self.results).get(key or "")

    def _action(self, name: str) -> HomeAction:
        return next(a for a in HOME_ACTIONS if a.name == name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "launch":
            return True
        target = self._action(str(parameters[0])).target
        return True if target is None or self._selected(target) is not None else None

    def action_launch(self, name: str) -> None:
        action = self._action(name)
        if action.target is None:
            self.app.exit(Launch(action, None))
            return
        entry = self._selected(action.target)
        if entry is None:
            return
        if entry.problem and not action.opens_invalid:
            self.app.show_error(SurveyError(entry.problem), f"{entry.path.name} needs fixing first")
            return
        if action.in_place:
            self.notify(f"{action.label}: {entry.path.name} …", timeout=3, markup=False)
            self.write_file(action, entry.path)
            return
        self.app.exit(Launch(action, entry.path))

    @work(thread=True, group="write")
    def write_file(self, action: HomeAction, path: Path) -> None:
        """Run an in-place action off the UI thread and say where its file went."""
        try:
            written = action.function()(path)
        except SurveyError as error:
            self.app.call_from_thread(
                self.app.show_error,
                error,
                f"{action.label}: not written",
            )
            return
        self.app.call_from_thread(
            self.notify, f"Wrote {Path(written).resolve()}", timeout=15, markup=False
        )

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        target = "questionnaire" if event.data_table.id == "questionnaires" else "results"
        action = next((a for a in HOME_ACTIONS if a.target == target), None)
        if action is not None:
            self.action_launch(action.name)

    @on(DataTable.RowHighlighted)
    def _row_moved(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.data_table)
        self.refresh_bindings()

    @on(DescendantFocus)
    def _table_focused(self, event: DescendantFocus) -> None:
        if isinstance(event.widget, DataTable):
            self._show_detail(event.widget)

    def _show_detail(self, table: DataTable) -> None:
        """The highlighted file in full below the tables, with its problem if it has one."""
        entry = self._selected("questionnaire" if table.id == "questionnaires" else "results")
        text = "" if entry is None else (f"✗ {entry.problem}" if entry.problem else str(entry.path))
        self.query_one("#home-detail", Static).update(text)
