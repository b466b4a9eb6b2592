"""Loading keeps what the author wrote, and bad input only ever raises SurveyError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire, load_questionnaire_text

ROOT = Path(__file__).parent.parent
BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))
BROKEN = sorted((ROOT / "tests" / "data" / "broken").glob("*.yaml"))

SURPRISES = """\
id: surprises
version: 1.10
languages: [en]
title: Surprises
sections:
  - id: main
    questions:
      - id: answer
        type: single
        text: Answer
        choices:
          - {code: no, text: "No"}
          - {code: yes, text: "Yes"}
          - {code: on, text: "On"}
          - {code: off, text: "Off"}
          - {code: 1, text: One}
          - {code: 007, text: Agent}
          - {code: Y, text: Y}
"""


def test_yaml_surprises_keep_what_was_written():
    questionnaire = load_questionnaire_text(SURPRISES, "surprises.yaml")
    assert questionnaire.version == "1.10"
    codes = [choice.code for choice in questionnaire.questions[0].choices]
    assert codes == ["no", "yes", "on", "off", "1", "007", "Y"]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("1.10", "1.10"),
        ('"1.10"', "1.10"),
        ("2", "2"),
        ("1.0", "1.0"),
        ("2026-03", "2026-03"),
        ("2026-03-01", "2026-03-01"),
        ("0x10", "0x10"),
    ],
)
def test_version_is_kept_as_written(written, kept):
    text = SURPRISES.replace("version: 1.10", f"version: {written}")
    assert load_questionnaire_text(text).version == kept


def test_one_language_accepts_plain_texts():
    questionnaire = load_questionnaire_text(SURPRISES)
    assert questionnaire.title == {"en": "Surprises"}
    assert questionnaire.questions[0].choices[0].text == {"en": "No"}


def test_source_and_path_are_kept(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(SURPRISES, encoding="utf-8")
    questionnaire = load_questionnaire(path)
    assert questionnaire.source == SURPRISES
    assert questionnaire.path == str(path)


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SURPRISES.encode())
    assert load_questionnaire(path).id == "surprises"


def test_anchors_and_aliases_give_the_same_texts():
    text = SURPRISES.replace('{code: no, text: "No"}', '{code: no, text: &n "No"}').replace(
        "{code: Y, text: Y}", "{code: Y, text: *n}"
    )
    choices = load_questionnaire_text(text).questions[0].choices
    assert choices[-1].text == choices[0].text == {"en": "No"}


def test_the_error_carries_every_problem_in_file_order():
    with pytest.raises(SurveyError) as caught:
        load_questionnaire(ROOT / "tests" / "data" / "broken" / "many_problems.yaml")
    assert [(p.line, p.column) for p in caught.value.problems] == [(9, 13), (14, 15), (15, 15)]
    assert caught.value.first.hint == (
        "use lowercase letters, digits and single underscores, starting with a letter"
    )


SOURCES = [
    path.read_text(encoding="utf-8") for path in BUNDLED + BROKEN if path.name != "not_utf8.yaml"
]
FRAGMENTS = [
    " ",
    "\n",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "no",
    "na",
    "*agree",
    "&x ",
    "\t",
    "show_if: role == 1\n",
    "type: matrix",
    "points: 5",
    "scale: {min: 1}",
    "'a' in ('a', 'b')",
    "reverse: true",
    "rows: []",
    "choices:",
    "id: q",
    "text: x",
    "languages: []",
    "labels: [1]",
    "items: x",
    "tags: {a: 1}",
    "other: [x]",
]


@st.composite
def mangled(draw) -> str:
    text = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "cut", "drop_line"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(FRAGMENTS)) + text[pos:]
        elif action == "cut":
            text = text[:pos] + text[pos + draw(st.integers(1, 30)) :]
        else:
            lines = text.split("\n")
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\n".join(lines)
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_files_load_or_raise_survey_error_only(text):
    try:
        load_questionnaire_text(text, "mangled.yaml")
    except SurveyError as err:
        assert err.problems
        assert all(str(p).startswith("mangled.yaml") for p in err.problems)


def test_problem_text_gives_place_message_and_hint():
    from surveytui.errors import Problem

    assert str(Problem("bad", "q.yaml", 3, 7, "fix it")) == "q.yaml:3:7: bad (fix it)"
    assert str(Problem("bad", "q.yaml", 3)) == "q.yaml:3: bad"
    assert str(Problem("bad")) == "bad"
    assert str(SurveyError("gone", file="q.yaml")) == "q.yaml: gone"


def test_a_missing_file_is_a_survey_error_naming_it(tmp_path):
    with pytest.raises(SurveyError) as caught:
        load_questionnaire(tmp_path / "nowhere.yaml")
    assert str(caught.value) == f"{tmp_path / 'nowhere.yaml'}: no such file (check the path)"
