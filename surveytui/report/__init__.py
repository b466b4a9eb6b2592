"""Renderings of an Analysis: table (terminal), markdown, tidy csv and the JSON contract.

`render(analysis, fmt, lang=None) -> str` with fmt one of `FORMATS`; the per-format
functions are in `text.py` (table, markdown) and `data.py` (json, csv);
`render_analysis` adds the waves and pairs after it, as `analyze` prints them;
`write_output(path, text)` writes one to a file made 0600. The written report (HTML or
markdown with charts, what `surveytui report` writes, what the review screen writes) is
`render_report(analysis_or_dataset, lang, fmt, ...)` from `written.py`.
"""

from __future__ import annotations

from pathlib import Path

from surveytui.analysis import Analysis
from surveytui.report.data import render_csv, render_json
from surveytui.report.followup import render_followup
from surveytui.report.text import render_markdown, render_table
from surveytui.report.written import RenderedReport, render_report
from surveytui.store import write_atomic

FORMATS = ("table", "markdown", "csv", "json")


def render(analysis: Analysis, fmt: str, lang: str | None = None) -> str:
    """The analysis in one of FORMATS; lang picks the questionnaire texts (table, markdown)."""
    if fmt == "json":
        return render_json(analysis)
    if fmt == "csv":
        return render_csv(analysis)
    if fmt == "markdown":
        return render_markdown(analysis, lang)
    return render_table(analysis, lang)


def render_analysis(analysis: Analysis, fmt: str, lang: str | None = None) -> str:
    """What `analyze` writes: `render(...)`, then the waves and pairs when there are any."""
    return render(analysis, fmt, lang) + render_followup(analysis, fmt, lang)


def write_output(path: Path, text: str) -> None:
    """Write a rendering to a file readable by its owner only (results are personal data),
    replacing any file there, so that an existing file's wider mode is not kept."""
    write_atomic(path, text.encode("utf-8"))


__all__ = [
    "FORMATS",
    "RenderedReport",
    "render",
    "render_analysis",
    "render_csv",
    "render_json",
    "render_markdown",
    "render_report",
    "render_table",
    "write_output",
]
