"""One administering session: the rules the kiosk and plain mode share, without any UI.

Which answers count (only those of shown questions), which required questions are still
open, which tags the facilitator must still give, and the store and draft journal behind
a session. Imports nothing heavy, so that `run --plain` starts fast.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from surveytui.errors import SurveyError
from surveytui.i18n import language_name, t
from surveytui.model import load_questionnaire
from surveytui.model.qtypes import Answer
from surveytui.model.types import (
    OTHER_SUFFIX,
    Question,
    Questionnaire,
    Section,
    is_answered,
    parse_number,
    tr,
)
from surveytui.options import describe_value, number_text
from surveytui.store import (
    Draft,
    DraftJournal,
    ResponseStore,
    default_results_path,
    new_response_id,
)


def visible_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of the questions shown for these answers, the only ones ever stored."""
    return {
        key: answers[key]
        for question in questionnaire.visible(dict(answers))
        for key in question.answer_keys
        if is_answered(answers.get(key))
    }


def required_message(question: Question, answers: Mapping[str, Any], lang: str) -> str | None:
    """What a participant is told of a shown required question left without an answer."""
    if question.required and not question.is_answered_in(answers):
        return t("required_missing", lang, question=tr(question.text, lang))
    return None


class AnswerProblem(ValueError):
    """A typed answer that does not fit; the message, in the participant's language, says
    what would."""


def read_number(question: Question, text: str, lang: str) -> int | float | None:
    """A typed number (decimal comma or point) within the question's range; None for blank.

    The syntax is the results file's (`parse_number`), so what a participant may type is
    what the file reads back; the messages are the participant's.
    """
    if not text.strip():
        return None
    try:
        number = parse_number(text, decimal_comma=True)
    except ValueError:
        raise AnswerProblem(t("number_invalid", lang)) from None
    low, high = question.min, question.max
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerProblem(t("number_range", lang, min=number_text(low), max=number_text(high)))
    return number


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
    if question.spec.rows:
        return "; ".join(
            f"{tr(row.text, lang)}: {describe_value(question, answers.get(row.id), lang)}"
            for row in question.rows
        )
    value = answers.get(question.id)
    other = answers.get(question.id + OTHER_SUFFIX)
    if not is_answered(other):
        return describe_value(question, value, lang)
    said = f"{tr(question.other, lang)}: {other}"
    # "Other" alone leaves no choice (None) or none of the others ([]): it says it all.
    return f"{describe_value(question, value, lang)}; {said}" if value else said


def review_text(questionnaire: Questionnaire, answers: Mapping[str, Any], lang: str) -> str:
    """Every shown question that asks something, each with its answer in words below it:
    the page a participant checks before submitting."""
    return "\n".join(
        f"{text}\n    {answer}" for text, answer in review_lines(questionnaire, answers, lang)
    )


KIOSK, WEB = "kiosk", "web"  # where a session's drafts come from, in each draft's meta


class Session:
    """A facilitator's session on one results file: submissions, counts and drafts.

    `origin` (KIOSK, or WEB for `serve`) marks the drafts it saves: a kiosk and a web
    collection may share a results file, and each resumes only its own drafts.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        results: Path | None = None,
        tags: Mapping[str, str] | None = None,
        *,
        timestamp: bool = False,
    ):
        self.questionnaire = questionnaire
        self.results = Path(results) if results is not None else default_results_path(questionnaire)
        self.tags: dict[str, str] = dict(tags or {})
        self.store = ResponseStore(self.results, questionnaire, timestamp=timestamp)
        self.drafts = DraftJournal(self.results)
        self.submitted = 0
        self._count = threading.Lock()  # the web's submissions run on many threads
        self.origin = KIOSK

    @property
    def missing_tags(self) -> list[str]:
        return missing_tags(self.questionnaire, self.tags)

    def check(self) -> None:
        """Raise SurveyError now, before anyone answers, if the results file cannot take rows."""
        self.store.check(None if self.missing_tags else list(self.tags))

    def responses_in_file(self) -> int:
        """How many complete responses the results file holds now (0 before the first)."""
        return self.store.summary()[0]

    def resumable_drafts(self) -> list[Draft]:
        """The drafts in progress that this session may offer to resume: its origin's (one
        saved before drafts were marked counts as a kiosk's)."""
        return [
            draft for draft in self.drafts.list() if draft.meta.get("origin", KIOSK) == self.origin
        ]

    def submit(
        self,
        answers: Mapping[str, Any],
        language: str,
        draft_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        response_id: str | None = None,
    ) -> str:
        """Append the shown questions' answers; only then forget the draft. Returns the id.

        `response_id` is the one every `save_draft` of this draft recorded: the draft names
        its row already, and the append goes without first rewriting it (a `promise`).
        """
        kept = visible_answers(self.questionnaire, answers)
        missing = self.questionnaire.unanswered_required(kept)
        if missing:
            raise SurveyError(
                t("required_missing", language, question=tr(missing[0].text, language))
            )
        if response_id is None:
            response_id = new_response_id()
            if draft_id is not None:  # so that a crash before `discard` cannot leave it behind
                self.drafts.promise(draft_id, response_id)
        self.store.append(
            kept,
            dict(self.tags if tags is None else tags),
            language=language,
            response_id=response_id,
        )
        with self._count:
            self.submitted += 1
        if draft_id is not None:
            # The response is saved: a draft that cannot be removed now names its row, and
            # `DraftJournal.list` removes it later. Never a reason to send it again.
            with contextlib.suppress(SurveyError):
                self.drafts.discard(draft_id)
        return response_id

    def save_draft(
        self,
        draft_id: str,
        answers: Mapping[str, Any],
        language: str,
        tags: Mapping[str, str],
        page: int = 0,
        response_id: str | None = None,
    ) -> None:
        """Journal a response in progress, with what is needed to resume it (and the id it
        will be appended as, when the caller keeps one for its `submit`)."""
        self.drafts.save(
            draft_id,
            dict(answers),
            {"language": language, "tags": dict(tags), "page": page, "origin": self.origin},
            response_id,
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
    q = load_questionnaire(questionnaire)
    if language is not None and language not in q.languages:
        raise SurveyError(
            f"--lang {language}: the questionnaire is in {', '.join(q.languages)} only",
            file=questionnaire,
        )
    session = Session(q, results, tags, timestamp=timestamp)
    session.check()
    return session
