"""Waves and paired change against scipy, hand computation and a published example."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from analysis_helpers import write_results
from surveytui.analysis import analyze, load_dataset, scale_scores
from surveytui.analysis.followup import (
    jonckheere_terpstra,
    paired_stats,
    paired_test,
    wave_labels,
    wave_stats,
)
from surveytui.cli import main
from surveytui.errors import SurveyError

ROOT = Path(__file__).parent.parent
CLIENTS = ROOT / "questionnaires" / "client-follow-up.yaml"
HAMILTON = Path(__file__).parent / "data" / "followup" / "hamilton-depression.csv"


def signed_rank_sums(changes):
    """T+ and T- by hand: midranks of the non-zero absolute changes, counted pair by pair."""
    nonzero = [c for c in changes if c != 0]
    plus = minus = 0.0
    for c in nonzero:
        below = sum(abs(o) < abs(c) for o in nonzero)
        tied = sum(abs(o) == abs(c) for o in nonzero)
        rank = below + (tied + 1) / 2
        plus, minus = (plus + rank, minus) if c > 0 else (plus, minus + rank)
    return plus, minus


def test_published_hamilton_example():
    data = pd.read_csv(HAMILTON, comment="#")
    before_minus_after = (data["x"] - data["y"]).to_numpy()
    assert signed_rank_sums(before_minus_after) == (40, 5)
    result = paired_test(before_minus_after)
    assert result["statistic"] == 5  # scipy's two-sided statistic: min(T+, T-)
    assert result["p"] == pytest.approx(20 / 512)
    assert result["effect"] == {
        "name": "matched_pairs_rank_biserial",
        "value": pytest.approx(35 / 45),
    }
    after = paired_test(-before_minus_after)  # change as we compute it: later minus earlier
    assert after["effect"]["value"] == pytest.approx(-35 / 45)
    assert after["p"] == pytest.approx(20 / 512)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=1, max_size=40))
def test_paired_test_is_scipy_wilcoxon_and_kerby(changes):
    changes = np.array(changes, dtype=float)
    result = paired_test(changes)
    if not np.any(changes):
        assert result["statistic"] is None and result["effect"]["value"] is None
        return
    expected = sps.wilcoxon(changes)
    assert result["statistic"] == pytest.approx(expected.statistic)
    assert result["p"] == pytest.approx(expected.pvalue)
    plus, minus = signed_rank_sums(changes)
    assert result["effect"]["value"] == pytest.approx((plus - minus) / (plus + minus))


def clients(tmp_path, rows):
    return write_results(tmp_path / "c.csv", rows, CLIENTS, tags=("unit", "wave"))


def person(code, wave, level, **extra):
    answers = {
        f"sit_{name}": str(level)
        for name in (
            "housing",
            "economy",
            "occupation",
            "physical",
            "mental",
            "relations",
            "safety",
        )
    }
    return {"client_code": code, "wave": wave, "unit": "a", **answers, **extra}


WAVE_ROWS = (
    [person(f"S{i}", "start", 1 + i % 3) for i in range(8)]
    + [person(f"S{i}", "follow_up", 2 + i % 4) for i in range(7)]
    + [person(f"M{i}", "mid", 2 + i % 2) for i in range(6)]
    + [person(f"T{i}", "", 3) for i in range(5)]
)


def test_wave_stats_against_numpy_and_scipy(tmp_path):
    dataset = load_dataset(clients(tmp_path, WAVE_ROWS))
    order = ["start", "mid", "follow_up"]
    result = wave_stats(dataset, "wave", order=order)
    assert [lv["value"] for lv in result["levels"]] == order
    assert result["without_wave"] == 5
    vectors = {
        w: np.array([float(r["sit_mental"]) for r in WAVE_ROWS if r["wave"] == w]) for w in order
    }
    means = {w: v.mean() for w, v in vectors.items()}
    for level in result["levels"]:
        cell = level["items"]["sit_mental"]
        v = vectors[level["value"]]
        assert cell["n"] == len(v) and cell["mean"] == pytest.approx(v.mean())
        assert cell["sd"] == pytest.approx(v.std(ddof=1))
        half = sps.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
        assert cell["ci95"] == pytest.approx([v.mean() - half, v.mean() + half])
    cells = {lv["value"]: lv["items"]["sit_mental"] for lv in result["levels"]}
    assert cells["start"]["change"] is None
    assert cells["mid"]["change"] == pytest.approx(means["mid"] - means["start"])
    assert cells["follow_up"]["change"] == pytest.approx(means["follow_up"] - means["mid"])
    assert cells["follow_up"]["change_from_first"] == pytest.approx(
        means["follow_up"] - means["start"]
    )
    test = next(t for t in result["tests"] if t["target"] == "sit_mental")
    h, p = sps.kruskal(*vectors.values())
    n = sum(len(v) for v in vectors.values())
    assert test["test"] == "kruskal-wallis" and test["levels"] == order
    assert test["statistic"] == pytest.approx(h) and test["p"] == pytest.approx(p)
    assert test["effect"]["value"] == pytest.approx(h * (n + 1) / (n * n - 1))
    scores = scale_scores(dataset, dataset.questionnaire.scale("wellbeing")).to_numpy()
    start = scores[[r["wave"] == "start" for r in WAVE_ROWS]]
    assert result["levels"][0]["scales"]["wellbeing"]["mean"] == pytest.approx(start.mean())


def test_two_waves_still_use_kruskal_wallis(tmp_path):
    dataset = load_dataset(clients(tmp_path, WAVE_ROWS))
    result = wave_stats(dataset, "wave", order=["start", "follow_up"])
    test = next(t for t in result["tests"] if t["target"] == "sit_housing")
    x = [float(r["sit_housing"]) for r in WAVE_ROWS if r["wave"] == "start"]
    y = [float(r["sit_housing"]) for r in WAVE_ROWS if r["wave"] == "follow_up"]
    assert test["test"] == "kruskal-wallis"
    assert test["p"] == pytest.approx(sps.kruskal(x, y).pvalue)
    assert result["without_wave"] == 11  # the mid wave is outside the order, and 5 are blank


def test_a_small_wave_is_suppressed_with_the_next_smallest(tmp_path):
    rows = [r for r in WAVE_ROWS if r["wave"]] + [person("X1", "late", 5), person("X2", "late", 5)]
    result = wave_stats(
        load_dataset(clients(tmp_path, rows)), "wave", order=["start", "mid", "follow_up", "late"]
    )
    hidden = [lv["value"] for lv in result["levels"] if lv["suppressed"]]
    assert hidden == ["mid", "late"]
    assert all(
        lv["items"]["sit_mental"]["mean"] is None for lv in result["levels"] if lv["suppressed"]
    )
    test = next(t for t in result["tests"] if t["target"] == "sit_mental")
    assert test["levels"] == ["start", "follow_up"] and test["left_out"] == hidden
    shown = {lv["value"]: lv["items"]["sit_mental"] for lv in result["levels"]}
    assert shown["follow_up"]["change"] == pytest.approx(
        shown["follow_up"]["mean"] - shown["start"]["mean"]
    )


@pytest.mark.parametrize(
    ("period", "expected"),
    [("month", ["2025-11", "2026-01", "2026-03"]), ("quarter", ["2025-Q4", "2026-Q1"])],
)
def test_waves_from_the_submission_date(tmp_path, period, expected):
    dates = ["2025-11-30", "2026-01-02", "2026-03-31T23:59Z", "2026-03-01", "not a date"]
    rows = [{**person(f"D{i}", "x", 3), "submitted_at": d} for i, d in enumerate(dates)]
    labels, levels = wave_labels(load_dataset(clients(tmp_path, rows)), f"submitted_at:{period}")
    assert levels == expected
    assert labels[-1] is None
    if period == "quarter":
        assert list(labels[:4]) == ["2025-Q4", "2026-Q1", "2026-Q1", "2026-Q1"]


@pytest.mark.parametrize("wave", ["nonsense", "wave:month", "submitted_at:week", "client_code"])
def test_a_wave_that_is_not_a_column_is_refused(tmp_path, wave):
    dataset = load_dataset(clients(tmp_path, WAVE_ROWS))
    with pytest.raises(SurveyError, match="cannot take waves from"):
        wave_stats(dataset, wave)


PAIR_ROWS = (
    [person(f"p{i}", "start", 2, sit_mental=str(1 + i % 3)) for i in range(9)]
    + [person(f" P{i} ", "follow_up", 3, sit_mental=str(3 + i % 3)) for i in range(7)]
    + [
        person("solo-a", "start", 2),
        person("solo-b", "follow_up", 4),
        person("dup-x", "start", 1),
        person("dup-x", "follow_up", 4),
        person("dup-x", "follow_up", 5),
        person("", "start", 3),
    ]
)


def test_paired_change_against_scipy(tmp_path):
    dataset = load_dataset(clients(tmp_path, PAIR_ROWS))
    result = paired_stats(dataset, "wave", "client_code", order=["start", "follow_up"])
    assert result["codes"] == {"linked": 8, "seen_once": 4, "repeated_in_a_wave": 1}
    [comparison] = result["comparisons"]
    assert (comparison["from"], comparison["to"], comparison["n_pairs"]) == (
        "start",
        "follow_up",
        7,
    )
    before = np.array([1 + i % 3 for i in range(7)], dtype=float)
    after = np.array([3 + i % 3 for i in range(7)], dtype=float)
    mental = next(t for t in comparison["targets"] if t["target"] == "sit_mental")
    assert mental["n"] == 7
    assert mental["mean_change"] == pytest.approx((after - before).mean())
    assert mental["mean_before"] == pytest.approx(before.mean())
    expected = sps.wilcoxon(after - before)
    assert mental["statistic"] == pytest.approx(expected.statistic)
    assert mental["p"] == pytest.approx(expected.pvalue)
    assert mental["effect"]["value"] == pytest.approx(1.0)


def test_codes_are_counted_never_printed(tmp_path, capsys):
    path = clients(tmp_path, PAIR_ROWS)
    assert (
        main(
            [
                "analyze",
                str(path),
                "--wave",
                "wave",
                "--wave-order",
                "start,follow_up",
                "--pair-by",
                "client_code",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    for code in ("solo-a", "solo-b", "dup-x", "p1", "P1"):
        assert code not in out
    for fmt in ("table", "markdown", "csv"):
        assert (
            main(
                [
                    "analyze",
                    str(path),
                    "--wave",
                    "wave",
                    "--pair-by",
                    "client_code",
                    "--format",
                    fmt,
                ]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert "solo-a" not in out and "dup-x" not in out


def test_few_pairs_are_suppressed(tmp_path):
    rows = [person(f"p{i}", "start", 2) for i in range(4)] + [
        person(f"p{i}", "follow_up", 3) for i in range(4)
    ]
    result = paired_stats(
        load_dataset(clients(tmp_path, rows)), "wave", "client_code", order=["start", "follow_up"]
    )
    [comparison] = result["comparisons"]
    assert comparison["suppressed"] and comparison["n_pairs"] is None
    assert all(t["mean_change"] is None and t["p"] is None for t in comparison["targets"])


def test_three_waves_pair_consecutively_and_first_to_last(tmp_path):
    rows = [
        person(f"p{i}", w, level) for i in range(6) for w, level in (("a", 1), ("b", 2), ("c", 4))
    ]
    result = paired_stats(load_dataset(clients(tmp_path, rows)), "wave", "client_code")
    steps = [(c["from"], c["to"]) for c in result["comparisons"]]
    assert steps == [("a", "b"), ("b", "c"), ("a", "c")]
    changes = [
        next(t for t in c["targets"] if t["target"] == "sit_mental")["mean_change"]
        for c in result["comparisons"]
    ]
    assert changes == [1, 2, 3]


def test_pairing_by_a_question_that_is_not_a_code_is_refused(tmp_path):
    dataset = load_dataset(clients(tmp_path, PAIR_ROWS))
    with pytest.raises(SurveyError, match="cannot pair by 'anything_else'"):
        paired_stats(dataset, "wave", "anything_else")


def test_json_keys_only_when_asked(tmp_path):
    path = clients(tmp_path, WAVE_ROWS)
    plain = analyze(path).to_dict()
    assert "waves" not in plain and "pairs" not in plain
    waves = analyze(path, wave="wave").to_dict()
    assert "waves" in waves and "pairs" not in waves
    both = analyze(path, wave="wave", pair_by="client_code").to_dict()
    json.dumps(both, allow_nan=False)
    assert both["items"] == plain["items"] and both["scales"] == plain["scales"]


def test_filters_apply_to_the_waves(tmp_path):
    rows = WAVE_ROWS + [{**person(f"Z{i}", "start", 5), "unit": "b"} for i in range(5)]
    path = clients(tmp_path, rows)
    only_a = analyze(path, filters={"unit": "a"}, wave="wave").to_dict()["waves"]
    start = next(lv for lv in only_a["levels"] if lv["value"] == "start")
    assert start["n"] == 8


def test_cli_pair_by_needs_a_wave(tmp_path, capsys):
    path = clients(tmp_path, WAVE_ROWS)
    assert main(["analyze", str(path), "--pair-by", "client_code"]) == 2
    assert "--wave" in capsys.readouterr().err
    assert main(["analyze", str(path), "--wave", "nonsense"]) == 2
    assert "cannot take waves from 'nonsense'" in capsys.readouterr().err


ICU = Path(__file__).parent / "data" / "followup" / "icu-length-of-stay.csv"


def mann_whitney_count(x, y):
    """How many of y exceed each x, ties one half, pair by pair (the published U(xy))."""
    return sum((b > a) + (b == a) / 2 for a in x for b in y)


def test_published_icu_trend_example():
    data = pd.read_csv(ICU, comment="#")
    groups = [data.loc[data["icu"] == k, "days"].to_numpy(dtype=float) for k in (1, 2, 3)]
    assert [mann_whitney_count(groups[i], groups[j]) for i, j in ((0, 1), (0, 2), (1, 2))] == [
        23,
        34.5,
        19.5,
    ]
    result = jonckheere_terpstra(groups)
    assert result["statistic"] == 77
    sizes = np.array([len(g) for g in groups])
    n = sizes.sum()
    untied = (n * n * (2 * n + 3) - (sizes**2 * (2 * sizes + 3)).sum()) / 72
    assert untied == 129
    published_z = (77 - 48) / np.sqrt(untied)
    assert sps.norm.sf(published_z) == pytest.approx(0.005, abs=0.0005)
    # our z uses the tie-corrected variance (7 and 11 are tied), a little smaller than 129
    assert result["z"] == pytest.approx(published_z, abs=0.02) and result["z"] > published_z
    assert result["p"] == pytest.approx(2 * sps.norm.sf(result["z"]))
    assert sps.norm.sf(result["z"]) == pytest.approx(0.005, abs=0.0005)


@pytest.mark.parametrize(
    "values", [[1, 2, 2, 3, 3, 3, 4, 5], [1, 1, 1, 2, 2, 2, 2, 2], [4, 4, 5, 1, 2, 2, 3, 3]]
)
def test_trend_variance_is_the_exact_permutation_variance_with_ties(values):
    """Every way of putting these tied values into groups of 2, 3 and 3, enumerated."""
    import itertools

    values = np.array(values, dtype=float)
    statistics = []
    for first in itertools.combinations(range(8), 2):
        rest = [i for i in range(8) if i not in first]
        for second in itertools.combinations(rest, 3):
            third = [i for i in rest if i not in second]
            groups = [values[list(first)], values[list(second)], values[third]]
            statistics.append(
                sum(mann_whitney_count(groups[i], groups[j]) for i, j in ((0, 1), (0, 2), (1, 2)))
            )
    statistics = np.array(statistics)
    groups = [values[:2], values[2:5], values[5:]]
    result = jonckheere_terpstra(groups)
    assert result["statistic"] == mann_whitney_count(groups[0], groups[1]) + mann_whitney_count(
        groups[0], groups[2]
    ) + mann_whitney_count(groups[1], groups[2])
    z_exact = (result["statistic"] - statistics.mean()) / statistics.std()
    assert result["z"] == pytest.approx(z_exact)


def test_waves_report_the_trend_for_three_waves(tmp_path):
    dataset = load_dataset(clients(tmp_path, WAVE_ROWS))
    result = wave_stats(dataset, "wave", order=["start", "mid", "follow_up"])
    trend = next(t for t in result["trends"] if t["target"] == "sit_mental")
    vectors = [
        np.array([float(r["sit_mental"]) for r in WAVE_ROWS if r["wave"] == w])
        for w in ("start", "mid", "follow_up")
    ]
    assert trend["levels"] == ["start", "mid", "follow_up"]
    assert trend["statistic"] == sum(
        mann_whitney_count(vectors[i], vectors[j]) for i, j in ((0, 1), (0, 2), (1, 2))
    )
    assert trend["z"] > 0
    assert wave_stats(dataset, "wave", order=["start", "follow_up"])["trends"] == []
