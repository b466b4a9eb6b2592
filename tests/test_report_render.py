"""Renderings of the example results: golden files, and their numbers checked independently.

The JSON's numbers are checked against pandas and scipy called directly on the CSV; the
table, markdown and csv goldens are checked against the JSON. Regenerate the goldens with
SURVEYTUI_UPDATE_GOLDEN=1 after a deliberate change, and read the diff (golden_helpers.py).
"""

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from golden_helpers import golden
from surveytui.analysis import analyze
from surveytui.report import render

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "results" / "seminar-feedback-v1-example.csv"
FORMATS = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json"}
LIKERT = [
    "relevant_work",
    "relevant_goals",
    "relevant_practice",
    "use_can",
    "use_will",
    "use_share",
    "learnt_new",
    "learnt_deeper",
    "learnt_known",
]


@pytest.fixture(scope="module")
def analysis():
    return analyze([EXAMPLE], by="seminar")


@pytest.fixture(scope="module")
def raw():
    return pd.read_csv(EXAMPLE, na_values=["na"], keep_default_na=False, dtype={"seminar": str})


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(analysis, fmt):
    golden(f"analyze-seminar-feedback.{FORMATS[fmt]}", render(analysis, fmt, "en"))


def test_json_items_against_pandas(analysis, raw):
    for item_id in LIKERT + ["grade"]:
        values = pd.to_numeric(raw[item_id].replace("", np.nan)).dropna()
        item = analysis.item(item_id)
        assert item["n"] == len(values)
        assert item["mean"] == pytest.approx(values.mean(), abs=1e-12)
        assert item["sd"] == pytest.approx(values.std(), abs=1e-12)
        assert item["median"] == values.median()
        counts = values.value_counts()
        assert item["counts"] == {k: int(counts.get(float(k), 0)) for k in item["counts"]}


def test_json_scales_against_pandas(analysis, raw):
    for scale in analysis.questionnaire.scales:
        items = raw[scale.items].apply(lambda c: pd.to_numeric(c.replace("", np.nan)))
        for item_id in scale.items:
            item = analysis.questionnaire.item(item_id)
            if item.reverse:
                items[item_id] = item.min + item.max - items[item_id]
        cov = items.cov().to_numpy()
        k = len(scale.items)
        alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
        got = analysis.scale(scale.id)
        assert got["alpha"] == pytest.approx(alpha, abs=1e-12)
        n = len(raw)
        low = 1 - (1 - alpha) * sps.f.ppf(0.975, n - 1, (n - 1) * (k - 1))
        assert got["alpha_ci95"][0] == pytest.approx(low, abs=1e-12)
        scores = items.mean(axis=1)[items.notna().sum(axis=1) >= scale.required_items()]
        assert got["n"] == len(scores)
        assert got["mean"] == pytest.approx(scores.mean(), abs=1e-12)


def test_json_group_tests_against_scipy(analysis, raw):
    groups = analysis.groups
    assert all(not lv["suppressed"] for lv in groups["levels"])
    for item_id in LIKERT:
        values = pd.to_numeric(raw[item_id].replace("", np.nan))
        vectors = [
            values[raw["seminar"] == lv["value"]].dropna().to_numpy() for lv in groups["levels"]
        ]
        h, p = sps.kruskal(*vectors)
        test = next(t for t in groups["tests"] if t["target"] == item_id)
        assert test["test"] == "kruskal-wallis"
        assert test["statistic"] == pytest.approx(h, rel=1e-12)
        assert test["p"] == pytest.approx(p, rel=1e-9)


def test_json_is_the_analysis_and_has_no_nan(analysis):
    text = render(analysis, "json")
    assert json.loads(text) == json.loads(json.dumps(analysis.to_dict()))
    assert "NaN" not in text and "Infinity" not in text


def test_table_fits_and_shows_the_json_numbers(analysis):
    text = render(analysis, "table", "en")
    assert max(len(line) for line in text.splitlines()) <= 100
    for item_id in LIKERT:
        item = analysis.item(item_id)
        line = next(row for row in text.splitlines() if row.startswith(item_id + " "))
        assert f"{item['mean']:.2f}" in line and f"{item['sd']:.2f}" in line
    relevance = analysis.scale("relevance")
    line = next(row for row in text.splitlines() if row.startswith("relevance "))
    assert f"{relevance['alpha']:.2f}" in line
    assert "Good" not in text  # no free-text answers in the terse table


def test_markdown_lists_free_text(analysis):
    text = render(analysis, "markdown", "en")
    for answer in analysis.item("best")["answers"][:5]:
        assert " ".join(answer.split()) in text


def test_csv_is_tidy_and_matches_the_json(analysis):
    rows = list(csv.DictReader(io.StringIO(render(analysis, "csv"))))
    assert list(rows[0]) == ["by", "group", "target", "kind", "statistic", "key", "value"]

    def value(**where):
        found = [r for r in rows if all(r[k] == v for k, v in where.items())]
        assert len(found) == 1, where
        return found[0]["value"]

    item = analysis.item("use_can")
    assert float(value(target="use_can", group="", statistic="mean")) == item["mean"]
    assert (
        int(value(target="use_can", group="", statistic="counts", key="3")) == item["counts"]["3"]
    )
    scale = analysis.scale("usefulness")
    assert float(value(target="usefulness", statistic="alpha_ci95_low")) == scale["alpha_ci95"][0]
    level = analysis.groups["levels"][0]
    assert (
        float(value(target="use_can", group=level["value"], statistic="mean"))
        == level["items"]["use_can"]["mean"]
    )
    test = next(t for t in analysis.groups["tests"] if t["target"] == "use_can")
    assert float(value(target="use_can", kind="test", statistic="p")) == test["p"]
