"""Renderings of indicator values: terminal table, markdown, HTML, tidy CSV and JSON.

`render_indicators(values, fmt, lang=None)` with fmt one of `FORMATS`. Table, markdown and
HTML show the same `ReportDocument` (report/document.py): per indicator, what it measures and
its target, then a table of the total and each unit over the waves, each cell the value,
whether the target is met and n, and the change from the first wave. The tidy CSV, for
management information systems, has one row per indicator x unit x wave (`CSV_COLUMNS`;
`unit` is empty for the total; `suppressed` and `met` are 1, 0 or empty). Suppressed groups
show no number.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap

from tabulate import tabulate

from surveytui.analysis.indicators import IndicatorValues
from surveytui.analysis.results import IndicatorRow
from surveytui.errors import printable
from surveytui.model.indicators import Indicator
from surveytui.model.types import tr
from surveytui.report.blocks import Chart, Heading, Paragraph, ReportDocument, Table, to_markdown
from surveytui.report.charts import dot_chart
from surveytui.report.html import to_html
from surveytui.report.locale import Locale

FORMATS = ("table", "markdown", "csv", "json", "html")
CSV_COLUMNS = (
    "indicator",
    "text",
    "measure",
    "of",
    "unit",
    "wave",
    "suppressed",
    "respondents",
    "n",
    "value",
    "change",
    "change_from_first",
    "target",
    "direction",
    "met",
)
WIDTH = 100
MET = {True: "✓", False: "✗", None: ""}
WORDS = {
    "sv": {
        "total": "Totalt",
        "target": "Mål",
        "points": "%-enh.",
        "group": "Grupp",
        "change": "Förändring",
        "no_target": "inget mål",
        "at_least": "minst",
        "at_most": "högst",
        "scale": "medelvärde för skalan {of}",
        "mean": "medelvärde för {of}",
        "top2": "andel som svarat i de två högsta stegen på {of}",
        "yes": "andel som svarat ja på {of}",
        "line": "Mäter {measure}. Mål: {target}.",
        "intro": "Mättillfällen ({wave}): {waves}. ✓ målet nått, ✗ inte nått; n = antal "
        "svar. Tal som bygger på färre än {min_group} svarande visas inte (–), och "
        "inte heller de tal som annars skulle avslöja en mindre grupp.",
    },
    "da": {
        "total": "I alt",
        "target": "Mål",
        "points": "%-point",
        "group": "Gruppe",
        "change": "Ændring",
        "no_target": "intet mål",
        "at_least": "mindst",
        "at_most": "højst",
        "scale": "gennemsnit for skalaen {of}",
        "mean": "gennemsnit for {of}",
        "top2": "andel, der har svaret i de to øverste trin på {of}",
        "yes": "andel, der har svaret ja på {of}",
        "line": "Måler {measure}. Mål: {target}.",
        "intro": "Målinger ({wave}): {waves}. ✓ målet nået, ✗ ikke nået; n = antal svar. "
        "Tal, der bygger på færre end {min_group} besvarelser, vises ikke (–), og "
        "heller ikke de tal, der ellers ville afsløre en mindre gruppe.",
    },
    "en": {
        "total": "Total",
        "target": "Target",
        "points": "pp",
        "group": "Group",
        "change": "Change",
        "no_target": "none",
        "at_least": "at least",
        "at_most": "at most",
        "scale": "the mean of the scale {of}",
        "mean": "the mean of {of}",
        "top2": "the share answering in the top two steps of {of}",
        "yes": "the share answering yes to {of}",
        "line": "Measures {measure}. Target: {target}.",
        "intro": "Waves ({wave}): {waves}. ✓ target met, ✗ not met; n = number of answers. "
        "Numbers resting on fewer than {min_group} respondents are not shown (–), "
        "nor are those that would otherwise reveal a smaller group.",
    },
}


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def _value(locale: Locale, indicator: Indicator, value: float | None) -> str:
    if indicator.measure in ("top2", "yes"):
        return locale.percent(value)
    return locale.number(value)


def _change(locale: Locale, words: dict[str, str], indicator: Indicator, value: float) -> str:
    """A change: percentage points for shares, else the measure's own unit."""
    if indicator.measure in ("top2", "yes"):
        return f"{locale.number(value, 0)} {words['points']}"
    return locale.number(value)


def _target(locale: Locale, words: dict[str, str], indicator: Indicator) -> str:
    target = indicator.target
    if target is None:
        return words["no_target"]
    text = f"{words[target.direction]} {_value(locale, indicator, target.value)}"
    units = ", ".join(
        f"{unit} {_value(locale, indicator, goal)}" for unit, goal in target.units.items()
    )
    return f"{text} ({units})" if units else text


def _range(values: IndicatorValues, indicator: Indicator) -> tuple[int, int] | None:
    """The scale an indicator's value lies on (0-100 for shares), None for a number's mean."""
    if indicator.measure in ("top2", "yes"):
        return 0, 100
    questionnaire = values.spec.questionnaires[indicator.source.questionnaire]
    scale = questionnaire.scale(indicator.of)
    item = questionnaire.item(scale.items[0] if scale else indicator.of)
    return None if item is None else (item.min, item.max)


