"""Indicator values are analyze's numbers per wave and unit, suppressed, compared with targets;
golden output of the bundled file on the committed example.

Regenerate the golden files after an intended change by running it with
SURVEYTUI_UPDATE_GOLDEN=1, and read the diff before committing it.
"""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from golden_helpers import golden
from surveytui.analysis import analyze
from surveytui.analysis.indicators import indicator_values
from surveytui.cli import main
from surveytui.model.indicators import load_indicators
from surveytui.report.indicators import CSV_COLUMNS, render_indicators

ROOT = Path(__file__).parent.parent
BUNDLED = ROOT / "indicators" / "collaboration.yaml"
EXAMPLE = ROOT / "results" / "collaboration-indicators-v1-example.csv"
GOLDEN_FORMATS = {"table": "txt", "csv": "csv", "markdown": "md"}
WAVES = ["2025-2", "2026-1", "2026-2"]


@pytest.fixture(scope="module")
def values():
    return indicator_values(load_indicators(BUNDLED), [EXAMPLE])


def row(values, indicator, unit, wave):
    return next(
        r for r in values.rows if (r["indicator"], r["unit"], r["wave"]) == (indicator, unit, wave)
    )


@pytest.mark.parametrize(
    ("indicator", "unit", "wave", "field", "target"),
    [
        ("shared_goals", "north", "2026-2", "mean", "shared_goals"),
        ("goals_known", "south", "2025-2", "top2_pct", "goals_known"),
        ("information_stuck", None, "2026-1", "top2_pct", "info_stuck"),
        ("overall_grade", None, "2026-2", "mean", "overall_grade"),
    ],
)
def test_values_are_what_analyze_gives_for_that_group(values, indicator, unit, wave, field, target):
    filters = {"wave": wave, **({"unit": unit} if unit else {})}
    analysis = analyze(EXAMPLE, filters=filters)
    expected = analysis.scale(target) or analysis.item(target)
    found = row(values, indicator, unit, wave)
    assert found["value"] == pytest.approx(expected[field])
    assert found["n"] == expected["n"] and found["respondents"] == analysis.n_responses


def test_changes_follow_the_waves(values):
    series = [row(values, "joint_follow_up", "north", w) for w in WAVES]
    assert series[0]["change"] is None and series[0]["change_from_first"] is None
    assert series[1]["change"] == pytest.approx(series[1]["value"] - series[0]["value"])
    assert series[2]["change"] == pytest.approx(series[2]["value"] - series[1]["value"])
    assert series[2]["change_from_first"] == pytest.approx(series[2]["value"] - series[0]["value"])
    assert series[2]["change_from_first"] > 0.8


def test_small_unit_and_the_next_smallest_are_suppressed(values):
    for unit in ("harbour", "east"):
        for wave in WAVES:
            hidden = row(values, "shared_goals", unit, wave)
            assert hidden["suppressed"] and hidden["value"] is None
            assert hidden["n"] is None and hidden["respondents"] is None and hidden["met"] is None
    assert not row(values, "shared_goals", "west", "2026-1")["suppressed"]


def test_targets_per_unit_and_direction(values):
    north = row(values, "joint_follow_up", "north", "2026-2")
    assert north["target"] == 3.2 and north["met"] is (north["value"] >= 3.2) is True
    south = row(values, "joint_follow_up", "south", "2026-2")
    assert south["target"] == 3.0 and south["met"] is (south["value"] >= 3.0)
    for wave in WAVES:
        stuck = row(values, "information_stuck", None, wave)
        assert stuck["direction"] == "at_most" and stuck["met"] is (stuck["value"] <= 25)


