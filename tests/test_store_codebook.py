"""The codebook's cell rules, and the answers `append` refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from surveytui.model import load_questionnaire
from surveytui.store import AnswerError, CellError, ResponseStore, column_specs
from surveytui.store.codebook import decode_answers, encode_answers

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")
SPECS = column_specs(Q)


def test_column_specs_follow_the_header_and_say_each_kind():
    assert list(SPECS) == Q.answer_columns
    assert {c: s.kind for c, s in SPECS.items()} == {
        "relevant": "ordinal",
        "grade": "ordinal",
        "role": "single",
        "role__other": "other",
        "topics__a": "multi",
        "topics__b": "multi",
        "topics__c": "multi",
        "hours": "number",
        "attended": "yes_no",
        "why": "text",
        "grid_one": "ordinal",
        "grid_two": "ordinal",
        "comment": "text",
    }
    assert SPECS["relevant"].codes == ("1", "2", "3", "4", "5") and SPECS["relevant"].na
    assert SPECS["grade"].codes == tuple(str(c) for c in range(11)) and not SPECS["grade"].na
    assert SPECS["role"].codes == ("staff", "lead")
    assert (SPECS["topics__b"].key, SPECS["topics__b"].choice) == ("topics", "b")
    assert (SPECS["hours"].minimum, SPECS["hours"].maximum) == (0, 100)
    assert SPECS["grid_two"].question == "grid"


@pytest.mark.parametrize(
    "column, raw, value",
    [
        ("relevant", " 3 ", 3),
        ("relevant", "3.0", 3),
        ("relevant", "3,0", 3),
        ("relevant", "na", "na"),
        ("relevant", "NA", "na"),
        ("relevant", "", None),
        ("relevant", "  ", None),
        ("grade", "0", 0),
        ("hours", "2.5", 2.5),
        ("hours", "7", 7),
        ("hours", "-0", 0),
        ("attended", "1", True),
        ("attended", "0", False),
        ("topics__a", "1", True),
        ("role", "lead", "lead"),
        ("comment", " as typed ", " as typed "),
        ("comment", "", None),
    ],
)
def test_decode(column, raw, value):
    decoded = SPECS[column].decode(raw)
    assert decoded == value and type(decoded) is type(value)


def test_decode_decimal_comma_only_when_the_file_uses_it():
    assert SPECS["hours"].decode("2,5", ",") == 2.5
    with pytest.raises(CellError, match="not a number"):
        SPECS["hours"].decode("2,5")


@pytest.mark.parametrize(
    "column, raw, message",
    [
        ("relevant", "6", "'6' is not a code on the scale 1..5"),
        ("relevant", "3.5", "'3.5' is not a code on the scale 1..5"),
        ("relevant", "three", "'three' is not a code on the scale 1..5"),
        ("grade", "na", "'na' (don't know) is not offered by this question"),
        ("hours", "nan", "'nan' is not a number"),
        ("hours", "-1", "-1 is below the minimum 0"),
        ("attended", "2", "'2' should be 1 (yes) or 0"),
        ("role", "Staff", "'Staff' is not one of the choices (staff, lead)"),
    ],
)
def test_decode_problems_are_one_sentence(column, raw, message):
    with pytest.raises(ValueError) as caught:
        SPECS[column].decode(raw)
    assert isinstance(caught.value, CellError)
    assert str(caught.value) == f"{column}: {message}"


@pytest.mark.parametrize(
    "value, cell",
    [
        (2.5, "2.5"),
        (3, "3"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e-07, "1e-07"),
        (12.25, "12.25"),
    ],
)
def test_numbers_are_written_in_their_shortest_exact_form(value, cell):
    assert SPECS["hours"].encode(value) == cell
    assert SPECS["hours"].decode(cell) == value


def test_encode_answers_writes_every_column():
    cells = encode_answers(
        Q,
        {
            "relevant": 4,
            "topics": ["c"],
            "attended": False,
            "grid_two": 2,
            "role__other": "Vikarie",
        },
    )
    assert cells == {
        "relevant": "4",
        "grade": "",
        "role": "",
        "role__other": "Vikarie",
        "topics__a": "0",
        "topics__b": "0",
        "topics__c": "1",
        "hours": "",
        "attended": "0",
        "why": "",
        "grid_one": "",
        "grid_two": "2",
        "comment": "",
    }
    assert encode_answers(Q, {"relevant": "na", "topics": "na"})["topics__b"] == "na"
    assert encode_answers(Q, {"relevant": 1, "topics": []})["topics__a"] == "0"


def test_decode_answers_inverts_encode_answers():
    answers = {
        "relevant": 2,
        "grade": 10,
        "role": "lead",
        "role__other": None,
        "topics": ["a", "b"],
        "hours": 99.5,
        "attended": True,
        "why": "så",
        "grid_one": 4,
        "grid_two": 1,
        "comment": "x\ny",
    }
    decoded, problems = decode_answers(SPECS, encode_answers(Q, answers))
    assert problems == [] and decoded == answers


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"relevant": True}, "relevant: True is not a code on the scale 1..5 (give an int)"),
        ({"relevant": "3"}, "relevant: '3' is not a code on the scale 1..5 (give an int)"),
        ({"relevant": 3.5}, "relevant: 3.5 is not a code on the scale 1..5 (give an int)"),
        ({"relevant": 3, "hours": float("nan")}, "hours: nan is not a finite number"),
        (
            {"relevant": 3, "hours": True},
            "hours: a number answer must be an int or float, not True",
        ),
        (
            {"relevant": 3, "grade": "na"},
            "grade: 'na' is not a code on the scale 0..10 (give an int)",
        ),
        ({"relevant": 3, "attended": 1}, "attended: 1 should be True or False"),
        ({"relevant": 3, "role": "boss"}, "role: 'boss' is not one of the choices (staff, lead)"),
        (
            {"relevant": 3, "topics": "a"},
            "topics: a multi answer must be a list of choice codes, not 'a'",
        ),
        ({"relevant": 3, "topics": ["a", "a"]}, "topics: a choice is listed twice in ['a', 'a']"),
        ({"relevant": 3, "topics": ["z"]}, "topics: 'z' not among the choices (a, b, c)"),
        ({"relevant": 3, "comment": 5}, "comment: a text answer must be a string, not 5"),
        (
            {"relevant": 3, "comment": "\ud800"},
            "comment: the text contains characters that cannot be saved as UTF-8",
        ),
        (
            {"relevant": 3, "colour": "red"},
            "'colour' is not a question of store-test (check the id)",
        ),
        ({}, "relevant: is required but not answered"),
        ({"relevant": None}, "relevant: is required but not answered"),
        (
            {"relevant": 3, "why": "x"},
            "why: is hidden by its show_if (attended == true) but has an answer",
        ),
        ({"relevant": 3, "attended": False, "why": "x"}, "why: is hidden by its show_if"),
    ],
)
def test_append_refuses_bad_answers_and_writes_nothing(tmp_path, answers, message):
    store = ResponseStore(tmp_path / "r.csv", Q)
    with pytest.raises(AnswerError) as caught:
        store.append(answers)
    assert any(str(p).startswith(message) for p in caught.value.problems), caught.value.problems
    assert isinstance(caught.value, ValueError)
    assert not store.path.exists()


def test_every_problem_of_a_response_is_listed_at_once():
    with pytest.raises(AnswerError) as caught:
        encode_answers(Q, {"relevant": 9, "grade": 11, "x": 1})
    assert len(caught.value.problems) == 3


def test_a_shown_text_question_may_be_answered():
    assert encode_answers(Q, {"relevant": 3, "attended": True, "why": "x"})["why"] == "x"


def test_store_imports_no_heavy_module():
    code = (
        "import sys, surveytui.store; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'numpy', 'scipy', 'textual'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
