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
    {"useful": 4}, {"useful": "na"}, {"again": True}, {"again": False},
    {"why_again": "because"}, {"role": "b"}, {"role__other": "Boss"},
    {"topics": ["x", "y"]}, {"topics": []}, {"topics": "na"},
    {"topics": ["y"], "topics__other": "Z"},
    {"years": 12}, {"years": 2.5}, {"grid_a": 1, "grid_b": 3}, {"comment": "Two\nlines"},
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
