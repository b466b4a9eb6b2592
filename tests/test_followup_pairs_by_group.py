"""Paired change per group (`--pair-by` with `--by`), against numbers computed here from the
results file with the csv module and scipy, and as an attacker against the disclosure gate."""

import csv
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from scipy import stats as sps

from analysis_helpers import write_results
from surveytui.analysis import analyze
from surveytui.disclosure import Gate, Reason
from surveytui.tui.review.views import PairsView

CLIENTS = Path(__file__).parent.parent / "questionnaires" / "client-follow-up.yaml"
ITEMS = ("housing", "economy", "occupation", "physical", "mental", "relations", "safety")


def person(code, unit, wave, level):
    return {
        "client_code": code,
        "unit": unit,
        "wave": wave,
        **{f"sit_{name}": str(level) for name in ITEMS},
    }


def paired(unit, count, start=None):
    """`count` people of a unit answering at both waves, and `start` answering at the
    start (default: the same people)."""
    prefix = unit.upper()
    return [person(f"{prefix}{i}", unit, "start", 1 + i % 3) for i in range(start or count)] + [
        person(f"{prefix}{i}", unit, "follow_up", 2 + i % 4) for i in range(count)
    ]


def results(tmp_path, rows):
    return write_results(tmp_path / "c.csv", rows, CLIENTS, tags=("unit", "wave"))


def run(path):
    return analyze(
        path, by="unit", wave="wave", wave_order=["start", "follow_up"], pair_by="client_code"
    )


