"""The web face of each kind of answer: what a form field offers and how its post is read.

A field is chosen by the question's spec (`answer`, and `rows` for one answer per
statement), never by the type's name, so that a new type of a known kind of answer needs
nothing here. Options are offered as their position in the option lists the kiosk and
plain mode number (`surveytui.options`), so a post can only name an option that exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from surveytui.i18n import t
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import OTHER_SUFFIX, Question, is_answered
from surveytui.options import (
    OTHER,
    Option,
    choice_options,
    scale_options,
    yes_no_options,
)
from surveytui.session import AnswerProblem, read_number

Form = Mapping[str, list[str]]


def field_name(key: str) -> str:
    """The form field of an answers-dict key, apart from the form's own fields (`_csrf`)."""
    return "a:" + key


NA_FIELD = ":na"  # a number's "don't know" box: field_name(id) + NA_FIELD


def _one(form: Form, name: str) -> str:
    """A field's text, trimmed, its line breaks `\n` as the kiosk writes them: a browser
    sends a text area's as CRLF."""
    values = form.get(name) or [""]
    return "\n".join(values[0].splitlines()).strip()


def _pick(options: list[Option], text: str) -> Option | None:
    """The option a post names by its position; None for nothing or a position not offered."""
    if not text.isdigit() or int(text) >= len(options):
        return None
    return options[int(text)]


@dataclass(frozen=True)
class WebField:
    """One kind of answer on the web: the template macro that draws it, its options, and
    how a post becomes answers-dict entries (or a problem, in the participant's words)."""

    macro: str
    options: Callable[[Question, str], list[Option]]
    read: Callable[[Question, list[Option], Form, str], dict[str, Any]]


def _no_options(question: Question, lang: str) -> list[Option]:
    return []


def _read_one(question: Question, options: list[Option], form: Form, lang: str) -> dict[str, Any]:
    """A radio group, and for a choice question its "other, please specify" text."""
    text = _one(form, field_name(question.id))
    option = _pick(options, text)
    if text and option is None:
        raise AnswerProblem(t("plain_invalid_choice", lang))
    answers: dict[str, Any] = {}
    other = _one(form, field_name(question.id + OTHER_SUFFIX)) if question.offers_other else ""
    if option is not None and option.value is not OTHER:
        answers[question.id] = option.value
    if other:
        answers[question.id + OTHER_SUFFIX] = other
    elif option is not None and option.value is OTHER:
        raise AnswerProblem(t("other_placeholder", lang))
    return answers


def _read_many(question: Question, options: list[Option], form: Form, lang: str) -> dict[str, Any]:
    """Checkboxes: the codes ticked, "other" with its text, or "don't know" alone."""
    texts = [text.strip() for text in form.get(field_name(question.id), []) if text.strip()]
    chosen = [_pick(options, text) for text in dict.fromkeys(texts)]
    if any(option is None for option in chosen):
        raise AnswerProblem(t("plain_invalid_choice", lang))
    picked = [option for option in chosen if option is not None]
    if any(option.exclusive for option in picked) and len(picked) > 1:
        raise AnswerProblem(t("plain_invalid_choice", lang))
    other = _one(form, field_name(question.id + OTHER_SUFFIX)) if question.offers_other else ""
    if any(option.value is OTHER for option in picked) and not other:
        raise AnswerProblem(t("other_placeholder", lang))
    answers: dict[str, Any] = {}
    if other:
        answers[question.id + OTHER_SUFFIX] = other
    if any(option.exclusive for option in picked):
        answers[question.id] = NA_CODE
    elif picked or other:
        answers[question.id] = [o.value for o in picked if o.value is not OTHER]
    return answers


def _read_rows(question: Question, options: list[Option], form: Form, lang: str) -> dict[str, Any]:
    """One radio group per statement, all on the question's scale."""
    answers: dict[str, Any] = {}
    for row in question.rows:
        text = _one(form, field_name(row.id))
        option = _pick(options, text)
        if text and option is None:
            raise AnswerProblem(t("plain_invalid_choice", lang))
        if option is not None:
            answers[row.id] = option.value
    return answers


def _read_number(
    question: Question, options: list[Option], form: Form, lang: str
) -> dict[str, Any]:
    name = field_name(question.id)
    if question.na is not None and _one(form, name + NA_FIELD):
        return {question.id: NA_CODE}
    number = read_number(question, _one(form, name), lang)
    return {} if number is None else {question.id: number}


def _read_text(question: Question, options: list[Option], form: Form, lang: str) -> dict[str, Any]:
    text = _one(form, field_name(question.id))
    return {question.id: text} if text else {}


def _read_nothing(
    question: Question, options: list[Option], form: Form, lang: str
) -> dict[str, Any]:
    return {}


FIELDS: dict[Answer, WebField] = {
    Answer.SCALE: WebField("scale", scale_options, _read_one),
    Answer.CHOICE: WebField("choice", choice_options, _read_one),
    Answer.CHOICES: WebField("choices", choice_options, _read_many),
    Answer.BOOLEAN: WebField("choice", yes_no_options, _read_one),
    Answer.NUMBER: WebField("number", _no_options, _read_number),
    Answer.TEXT: WebField("text", _no_options, _read_text),
    Answer.NONE: WebField("note", _no_options, _read_nothing),
}
ROWS = WebField("rows", scale_options, _read_rows)
"""One answer per statement on a shared scale (a matrix), whatever the kind of answer."""


def field_for(question: Question) -> WebField:
    """The web field of a question, by its type's spec."""
    return ROWS if question.spec.rows else FIELDS[question.spec.answer]


def read_answers(question: Question, form: Form, lang: str) -> dict[str, Any]:
    """The answers-dict entries a post gives this question; raises AnswerProblem."""
    field = field_for(question)
    return field.read(question, field.options(question, lang), form, lang)


def checked(
    question: Question, answers: Mapping[str, Any], options: list[Option]
) -> dict[str, set[int]]:
    """For each answers-dict key of the question, the positions of its options now chosen,
    so that a page drawn again shows what was answered."""
    chosen: dict[str, set[int]] = {}
    keys = [row.id for row in question.rows] if question.spec.rows else [question.id]
    for key in keys:
        value = answers.get(key)
        if not is_answered(value):
            if key == question.id and is_answered(answers.get(key + OTHER_SUFFIX)):
                value = [OTHER]
            else:
                continue
        values = value if isinstance(value, list) else [value]
        if is_answered(answers.get(key + OTHER_SUFFIX)) and OTHER not in values:
            values = [*values, OTHER]
        chosen[key] = {
            index
            for index, option in enumerate(options)
            for v in values
            if option.value is v or (option.value is not OTHER and _same(option.value, v))
        }
    return chosen


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same kind: True is not 1, so a yes is never a scale's 1."""
    return type(a) is type(b) and a == b
