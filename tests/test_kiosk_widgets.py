"""The question widgets on their own, as the builder's preview uses them: answer in, answer out."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from kiosk_helpers import ALL_TYPES
from surveytui.model import load_questionnaire_text
from surveytui.tui.widgets.questions import (
    OptionCell,
    OptionPicker,
    QuestionWidget,
    make_question_widget,
)

QUESTIONNAIRE = load_questionnaire_text(ALL_TYPES)


class Preview(App[None]):
    """Every question of the test questionnaire, outside any kiosk flow."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.changes: list[str] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for question in QUESTIONNAIRE.questions:
                yield make_question_widget(question, self.lang, id=question.id)

    def on_question_widget_changed(self, message: QuestionWidget.Changed) -> None:
        self.changes.append(message.question.id)


ROUND_TRIPS = [
    {"useful": 4},
    {"useful": "na"},
    {"again": True},
    {"again": False},
    {"why_again": "because"},
    {"role": "b"},
    {"role__other": "Boss"},
    {"topics": ["x", "y"]},
    {"topics": []},
    {"topics": "na"},
    {"topics": ["y"], "topics__other": "Z"},
    {"years": 12},
    {"years": 2.5},
    {"grid_a": 1, "grid_b": 3},
    {"comment": "Two\nlines"},
]


@pytest.mark.parametrize("answers", ROUND_TRIPS, ids=lambda a: ",".join(a))
async def test_set_answer_shows_what_answer_returns(answers):
    app = Preview()
    async with app.run_test(size=(100, 60)):
        question = QUESTIONNAIRE.answer_keys()[next(iter(answers))]
        widget = app.query_one(f"#{question.id}", QuestionWidget)
        widget.set_answer(answers)
        assert widget.answer == answers


async def test_digits_pick_and_move_on():
    app = Preview()
    async with app.run_test(size=(100, 60)) as pilot:
        useful = app.query_one("#useful", QuestionWidget)
        useful.query_one(OptionPicker).focus()
        await pilot.press("9", "5")  # 9 is no point of this scale
        await pilot.pause()
        assert useful.answer == {"useful": 5}
        assert app.focused in app.query_one("#again").query(OptionPicker)
        assert app.changes == ["useful"]


async def test_multi_toggles_and_dont_know_excludes_the_rest():
    app = Preview()
    async with app.run_test(size=(100, 60)) as pilot:
        topics = app.query_one("#topics", QuestionWidget)
        topics.query_one(OptionPicker).focus()
        await pilot.press("1", "2", "1")
        assert topics.answer == {"topics": ["y"]}
        await pilot.press("4")
        assert topics.answer == {"topics": "na"}
        await pilot.press("up", "up", "up", "space")  # arrows move the cursor, Space picks
        assert topics.answer == {"topics": ["x"]}
        await pilot.press("4")
        await pilot.press("1")
        assert topics.answer == {"topics": ["x"]}


async def test_other_opens_a_field_and_stores_its_text():
    app = Preview()
    async with app.run_test(size=(100, 60)) as pilot:
        role = app.query_one("#role", QuestionWidget)
        role.query_one(OptionPicker).focus()
        await pilot.press("3")
        await pilot.pause()
        assert app.focused is role.query_one("#other")
        await pilot.press(*"Chief")
        assert role.answer == {"role__other": "Chief"}
        role.query_one(OptionPicker).focus()
        await pilot.press("1")
        await pilot.pause()
        assert role.answer == {"role": "a"} and not role.query_one("#other").display


async def test_number_takes_a_decimal_comma_and_checks_the_range():
    app = Preview(lang="sv")
    async with app.run_test(size=(100, 60)) as pilot:
        years = app.query_one("#years", QuestionWidget)
        years.query_one("#number").focus()
        await pilot.press(*"2,5")
        assert years.answer == {"years": 2.5} and years.problem() is None
        await pilot.press("backspace", "backspace", "backspace", *"99")
        assert years.answer == {}
        assert years.problem() == "Ett tal från 0 till 50"
        await pilot.press("backspace", "backspace", "a")
        assert years.problem() == "Skriv ett tal, till exempel 12 eller 2.5"


async def test_a_click_picks_a_point():
    app = Preview()
    async with app.run_test(size=(100, 60)) as pilot:
        useful = app.query_one("#useful", QuestionWidget)
        cells = list(useful.query(OptionCell))
        await pilot.click(cells[1])
        assert useful.answer == {"useful": 2}
        assert app.focused is useful.query_one(OptionPicker)


async def test_labels_and_dont_know_are_shown_in_the_language():
    app = Preview(lang="sv")
    async with app.run_test(size=(100, 60)):
        texts = [str(cell.render()) for cell in app.query_one("#useful").query(OptionCell)]
        assert "Inte alls" in texts[0] and "Helt" in texts[4] and "Vet ej" in texts[5]
        again = [str(cell.render()) for cell in app.query_one("#again").query(OptionCell)]
        assert "Ja" in again[0] and "Nej" in again[1]


