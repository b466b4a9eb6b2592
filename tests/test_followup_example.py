"""The multi-wave examples are the generator's, and the tests find their built-in change."""

import csv
from pathlib import Path

import pytest

from surveytui.analysis import analyze
from surveytui.examples import example_path
from surveytui.examples_followup import (
    CLIENT_WAVES,
    generate_clients,
    generate_collaboration,
)
from surveytui.model import load_questionnaire

ROOT = Path(__file__).parent.parent
COLLABORATION = load_questionnaire(ROOT / "questionnaires" / "collaboration-indicators.yaml")
CLIENTS = load_questionnaire(ROOT / "questionnaires" / "client-follow-up.yaml")
VARYING = ("response_id", "submitted_at")
REGENERATE = "regenerate it: python -m surveytui.examples_followup"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return [{k: v for k, v in row.items() if k not in VARYING} for row in csv.DictReader(file)]


@pytest.mark.parametrize(
    ("questionnaire", "generate"),
    [(COLLABORATION, generate_collaboration), (CLIENTS, generate_clients)],
    ids=["collaboration", "clients"],
)
def test_committed_example_is_what_the_generator_writes(tmp_path, questionnaire, generate):
    fresh = example_path(questionnaire, tmp_path)
    generate(questionnaire, fresh)
    committed = example_path(questionnaire, ROOT / "results")
    assert rows(fresh) == rows(committed), REGENERATE
    snapshot = committed.with_name(committed.stem + ".questionnaire.yaml")
    assert snapshot.read_text(encoding="utf-8") == questionnaire.source, REGENERATE


def joint_follow_up(unit: str) -> dict:
    path = example_path(COLLABORATION, ROOT / "results")
    return analyze(path, filters={"unit": unit}, wave="wave").to_dict()["waves"]


def test_the_built_in_rise_in_north_is_found():
    waves = joint_follow_up("north")
    last = waves["levels"][-1]["scales"]["joint_follow_up"]
    assert last["change_from_first"] > 0.8
    test = next(t for t in waves["tests"] if t["target"] == "joint_follow_up")
    assert test["p"] < 0.001
    steady = next(t for t in waves["tests"] if t["target"] == "mutual_trust")
    assert steady["p"] > 0.01


@pytest.mark.parametrize("unit", ["south", "west"])
def test_other_units_stay_level_on_joint_follow_up(unit):
    waves = joint_follow_up(unit)
    assert abs(waves["levels"][-1]["scales"]["joint_follow_up"]["change_from_first"]) < 0.3


def test_the_built_in_gain_in_wellbeing_is_found_in_pairs():
    path = example_path(CLIENTS, ROOT / "results")
    pairs = analyze(
        path, wave="wave", wave_order=list(CLIENT_WAVES), pair_by="client_code"
    ).to_dict()["pairs"]
    assert pairs["codes"] == {"linked": 47, "seen_once": 18, "repeated_in_a_wave": 0}
    [comparison] = pairs["comparisons"]
    targets = {t["target"]: t for t in comparison["targets"]}
    wellbeing, living = targets["wellbeing"], targets["living_conditions"]
    assert wellbeing["n"] == 47 and 0.5 < wellbeing["mean_change"] < 1.1
    assert wellbeing["p"] < 0.001 and wellbeing["effect"]["value"] > 0.8
    assert abs(living["mean_change"]) < 0.2 and living["p"] > 0.05


def test_waves_come_in_the_order_first_answered_unless_given():
    path = Path(__file__).parent.parent / "results" / "client-follow-up-v1-example.csv"
    first: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as file:
        answered = list(csv.DictReader(file))
    for row in answered:
        if row["wave"]:
            first[row["wave"]] = min(
                first.get(row["wave"], row["submitted_at"]), row["submitted_at"]
            )
    by_time = sorted(first, key=first.get)
    assert by_time != sorted(first)  # alphabetically follow_up_6m would come first
    waves = analyze(path, wave="wave").waves
    assert waves["order"] == by_time and waves["order_by"] == "first_answered"
    given = analyze(path, wave="wave", wave_order=list(reversed(by_time))).waves
    assert given["order"] == list(reversed(by_time)) and given["order_by"] == "given"
