"""Every face of a question reads its type's spec, never its name, and an answer reads the
same in words wherever it is shown (issue 14 §1, §3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from surveytui import plain
from surveytui.analysis import load_dataset
from surveytui.edit import QuestionnaireDocument
from surveytui.model import load_questionnaire
from surveytui.model.qtypes import TYPES, Answer, QuestionType
from surveytui.model.types import Question
from surveytui.session import describe_answer
from surveytui.store import ResponseStore
from surveytui.tui.builder.editor import Editor, Selection, type_options
from surveytui.tui.review.respondent import respondent_lines
from surveytui.tui.widgets.questions import QuestionWidget, ScaleQuestion, make_question_widget

# A type that is not in the product: the faces must know it from its spec alone.
STARS = QuestionType("stars", Answer.SCALE, ("points", "labels", "na", "reverse"), "stars")


@pytest.fixture
def stars(monkeypatch: pytest.MonkeyPatch) -> Question:
    monkeypatch.setitem(TYPES, "stars", STARS)
    return Question(
        id="stars",
        type="stars",
        text={"en": "How many stars?"},
        points=5,
        scale_min=1,
        scale_max=5,
        labels={5: {"en": "Best"}},
        na={"en": "Don't know"},
    )


class OneQuestion(App[None]):
    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield make_question_widget(self.question, "en", id="asked")


async def test_a_new_type_of_a_known_kind_is_asked_in_the_kiosk(stars: Question) -> None:
    app = OneQuestion(stars)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one("#asked", QuestionWidget)
        assert isinstance(widget, ScaleQuestion)
        widget.query_one("OptionPicker").focus()
        await pilot.press("5")
        assert widget.answer == {"stars": 5}


def test_a_new_type_of_a_known_kind_is_asked_in_plain_mode(
    stars: Question, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = iter(["9", "?"])  # 9 is no point of the scale; ? is don't know
    monkeypatch.setattr(plain, "_ask", lambda message: next(typed))
    assert plain.ask_question(stars, "en", 1, 1) == {"stars": "na"}
    out = capsys.readouterr().out
    assert "5 = Best" in out and "? = Don't know" in out


def test_a_new_type_of_a_known_kind_reads_in_words(stars: Question) -> None:
    assert describe_answer(stars, {"stars": 5}, "en") == "5 Best"
    assert describe_answer(stars, {"stars": 2}, "en") == "2"
    assert describe_answer(stars, {"stars": "na"}, "en") == "Don't know"


REVIEWED = """\
id: words
version: "1"
languages: [en, sv]
title: {en: Words, sv: Ord}
sections:
  - id: main
    title: {en: Main, sv: Huvud}
    questions:
      - {id: hours, type: number, text: {en: Hours, sv: Timmar}}
      - {id: again, type: yes_no, na: {en: Not sure, sv: Osäker}, text: {en: Again, sv: Igen}}
      - id: topics
        type: multi
        na: {en: Can't say, sv: Vet ej}
        choices:
          - {code: x, text: {en: Ex, sv: Ex}}
          - {code: y, text: {en: Why, sv: Varför}}
        text: {en: Topics, sv: Teman}
      - {id: useful, type: likert, points: 4, labels: {4: {en: Very, sv: Mycket}},
         text: {en: Useful, sv: Nyttig}}
"""

ANSWERS = [
    {"hours": 1234567, "again": True, "topics": ["x", "y"], "useful": 4},
    {"hours": 2.5, "again": "na", "topics": [], "useful": 2},
    {"hours": 0, "again": False, "topics": "na", "useful": "na"},
]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_review_reads_an_answer_as_the_participant_checked_it(
    tmp_path: Path, lang: str
) -> None:
    """The respondent view (from the data set) and the check-before-submit page (from the
    answers) give each answer the same words: a large number in full, don't know in the
    question's words, an empty multi choice as none of them."""
    source = tmp_path / "q.yaml"
    source.write_text(REVIEWED.replace("points: 4,", "points: 4, na: {en: Unsure, sv: Osäker},"))
    questionnaire = load_questionnaire(source)
    store = ResponseStore(tmp_path / "r.csv", questionnaire)
    for answers in ANSWERS:
        store.append(answers, {})
    dataset = load_dataset([tmp_path / "r.csv"])
    for row, answers in enumerate(ANSWERS):
        expected = [
            f"{question.id}: {describe_answer(question, answers, lang)}"
            for question in questionnaire.questions
        ]
        assert respondent_lines(dataset, row, lang) == expected
    assert "hours: 1234567" in respondent_lines(dataset, 0, lang)


def test_a_new_type_of_a_known_kind_gets_its_builder_form(stars: Question) -> None:
    """The builder offers the type with its summary and shows a field for each key it
    takes (points, labels, don't know, reverse), and none for the keys it does not."""
    document = QuestionnaireDocument.from_text(
        """\
id: s
version: "1"
languages: [en]
title: {en: S}
sections:
  - id: main
    title: {en: Main}
    questions:
      - {id: stars, type: stars, points: 3, text: {en: How many stars?}}
"""
    )
    assert ("stars: stars", "stars") in type_options()
    form = Editor()._question_form(document, Selection("question", 0, 0))
    paths = {getattr(w, "path", ())[-1:] for w in form if getattr(w, "path", ())}
    assert {("points",), ("reverse",), ("na",), ("required",)} <= paths
    assert not paths & {("scale",), ("choices",), ("rows",), ("min",), ("multiline",)}
    labels = [w for w in form if getattr(w, "path", ())[-2:-1] == ("labels",)]
    assert [w.path[-1] for w in labels] == [1, 2, 3]
