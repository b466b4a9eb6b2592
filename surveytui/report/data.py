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

TIDY_COLUMNS = ("by", "group", "target", "kind", "statistic", "key", "value")
_SKIP = ("id", "type", "matrix", "versions", "answers", "other", "items", "labels")


def render_json(analysis: Analysis) -> str:
    """`analyze --format json`: Analysis.to_dict(), never NaN or infinity."""
    return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(float(value))  # numpy's float64 is a float whose repr names numpy
    return str(value)


def stat_rows(stats: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(statistic, key, value) for every number in one item or scale dict."""
    for name, value in stats.items():
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


def tidy_rows(analysis: Analysis) -> Iterator[tuple[str, ...]]:
    """The tidy CSV's rows, without the header."""
    for kind, entries in (("item", analysis.items), ("scale", analysis.scales)):
        for entry in entries:
            for statistic, key, value in stat_rows(entry):
                yield "", "", entry["id"], kind, statistic, key, _cell(value)
    groups = analysis.groups
    if groups is None:
        return
    by = groups["by"]
    for level in groups["levels"]:
        yield by, level["value"], "", "group", "n", "", _cell(level["n"])
        yield by, level["value"], "", "group", "hidden", "", _cell(level["hidden"])
        for kind, block in (("item", level["items"]), ("scale", level["scales"])):
            for target, values in block.items():
                for statistic, value in values.items():
                    yield by, level["value"], target, kind, statistic, "", _cell(value)
    for test in groups["tests"]:
        for statistic, value in (
            ("statistic", test["statistic"]),
            ("p", test["p"]),
            (test["effect"]["name"], test["effect"]["value"]),
        ):
            yield by, "", test["target"], "test", statistic, test["test"], _cell(value)


def render_csv(analysis: Analysis) -> str:
    """The tidy CSV (comma-separated, `\\n` line ends) for R and Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    writer.writerows(tidy_rows(analysis))
    return out.getvalue()
