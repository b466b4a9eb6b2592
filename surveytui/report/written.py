"""The written report a person reads: `render_report` for the CLI and the review screen.

- `render_report(source, lang=None, fmt="html", *, by=None, min_group=5, filters=None,
  invited=None, day=None, chart_dir="charts") -> RenderedReport`: `source` is an Analysis
  (rendered as it is, e.g. the review screen's current filter) or a Dataset (analyzed here
  with `by`, `min_group` and `filters`); `fmt` is "html" or "markdown".
- `unit_reports(dataset, column, ...) -> UnitReports`: one feedback report per level of
  `column`, each unit next to everyone, never for a level the gate hides (`.hidden` says
  which and why); save
  each as `unit_file_name(...)`, which its markdown charts folder is named after.
- `RenderedReport.save(path)` writes the report (mode 0600) and, for markdown, its charts
  as SVG files in `chart_dir` beside it.
- `read_invited(path) -> {value: count}`: a CSV of tag value and number invited.
- `read_invitations(path, results) -> InvitationCounts | None`: `serve`'s invitations file
  (None for any other) and the answered files beside the results: invited and answered
  per unit, for the exact response rate.
- `report_beside(results) -> Path`: what `surveytui report RESULTS.csv -o ...` writes with
  its defaults, as `ResultsFiles.report` beside the results (home's report key).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveytui.analysis import Analysis, Dataset, analyze_dataset, load_dataset
from surveytui.disclosure import MIN_GROUP, Reason
from surveytui.errors import Problem, SurveyError
from surveytui.report.blocks import to_markdown
from surveytui.report.document import InvitationCounts, Unit, build_document
from surveytui.report.html import to_html
from surveytui.store import (
    ResultsFiles,
    make_dir,
    read_table,
    write_atomic,
)
from surveytui.web.invitations import TOKEN

REPORT_FORMATS = ("html", "markdown")
SUFFIXES = {"html": ".html", "markdown": ".md"}


@dataclass
class RenderedReport:
    """A report's text and, for markdown, its charts (file name -> SVG) for `chart_dir`."""

    text: str
    fmt: str
    charts: dict[str, str] = field(default_factory=dict)
    chart_dir: str = "charts"

    def save(self, path: str | Path) -> list[Path]:
        """Write the report and its charts beside it, each mode 0600; returns the paths."""
        path = Path(path)
        written = [path]
        write_atomic(path, self.text.encode("utf-8"))
        if self.charts:
            folder = path.parent / self.chart_dir
            make_dir(folder)
            for name, svg in self.charts.items():
                write_atomic(folder / name, svg.encode("utf-8"))
                written.append(folder / name)
        return written


