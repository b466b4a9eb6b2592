"""A number a respondent types means the same in the kiosk, in plain mode and in the
results file: whatever one takes, the others take as the same number, and what one
refuses, the others refuse."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from kiosk_helpers import ALL_TYPES
from surveytui.model import load_questionnaire_text
from surveytui.plain import Invalid, _number_parser
from surveytui.store import CellError, column_specs
from surveytui.tui.widgets.questions import QuestionWidget, make_question_widget

QUESTIONNAIRE = load_questionnaire_text(ALL_TYPES)
YEARS = next(q for q in QUESTIONNAIRE.questions if q.id == "years")  # 0..50
REFUSED = "refused"

# Texts a person (or a spreadsheet) may write, numbers and not; all within 0..50.
TEXTS = [
    "3",
    "+4",
    "2.5",
    "2,5",
    " 7 ",
    ".5",
    "1.",
    "3.0",
    "4e1",
    "1_0",
    "0x10",
    "nan",
    "inf",
    "1e400",
    "1 0",
    "٣",
    "2.5.1",
    "abc",
]


class OneQuestion(App[None]):
    """The kiosk's number widget on its own."""

    def compose(self) -> ComposeResult:
        yield make_question_widget(YEARS, "en", id="years")


def stored(text: str) -> object:
    """What the results file reads the text as (a Nordic file, with decimal commas)."""
    try:
        value = column_specs(QUESTIONNAIRE)["years"].decode(text, ",")
    except CellError:
        return REFUSED
    return (type(value), value)


def typed_in_plain_mode(text: str) -> object:
    try:
        value = _number_parser(YEARS, "en")(text.strip())
    except Invalid:
        return REFUSED
    return (type(value), value)


@pytest.mark.parametrize("text", TEXTS)
def test_plain_mode_takes_a_number_as_the_results_file_reads_it(text):
    assert typed_in_plain_mode(text) == stored(text)


async def test_the_kiosk_takes_a_number_as_the_results_file_reads_it():
    app = OneQuestion()
    async with app.run_test(size=(100, 60)) as pilot:
        years = app.query_one("#years", QuestionWidget)
        kiosk = {}
        for text in TEXTS:
            years.query_one("#number", Input).value = text
            await pilot.pause()
            value = years.answer.get("years", REFUSED)
            kiosk[text] = value if value == REFUSED else (type(value), value)
    assert kiosk == {text: stored(text) for text in TEXTS}
