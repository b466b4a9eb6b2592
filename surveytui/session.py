"""One administering session: the rules the kiosk and plain mode share, without any UI.

Which answers count (only those of shown questions), which required questions are still
open, which tags the facilitator must still give, and the store and draft journal behind
a session. Imports nothing heavy, so that `run --plain` starts fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from surveytui.errors import SurveyError
from surveytui.i18n import language_name, t
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import (
    OTHER_SUFFIX,
    Question,
    Questionnaire,
    Section,
    is_answered,
    tr,
)

if TYPE_CHECKING:
    from surveytui.store.drafts import Draft


def visible_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of the questions shown for these answers, the only ones ever stored."""
    return {
        key: answers[key]
        for question in questionnaire.visible(dict(answers))
        for key in question.answer_keys
        if is_answered(answers.get(key))
    }


def first_unanswered_required(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> Question | None:
    """The first shown required question still without an answer."""
    shown = {q.id for q in questionnaire.visible(dict(answers))}
    for question in questionnaire.questions:
        if question.id in shown and question.required and not question.is_answered_in(answers):
            return question
    return None


def required_message(question: Question, answers: Mapping[str, Any], lang: str) -> str | None:
    """What a participant is told of a shown required question left without an answer."""
    if question.required and not question.is_answered_in(answers):
        return t("required_missing", lang, question=tr(question.text, lang))
    return None


class AnswerProblem(ValueError):
    """A typed answer that does not fit; the message, in the participant's language, says
    what would."""


def parse_number(question: Question, text: str, lang: str) -> int | float | None:
    """A typed number (decimal comma or point) within the question's range; None for blank."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        number: int | float = int(cleaned) if re.fullmatch(r"[+-]?\d+", cleaned) else float(cleaned)
    except ValueError:
        raise AnswerProblem(t("number_invalid", lang)) from None
    if number != number or abs(number) == float("inf"):
        raise AnswerProblem(t("number_invalid", lang))
    low, high = question.min, question.max
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerProblem(t("number_range", lang, min=number_text(low), max=number_text(high)))
    return number


def number_text(value: float | None) -> str:
    """A bound or answer as typed: 3 not 3.0, and … for no bound."""
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)


def answer_pages(questionnaire: Questionnaire) -> list[Section]:
    """The sections that have questions, one page each: a draft's `page` counts these, so
    that the kiosk and plain mode resume each other's drafts."""
    return [section for section in questionnaire.sections if section.questions]


def shown_pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[int]:
    """The indexes of the answer pages with a question shown for these answers."""
    shown = {q.id for q in questionnaire.visible(dict(answers))}
    return [
        index
        for index, section in enumerate(answer_pages(questionnaire))
        if any(q.id in shown for q in section.questions)
    ]


def review_lines(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str
) -> list[tuple[str, str]]:
    """Each shown question that takes an answer, with the answer in words, for checking."""
    return [
        (tr(question.text, lang), describe_answer(question, answers, lang))
        for question in questionnaire.visible(dict(answers))
        if question.spec.answer is not Answer.NONE
    ]


def describe_draft(draft: Draft) -> str:
    """A draft as the facilitator is offered it: when, how many answers, which language."""
    language = language_name(str(draft.meta.get("language", "")))
    answered = sum(1 for value in draft.answers.values() if value not in (None, ""))
    return f"saved {draft.saved_at} · {answered} answers · {language}"


def missing_tags(questionnaire: Questionnaire, tags: Mapping[str, str]) -> list[str]:
    """The tags the questionnaire expects that the facilitator has not given yet."""
    return [name for name in questionnaire.tags if not tags.get(name)]


def describe_answer(question: Question, answers: Mapping[str, Any], lang: str) -> str:
    """A participant's answer to one question in words, for the check-before-submit page."""
    if question.type == "matrix":
        return "; ".join(
            f"{tr(row.text, lang)}: {_describe_value(question, answers.get(row.id), lang)}"
            for row in question.rows
        )
    text = _describe_value(question, answers.get(question.id), lang)
    other = answers.get(question.id + OTHER_SUFFIX)
    if is_answered(other):
        said = f"{tr(question.other, lang)}: {other}"
        text = said if text == t("not_answered", lang) else f"{text}; {said}"
    return text


def _describe_value(question: Question, value: Any, lang: str) -> str:
    if value is None or value == "":
        return t("not_answered", lang)
    if value == NA_CODE:
        return tr(question.na, lang, NA_CODE)
    if question.type == "yes_no":
        return t("yes" if value else "no", lang)
    if question.type in ("single", "multi"):
        codes = value if isinstance(value, list) else [value]
        return ", ".join(tr(c.text, lang) for c in question.choices if c.code in codes) or "-"
    if question.is_ordinal and value in question.labels:
        return f"{value} {tr(question.labels[value], lang)}"
    return str(value)


class Session:
    """A facilitator's session on one results file: submissions, counts and drafts."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        results: Path | None = None,
        tags: Mapping[str, str] | None = None,
        *,
        timestamp: bool = False,
    ):
        from surveytui.store import ResponseStore, default_results_path
        from surveytui.store.drafts import DraftJournal

        self.questionnaire = questionnaire
        self.results = Path(results) if results is not None else default_results_path(questionnaire)
        self.tags: dict[str, str] = dict(tags or {})
        self.store = ResponseStore(self.results, questionnaire, timestamp=timestamp)
        self.drafts = DraftJournal(self.results)
        self.submitted = 0

    @property
    def missing_tags(self) -> list[str]:
        return missing_tags(self.questionnaire, self.tags)

    def check(self) -> None:
        """Raise SurveyError now, before anyone answers, if the results file cannot take rows."""
        self.store.check(None if self.missing_tags else list(self.tags))

    def responses_in_file(self) -> int:
        """How many complete responses the results file holds now (0 before the first)."""
        return self.store.summary()[0]

    def submit(
        self,
        answers: Mapping[str, Any],
        language: str,
        draft_id: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> str:
        """Append the shown questions' answers; only then forget the draft. Returns the id."""
        from surveytui.store import new_response_id

        kept = visible_answers(self.questionnaire, answers)
        question = first_unanswered_required(self.questionnaire, kept)
        if question is not None:
            raise SurveyError(t("required_missing", language, question=tr(question.text, language)))
        response_id = new_response_id()
        if draft_id is not None:  # so that a crash before `discard` cannot leave it behind
            self.drafts.promise(draft_id, response_id)
        self.store.append(
            kept,
            dict(self.tags if tags is None else tags),
            language=language,
            response_id=response_id,
        )
        self.submitted += 1
        if draft_id is not None:
            self.drafts.discard(draft_id)
        return response_id

    def save_draft(
        self,
        draft_id: str,
        answers: Mapping[str, Any],
        language: str,
        tags: Mapping[str, str],
        page: int = 0,
    ) -> None:
        """Journal a response in progress, with what is needed to resume it."""
        self.drafts.save(
            draft_id, dict(answers), {"language": language, "tags": dict(tags), "page": page}
        )


def open_session(
    questionnaire: str | Path,
    *,
    results: Path | None = None,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    timestamp: bool = False,
) -> Session:
    """Load the questionnaire and check that it can take responses, before anyone answers."""
    from surveytui.model import load_questionnaire

    q = load_questionnaire(questionnaire)
    if language is not None and language not in q.languages:
        raise SurveyError(
            f"--lang {language}: the questionnaire is in {', '.join(q.languages)} only",
            file=questionnaire,
        )
    session = Session(q, results, tags, timestamp=timestamp)
    session.check()
    return session