def test_tidy_csv_has_one_row_per_indicator_unit_and_wave(values):
    rows = list(csv.DictReader(io.StringIO(render_indicators(values, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    per_unit = 7 * (1 + 5) * 3  # seven indicators for the total and five units
    assert len(rows) == per_unit + 3  # overall_grade only for the total
    keys = [(r["indicator"], r["unit"], r["wave"]) for r in rows]
    assert len(set(keys)) == len(keys)
    assert {r["met"] for r in rows} == {"0", "1", ""}
    assert all(r["value"] == "" for r in rows if r["suppressed"] == "1")


def test_json_has_no_nan_and_lists_every_value(values):
    document = json.loads(render_indicators(values, "json"))
    assert document["waves"] == WAVES
    assert document["units"] == ["east", "harbour", "north", "south", "west"]
    assert sum(len(i["values"]) for i in document["indicators"]) == len(values.rows)
    json.dumps(document, allow_nan=False)


def test_html_is_one_page_with_a_table_per_indicator(values):
    html = render_indicators(values, "html", "en")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert html.count("<table>") == len(values.spec.indicators)
    assert "Shared goals (shared_goals)" in html
    assert html.count("<svg") == len(values.spec.indicators)
    joint = html[html.index('id="chart-joint_follow_up"') :]
    joint = joint[: joint.index("</svg>")]
    north = row(values, "joint_follow_up", "north", "2026-2")
    assert f"north (target 3.20): {north['value']:.2f}" in joint and "harbour: –" in joint
    assert "Target 3.00" in joint


def test_no_results_file_is_located_in_the_indicator_file(tmp_path, capsys):
    text = (
        BUNDLED.read_text(encoding="utf-8")
        .replace("../results/collaboration-indicators-v*.csv", str(tmp_path / "none-*.csv"))
        .replace("../questionnaires/", str(ROOT / "questionnaires") + "/")
    )
    path = tmp_path / "ind.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["indicators", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:") and "no results files match" in err


def render(fmt: str) -> str:
    return render_indicators(indicator_values(load_indicators(BUNDLED), [EXAMPLE]), fmt)


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_bundled_indicators_match_golden(fmt):
    golden(f"indicators-collaboration.{GOLDEN_FORMATS[fmt]}", render(fmt))


def test_cli_writes_what_the_renderer_gives(tmp_path, capsys):
    out = tmp_path / "ind.csv"
    assert (
        main(
            [
                "indicators",
                str(BUNDLED),
                "--results",
                str(EXAMPLE),
                "--format",
                "csv",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert out.read_text(encoding="utf-8") == render("csv")
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_target_for_a_unit_nobody_names_is_a_problem(tmp_path):
    text = BUNDLED.read_text(encoding="utf-8").replace("units: {north: 3.2}", "units: {nort: 3.2}")
    text = text.replace("../questionnaires/", str(ROOT / "questionnaires") + "/")
    path = tmp_path / "ind.yaml"
    path.write_text(text, encoding="utf-8")
    values = indicator_values(load_indicators(path), [EXAMPLE])
    [problem] = values.problems
    assert str(problem).startswith(f"{path}:")
    assert "target for nort, which no response names as its unit" in str(problem)


def test_a_unit_with_a_target_of_its_own_has_it_drawn_on_its_row(values):
    """north's target is 3.2, the others' 3.0 (the dashed line): north's row has a mark of
    its own, placed on the scale as its dot is, and the text alternative names it."""
    target = next(i for i in values.spec.indicators if i.id == "joint_follow_up").target
    assert target.units == {"north": 3.2} and target.value == 3.0
    html = render_indicators(values, "html", "en")
    svg = re.search(r'<svg [^>]*id="chart-joint_follow_up".*?</svg>', html, re.S).group(0)
    marks = re.findall(r'<line class="unit-target" x1="([\d.]+)"', svg)
    assert len(marks) == 1
    general = float(re.search(r'<line x1="([\d.]+)"[^>]*stroke-dasharray', svg).group(1))
    north = row(values, "joint_follow_up", "north", "2026-2")
    dot = float(
        re.findall(r'<circle cx="([\d.]+)"', svg)[
            [
                r["unit"]
                for r in values.rows
                if r["indicator"] == "joint_follow_up"
                and r["wave"] == "2026-2"
                and r["value"] is not None
            ].index("north")
        ]
    )
    assert (float(marks[0]) - general) / (dot - general) == pytest.approx(
        (3.2 - 3.0) / (north["value"] - 3.0), abs=1e-3
    )
    assert "north (target 3.20)" in svg
