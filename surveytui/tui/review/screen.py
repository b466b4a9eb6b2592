"""The review screen: the questions and scales of a results file, one view at a time.

A list of sections, questions and scales on the left; on the right the selected one's
picture and statistics, a section's overview, or a free-text question's searchable
answers. Every number comes from one `Analysis` (what `analyze --format json` prints for
the same grouping, filter and waves), recomputed in a thread worker when those change and
when a followed file grows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from surveytui.analysis import (
    Analysis,
    Dataset,
    filter_dataset,
    group_columns,
    levels_of,
    load_dataset,
)
from surveytui.analysis.followup import wave_labels
from surveytui.analysis.results import TextItem, UnitWaves
from surveytui.analysis.settings import Outcome, Settings, analyze_with
from surveytui.errors import SurveyError, printable
from surveytui.model.indicators import PERIODS
from surveytui.model.qtypes import Answer
from surveytui.model.types import Questionnaire, tr
from surveytui.report import render_analysis, render_report, write_output
from surveytui.report.text import shorten
from surveytui.tui.base import SurveyApp
from surveytui.tui.dialogs import PickDialog, TextDialog, key_lines
from surveytui.tui.review.dialogs import AskDialog, ValuesDialog
from surveytui.tui.review.respondent import respondent_lines
from surveytui.tui.review.views import ORDERS, Context, view_for

FOLLOW_SECONDS = 1.0
"""How often the followed files are checked for new rows (a stat call per file)."""

FORMAT_NAMES = {
    "html": "Written report (HTML)",
    "markdown": "Markdown (as analyze)",
    "table": "Table (as analyze)",
    "csv": "Tidy CSV (as analyze)",
    "json": "JSON (as analyze)",
}
WRITE_CHOICES = [
    (f"{name}, {'this view' if scope == 'view' else 'everything'}", (fmt, scope))
    for fmt, name in FORMAT_NAMES.items()
    for scope in ("view", "all")
]
SUFFIXES = {"html": ".html", "markdown": ".md", "table": ".txt", "csv": ".csv", "json": ".json"}

LISTED_ANSWERS = 500
"""At most this many free-text answers are listed at once; searching narrows them."""


def file_stamps(paths: list[Path]) -> list[tuple[int, int] | None]:
    """Each file's modification time and size, None for a file that is gone."""
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            stamps.append(None)
            continue
        stamps.append((status.st_mtime_ns, status.st_size))
    return stamps


@dataclass(frozen=True)
class ReviewTarget:
    """A navigation entry: `overview` (a section), `item` (a question or row) or `scale`."""

    kind: str
    id: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, key: str) -> ReviewTarget:
        kind, _, target = key.partition(":")
        return cls(kind, target)


