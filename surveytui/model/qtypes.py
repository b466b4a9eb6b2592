"""The question types: one spec each, in one registry.

A type's spec says what is true of it at the model layer: its YAML keys, the kind of
answer it takes, whether it asks one statement per row. Every other layer keys its own
part of a type (the store's cell codec, the analysis, the kiosk widget, the plain prompt,
the web field, the builder form, the XLSForm mapping) by the spec's `answer` and `rows`,
never by the type's name, so a new type whose answers are of a known kind is one entry
here. A type with a new kind of answer (a date, a ranking) adds that kind here and its
part in each layer; the architecture page in docs/ walks through one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

NA_CODE = "na"  # the stored answer "don't know / not applicable", where a question offers it


class Answer(StrEnum):
    """What one answer to a question (or to one row of it) is.

    The values are the kinds of answer column in the results file's codebook (and in the
    codebook sheet of `export`), so a column's kind is its question's kind of answer.
    """

    SCALE = "ordinal"  # an integer on the question's response scale, ordered
    CHOICE = "single"  # one choice code
    CHOICES = "multi"  # any number of choice codes ([] is an answer: none of them)
    BOOLEAN = "yes_no"  # yes or no
    NUMBER = "number"  # a finite number, optionally within min..max
    TEXT = "text"  # free text
    NONE = "none"  # no answer: the question only shows its text

    @property
    def statistics(self) -> str:
        """Which statistics describe answers of this kind."""
        return _STATISTICS[self]

    @property
    def is_numeric(self) -> bool:
        """Whether answers compare as numbers (`<`, `>=` in `show_if`, means in analysis)."""
        return self in (Answer.SCALE, Answer.NUMBER)

    @property
    def has_choices(self) -> bool:
        """Whether the question lists its answers as coded `choices`."""
        return self in (Answer.CHOICE, Answer.CHOICES)


_STATISTICS = {
    Answer.SCALE: "ordinal",
    Answer.CHOICE: "nominal",
    Answer.CHOICES: "nominal",
    Answer.BOOLEAN: "nominal",
    Answer.NUMBER: "numeric",
    Answer.TEXT: "text",
    Answer.NONE: "none",
}


@dataclass(frozen=True)
class QuestionType:
    """One question type: its name in YAML and everything the model knows of it."""

    name: str
    answer: Answer
    keys: tuple[str, ...]  # the YAML keys it takes besides the common ones, in writing order
    summary: str  # what it asks, in a few words (the builder's type list)
    rows: bool = False  # one answer per row, all on one scale (a matrix)

    @property
    def is_ordinal(self) -> bool:
        return self.answer is Answer.SCALE


COMMON_KEYS = ("id", "type", "text", "required", "show_if", "help")

TYPES: dict[str, QuestionType] = {
    spec.name: spec
    for spec in (
        QuestionType(
            "likert",
            Answer.SCALE,
            ("points", "labels", "na", "reverse"),
            "an agree scale from 1 to points",
        ),
        QuestionType(
            "rating",
            Answer.SCALE,
            ("scale", "labels", "na", "reverse"),
            "a whole-number range, e.g. 0-10",
        ),
        QuestionType("single", Answer.CHOICE, ("choices", "other", "na"), "one choice"),
        QuestionType("multi", Answer.CHOICES, ("choices", "other", "na"), "any number of choices"),
        QuestionType("number", Answer.NUMBER, ("min", "max", "na"), "a number"),
        QuestionType("text", Answer.TEXT, ("respondent_code", "multiline"), "free text"),
        QuestionType("yes_no", Answer.BOOLEAN, ("na",), "yes or no"),
        QuestionType(
            "matrix",
            Answer.SCALE,
            ("points", "scale", "labels", "na", "rows"),
            "statements sharing one scale",
            rows=True,
        ),
        QuestionType("note", Answer.NONE, (), "text only, no answer"),
    )
}
QUESTION_TYPES = tuple(TYPES)
