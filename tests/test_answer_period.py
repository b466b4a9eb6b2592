"""The answer period (first and last date answered) in the JSON and the report's opening,
checked against the dates read with the csv module, and never published for a small set."""

import csv
import datetime as dt
import json

from analysis_helpers import write_results
from surveytui.analysis import analyze, analyze_dataset, load_dataset
from surveytui.cli import main
from surveytui.report.locale import Locale
from surveytui.report.written import render_report

DATES = [
    "2026-03-04",
    "2026-02-27T09:41Z",
    "2026-03-01",
    "2026-03-12T23:59Z",
    "2026-03-02",
    "2026-03-03",
    "2026-02-25",
    "2026-03-20",
    "2026-03-01",
    "2026-02-26",
]
UNITS = ["north"] * 5 + ["south"] * 5


def rows(count: int) -> list[dict[str, str]]:
    return [
        {"unit": UNITS[i], "submitted_at": DATES[i], "use_a": str(1 + i % 5)} for i in range(count)
    ]


def period_by_csv(path, unit=None):
    """The first and last day in submitted_at, read straight from the file."""
    with open(path, newline="", encoding="utf-8") as file:
        days = [
            row["submitted_at"][:10]
            for row in csv.DictReader(file)
            if unit is None or row["unit"] == unit
        ]
    return {"first": min(days), "last": max(days)}


def test_the_period_is_the_first_and_last_day_answered(tmp_path):
    path = write_results(tmp_path / "r.csv", rows(10))
    expected = period_by_csv(path)
    assert expected == {"first": "2026-02-25", "last": "2026-03-20"}
    assert analyze([path]).to_dict()["period"] == expected
    north = analyze_dataset(load_dataset(path), filters={"unit": "north"})
    assert north.to_dict()["period"] == period_by_csv(path, "north") != expected


def test_a_cell_that_is_not_a_date_is_no_end_of_the_period(tmp_path):
    broken = [
        *rows(10),
        {"unit": "south", "submitted_at": "2026-13-45", "use_a": "2"},
        {"unit": "south", "submitted_at": "igår", "use_a": "2"},
    ]
    path = write_results(tmp_path / "r.csv", broken)
    assert analyze([path]).to_dict()["period"] == {"first": "2026-02-25", "last": "2026-03-20"}
    assert "20 March 2026" in render_report(load_dataset(path), "en", "markdown").text


def test_the_json_of_the_command_has_the_period(tmp_path, capsys):
    path = write_results(tmp_path / "r.csv", rows(10))
    assert main(["analyze", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["period"] == period_by_csv(path)


def test_no_period_for_no_responses_or_a_set_too_small_to_show(tmp_path):
    """Four people's dates say who answered when; the gate hides them as it hides their
    answers."""
    empty = write_results(tmp_path / "empty.csv", [])
    assert analyze([empty]).to_dict()["period"] == {"first": None, "last": None}
    four = write_results(tmp_path / "four.csv", rows(4))
    assert analyze([four]).to_dict()["period"] == {"first": None, "last": None}
    assert analyze([four], min_group=3).to_dict()["period"] == period_by_csv(four)
    five = write_results(tmp_path / "five.csv", rows(5))
    assert analyze([five], min_group=6).to_dict()["period"] == {"first": None, "last": None}
    assert (
        "2026"
        not in render_report(load_dataset(four), "en", "markdown", day=dt.date(2030, 1, 1)).text
    )


def test_the_report_opens_with_the_period(tmp_path):
    path = write_results(tmp_path / "r.csv", rows(10))
    period = period_by_csv(path)
    first, last = (dt.date.fromisoformat(period[k]) for k in ("first", "last"))
    for lang, sentence in (
        ("sv", "Svaren lämnades mellan {first} och {last}."),
        ("en", "Answers were given between {first} and {last}."),
    ):
        loc = Locale(lang)
        text = render_report(load_dataset(path), lang, "markdown", day=dt.date(2026, 4, 1)).text
        opening = text.split("\n## ")[0]
        assert sentence.format(first=loc.date(first), last=loc.date(last)) in opening
