"""The disclosure promise, tried as an attacker would: no answer of fewer than min_group
people can be read or worked out from what analyze (every format), report, the review's
analysis and indicators publish. Real files, and the CLI as a real process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis_helpers import write_results
from surveytui.analysis import analyze, load_dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.errors import SurveyError
from surveytui.report.written import render_report, unit_reports

ROOT = Path(__file__).parent.parent
CLIENTS = ROOT / "questionnaires" / "client-follow-up.yaml"
MIN = 5


def person(i, unit, use=3, **extra):
    """One respondent of the analysis survey; every answer a function of i, so that small
    groups' answers differ from the rest's."""
    return {
        "unit": unit,
        "use_a": str(use),
        "use_b": str(1 + i % 5),
        "use_c": str(1 + i % 3),
        "grade": str(i % 11),
        "comment": f"comment of person {i}",
        **extra,
    }


def units(tmp_path, sizes, name="r.csv", **answers):
    rows, i = [], 0
    for unit, size in sizes.items():
        for _ in range(size):
            rows.append(person(i, unit, **answers.get(unit, {})))
            i += 1
    return write_results(tmp_path / name, rows)


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "surveytui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def published_json(*args):
    done = cli("analyze", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_no_difference_reveals_a_small_group(document, min_group=MIN):
    """Rule 1 and 2 on an analyze JSON: every shown cell rests on at least min_group
    answers, and the whole's n minus the shown cells' n is 0 or at least min_group."""
    totals = {e["id"]: e["n"] for e in document["items"] + document["scales"]}
    for block in ("groups", "waves"):
        if block not in document:
            continue
        levels = document[block]["levels"]
        for level in levels:
            assert level["suppressed"] or level["n"] >= min_group
        for kind in ("items", "scales"):
            for target in levels[0][kind] if levels else {}:
                shown = [lv[kind][target]["n"] for lv in levels if not lv[kind][target]["hidden"]]
                assert all(n == 0 or n >= min_group for n in shown)
                if totals[target] is None:  # the whole set is too small: nothing at all
                    assert not any(shown)
                    continue
                gap = totals[target] - sum(shown)
                if any(shown):
                    assert gap == 0 or gap >= min_group, (block, target, gap)


def test_a_filter_down_to_one_person_publishes_nothing_in_any_format(tmp_path):
    path = units(tmp_path, {"north": 10, "west": 1})
    for fmt in ("table", "markdown", "csv", "json"):
        done = cli("analyze", path, "--filter", "unit=west", "--format", fmt)
        assert done.returncode == 2
        assert done.stdout == ""
        assert "keeps 1 response, fewer than 5" in done.stderr
        assert "comment of person 10" not in done.stderr
    done = cli("report", path, "--filter", "unit=west")
    assert done.returncode == 2 and done.stdout == ""


def test_the_unanswered_are_a_group_of_their_own(tmp_path):
    # role x 10, y 6, and one without: the total minus x and y would give that one away
    path = units(tmp_path, {"x": 10, "y": 6, "": 1})
    document = published_json(path, "--by", "unit")
    levels = {lv["value"]: lv for lv in document["groups"]["levels"]}
    assert levels[None]["hidden"] == "small"
    assert levels["y"]["hidden"] == "complement"
    assert_no_difference_reveals_a_small_group(document)
    table = " ".join(cli("analyze", path, "--by", "unit").stdout.split())
    assert "(no answer) (hidden because fewer than 5 answered)" in table
    assert "y (hidden so that a smaller group cannot be worked out from the total)" in table


@pytest.mark.parametrize(
    "sizes", [{"north": 10, "east": 1, "west": 1}, {"north": 10, "south": 6, "east": 2, "west": 1}]
)
def test_small_groups_together_still_small_take_the_next_smallest(tmp_path, sizes):
    document = published_json(units(tmp_path, sizes), "--by", "unit")
    assert_no_difference_reveals_a_small_group(document)
    hidden = {lv["value"]: lv["hidden"] for lv in document["groups"]["levels"] if lv["hidden"]}
    assert set(hidden.values()) == {"small", "complement"}


def test_per_item_answers_are_protected_too(tmp_path):
    # every group is large, but only 2 people in south answered use_a
    rows = [person(i, "north") for i in range(10)] + [person(i, "south") for i in range(8)]
    for row in rows[12:]:
        row["use_a"] = ""
    document = published_json(write_results(tmp_path / "r.csv", rows), "--by", "unit")
    cells = {lv["value"]: lv["items"]["use_a"] for lv in document["groups"]["levels"]}
    assert cells["south"]["hidden"] == "small"
    assert cells["north"]["hidden"] == "complement"  # else total - north gives south's two
    assert_no_difference_reveals_a_small_group(document)


def test_a_filter_that_leaves_out_a_few_is_refused(tmp_path):
    path = units(tmp_path, {"north": 10, "south": 6, "west": 3})
    done = cli("analyze", path, "--filter", "unit=north", "--filter", "unit=south")
    assert done.returncode == 2 and done.stdout == ""
    assert "the 3 left out could be worked out" in done.stderr
    # nor can the two be compared with one of them
    path = units(tmp_path, {"north": 10, "south": 2, "west": 8}, name="s.csv")
    done = cli("analyze", path, "--filter", "unit=north", "--filter", "unit=south")
    assert done.returncode == 2


def test_a_filter_on_a_group_the_grouping_hides_is_refused(tmp_path):
    # west alone is 5, but grouped by unit it is hidden to shield tiny: shown on its
    # own, total - north - south - west would give tiny away
    path = units(tmp_path, {"north": 7, "south": 6, "west": 5, "tiny": 2})
    done = cli("analyze", path, "--filter", "unit=west")
    assert done.returncode == 2 and "cannot be shown" in done.stderr
    assert cli("analyze", path, "--filter", "unit=west", "--filter", "unit=tiny").returncode == 0


def test_per_unit_reports_say_which_unit_has_none_and_why(tmp_path):
    path = units(tmp_path, {"north": 10, "south": 6, "east": 2, "west": 1})
    out = tmp_path / "reports"
    done = cli("report", path, "--per-unit", "unit", "--output", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["analysis-test-unit-north.html"]
    assert (
        "no report for unit south: hidden so that a smaller group cannot be worked out "
        "from the total"
    ) in done.stderr
    assert "no report for unit east: hidden because fewer than 5 answered" in done.stderr


def test_pairs_do_not_reveal_the_one_who_dropped_out(tmp_path):
    rows = [
        {"client_code": f"C{i}", "wave": "start", "unit": "a", "sit_mental": str(1 + i % 3)}
        for i in range(6)
    ]
    rows += [
        {"client_code": f"C{i}", "wave": "end", "unit": "a", "sit_mental": "4"} for i in range(5)
    ]
    rows += [
        {"client_code": f"N{i}", "wave": "end", "unit": "a", "sit_mental": "5"} for i in range(5)
    ]
    path = write_results(tmp_path / "c.csv", rows, CLIENTS, tags=("unit", "wave"))
    document = published_json(
        path, "--wave", "wave", "--wave-order", "start,end", "--pair-by", "client_code"
    )
    start = document["waves"]["levels"][0]["items"]["sit_mental"]
    assert start["n"] == 6 and start["mean"] is not None
    target = next(
        t for t in document["pairs"]["comparisons"][0]["targets"] if t["target"] == "sit_mental"
    )
    assert target["hidden"] == "complement"  # 6 at the start, 5 pairs: C5 would follow
    assert target["mean_before"] is None and target["n"] is None


def test_units_by_waves_are_protected_as_a_table(tmp_path):
    # unit a has 2 answers without a wave: its total minus its two waves would be theirs
    sizes = {"a": (9, 9, 2), "b": (8, 9, 0), "c": (7, 6, 0)}
    rows = []
    for unit, counts in sizes.items():
        for wave, size in zip(("w1", "w2", ""), counts):
            rows += [
                {
                    "client_code": f"{unit}{wave}{i}",
                    "wave": wave,
                    "unit": unit,
                    "sit_mental": str(1 + i % 4),
                }
                for i in range(size)
            ]
    dataset = load_dataset(write_results(tmp_path / "c.csv", rows, CLIENTS, tags=("unit", "wave")))
    table = waves_by_unit(dataset, "wave", "unit")
    shown = {
        (lv["value"], w["value"]): w["items"]["sit_mental"]["n"]
        for lv in table["levels"]
        if lv["waves"]
        for w in lv["waves"]["levels"]
    }
    for unit, counts in sizes.items():  # each unit's total minus its shown waves
        gap = sum(counts) - sum(n or 0 for (u, _), n in shown.items() if u == unit)
        assert gap == 0 or gap >= MIN, (unit, gap)
    for index, wave in enumerate(("w1", "w2")):  # each wave's total minus its shown units
        gap = sum(c[index] for c in sizes.values()) - sum(
            n or 0 for (_, w), n in shown.items() if w == wave
        )
        assert gap == 0 or gap >= MIN, (wave, gap)


def test_min_group_may_be_raised_never_lowered_below_three(tmp_path):
    path = units(tmp_path, {"north": 10, "south": 6})
    for too_low in ("0", "1", "2"):
        done = cli("analyze", path, "--min-group", too_low)
        assert done.returncode == 2 and "never set below 3" in done.stderr
        assert done.stdout == ""
    table = cli("analyze", path, "--min-group", "3").stdout
    assert "The minimum group size was set to 3 for this output (the default is 5)." in table
    report = render_report(load_dataset(path), "en", "markdown", min_group=3).text
    assert "The minimum group size in this report is set to 3 (the default is 5)." in report
    assert published_json(path, "--min-group", "3")["min_group"] == 3


group_sizes = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", ""]), st.integers(0, 9), min_size=1, max_size=5
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    group_sizes,
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.sampled_from([3, 5, 7]),
    st.sampled_from(["a", "b", "c"]),
)
def test_random_groups_filters_and_missingness_keep_both_rules(
    tmp_path, sizes, skips, min_group, value
):
    rows, i = [], 0
    for unit, size in sizes.items():
        for _ in range(size):
            row = person(i, unit)
            if skips[i % len(skips)]:
                row["use_a"] = ""
            if skips[(3 * i + 1) % len(skips)]:
                row["grade"] = ""
            rows.append(row)
            i += 1
    path = write_results(tmp_path / "p.csv", rows)
    whole = analyze([path], by="unit", min_group=min_group)
    document = json.loads(json.dumps(whole.to_dict()))
    assert_no_difference_reveals_a_small_group(document, min_group)
    # the report shows exactly the levels the JSON shows
    shown = {lv["value"] for lv in document["groups"]["levels"] if not lv["suppressed"]}
    if document["n_responses"] >= min_group:
        report = render_report(whole, "en", "markdown").text
        for level in document["groups"]["levels"]:
            if level["value"] and level["value"] not in shown:
                assert f"| {level['value']} |" not in report
    # a filter is published only when the kept set and the rest are 0 or large enough
    try:
        kept = analyze([path], filters={"unit": value}, min_group=min_group).to_dict()
    except SurveyError:
        kept = None
    total = document["n_responses"]
    count = sizes.get(value, 0)
    if kept is not None:
        assert count == 0 or count >= min_group
        assert total - count == 0 or total - count >= min_group
        for entry in kept["items"] + kept["scales"]:
            if entry["hidden"] is None and entry.get("type") != "text":
                whole_n = next(
                    e["n"] for e in document["items"] + document["scales"] if e["id"] == entry["id"]
                )
                gap = whole_n - entry["n"]
                assert gap == 0 or gap >= min_group
    else:
        hidden = {lv["value"] for lv in document["groups"]["levels"] if lv["suppressed"]}
        assert 0 < count < min_group or 0 < total - count < min_group or value in hidden


def test_unit_reports_never_write_a_hidden_unit(tmp_path):
    dataset = load_dataset(units(tmp_path, {"north": 10, "south": 6, "east": 2, "west": 1}))
    reports = unit_reports(dataset, "unit", "en", "markdown")
    assert list(reports) == ["north"]
    assert reports.hidden == {"east": "small", "west": "small", "south": "complement"}


def test_indicators_leave_no_small_gap_between_published_numbers():
    """An attacker's view of the bundled indicators: every wave's total and every unit's
    total (from `analyze --by unit`) minus the unit cells shown is 0 or at least 5."""
    from surveytui.analysis.indicators import indicator_values
    from surveytui.model.indicators import load_indicators

    example = ROOT / "results" / "collaboration-indicators-v1-example.csv"
    values = indicator_values(
        load_indicators(ROOT / "indicators" / "collaboration.yaml"), [example]
    )
    by_unit = published_json(example, "--by", "unit")
    checked = 0
    for indicator in values.spec.indicators:
        rows = [r for r in values.rows if r["indicator"] == indicator.id]
        cells = {(r["unit"], r["wave"]): r["n"] for r in rows if r["unit"] and r["n"]}
        if not cells:
            continue
        for wave in values.waves:
            total = next((r["n"] for r in rows if r["unit"] is None and r["wave"] == wave), None)
            if total is not None:
                gap = total - sum(n for (u, w), n in cells.items() if w == wave)
                assert gap == 0 or gap >= MIN, (indicator.id, wave, gap)
                checked += 1
        for level in by_unit["groups"]["levels"]:
            block = level["scales"].get(indicator.of) or level["items"].get(indicator.of)
            if level["value"] is None or block is None or block["n"] is None:
                continue
            gap = block["n"] - sum(n for (u, _), n in cells.items() if u == level["value"])
            assert gap == 0 or gap >= MIN, (indicator.id, level["value"], gap)
            checked += 1
    assert checked > 20


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=2, max_size=4),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_random_units_by_waves_keep_both_rules_for_every_unit_and_wave(tmp_path, grid, skips):
    """Units x waves (and answers without a wave) of random sizes and missingness: what
    the review's picture per unit shows leaves no small gap in any unit or wave."""
    rows, i = [], 0
    for u, counts in enumerate(grid):
        for wave, size in zip(("w1", "w2", ""), counts):
            for _ in range(size):
                rows.append(
                    {
                        "client_code": f"K{i}",
                        "wave": wave,
                        "unit": f"u{u}",
                        "sit_mental": "" if skips[i % len(skips)] else str(1 + i % 4),
                    }
                )
                i += 1
    dataset = load_dataset(write_results(tmp_path / "g.csv", rows, CLIENTS, tags=("unit", "wave")))
    table = waves_by_unit(dataset, "wave", "unit")
    answered = {}
    for row in rows:
        if row["sit_mental"]:
            key = (row["unit"], row["wave"])
            answered[key] = answered.get(key, 0) + 1
    shown = {
        (lv["value"], w["value"]): w["items"]["sit_mental"]["n"]
        for lv in table["levels"]
        if lv["waves"]
        for w in lv["waves"]["levels"]
        if w["items"]["sit_mental"]["n"] is not None
    }
    assert all(n == 0 or n >= MIN for n in shown.values())
    for unit in {u for u, _ in answered}:
        gap = sum(n for (u, _), n in answered.items() if u == unit) - sum(
            n for (u, _), n in shown.items() if u == unit
        )
        assert gap == 0 or gap >= MIN or not any(n for (u, _), n in shown.items() if u == unit)
    for wave in ("w1", "w2"):
        gap = sum(n for (_, w), n in answered.items() if w == wave) - sum(
            n for (_, w), n in shown.items() if w == wave
        )
        assert gap == 0 or gap >= MIN or not any(n for (_, w), n in shown.items() if w == wave)


def test_free_text_of_a_filtered_set_cannot_give_the_rest_away(tmp_path):
    # south's 2 comments would be everyone's list minus north's
    rows = [person(i, "north") for i in range(10)] + [person(i, "south") for i in range(10, 16)]
    for row in rows[12:]:
        row["comment"] = ""
    path = write_results(tmp_path / "r.csv", rows)
    north = analyze([path], filters={"unit": "north"})
    assert north.item("comment")["hidden"] == "complement"
    assert north.item("comment")["answers"] is None
    for fmt in ("markdown", "html"):
        text = render_report(north, "en", fmt).text
        assert "comment of person" not in text
        assert "Not shown, so that a smaller group cannot be worked out" in text
    done = cli("analyze", path, "--filter", "unit=north", "--format", "markdown")
    assert done.returncode == 0 and "comment of person" not in done.stdout