class UnitReports(dict[str, RenderedReport]):
    """The report of each unit shown, by its value; `hidden` gives each unit without one
    (None for the rows that name no unit) the reason the disclosure gate gave."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str | None, Reason] = {}


def _render(
    analysis: Analysis, lang: str | None, fmt: str, chart_dir: str, **options: Any
) -> RenderedReport:
    if fmt not in REPORT_FORMATS:
        raise SurveyError(f"unknown report format {fmt!r} (use html or markdown)")
    document = build_document(analysis, lang, **options)
    if fmt == "html":
        return RenderedReport(to_html(document), fmt)
    text, charts = to_markdown(document, chart_dir)
    return RenderedReport(text, fmt, charts, chart_dir)


def _check_invited(
    analysis: Analysis, invited: int | Mapping[str, int] | InvitationCounts | None
) -> None:
    """Refuse invited counts smaller than the number who answered (a typo, or the wrong file)."""
    if isinstance(invited, int) and invited < analysis.n_responses:
        raise SurveyError(
            f"--invited {invited} is fewer than the {analysis.n_responses} who answered"
        )
    if isinstance(invited, Mapping) and analysis.groups is not None:
        for level in analysis.groups.levels:
            if level.value is None or level.n is None:  # no group, or one the gate hides
                continue
            count = invited.get(level.value)
            if count is not None and count < level.n:
                raise SurveyError(
                    f"{count} invited for {level.value} is fewer than the "
                    f"{level.n} who answered there"
                )


def render_report(
    source: Analysis | Dataset,
    lang: str | None = None,
    fmt: str = "html",
    *,
    by: str | None = None,
    min_group: int = MIN_GROUP,
    filters: Mapping[str, str | Sequence[str]] | None = None,
    invited: int | Mapping[str, int] | InvitationCounts | None = None,
    day: dt.date | None = None,
    chart_dir: str = "charts",
    wave: str | None = None,
    pair_by: str | None = None,
    wave_order: Sequence[str] | None = None,
) -> RenderedReport:
    """The written report of an Analysis, or of a Dataset analyzed with by/min_group/filters
    (and wave/pair_by/wave_order for the section over time); a filter the disclosure gate
    refuses is a SurveyError, and no report is written."""
    if isinstance(source, Dataset):
        source = analyze_dataset(source, by, min_group, filters, wave, pair_by, wave_order)
    if isinstance(invited, Mapping) and source.groups is None:
        raise SurveyError(
            "a file of invited people per unit needs --by (or --per-unit) "
            "naming the column its first column holds"
        )
    _check_invited(source, invited)
    return _render(source, lang, fmt, chart_dir, invited=invited, day=day)


def report_beside(results: Path) -> Path:
    """Write the HTML report of a results file beside it (`ResultsFiles.report`), where
    its answers already are (the results folder is the owner's only); the path written."""
    path = ResultsFiles(results).report
    render_report(load_dataset(results)).save(path)
    return path


def unit_file_name(questionnaire_id: str, column: str, value: str, fmt: str) -> str:
    """A unit report's file name; the value keeps letters, digits, '-' and '_' only."""
    safe = re.sub(r"[^\w-]+", "_", value, flags=re.ASCII).strip("_") or "blank"
    return f"{questionnaire_id}-{column}-{safe}{SUFFIXES[fmt]}"


def unit_reports(
    dataset: Dataset,
    column: str,
    lang: str | None = None,
    fmt: str = "html",
    *,
    min_group: int = MIN_GROUP,
    filters: Mapping[str, str | Sequence[str]] | None = None,
    invited: Mapping[str, int] | None = None,
    day: dt.date | None = None,
) -> UnitReports:
    """One feedback report per level of `column` that the gate shows, next to everyone;
    the others are in `.hidden` with the reason."""
    total = analyze_dataset(dataset, column, min_group, filters)
    _check_invited(total, invited)
    assert total.groups is not None, "grouped by column"
    levels = total.groups.levels
    hidden = [lv for lv in levels if lv.suppressed]
    reports = UnitReports()
    for level in levels:
        if level.hidden is not None:  # suppressed: the gate says why
            reports.hidden[level.value] = level.hidden
            continue
        if level.value is None:
            continue
        value = level.value
        unit = analyze_dataset(dataset, None, min_group, {**(filters or {}), column: [value]})
        name = unit_file_name(dataset.questionnaire.id, column, value, fmt)
        reports[value] = _render(
            unit,
            lang,
            fmt,
            f"{Path(name).stem}-charts",
            invited=(invited or {}).get(value),
            day=day,
            unit=Unit(column, value, total),
            hidden=hidden,
        )
    return reports


def _csv_rows(path: Path, what: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV in any of the encodings and separators surveytui reads."""
    _, _, reader = read_table(path, what)
    header = [name.strip() for name in reader.fieldnames or []]
    rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    return header, rows


def read_invitations(path: str | Path, results: Sequence[Path]) -> InvitationCounts | None:
    """Invited and answered per unit (the invitations file's first column) when `path` is
    `serve`'s invitations file (it has a token column), else None. Who answered is read
    from each results file's answered file, by token; a missing one means nobody yet."""
    path = Path(path)
    header, rows = _csv_rows(path, "the invitations")
    if TOKEN not in header:
        return None
    column = header[0]
    if column == TOKEN:
        raise SurveyError(
            Problem("the invitations file needs a column of units before its tokens", str(path), 1)
        )
    invited: dict[str, int] = {}
    unit_of: dict[str, str] = {}
    for row in rows:
        unit = row.get(column, "")
        invited[unit] = invited.get(unit, 0) + 1
        if row.get(TOKEN):
            unit_of[row[TOKEN]] = unit
    answered: dict[str, int] = {}
    for answered_path in {ResultsFiles(result).answered for result in results}:
        if not answered_path.exists():
            continue
        _, done = _csv_rows(answered_path, "the answered invitations")
        for token in {row.get(TOKEN, "") for row in done} & unit_of.keys():
            answered[unit_of[token]] = answered.get(unit_of[token], 0) + 1
    return InvitationCounts(column, invited, answered)


def read_invited(path: str | Path) -> dict[str, int]:
    """Invited people per unit from a CSV of value and number (a header row is allowed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise SurveyError(
            Problem(f"cannot read the invited counts: {err.strerror}", str(path))
        ) from None
    except UnicodeDecodeError:
        raise SurveyError(
            Problem(
                "the invited counts are not UTF-8 text",
                str(path),
                hint="save the file as CSV UTF-8",
            )
        ) from None
    counts: dict[str, int] = {}
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:  # one column, or nothing: reported below as not two columns
        dialect = csv.excel
    for line, row in enumerate(csv.reader(text.splitlines(), dialect), start=1):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise SurveyError(
                Problem("expected two columns: a unit and how many were invited", str(path), line)
            )
        value, number = row[0].strip(), row[1].strip()
        if not number.isdigit():
            if line == 1:
                continue
            raise SurveyError(
                Problem(f"{number!r} is not a whole number of people", str(path), line)
            )
        if value in counts:
            raise SurveyError(Problem(f"{value!r} is given twice", str(path), line))
        counts[value] = int(number)
    if not counts:
        raise SurveyError(
            Problem(
                "no units in the file: write one unit and number per line, e.g. north,14", str(path)
            )
        )
    return counts