def _chart(
    values: IndicatorValues,
    indicator: Indicator,
    rows: list[IndicatorRow],
    name: str,
    locale: Locale,
    words: dict[str, str],
) -> Chart | None:
    """Each group's value in the last wave as a dot on the indicator's scale, the target a
    dashed line and a unit's target of its own a mark across its row."""
    bounds = _range(values, indicator)
    if bounds is None or not values.waves:
        return None
    wave = values.waves[-1]
    target = indicator.target
    last = [row for row in rows if row.wave == wave]
    marks = [
        target.units.get(row.unit) if target is not None and row.unit is not None else None
        for row in last
    ]
    dots = [
        (
            words["total"]
            if row.unit is None
            else row.unit
            if mark is None
            else f"{row.unit} ({words['target'].lower()} {_value(locale, indicator, mark)})",
            row.value,
            _value(locale, indicator, row.value),
        )
        for row, mark in zip(last, marks)
    ]
    reference = (
        None
        if target is None
        else (f"{words['target']} {_value(locale, indicator, target.value)}", target.value)
    )
    title = f"{name}, {wave}"
    desc = "; ".join(f"{label}: {text}" for label, _, text in dots)
    chart_id = f"chart-{indicator.id}"
    return Chart(
        chart_id,
        dot_chart(chart_id, title, desc, dots, *bounds, reference, marks),
        f"{title}. {desc}",
    )


def indicator_document(
    values: IndicatorValues, lang: str | None = None, charts: bool = False
) -> ReportDocument:
    """The indicators as report blocks: per indicator a line on it and a table over waves,
    and with `charts` the last wave's values of every group against the target."""
    spec = values.spec
    lang = lang or spec.languages[0]
    locale, words = Locale(lang), _words(lang)
    document = ReportDocument(tr(spec.title, lang, spec.id), lang)
    document.blocks.append(
        Paragraph(
            words["intro"].format(
                wave=spec.wave, waves=", ".join(values.waves), min_group=spec.min_group
            )
        )
    )
    for indicator in spec.indicators:
        rows = [row for row in values.rows if row.indicator == indicator.id]
        name = tr(indicator.text, lang)
        document.blocks.append(Heading(2, f"{name} ({indicator.id})"))
        measure = words[indicator.measure].format(of=indicator.of)
        document.blocks.append(
            Paragraph(
                words["line"].format(measure=measure, target=_target(locale, words, indicator))
            )
        )
        table_rows = []
        for unit in dict.fromkeys(row.unit for row in rows):
            series = [row for row in rows if row.unit == unit]
            cells = [words["total"] if unit is None else unit]
            for row in series:
                if row.value is None:
                    cells.append("–")
                else:
                    mark = MET[row.met]
                    cells.append(
                        f"{_value(locale, indicator, row.value)}"
                        f"{' ' + mark if mark else ''} (n {row.n})"
                    )
            last = [row.change_from_first for row in series if row.change_from_first is not None]
            change = _change(locale, words, indicator, last[-1]) if last else "–"
            cells.append(change if change == "–" or change.startswith("-") else f"+{change}")
            table_rows.append(cells)
        document.blocks.append(Table([words["group"], *values.waves, words["change"]], table_rows))
        chart = _chart(values, indicator, rows, name, locale, words) if charts else None
        if chart is not None:
            document.blocks.append(chart)
    return document


def _terminal(document: ReportDocument) -> str:
    """The document as plain text for a terminal: underlined headings, wrapped lines, tables,
    with control characters replaced so that no text or unit name can drive the terminal."""
    out = [document.title, "=" * len(document.title), ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += [block.text, "-" * len(block.text)]
        elif isinstance(block, Paragraph):
            out += textwrap.wrap(block.text, WIDTH)
        elif isinstance(block, Table):
            out.append(
                tabulate(
                    block.rows,
                    block.headers,
                    tablefmt="simple",
                    colalign=("left",) + ("right",) * (len(block.headers) - 1),
                    disable_numparse=True,
                )
            )
        out.append("")
    return printable("\n".join(out).rstrip("\n") + "\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_csv(values: IndicatorValues, lang: str | None = None) -> str:
    """The tidy CSV: one row per indicator x unit x wave, for management information systems."""
    lang = lang or values.spec.languages[0]
    indicators = {i.id: i for i in values.spec.indicators}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in values.rows:
        indicator = indicators[row.indicator]
        cells = {
            **row.to_dict(),
            "text": tr(indicator.text, lang),
            "measure": indicator.measure,
            "of": indicator.of,
        }
        writer.writerow([_cell(cells[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def render_indicators(values: IndicatorValues, fmt: str, lang: str | None = None) -> str:
    """The indicator values in one of FORMATS; lang picks the texts (default: the file's first)."""
    if fmt == "json":
        return json.dumps(values.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt == "csv":
        return render_csv(values, lang)
    if fmt == "html":
        return to_html(indicator_document(values, lang, charts=True))
    document = indicator_document(values, lang)
    if fmt == "markdown":
        return to_markdown(document)[0]
    return _terminal(document)