RATINGS_TEXT = """\
id: ratings
version: "1"
languages: [da, en]
title: {da: Karakterer, en: Grades}
sections:
  - id: only
    title: {da: Kun, en: Only}
    questions:
      - id: grade
        type: rating
        scale: {min: 0, max: 10}
        labels: {0: {da: Meget dårligt, en: Very poor}, 10: {da: Rigtig godt, en: Excellent}}
        na: {da: Ved ikke, en: Don't know}
        text: {da: Karakter?, en: Grade?}
      - id: after
        type: yes_no
        text: {da: Igen?, en: Again?}
      - id: long_words
        type: likert
        points: 5
        labels:
          1: {da: Slet ikke tilfredsstillende, en: Thoroughly unsatisfactory}
          5: {da: Særdeles tilfredsstillende, en: Extraordinarily good}
        text: {da: Tilfreds?, en: Satisfied?}
"""
RATINGS = load_questionnaire_text(RATINGS_TEXT)


class Ratings(App[None]):
    """The 0-10 rating on its own, at the kiosk's smallest usual width."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for question in RATINGS.questions:
                yield make_question_widget(question, self.lang, id=question.id)


@pytest.mark.parametrize(
    ("key", "expected"), [("0", 0), ("7", 7), ("9", 9), ("+", 10), ("?", "na")]
)
async def test_every_point_of_a_0_to_10_rating_and_dont_know_has_a_key(key, expected):
    app = Ratings()
    async with app.run_test(size=(80, 24)) as pilot:
        grade = app.query_one("#grade", QuestionWidget)
        grade.query_one(OptionPicker).focus()
        await pilot.press(key)
        await pilot.pause()
        assert grade.answer == {"grade": expected}
        assert app.focused in app.query_one("#after").query(OptionPicker)


def test_the_keys_that_are_not_the_code_shown_are_named():
    from surveytui.options import key_hints, scale_options

    grade = RATINGS.questions[0]
    assert key_hints(scale_options(grade, "en")) == ["+ = 10", "? = Don't know"]
    assert key_hints(scale_options(QUESTIONNAIRE.questions[0], "en")) == ["? = Don't know"]


def _cell_lines(cell: OptionCell) -> list[str]:
    from textual.geometry import Region

    width, height = cell.outer_size
    return [strip.text.strip() for strip in cell.render_lines(Region(0, 0, width, height))]


LABELS = {
    "en": ("Thoroughly unsatisfactory", "Extraordinarily good"),
    "da": ("Slet ikke tilfredsstillende", "Særdeles tilfredsstillende"),
}


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("width", [80, 60])
async def test_labels_wrap_between_words_and_are_cut_only_with_an_ellipsis(lang, width):
    app = Ratings(lang)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        cells = list(app.query_one("#long_words").query(OptionCell))
        for index, label in zip((0, 4), LABELS[lang]):
            words = label.split()
            head = {"(", ")", str(index + 1)}  # the mark and code, which may wrap at 60 columns
            shown = [w for w in " ".join(_cell_lines(cells[index])).split() if w not in head]
            assert len(shown) == len(words), f"{shown} of {label!r}"
            for word, whole in zip(shown, words):
                assert word == whole or (word.endswith("…") and whole.startswith(word[:-1])), (
                    f"{word!r} of {label!r}"
                )


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("width", [80, 60])
async def test_a_0_to_10_scale_shows_its_labels_whole_in_a_legend(lang, width):
    from textual.widgets import Static

    app = Ratings(lang)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        grade = app.query_one("#grade")
        legend = grade.query_one(".scale-legend", Static)
        shown = " ".join(
            " ".join(strip.text.split())
            for strip in legend.render_lines(legend.region.reset_offset)
        )
        expected = {
            "en": "0 = Very poor · 10 = Excellent",
            "da": "0 = Meget dårligt · 10 = Rigtig godt",
        }[lang]
        assert shown.strip() == expected
        cells = list(grade.query(OptionCell))
        assert all("…" not in " ".join(_cell_lines(cell)) for cell in cells)


async def test_a_list_of_choices_keeps_its_words_once_laid_out():
    app = Preview()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(70, 40)
        await pilot.pause()
        texts = [" ".join(_cell_lines(cell)) for cell in app.query_one("#role").query(OptionCell)]
        assert texts == ["( ) 1 Role A", "( ) 2 Role B", "( ) 3 Other"]


TWO_SCALES = load_questionnaire_text(
    RATINGS_TEXT.replace(
        "questions:\n",
        """questions:
      - id: first
        type: likert
        points: 5
        text: {da: Først?, en: First?}
""",
        1,
    )
)


class TwoScales(App[None]):
    """A 1-5 likert without "don't know", then the 0-10 rating with it."""

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for question in TWO_SCALES.questions[:2]:
                yield make_question_widget(question, "en", id=question.id)


@pytest.mark.parametrize(("second", "expected"), [("?", "na"), ("+", 10), ("3", 3)])
async def test_a_key_typed_before_focus_moved_on_reaches_the_next_question(second, expected):
    """A terminal delivers "4?" in one read: both keys reach the first picker before it has
    moved focus on, and the second must still answer the second question."""
    from textual import events

    app = TwoScales()
    async with app.run_test(size=(80, 40)) as pilot:
        first = app.query_one("#first", QuestionWidget)
        picker = first.query_one(OptionPicker)
        picker.focus()
        await pilot.pause()
        for key in ("4", second):  # as the app forwards them to the focused widget
            picker._forward_event(events.Key(key, key))
        await pilot.pause()
        assert first.answer == {"first": 4}
        assert app.query_one("#grade", QuestionWidget).answer == {"grade": expected}