def by_csv(path, unit, column):
    """Each code's answer at start and at follow-up in one unit, read with the csv module."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = [r for r in csv.DictReader(file) if r["unit"] == unit and r[column]]
    start = {r["client_code"]: float(r[column]) for r in rows if r["wave"] == "start"}
    later = {r["client_code"]: float(r[column]) for r in rows if r["wave"] == "follow_up"}
    codes = sorted(set(start) & set(later))
    return np.array([start[c] for c in codes]), np.array([later[c] for c in codes])


def group(pairs, value):
    level = next(lv for lv in pairs["groups"]["levels"] if lv["value"] == value)
    [comparison] = level["comparisons"]
    return level, comparison


def target(comparison, name):
    return next(t for t in comparison["targets"] if t["target"] == name)


def test_each_group_gets_its_paired_change(tmp_path):
    path = results(tmp_path, paired("a", 12) + paired("c", 10))
    pairs = run(path).to_dict()["pairs"]
    assert pairs["groups"]["by"] == "unit"
    assert [lv["value"] for lv in pairs["groups"]["levels"]] == ["a", "c"]
    for unit in ("a", "c"):
        before, after = by_csv(path, unit, "sit_mental")
        level, comparison = group(pairs, unit)
        assert not level["suppressed"] and comparison["n_pairs"] == len(before)
        mental = target(comparison, "sit_mental")
        assert mental["hidden"] is None and mental["n"] == len(before)
        assert mental["mean_before"] == pytest.approx(before.mean())
        assert mental["mean_after"] == pytest.approx(after.mean())
        assert mental["mean_change"] == pytest.approx((after - before).mean())
        assert mental["p"] == pytest.approx(sps.wilcoxon(after - before).pvalue)
    everyone = target(pairs["comparisons"][0], "sit_mental")
    assert everyone["n"] == 22  # the pairs of everyone are unchanged


def test_a_group_with_one_unpaired_person_does_not_publish_its_pairs(tmp_path):
    """b: 6 answered at the start, 5 of them again. Its 5 pairs' mean before next to its
    6 start answers would give the sixth person's answer, directly or by subtracting the
    other groups' pairs from everyone's."""
    path = results(tmp_path, paired("a", 12) + paired("b", 5, start=6) + paired("c", 10))
    before, _ = by_csv(path, "b", "sit_mental")
    assert len(before) == 5
    analysis = run(path)
    start = next(lv for lv in analysis.waves["levels"] if lv["value"] == "start")
    assert start["items"]["sit_mental"]["n"] == 28  # the waves are shown
    pairs = analysis.to_dict()["pairs"]
    _level, comparison = group(pairs, "b")
    for name in (f"sit_{item}" for item in ITEMS):
        entry = target(comparison, name)
        assert entry["mean_before"] is None and entry["mean_change"] is None
        assert entry["hidden"] == "complement"
    everyone = pairs["comparisons"][0]
    for name in (f"sit_{item}" for item in ITEMS):
        others = [target(group(pairs, unit)[1], name) for unit in ("a", "c")]
        if target(everyone, name)["mean_before"] is not None:
            assert any(o["mean_before"] is None for o in others), name


def test_a_small_group_hides_the_next_smallest(tmp_path):
    path = results(tmp_path, paired("a", 12) + paired("b", 3) + paired("c", 10))
    pairs = run(path).to_dict()["pairs"]
    assert target(group(pairs, "b")[1], "sit_mental")["hidden"] == "small"
    assert target(group(pairs, "c")[1], "sit_mental")["hidden"] == "complement"
    assert target(group(pairs, "c")[1], "sit_mental")["mean_before"] is None
    before, _ = by_csv(path, "a", "sit_mental")
    assert target(group(pairs, "a")[1], "sit_mental")["mean_before"] == pytest.approx(before.mean())


def test_the_review_shows_each_group_and_no_hidden_number(tmp_path):
    path = results(tmp_path, paired("a", 12) + paired("b", 3) + paired("c", 10))
    console = Console(width=100, record=True, color_system=None)
    console.print(PairsView(run(path).pairs, "sit_mental"))
    text = console.export_text()
    before, after = by_csv(path, "a", "sit_mental")
    line = next(line for line in text.splitlines() if line.strip().startswith("a: "))
    assert f"{before.mean():.2f}" in line and f"{(after - before).mean():+.2f}" in line
    for unit in ("b", "c"):
        line = next(line for line in text.splitlines() if line.strip().startswith(f"{unit}: "))
        assert not any(ch.isdigit() for ch in line.replace("under 5", "")), line


def test_the_hidden_parts_together_obey_the_rule_against_their_sets():
    """b (5 of 6) is hidden against its own cell; b alone would then follow from the whole
    minus a and c, so c goes too; b and c together (15 of 16) would follow as well, so a
    goes too. Had 15 of c answered at the start, b and c together (15 of 21) may stand, and
    a is shown."""
    gate = Gate(5)
    sizes = {"a": 12, "b": 5, "c": 10, None: 0}
    tight = {"a": [12, 12, 24], "b": [6, 5, 11], "c": [10, 10, 20], None: [0, 0, 0]}
    assert set(gate.partition_within(sizes, tight, {None: Reason.SMALL})) == {"a", "b", "c", None}
    loose = {**tight, "c": [15, 10, 25]}
    assert set(gate.partition_within(sizes, loose, {None: Reason.SMALL})) == {"b", "c", None}


def test_a_view_narrowed_to_one_item_keeps_only_its_pairs_per_group(tmp_path):
    pairs = run(results(tmp_path, paired("a", 12) + paired("c", 10))).select(["situation"]).pairs
    for level in pairs["groups"]["levels"]:
        assert {t["target"] for c in level["comparisons"] for t in c["targets"]} == {
            f"sit_{item}" for item in ITEMS
        }


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_table_and_markdown_show_each_group_and_no_hidden_number(tmp_path, fmt):
    from surveytui.report import render_analysis

    path = results(tmp_path, paired("a", 12) + paired("b", 3) + paired("c", 10))
    text = render_analysis(run(path), fmt)
    part = text[text.index("per unit") :]
    before, after = by_csv(path, "a", "sit_mental")
    a = part[part.index("unit a") : part.index("unit b")]
    line = next(line for line in a.splitlines() if "mental" in line)
    assert f"{before.mean():.2f}" in line and f"{(after - before).mean():.2f}" in line
    for unit, end in (("b", "unit c"), ("c", None)):
        block = part[part.index(f"unit {unit}") : part.index(end) if end else None]
        shown = block.replace("under 5", "").replace("fewer than 5", "")
        assert not any(ch.isdigit() for ch in shown), block


def test_waves_that_nobody_links_give_groups_no_pairs_as_everyone(tmp_path):
    rows = [person(f"X{i}", "a", "start", 2) for i in range(6)] + [
        person(f"Y{i}", "a", "follow_up", 3) for i in range(6)
    ]
    pairs = run(results(tmp_path, rows)).to_dict()["pairs"]
    _level, comparison = group(pairs, "a")
    assert comparison["n_pairs"] == pairs["comparisons"][0]["n_pairs"] == 0
    assert all(t["n"] == 0 and t["mean_before"] is None for t in comparison["targets"])


def test_the_tidy_csv_has_each_groups_paired_change(tmp_path):
    from surveytui.report import render_analysis

    path = results(tmp_path, paired("a", 12) + paired("b", 3) + paired("c", 10))
    rows = list(csv.DictReader(render_analysis(run(path), "csv").splitlines()))
    mine = [r for r in rows if r["kind"] == "group pair item" and r["target"] == "sit_mental"]
    numbers = {(r["group"], r["statistic"]): r["value"] for r in mine}
    assert {r["by"] for r in mine} == {"unit"} and {r["key"] for r in mine} == {"start..follow_up"}
    before, after = by_csv(path, "a", "sit_mental")
    assert float(numbers["a", "n"]) == len(before)
    assert float(numbers["a", "mean_before"]) == pytest.approx(before.mean())
    assert float(numbers["a", "mean_change"]) == pytest.approx((after - before).mean())
    assert float(numbers["a", "p"]) == pytest.approx(sps.wilcoxon(after - before).pvalue)
    # b is too small, and c would give it away: their rows say why, with no number
    assert numbers["b", "hidden"] == "small" and numbers["c", "hidden"] == "complement"
    for unit in ("b", "c"):
        assert [v for (g, s), v in numbers.items() if g == unit and s != "hidden"] == [""] * 8


def test_the_written_report_has_each_groups_paired_change(tmp_path):
    from surveytui.report.written import render_report

    path = results(tmp_path, paired("a", 12) + paired("b", 3) + paired("c", 10))
    text = render_report(run(path), lang="en", fmt="markdown").text
    part = text[text.index("The same people before and after, per unit") :]
    before, after = by_csv(path, "a", "sit_mental")
    a = part[part.index("| a · start – follow") : part.index("| b ·")]
    line = next(line for line in a.splitlines() if "mental" in line.lower())
    assert f"{before.mean():.2f}" in line and f"+{(after - before).mean():.2f}" in line
    rest = part[part.index("| b ·") :].split("\n#")[0]
    assert not any(ch.isdigit() for ch in rest.replace("5 pairs", "")), rest
