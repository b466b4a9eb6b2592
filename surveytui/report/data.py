"""The machine-readable renderings of an Analysis: the JSON contract and a tidy CSV.

The tidy CSV has one row per target x statistic x group, with the columns `by`, `group`,
`target`, `kind` (item, scale or test), `statistic`, `key` (a code, choice or item where
the statistic has one) and `value`; totals have an empty `by` and `group`. Free-text
answers are not in it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from surveytui.analysis import Analysis
from surveytui.analysis.results import ItemResult, Result, ScaleResult

TIDY_COLUMNS = ("by", "group", "target", "kind", "statistic", "key", "value")
# The JSON keys that are not numbers (texts, ids, labels), left out of the tidy CSV.
_SKIP = ("id", "type", "matrix", "versions", "answers", "other", "items", "labels")


def render_json(analysis: Analysis) -> str:
    """`analyze --format json`: Analysis.to_dict(), never NaN or infinity."""
    return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def csv_value(value: Any) -> str:
    """A number, reason or text as a tidy CSV cell (None is empty, floats in full)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(float(value))  # numpy's float64 is a float whose repr names numpy
    return str(value)


def stat_rows(result: Result) -> Iterator[tuple[str, str, Any]]:
    """(statistic, key, value) for every number of one item, scale or cell, named by its
    JSON key."""
    for name, value in result.to_dict().items():
        if name in _SKIP:
            continue
        if isinstance(value, dict):
            for key, inner in value.items():
                yield name, key, inner
        elif isinstance(value, list):
            yield f"{name}_low", "", value[0]
            yield f"{name}_high", "", value[1]
        elif value is None and name.endswith("ci95"):
            yield f"{name}_low", "", None
            yield f"{name}_high", "", None
        else:
            yield name, "", value


def tidy_rows(analysis: Analysis) -> Iterator[tuple[str | None, ...]]:
    """The tidy CSV's rows, without the header."""
    entries: list[ItemResult | ScaleResult] = [*analysis.items, *analysis.scales]
    for entry in entries:
        kind = "scale" if isinstance(entry, ScaleResult) else "item"
        for statistic, key, value in stat_rows(entry):
            yield "", "", entry.id, kind, statistic, key, csv_value(value)
    groups = analysis.groups
    if groups is None:
        return
    by = groups.by
    for level in groups.levels:
        yield by, level.value, "", "group", "n", "", csv_value(level.n)
        yield by, level.value, "", "group", "hidden", "", csv_value(level.hidden)
        for kind, cells in (("item", level.item_cells), ("scale", level.scale_cells)):
            for target, cell in cells.items():
                for statistic, _, value in stat_rows(cell):
                    yield by, level.value, target, kind, statistic, "", csv_value(value)
    for test in groups.tests:
        for statistic, value in (
            ("statistic", test.statistic),
            ("p", test.p),
            (test.effect.name, test.effect.value),
        ):
            yield by, "", test.target, "test", statistic, test.test, csv_value(value)


def render_csv(analysis: Analysis) -> str:
    """The tidy CSV (comma-separated, `\\n` line ends) for R and Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    writer.writerows(tidy_rows(analysis))
    return out.getvalue()
