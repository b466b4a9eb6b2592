"""Indicator files: the bundled one loads, broken ones are located, no heavy imports."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from surveytui.cli import main
from surveytui.errors import SurveyError
from surveytui.model.indicators import IndicatorSource, load_indicators, validate_indicators

ROOT = Path(__file__).parent.parent
BUNDLED = ROOT / "indicators" / "collaboration.yaml"
QUESTIONNAIRE = ROOT / "questionnaires" / "collaboration-indicators.yaml"

HEAD = f"""id: test
languages: [sv, en]
title: {{sv: Test, en: Test}}
source:
  results: results/*.csv
  questionnaire: {QUESTIONNAIRE}
wave: wave
unit: unit
indicators:
"""
GOOD = """  - id: goals
    text: {sv: Mål, en: Goals}
    measure: scale
    of: shared_goals
    target: {value: 3.5, direction: at_least}
"""


def test_bundled_file_loads_every_indicator():
    spec = load_indicators(BUNDLED)
    assert spec.id == "collaboration" and spec.languages == ["sv", "da", "en"]
    assert (spec.wave, spec.unit, spec.min_group) == ("wave", "unit", 5)
    assert [i.measure for i in spec.indicators].count("top2") == 2
    joint = next(i for i in spec.indicators if i.id == "joint_follow_up")
    assert joint.target.for_unit("north") == 3.2 and joint.target.for_unit("south") == 3.0
    assert joint.groups == ("total", "unit")
    grade = next(i for i in spec.indicators if i.id == "overall_grade")
    assert grade.groups == ("total",)
    assert all(i.source.questionnaire.resolve() == QUESTIONNAIRE.resolve() for i in spec.indicators)


BROKEN = [
    (
        "unknown key",
        GOOD.replace("measure:", "measur:"),
        "12:5",
        "unknown key 'measur' in an indicator (did you mean 'measure'?)",
    ),
    (
        "unknown measure",
        GOOD.replace("measure: scale", "measure: median"),
        "12:14",
        "unknown measure 'median'",
    ),
    (
        "item as scale",
        GOOD.replace("of: shared_goals", "of: goals_written"),
        "13:9",
        "'goals_written' is not a scale in collaboration-indicators",
    ),
    (
        "top2 of a choice",
        GOOD.replace("measure: scale", "measure: top2").replace(
            "of: shared_goals", "of: organisation"
        ),
        "13:9",
        "'organisation' is not an item with 4 to 11 points",
    ),
    (
        "yes of an item",
        GOOD.replace("measure: scale", "measure: yes").replace(
            "of: shared_goals", "of: goals_known"
        ),
        "13:9",
        "'goals_known' is not a yes/no",
    ),
    ("direction", GOOD.replace("at_least", "upwards"), "14:37", "unknown direction 'upwards'"),
    (
        "target value",
        GOOD.replace("value: 3.5", "value: high"),
        "14:21",
        "the target `value` should be a number, not 'high'",
    ),
    ("twice", GOOD + GOOD, "15:9", "indicator id 'goals' is used twice"),
    (
        "language",
        GOOD.replace("{sv: Mål, en: Goals}", "{sv: Mål}"),
        "11:11",
        "the text of indicator 'goals' has no text in language 'en'",
    ),
    ("group", GOOD + "    for: [total, region]\n", "15:18", "unknown group 'region'"),
]


@pytest.mark.parametrize(
    ("body", "where", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_indicator_is_located(tmp_path, body, where, message):
    path = tmp_path / "ind.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    problems = [str(p) for p in validate_indicators(path)]
    assert any(p.startswith(f"{path}:{where}: {message}") for p in problems), problems


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("wave: wave", "wave: period"), "7:7", "the wave 'period' is not a tag"),
        (
            ("wave: wave", "wave: submitted_at:week"),
            "7:7",
            "the wave 'submitted_at:week' is not valid",
        ),
        (("unit: unit\n", ""), "", "an indicator is read per unit but the file names no `unit`"),
        (
            (f"questionnaire: {QUESTIONNAIRE}", "questionnaire: missing.yaml"),
            "6:18",
            "the questionnaire missing.yaml cannot be used",
        ),
        (("languages: [sv, en]\n", ""), "1:1", "the indicator file has no `languages`"),
        (("  results: results/*.csv\n", ""), "5:3", "`source` has no `results`"),
    ],
)
def test_broken_file_settings_are_located(tmp_path, change, where, message):
    path = tmp_path / "ind.yaml"
    body = GOOD + "    for: [unit]\n" if "unit" in change[0] else GOOD
    path.write_text((HEAD + body).replace(*change), encoding="utf-8")
    problems = [str(p) for p in validate_indicators(path)]
    assert any(message in p and p.startswith(f"{path}:{where}") for p in problems), problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1:1: the file is empty"),
        ("id: x\n\tlanguages: [sv]\n", "2:1: a tab is used for indentation"),
        ("id: [x\n", "YAML syntax error"),
        (HEAD.replace("source:", "src:"), "4:1: unknown key 'src'"),
        (HEAD, "the indicator file needs a list of `indicators`"),
    ],
)
def test_unreadable_files_say_where(tmp_path, text, message):
    path = tmp_path / "ind.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SurveyError) as err:
        load_indicators(path)
    assert any(message in str(p) for p in err.value.problems), err.value.problems


def test_cli_reports_a_broken_file_with_exit_2(tmp_path, capsys):
    path = tmp_path / "ind.yaml"
    path.write_text(HEAD + GOOD.replace("measure: scale", "measure: median"), encoding="utf-8")
    assert main(["indicators", str(path)]) == 2
    assert f"{path}:12:14: unknown measure 'median'" in capsys.readouterr().err


def test_example_files_are_read_only_when_the_pattern_names_them(tmp_path):
    for name in ("q-v1.csv", "q-v2.csv", "q-v1-example.csv", "q-v1.incomplete.csv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in IndicatorSource(str(tmp_path / "q-v*.csv"), QUESTIONNAIRE).files()] == [
        "q-v1.csv",
        "q-v2.csv",
    ]
    assert [
        p.name for p in IndicatorSource(str(tmp_path / "q-v*-example.csv"), QUESTIONNAIRE).files()
    ] == ["q-v1-example.csv"]


def test_the_loader_imports_no_statistics_or_ui():
    probe = (
        "import json, sys; import surveytui.model.indicators; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = set(
        json.loads(
            subprocess.run(
                [sys.executable, "-c", probe],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
        )
    )
    assert loaded.isdisjoint({"pandas", "numpy", "scipy", "textual"})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "9:12: `min_group` cannot be below 3"),
        ("2", "9:12: `min_group` cannot be below 3"),
        ("few", "9:12: `min_group` should be a whole"),
    ],
)
def test_min_group_is_a_whole_number_of_at_least_three(tmp_path, value, message):
    path = tmp_path / "ind.yaml"
    path.write_text(
        HEAD.replace("unit: unit\n", f"unit: unit\nmin_group: {value}\n") + GOOD, encoding="utf-8"
    )
    problems = [str(p) for p in validate_indicators(path)]
    assert any(p.startswith(f"{path}:{message}") for p in problems), problems


def test_validate_takes_indicator_files_too(tmp_path, capsys):
    assert main(["validate", str(BUNDLED), str(QUESTIONNAIRE)]) == 0
    assert capsys.readouterr().out.count(": ok") == 2
    path = tmp_path / "ind.yaml"
    path.write_text(HEAD + GOOD.replace("measure: scale", "measure: median"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:12:14: unknown measure 'median'" in capsys.readouterr().err
