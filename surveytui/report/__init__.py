"""Renderings of an Analysis: table (terminal), markdown, tidy csv and the JSON contract.

`render(analysis, fmt, lang=None) -> str` with fmt one of `FORMATS`; the per-format
functions are in `text.py` (table, markdown) and `data.py` (json, csv).
"""

from __future__ import annotations

from surveytui.analysis import Analysis
from surveytui.report.data import render_csv, render_json
from surveytui.report.text import render_markdown, render_table

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


__all__ = ["FORMATS", "render", "render_csv", "render_json", "render_markdown", "render_table"]