class ReviewScreen(Screen[None]):
    """Browse the results: arrows move through questions; keys group, filter, search, export."""

    app = getters.app(SurveyApp)  # self.app, typed: this screen runs in a SurveyApp

    # The footer shows the keys that fit 80 columns; F1 lists every key. Sorting is named in
    # the overview's heading, the problems in the status line.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "group", "Group", id="review.group", tooltip="Compare groups side by side"),
        Binding("f", "filter", "Filter", id="review.filter", tooltip="Keep only some tag values"),
        Binding(
            "w",
            "waves",
            "Waves",
            id="review.waves",
            tooltip="Follow items and scales over waves (a tag or the month)",
        ),
        Binding(
            "o",
            "overview",
            "Overview",
            id="review.overview",
            show=False,
            tooltip="All rated items of this section at once",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            id="review.sort",
            show=False,
            tooltip="Overview in questionnaire order or by top-2-box",
        ),
        Binding(
            "slash", "search", "Search", id="review.search", tooltip="Search the free-text answers"
        ),
        Binding(
            "e",
            "write_view",
            "Export",
            id="review.write_view",
            tooltip="Write this view as a report, markdown, table, csv or json",
        ),
        Binding(
            "p",
            "problems",
            "Problems",
            id="review.problems",
            show=False,
            tooltip="What was wrong in the files while reading",
        ),
        Binding(
            "l",
            "language",
            "Language",
            id="review.language",
            show=False,
            tooltip="Show the questionnaire in its next language",
        ),
        Binding(
            "f5",
            "reload",
            "Reload",
            id="review.reload",
            show=False,
            tooltip="Read the files again now (done every second anyway)",
        ),
        Binding(
            "f1,question_mark",
            "help",
            "Keys",
            id="review.help",
            key_display="F1",
            tooltip="This list of keys",
        ),
        Binding("q", "leave", "Quit", id="review.quit", tooltip="Leave the review"),
    ]
    DEFAULT_CSS = """
    #review-status { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    #review-body { height: 1fr; }
    #review-nav { width: 32%; min-width: 24; max-width: 44; height: 1fr;
                  text-wrap: nowrap; text-overflow: ellipsis; }
    #review-main { width: 1fr; height: 1fr; }
    #review-detail { height: 1fr; padding: 0 1; }
    #review-texts { height: 1fr; display: none; }
    #review-texts.-shown { display: block; }
    #review-detail.-texts { height: auto; max-height: 50%; }
    #review-search { margin: 0 1; }
    #review-answers { height: 1fr; }
    """

    class Loaded(Message):
        """A worker read the files and analyzed them."""

        def __init__(
            self, dataset: Dataset, result: Outcome, stamps: list[tuple[int, int] | None]
        ) -> None:
            super().__init__()
            self.dataset, self.result, self.stamps = dataset, result, stamps

    class Analyzed(Message):
        """A worker analyzed the loaded data again with another grouping or filter."""

        def __init__(self, result: Outcome) -> None:
            super().__init__()
            self.result = result

    class Failed(Message):
        """A worker could not read or analyze: the user's files or choice need fixing."""

        def __init__(self, error: SurveyError, stamps: list[tuple[int, int] | None]) -> None:
            super().__init__()
            self.error, self.stamps = error, stamps

    class Shown(Message):
        """A view of the data has been drawn (the first one is what the bench times)."""

    def __init__(
        self, paths: list[Path], questionnaire: Path | None = None, lang: str | None = None
    ) -> None:
        super().__init__()
        self.paths = paths
        self.questionnaire_path = questionnaire
        # the language asked for; a questionnaire without it shows its first ("" until read)
        self.lang = lang or ""
        self.dataset: Dataset | None = None
        self.analysis: Analysis | None = None
        self.stamps: list[tuple[int, int] | None] = []
        self.settings = Settings()
        self.shown_settings: Settings | None = None
        self.by_unit: UnitWaves | None = None
        self.order = ORDERS[0]
        self.target: ReviewTarget | None = None
        self.busy = False
        self.leaving = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Reading " + ", ".join(p.name for p in self.paths) + " …",
            id="review-status",
            markup=False,
        )
        with Horizontal(id="review-body"):
            yield OptionList(id="review-nav")
            with Vertical(id="review-main"):
                with VerticalScroll(id="review-detail"):
                    yield Static(id="review-view")
                with Vertical(id="review-texts"):
                    yield Input(
                        placeholder="Search the answers (Enter: the respondent's other answers)",
                        id="review-search",
                    )
                    yield OptionList(id="review-answers")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(FOLLOW_SECONDS, self.check_files)

    # -- workers -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review")
    def load(self, settings: Settings) -> None:
        """Read the files and analyze them with these settings."""
        stamps = file_stamps(self.paths)
        try:
            dataset = load_dataset(self.paths, self.questionnaire_path)
            result = analyze_with(dataset, settings)
        except SurveyError as error:
            self.post_message(self.Failed(error, stamps))
            return
        self.post_message(self.Loaded(dataset, result, stamps))

    @work(thread=True, exclusive=True, group="review")
    def reanalyze(self, dataset: Dataset, settings: Settings) -> None:
        """Analyze the loaded data again with other settings."""
        try:
            result = analyze_with(dataset, settings)
        except SurveyError as error:
            self.post_message(self.Failed(error, self.stamps))
            return
        self.post_message(self.Analyzed(result))

    def reload(self) -> None:
        """Read the files again in a worker."""
        self.busy = True
        self.load(self.settings)

    def change(self, settings: Settings) -> None:
        """Analyze again in a worker with another grouping, filter or waves."""
        if self.dataset is not None:
            self.settings = settings
            self.busy = True
            self.reanalyze(self.dataset, settings)

    def check_files(self) -> None:
        """Reload when a followed file changed (a kiosk appended a response); the timer's job."""
        if not self.busy and file_stamps(self.paths) != self.stamps:
            self.reload()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first = self.dataset is None
        self.dataset, self.stamps = message.dataset, message.stamps
        self._show_analysis(message.result, rebuild=first)
        if first and message.result.analysis.problems:
            self.notify(
                f"{len(message.result.analysis.problems)} problems while reading: press p",
                severity="warning",
            )

    @on(Analyzed)
    def _analyzed(self, message: Analyzed) -> None:
        self._show_analysis(message.result, rebuild=False)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.busy = False
        self.stamps = message.stamps
        if self.shown_settings is not None:
            self.settings = self.shown_settings
        if self.analysis is None:
            self.query_one("#review-status", Static).update(
                "Could not open the results: " + str(message.error.first)
            )
        self.app.show_error(message.error, "The results could not be shown")

    # -- showing -------------------------------------------------------------------------

    @property
    def questionnaire(self) -> Questionnaire:
        assert self.analysis is not None
        return self.analysis.questionnaire

    def _show_analysis(self, result: Outcome, rebuild: bool) -> None:
        self.busy = False
        analysis = self.analysis = result.analysis
        self.by_unit = result.by_unit
        self.shown_settings = self.settings
        if self.lang not in analysis.questionnaire.languages:
            self.lang = analysis.questionnaire.languages[0]
        self.app.title = tr(analysis.questionnaire.title, self.lang, analysis.questionnaire.id)
        self._status()
        if rebuild:
            self._build_nav()
        else:
            self._show_target()
        self.refresh_bindings()

    def _status(self) -> None:
        analysis = self.analysis
        assert analysis is not None
        parts = [
            f"{analysis.n_responses} responses",
            f"version {', '.join(analysis.versions) or '–'}",
        ]
        if analysis.groups is not None:
            parts.append(f"by {analysis.groups.by}")
        if analysis.waves is not None:
            parts.append(f"waves of {analysis.waves.wave} ({', '.join(analysis.waves.order)})")
        if analysis.pairs is not None:
            parts.append(f"paired by {analysis.pairs.by}")
        parts += [
            f"only {column} = {', '.join(values)}" for column, values in analysis.filters.items()
        ]
        if analysis.problems:
            parts.append(f"⚠ {len(analysis.problems)} problems (p)")
        parts.append("following")
        self.query_one("#review-status", Static).update(" · ".join(parts))

    def _nav_options(self) -> list[Option]:
        q = self.questionnaire

        def entry(target: ReviewTarget, text: str, indent: int = 2, style: str = "") -> Option:
            prompt = Text(" " * indent + text, style=style, no_wrap=True, overflow="ellipsis")
            return Option(prompt, id=target.key if target.kind else None, disabled=not target.kind)

        heading = ReviewTarget("", "")
        options: list[Option] = []
        for section in q.sections:
            entries: list[Option] = []
            if any(question.items for question in section.questions):
                entries.append(entry(ReviewTarget("overview", section.id), "◆ Overview"))
            for question in section.questions:
                if question.spec.answer is Answer.NONE or question.respondent_code:
                    continue
                if question.spec.rows:
                    entries.append(entry(heading, tr(question.text, self.lang), 2, "dim"))
                    entries += [
                        entry(ReviewTarget("item", row.id), tr(row.text, self.lang), 4)
                        for row in question.rows
                    ]
                else:
                    entries.append(
                        entry(ReviewTarget("item", question.id), tr(question.text, self.lang))
                    )
            if entries:
                options += [
                    entry(heading, tr(section.title, self.lang, section.id), 0, "bold"),
                    *entries,
                ]
        if q.scales:
            options.append(entry(heading, "Scales", 0, "bold"))
            options += [
                entry(ReviewTarget("scale", scale.id), tr(scale.text, self.lang, scale.id))
                for scale in q.scales
            ]
        return options

    def _build_nav(self) -> None:
        nav = self.query_one("#review-nav", OptionList)
        keep = self.target.key if self.target else None
        nav.set_options(self._nav_options())
        keys = [option.id for option in nav.options]
        nav.highlighted = (
            keys.index(keep)
            if keep is not None and keep in keys
            else next(i for i, key in enumerate(keys) if key is not None)
        )
        nav.focus()
        self._select(nav.options[nav.highlighted].id)

    @on(OptionList.OptionHighlighted, "#review-nav")
    def _nav_moved(self, event: OptionList.OptionHighlighted) -> None:
        self._select(event.option_id)

    @on(OptionList.OptionSelected, "#review-nav")
    def _nav_entered(self) -> None:
        """Enter on a question goes into its view: the search box of a free-text one."""
        self.query_one("#review-search" if self._text_question() else "#review-detail").focus()

    def _select(self, key: str | None) -> None:
        if key is None:
            return
        self.target = ReviewTarget.parse(key)
        self._show_target()
        self.refresh_bindings()

    def _show_target(self) -> None:
        if self.analysis is None or self.target is None:
            return
        ctx = Context(self.analysis, self.lang, self.by_unit)
        target = self.target
        self.query_one("#review-view", Static).update(
            view_for(ctx, target.kind, target.id, self.order)
        )
        texts = self._text_question() is not None
        self.query_one("#review-texts").set_class(texts, "-shown")
        self.query_one("#review-detail").set_class(texts, "-texts")
        if texts:
            self._fill_answers()
        self.call_after_refresh(self.post_message, self.Shown())

    def _text_question(self) -> str | None:
        """The id of the selected question when it is a free-text one."""
        if self.target is None or self.target.kind != "item" or self.analysis is None:
            return None
        entry = self.analysis.item(self.target.id)
        return self.target.id if isinstance(entry, TextItem) and not entry.hidden else None

    def _fill_answers(self) -> None:
        question = self._text_question()
        if question is None or self.analysis is None:
            return
        entry = self.analysis.item(question)
        answers = entry.answers if isinstance(entry, TextItem) and entry.answers else []
        wanted = self.query_one("#review-search", Input).value.casefold().strip()
        matching = [
            index
            for index, answer in enumerate(answers)
            if not wanted or wanted in answer.casefold()
        ]
        shown = [
            Option(Text(" ".join(printable(answers[index]).split())), id=str(index))
            for index in matching[:LISTED_ANSWERS]
        ]
        listing = self.query_one("#review-answers", OptionList)
        listing.set_options(
            shown or [Option(Text("No answers match.", style="dim"), disabled=True)]
        )
        listing.border_title = f"{len(matching)} of {len(answers)} answers" + (
            f", the first {LISTED_ANSWERS} listed: type to narrow"
            if len(matching) > LISTED_ANSWERS
            else ""
        )

    @on(Input.Changed, "#review-search")
    def _search_changed(self) -> None:
        self._fill_answers()

    @on(Input.Submitted, "#review-search")
    def _search_done(self) -> None:
        listing = self.query_one("#review-answers", OptionList)
        listing.focus()
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#review-answers")
    def _answer_chosen(self, event: OptionList.OptionSelected) -> None:
        question = self._text_question()
        if (
            question is None
            or self.dataset is None
            or self.analysis is None
            or event.option_id is None
        ):
            return
        rows = filter_dataset(self.dataset, self.analysis.filters)
        answered = np.flatnonzero(rows.frame[question].notna().to_numpy())
        row = int(answered[int(event.option_id)])
        self.app.push_screen(
            TextDialog(
                "The same respondent's other answers", respondent_lines(rows, row, self.lang)
            )
        )

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.leaving:
            return False
        if (
            action in ("group", "waves", "filter", "write_view", "overview", "language")
            and self.analysis is None
        ):
            return None
        if action == "sort":
            return self.target is not None and self.target.kind == "overview"
        if action == "search":
            return self._text_question() is not None
        if action == "problems":
            return bool(self.analysis and self.analysis.problems)
        return True

    def _column_label(self, column: str) -> str:
        assert self.dataset is not None
        if column in self.dataset.tag_columns:
            return f"{column} (tag)"
        question = self.questionnaire.question(column)
        if question is not None:
            return f"{column} (question: {shorten(tr(question.text, self.lang), 40)})"
        return column

    def action_group(self) -> None:
        if self.dataset is None:
            return
        choices: list[tuple[str, Any]] = [("(no grouping)", "")]
        choices += [(self._column_label(c), c) for c in group_columns(self.dataset)]
        current = next(
            (i for i, (_, value) in enumerate(choices) if value == (self.settings.by or "")), 0
        )

        def chosen(column: str | None) -> None:
            if column is not None:
                self.change(replace(self.settings, by=column or None))

        self.app.push_screen(PickDialog("Group by", choices, current), chosen)

    def action_waves(self) -> None:
        dataset = self.dataset
        if dataset is None:
            return
        choices: list[tuple[str, Any]] = [("(no waves)", "")]
        choices += [(self._column_label(c), c) for c in group_columns(dataset)]
        choices += [
            (f"submitted_at:{period} (the {period} of submission)", f"submitted_at:{period}")
            for period in PERIODS
        ]
        current = next(
            (i for i, (_, value) in enumerate(choices) if value == (self.settings.wave or "")), 0
        )

        codes = self.questionnaire.respondent_code_ids
        pair_by = codes[0] if codes else None

        def ordered(column: str, levels: list[str], order: str | None) -> None:
            if order is not None:
                waves = tuple(dict.fromkeys(w.strip() for w in order.split(",") if w.strip()))
                # the order offered, kept as it was, is no order of the evaluator's own
                given = () if list(waves) == levels else waves
                self.change(replace(self.settings, wave=column, wave_order=given, pair_by=pair_by))

        def chosen(column: str | None) -> None:
            if column is None:
                return
            if not column:
                self.change(replace(self.settings, wave=None, wave_order=(), pair_by=None))
                return
            try:
                _, levels = wave_labels(dataset, column)
            except SurveyError as error:
                self.app.show_error(error)
                return
            self.app.push_screen(
                AskDialog(
                    f"The waves of {column} in their order",
                    "Separate them with commas; leave one out to drop it.",
                    ", ".join(levels),
                ),
                lambda order: ordered(column, levels, order),
            )

        self.app.push_screen(PickDialog("Follow over the waves of", choices, current), chosen)

    def action_filter(self) -> None:
        dataset = self.dataset
        if dataset is None:
            return
        choices: list[tuple[str, Any]] = [("(remove every filter)", "")]
        choices += [(self._column_label(c), c) for c in group_columns(dataset)]

        def values_chosen(column: str, values: list[str] | None) -> None:
            if values is not None:
                self.change(self.settings.filtered(column, values))

        def column_chosen(column: str | None) -> None:
            if column is None:
                return
            if not column:
                self.change(replace(self.settings, filters=()))
                return
            question = self.questionnaire.question(column)

            def label(value: str) -> str:
                choice = question.counted_choice(value) if question is not None else None
                return f"{value} {tr(choice.text, self.lang)}" if choice else value

            values = [(label(v), v) for v in levels_of(dataset, column)]
            self.app.push_screen(
                ValuesDialog(column, values, self.settings.filter_dict.get(column, [])),
                lambda chosen: values_chosen(column, chosen),
            )

        self.app.push_screen(PickDialog("Filter by", choices), column_chosen)

    def action_overview(self) -> None:
        if self.target is None or self.analysis is None:
            return
        section = self._section_of(self.target)
        nav = self.query_one("#review-nav", OptionList)
        key = ReviewTarget("overview", section).key if section else None
        if key is not None and key in [o.id for o in nav.options]:
            nav.highlighted = nav.get_option_index(key)

    def _section_of(self, target: ReviewTarget) -> str | None:
        if target.kind == "overview":
            return target.id
        for section in self.questionnaire.sections:
            for question in section.questions:
                if question.id == target.id or any(i.id == target.id for i in question.items):
                    return section.id
        return None

    def action_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._show_target()

    def action_search(self) -> None:
        self.query_one("#review-search", Input).focus()

    def action_language(self) -> None:
        languages = self.questionnaire.languages
        self.lang = (
            languages[(languages.index(self.lang) + 1) % len(languages)]
            if self.lang in languages
            else languages[0]
        )
        self.notify(f"Questionnaire texts in {self.lang}")
        self.app.title = tr(self.questionnaire.title, self.lang, self.questionnaire.id)
        self._build_nav()

    def action_help(self) -> None:
        widget_keys = [
            ("↑ ↓", "Move through the questions (Tab: to the view and back)"),
            ("Enter", "Into the view; on a free-text answer: that person's other answers"),
        ]
        self.app.push_screen(
            TextDialog("Keys of the review screen", key_lines(self.app, self.BINDINGS, widget_keys))
        )

    def action_leave(self) -> None:
        """Quit, and take no more keys: a dialog opened while the app closes would fail."""
        self.leaving = True
        self.app.exit()

    def action_reload(self) -> None:
        self.reload()

    def action_problems(self) -> None:
        if self.analysis is not None:
            self.app.push_screen(
                TextDialog(
                    f"{len(self.analysis.problems)} problems while reading",
                    [str(p) for p in self.analysis.problems],
                )
            )

    def view_ids(self) -> list[str]:
        """The questions and scales the current view shows (what "this view" writes)."""
        if self.target is None:
            return []
        if self.target.kind == "overview":
            section = next(s for s in self.questionnaire.sections if s.id == self.target.id)
            return [question.id for question in section.questions]
        return [self.target.id]

    def action_write_view(self) -> None:
        if self.analysis is None:
            return
        analysis = self.analysis

        def write(fmt: str, scope: str, name: str | None) -> None:
            if name is None:
                return
            path = Path(name).expanduser()
            chosen = analysis.select(self.view_ids()) if scope == "view" else analysis
            try:
                if fmt == "html":
                    render_report(chosen, self.lang, "html").save(path)
                else:
                    write_output(path, render_analysis(chosen, fmt, self.lang))
            except SurveyError as error:
                self.app.show_error(error, "The export was not written")
                return
            self.notify(f"Wrote {path.resolve()}", timeout=15, markup=False)

        def format_chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            fmt, scope = choice
            name = self.target.id if scope == "view" and self.target else "all"
            suggested = Path.cwd() / f"{self.paths[0].stem}-{name}{SUFFIXES[fmt]}"
            self.app.push_screen(
                AskDialog(
                    f"{FORMAT_NAMES[fmt]} to", "The file is readable by you only.", str(suggested)
                ),
                lambda name: write(fmt, scope, name),
            )

        self.app.push_screen(PickDialog("Export", WRITE_CHOICES), format_chosen)
