"""What a participant can pick for a question, numbered the same in the kiosk and plain mode,
and an answer in words.

No UI here: the kiosk's pickers and plain mode's typed answers both use these lists, so
that "3" means the same choice whichever way a questionnaire is answered; and an answer
reads in the words of the options it picks on the check-before-submit page, in the review
and in reports alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from surveytui.i18n import t
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import Question, is_answered, tr

OTHER = object()
"""The value of the "other, please specify" option of a choice list."""

NA_KEY = "?"
"""What a participant types for "don't know" where the options are numbers on a scale."""

TEN_KEY = "+"
"""The key for 10 on a 0-10 scale, whose digits are taken by 0-9 (next to 0 on Nordic keyboards)."""


@dataclass(frozen=True)
class Option:
    """One thing a participant can pick: the stored value, its key and its words."""

    value: Any
    key: str | None
    label: str
    exclusive: bool = False  # "don't know": picking it clears the rest, and the reverse
    shown: str | None = None  # what to show instead of the key (a code without a key)


def scale_options(question: Question, lang: str, *, with_labels: bool = True) -> list[Option]:
    """An ordinal question's codes with their labels, then "don't know".

    A digit picks a point on scales of up to ten points (0 is 10 on a 1-10 scale, + is 10
    on a 0-10 scale), and ? picks "don't know".
    """
    codes = question.codes
    if codes and codes[0] >= 0 and codes[-1] <= 9:
        keys: dict[int, str | None] = {code: str(code) for code in codes}
    elif codes and codes[0] >= 1 and codes[-1] == 10:
        keys = {code: str(code % 10) for code in codes}
    elif codes and codes[0] == 0 and codes[-1] == 10:
        keys = {code: TEN_KEY if code == 10 else str(code) for code in codes}
    else:
        keys = {code: None for code in codes}
    options = [
        Option(
            code,
            keys[code],
            tr(question.labels.get(code), lang) if with_labels else "",
            shown=str(code),
        )
        for code in codes
    ]
    if question.na is not None:
        options.append(Option(NA_CODE, NA_KEY, tr(question.na, lang), exclusive=True))
    return options


def key_hints(options: list[Option]) -> list[str]:
    """Of scale_options, the keys that differ from the code shown: "+ = 10", "? = Don't know"."""
    return [
        f"{o.key} = {o.shown or o.label}" for o in options if o.key is not None and o.key != o.shown
    ]


def choice_options(question: Question, lang: str) -> list[Option]:
    """A single or multi question's choices, then "other", then "don't know", numbered from 1."""
    options: list[tuple[object, str, bool]] = [
        (c.code, tr(c.text, lang), False) for c in question.choices
    ]
    if question.other is not None:
        options.append((OTHER, tr(question.other, lang), False))
    if question.na is not None:
        options.append((NA_CODE, tr(question.na, lang), True))
    return [
        Option(value, str(number), label, exclusive)
        for number, (value, label, exclusive) in enumerate(options, start=1)
    ]


def yes_no_options(question: Question, lang: str) -> list[Option]:
    """Yes, No and, where offered, don't know, numbered 1, 2, 3."""
    options = [Option(True, "1", t("yes", lang)), Option(False, "2", t("no", lang))]
    if question.na is not None:
        options.append(Option(NA_CODE, "3", tr(question.na, lang), exclusive=True))
    return options


OPTIONS: dict[Answer, Callable[[Question, str], list[Option]]] = {
    Answer.SCALE: scale_options,
    Answer.CHOICE: choice_options,
    Answer.CHOICES: choice_options,
    Answer.BOOLEAN: yes_no_options,
}
"""The options of each kind of answer that is picked; the other kinds are typed."""


def number_text(value: float | None) -> str:
    """A number as a participant would write it: 12 not 12.0, "…" for an open end."""
    if value is None:
        return "…"
    return str(int(value)) if float(value).is_integer() else str(value)


def describe_value(question: Question, value: Any, lang: str) -> str:
    """One answer to a question (or to one of its rows) in words: those of the options it
    picks ("5 Fully", "Yes", the choices' texts), else the number or text given."""
    if not is_answered(value):
        return t("not_answered", lang)
    if value == NA_CODE:
        return tr(question.na, lang, NA_CODE)
    options = OPTIONS.get(question.spec.answer)
    if options is None:
        return number_text(value) if question.spec.answer is Answer.NUMBER else str(value)
    picked = value if isinstance(value, list) else [value]
    words = [
        f"{option.shown} {option.label}".strip() if option.shown else option.label
        for option in options(question, lang)
        if option.value in picked
    ]
    if isinstance(value, list):
        return "; ".join(words) or t("none_chosen", lang)
    return words[0] if words else str(value)
