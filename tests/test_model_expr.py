"""The show_if language: parsing, precedence, evaluation against answers, and its errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveytui.model import evaluate
from surveytui.model.expr import ExprError, parse


def holds(source: str, answers: dict) -> bool:
    return evaluate(parse(source), answers)


@pytest.mark.parametrize(
    ("source", "answers", "expected"),
    [
        ("grade >= 7", {"grade": 7}, True),
        ("grade >= 7", {"grade": 6}, False),
        ("grade > 7", {"grade": 7}, False),
        ("grade < 3", {"grade": 2}, True),
        ("grade <= 3", {"grade": 3}, True),
        ("grade != 3", {"grade": 4}, True),
        ("7 <= grade", {"grade": 8}, True),
        ("7 <= grade", {"grade": 6}, False),
        ("3 > grade", {"grade": 2}, True),
        ("hours >= 2.5", {"hours": 2.5}, True),
        ("hours == -1", {"hours": -1}, True),
        ("role == 'manager'", {"role": "manager"}, True),
        ('role == "manager"', {"role": "staff"}, False),
        ("'manager' == role", {"role": "manager"}, True),
        ("attended == true", {"attended": True}, True),
        ("attended == true", {"attended": False}, False),
        ("attended == false", {"attended": False}, True),
        ("attended != true", {"attended": False}, True),
    ],
)
def test_comparisons(source, answers, expected):
    assert holds(source, answers) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"topics": ["a", "c"]}, True),
        ({"topics": ["c"]}, False),
        ({"topics": []}, False),
        ({}, False),
        ({"topics": "a"}, False),
    ],
)
def test_in_tests_a_ticked_choice_of_a_multi_question(answers, expected):
    assert holds("'a' in topics", answers) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"role": "manager"}, True),
        ({"role": "developer"}, True),
        ({"role": "staff"}, False),
        ({}, False),
        ({"role": "na"}, False),
    ],
)
def test_in_a_list_of_codes_tests_a_single_choice(answers, expected):
    assert holds("role in ('manager', 'developer')", answers) is expected


def test_in_a_list_of_numbers():
    assert holds("grade in (1, 2, 10)", {"grade": 10})
    assert not holds("grade in (1, 2, 10)", {"grade": 3})


@pytest.mark.parametrize("missing", [{}, {"grade": None}, {"grade": ""}])
@pytest.mark.parametrize(
    "source",
    ["grade == 5", "grade != 5", "grade < 5", "grade >= 5", "grade in (5, 6)", "grade == na"],
)
def test_a_comparison_with_an_unanswered_question_is_false(source, missing):
    assert holds(source, missing) is False


def test_not_of_an_unanswered_comparison_is_true():
    assert holds("not (grade == 5)", {})
    assert holds("not grade == 5", {})
    assert not holds("not (grade == 5)", {"grade": 5})
    assert holds("not not grade == 5", {"grade": 5})


def test_na_matches_only_dont_know():
    assert holds("useful == na", {"useful": "na"})
    assert not holds("useful == na", {"useful": 3})
    assert holds("useful != na", {"useful": 3})
    assert not holds("useful != na", {"useful": "na"})


def test_dont_know_is_not_a_number():
    for source in ("useful < 3", "useful >= 1", "useful == 1", "useful in (1, 2, 3, 4, 5)"):
        assert not holds(source, {"useful": "na"}), source


def test_types_do_not_mix():
    assert not holds("attended == 1", {"attended": True})
    assert not holds("grade == true", {"grade": 1})
    assert not holds("grade == '5'", {"grade": 5})
    assert not holds("code == 5", {"code": "5"})
    assert not holds("attended > 0", {"attended": True})


def test_precedence_is_not_then_and_then_or():
    answers = {"a": 1, "b": 0, "c": 0}
    # `or` binds loosest: true or (false and false)
    assert holds("a == 1 or b == 1 and c == 1", answers)
    assert not holds("(a == 1 or b == 1) and c == 1", answers)
    # `not` binds tighter than `and`: (not false) and true
    assert holds("not b == 1 and a == 1", answers)
    assert not holds("not (b == 0 and a == 1)", answers)


ATOMS = ["a == 1", "b == 1", "c >= 2", "'x' in t", "r in ('p', 'q')", "u == na"]


@st.composite
def expressions(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    kind = draw(st.sampled_from(["and", "or", "not", "paren"]))
    if kind == "not":
        return f"not {draw(expressions(depth - 1))}"
    if kind == "paren":
        return f"({draw(expressions(depth - 1))})"
    return f"{draw(expressions(depth - 1))} {kind} {draw(expressions(depth - 1))}"


answer_sets = st.fixed_dictionaries(
    {},
    optional={
        "a": st.sampled_from([0, 1]),
        "b": st.sampled_from([0, 1]),
        "c": st.integers(0, 4),
        "t": st.lists(st.sampled_from(["x", "y"]), unique=True),
        "r": st.sampled_from(["p", "q", "s"]),
        "u": st.sampled_from([1, "na"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(expressions(), answer_sets)
def test_precedence_and_grouping_match_python(source, answers):
    """Each comparison's truth, put back into the text, reads the same under Python's rules."""
    as_python = source
    for atom in sorted(ATOMS, key=len, reverse=True):
        as_python = as_python.replace(atom, str(holds(atom, answers)))
    assert holds(source, answers) is eval(as_python)  # noqa: S307 - test oracle on True/False only


@pytest.mark.parametrize(
    ("source", "offset", "phrase"),
    [
        ("", 0, "the condition is empty"),
        ("   ", 0, "the condition is empty"),
        ("grade = 5", 6, "'=' is not a comparison: use '=='"),
        ("role == 'manager", 8, "a quoted string is not closed"),
        ("grade >= 7 and", 14, "expected a question id or a value but found the end"),
        ("grade", 5, "expected a comparison"),
        ("grade == 5)", 10, "unexpected ')'"),
        ("(grade == 5", 11, "expected ')' but found the end"),
        ("grade == 5 attended == true", 11, "unexpected 'attended'"),
        ("5 == 5", 0, "a comparison needs a question id on one side"),
        ("'a' in ('a', 'b')", 0, "a comparison needs a question id on one side"),
        ("role == staff", 0, "a choice code is quoted: 'staff'"),
        ("role in ('a', other)", 14, "a list after 'in' holds values, not question ids"),
        ("role in ()", 9, "expected a question id or a value but found ')'"),
        ("grade >= 7 & x == 1", 11, "unexpected character '&'"),
    ],
)
def test_syntax_errors_give_the_offset_of_the_mistake(source, offset, phrase):
    with pytest.raises(ExprError) as caught:
        parse(source)
    assert caught.value.offset == offset
    assert phrase in str(caught.value)


def test_eval_is_never_used():
    with pytest.raises(ExprError):
        parse("__import__('os').system('true')")


@pytest.mark.parametrize(("opening", "step"), [("(", 1), ("not ", 4)])
def test_nesting_is_bounded_at_the_first_level_too_deep(opening, step):
    """32 levels are parsed and evaluated; the 33rd is refused where it starts, however deep
    the rest goes (thousands of levels must not reach Python's recursion limit)."""

    def nested(levels: int) -> str:
        return opening * levels + "x == 1" + ")" * (levels * opening.count("("))

    assert holds(nested(32), {"x": 1}) is True
    for levels in (33, 5000):
        with pytest.raises(ExprError) as caught:
            parse(nested(levels))
        assert caught.value.offset == 32 * step
        assert "nests more than 32 levels deep" in str(caught.value)


def test_parentheses_and_nots_share_one_depth():
    assert holds("not (" * 16 + "x == 1" + ")" * 16, {"x": 1}) is True
    with pytest.raises(ExprError) as caught:
        parse("not (" * 17 + "x == 1" + ")" * 17)
    assert caught.value.offset == 16 * len("not (")  # the 17th `not` is level 33
