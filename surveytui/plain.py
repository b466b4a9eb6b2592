"""`run --plain`: one typed prompt after another, for screen readers and slow connections.

Everything is printed line by line and never redrawn: each question is printed with its
numbered options, the answer is typed (a number, a choice's number, text) and checked,
and a wrong answer prints why and asks again. Same storage, rules and show_if as the
kiosk, through `Session`. Does not import textual.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import questionary

from surveytui.errors import SurveyError
from surveytui.i18n import language_name, t
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import OTHER_SUFFIX, Question, Questionnaire, tr
from surveytui.options import (
    NA_KEY,
    OPTIONS,
    OTHER,
    Option,
    scale_options,
)
from surveytui.session import (
    AnswerProblem,
    Session,
    answer_pages,
    describe_draft,
    open_session,
    read_number,
)
from surveytui.store import Draft, new_draft_id


class Invalid(ValueError):
    """A typed answer that does not fit; the message says what would."""


def _ask(message: str) -> str:
    """One typed line; Ctrl+C and Ctrl+D reach the caller as KeyboardInterrupt."""
    try:
        answer = questionary.text(message, qmark=">").unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    return (answer or "").strip()


def _ask_until_valid(message: str, parse: Callable[[str], Any]) -> Any:
    """Ask until `parse` accepts the answer; each refusal is printed as its own line."""
    while True:
        try:
            return parse(_ask(message))
        except Invalid as err:
            print(f"  ! {err}")


def _options_parser(
    options: list[Option], lang: str, *, multiple: bool, required: bool
) -> Callable[[str], Any]:
    by_key = {option.key: option for option in options}

    def parse(text: str) -> Any:
        if not text:
            if required:
                raise Invalid(t("plain_required", lang))
            return None
        keys = re.split(r"[\s,;]+", text) if multiple else [text]
        if any(key not in by_key for key in keys):
            raise Invalid(t("plain_invalid_choice", lang))
        chosen = [by_key[key] for key in dict.fromkeys(keys)]
        if not multiple:
            return chosen[0].value
        if any(option.exclusive for option in chosen):
            if len(chosen) > 1:
                raise Invalid(t("plain_invalid_choice", lang))
            return chosen[0].value
        return [option.value for option in chosen]

    return parse


def _scale_parser(question: Question, lang: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if not text:
            if question.required:
                raise Invalid(t("plain_required", lang))
            return None
        if text == NA_KEY and question.na is not None:
            return NA_CODE
        if re.fullmatch(r"-?\d+", text) and int(text) in question.codes:
            return int(text)
        raise Invalid(t("plain_scale", lang, min=question.scale_min, max=question.scale_max))

    return parse


def _number_parser(question: Question, lang: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if not text:
            if question.required:
                raise Invalid(t("plain_required", lang))
            return None
        if text == NA_KEY and question.na is not None:
            return NA_CODE
        try:
            return read_number(question, text, lang)
        except AnswerProblem as err:
            raise Invalid(str(err)) from None

    return parse


def _text_parser(question: Question, lang: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        if not text and question.required:
            raise Invalid(t("plain_required", lang))
        return text or None

    return parse


def _tag_value(text: str) -> str:
    if not text:
        raise Invalid("a value is needed, for example the seminar's number")
    return text


def _print_options(options: list[Option]) -> None:
    """Each option as `key = words` (a scale's code, a choice's number, ? for don't know)."""
    for option in options:
        key = option.shown or option.key
        print(f"  {key} = {option.label}" if option.label else f"  {key}")


def _ask_scale(question: Question, lang: str) -> dict[str, Any]:
    """The scale's labelled points once, then a point for the question or for each row."""
    _print_options([o for o in scale_options(question, lang) if o.label])
    asked = (
        [(row.id, tr(row.text, lang)) for row in question.rows]
        if question.spec.rows
        else [(question.id, "")]
    )
    answers = {}
    for key, text in asked:
        if text:
            print(f"- {text}")
        value = _ask_until_valid(
            t("plain_scale", lang, min=question.scale_min, max=question.scale_max),
            _scale_parser(question, lang),
        )
        if value is not None:
            answers[key] = value
    return answers


def _ask_number(question: Question, lang: str) -> dict[str, Any]:
    if question.na is not None:
        print(f"  {NA_KEY} = {tr(question.na, lang)}")
    value = _ask_until_valid(t("number_placeholder", lang), _number_parser(question, lang))
    return {} if value is None else {question.id: value}


def _ask_text(question: Question, lang: str) -> dict[str, Any]:
    value = _ask_until_valid("", _text_parser(question, lang))
    return {} if value is None else {question.id: value}


def _ask_choice(question: Question, lang: str) -> dict[str, Any]:
    """The numbered options, one or several typed; "other" asks for its text."""
    multiple = question.spec.answer is Answer.CHOICES
    options = OPTIONS[question.spec.answer](question, lang)
    _print_options(options)
    prompt = t("plain_multi" if multiple else "plain_choice", lang)
    value = _ask_until_valid(
        prompt, _options_parser(options, lang, multiple=multiple, required=question.required)
    )
    answers = {}
    if value is OTHER or (isinstance(value, list) and OTHER in value):
        value = [v for v in value if v is not OTHER] if isinstance(value, list) else None
        other = _ask(t("plain_other", lang, other=tr(question.other, lang)))
        answers = {question.id + OTHER_SUFFIX: other} if other else {}
    return answers | ({} if value is None else {question.id: value})


PROMPTS: dict[tuple[Answer, bool], Callable[[Question, str], dict[str, Any]]] = {
    (Answer.SCALE, False): _ask_scale,
    (Answer.SCALE, True): _ask_scale,
    (Answer.BOOLEAN, False): _ask_choice,
    (Answer.CHOICE, False): _ask_choice,
    (Answer.CHOICES, False): _ask_choice,
    (Answer.NUMBER, False): _ask_number,
    (Answer.TEXT, False): _ask_text,
    (Answer.NONE, False): lambda question, lang: {},
}
"""The typed prompt of each kind of answer, asked once or once per row (`spec.answer`,
`spec.rows`): each asks until its answer fits and returns the answers-dict entries."""


def ask_question(question: Question, lang: str, number: int, total: int) -> dict[str, Any]:
    """Print one question, ask for its answer until it fits; the answers-dict entries.

    A note is printed without a number: it is not one of the `total` questions.
    """
    mark = " *" if question.required else ""
    print()
    if question.spec.answer is Answer.NONE:
        print(tr(question.text, lang))
    else:
        print(f"[{number}/{total}] {tr(question.text, lang)}{mark}")
    if question.help:
        print(f"  {tr(question.help, lang)}")
    return PROMPTS[question.spec.answer, question.spec.rows](question, lang)


def ask_response(
    questionnaire: Questionnaire,
    lang: str,
    answers: Mapping[str, Any] | None = None,
    page: int = 0,
    on_answer: Callable[[dict[str, Any], int], None] | None = None,
) -> dict[str, Any]:
    """Every shown question in order, show_if applied to the answers so far.

    Resuming a draft, `answers` are kept and the questions they answer, or that come before
    the draft's `page`, are not asked again. `on_answer(answers, page)` follows every answer.
    """
    answers = dict(answers or {})
    pages = answer_pages(questionnaire)
    total = sum(1 for q in questionnaire.questions if q.spec.answer is not Answer.NONE)
    number = 0
    shown_section = None
    for index, section in enumerate(pages):
        for question in section.questions:
            if question not in questionnaire.visible(answers):
                continue
            if question.spec.answer is not Answer.NONE:
                number += 1
            if index < page or question.is_answered_in(answers):
                continue
            if section.id != shown_section:
                shown_section = section.id
                print()
                print(f"== {tr(section.title, lang)} ==")
            answers |= ask_question(question, lang, number, total)
            if on_answer is not None and question.spec.answer is not Answer.NONE:
                on_answer(answers, index)
    return answers


def choose_language(questionnaire: Questionnaire) -> str:
    """The participant's language: typed as its number when there is more than one."""
    languages = questionnaire.languages
    if len(languages) == 1:
        return languages[0]
    options = [Option(lang, str(i), language_name(lang)) for i, lang in enumerate(languages, 1)]
    print()
    _print_options(options)
    prompt = " / ".join(t("plain_choose_language", lang) for lang in languages)
    return _ask_until_valid(
        prompt, _options_parser(options, languages[0], multiple=False, required=True)
    )


def _offer_drafts(session: Session) -> Draft | None:
    """Offer the facilitator each unfinished response: resume it, discard it, or keep it."""
    for problem in session.drafts.problems:
        print(f"  ! A draft was skipped: {problem}")
    for draft in session.resumable_drafts():
        print()
        print(f"Unfinished response: {describe_draft(draft)}")
        choice = _ask_until_valid(
            "Facilitator: r = resume, d = discard, Enter = later", _draft_choice
        )
        if choice == "r":
            return draft
        if choice == "d":
            session.drafts.discard(draft.id)
            print("Discarded.")
    return None


def _draft_choice(text: str) -> str:
    if text.lower() not in ("r", "d", ""):
        raise Invalid("type r, d, or nothing")
    return text.lower()


def _may_end(exit_code: str | None) -> bool:
    """Whether the session may end: always, or when the facilitator types the exit code."""
    if exit_code is None:
        return True
    try:
        typed = questionary.password("Exit code (facilitator)", qmark=">").unsafe_ask() or ""
    except (KeyboardInterrupt, EOFError):
        typed = ""
    if hmac.compare_digest(typed.strip().encode(), exit_code.encode()):
        return True
    print("Wrong code. The session goes on.")
    return False


def run_plain(
    questionnaire: str | Path,
    *,
    results: Path | None = None,
    language: str | None = None,
    tags: Mapping[str, str] | None = None,
    timestamp: bool = False,
    exit_code: str | None = None,
) -> int:
    """Administer responses with typed prompts until Ctrl+C at the "another?" prompt.

    Every answer is journalled as a draft, as in the kiosk: a killed session leaves it to be
    resumed or discarded at the next run. With `exit_code`, only that code ends the session.
    """
    session = open_session(
        questionnaire, results=results, language=language, tags=tags, timestamp=timestamp
    )
    q = session.questionnaire
    try:
        for name in session.missing_tags:
            session.tags[name] = _ask_until_valid(
                f"{name} (tag for this session, asked of the facilitator)", _tag_value
            )
        resume = _offer_drafts(session)
    except KeyboardInterrupt:
        print("\nNo session started: nothing was saved.")
        return 130
    session_lang = language or q.languages[0]
    while True:
        draft, resume = resume, None
        lang = session_lang
        draft_id = draft.id if draft else new_draft_id()
        response_tags = dict(draft.meta.get("tags") or session.tags) if draft else session.tags

        # save runs only within this pass of the loop, once lang is the participant's:
        # the late binding of draft_id, lang and response_tags is what it needs
        def save(answers: dict[str, Any], page: int) -> None:
            try:
                session.save_draft(draft_id, answers, lang, response_tags, page)  # noqa: B023
            except (SurveyError, ValueError) as err:
                print(f"  ! The draft could not be saved: {err}")

        try:
            if draft is not None:
                saved = str(draft.meta.get("language"))
                lang = saved if saved in q.languages else q.languages[0]
                print()
                print(tr(q.title, lang))
                answers = ask_response(q, lang, draft.answers, int(draft.meta.get("page", 0)), save)
            else:
                lang = language or choose_language(q)
                print()
                print(tr(q.title, lang))
                if q.intro:
                    print(tr(q.intro, lang))
                print(t("plain_intro", lang))
                answers = ask_response(q, lang, on_answer=save)
            session.submit(answers, lang, draft_id, response_tags)
            print()
            print(tr(q.outro, lang) or t("thanks", lang))
        except KeyboardInterrupt:
            session.drafts.discard(draft_id)
            print()
            print(t("plain_abandoned", lang))
        try:
            _ask(t("plain_another", lang))
        except KeyboardInterrupt:
            if _may_end(exit_code):
                break
    key = "plain_saved_one" if session.submitted == 1 else "plain_saved_many"
    print("\n" + t(key, session_lang, n=session.submitted, path=session.results))
    return 0
