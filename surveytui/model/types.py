"""The questionnaire and its parts, as loaded from YAML and validated.

Everything here is plain data: the loader builds it, the kiosk shows it, the store
writes answers to it and analysis reads it. Texts are dicts from language code to text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from surveytui.model.expr import Expr, evaluate
from surveytui.model.qtypes import TYPES, Answer, QuestionType

Texts = dict[str, str]

# Scales with this many points have a top-2 and bottom-2 box (two points of 2 or 3 say
# nothing, and of 12 or more too little).
TOP_BOTTOM_POINTS = range(4, 12)
OTHER_SUFFIX = "__other"
OTHER_CODE = "other"  # the code analysis and exports give an "other, please specify" answer
METADATA_COLUMNS = (
    "response_id",
    "submitted_at",
    "questionnaire_id",
    "questionnaire_version",
    "language",
)
SOURCE_COLUMN = "source"  # the file each response was read from, added by analysis and exports
# Every column the data set holds besides answers and tags: no question, matrix row,
# scale or tag may take one of these names, or the two columns would clash.
RESERVED_COLUMNS = (*METADATA_COLUMNS, SOURCE_COLUMN)
RESERVED_HINT = (
    "these names are the data set's own columns: "
    + ", ".join(RESERVED_COLUMNS)
    + "; choose another name"
)


def choice_column(question_id: str, code: str) -> str:
    """The response-file column of one choice of a multi-choice question (ticked or not)."""
    return f"{question_id}__{code}"


_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_WHOLE_RE = re.compile(r"^[+-]?\d+$")


def parse_number(text: str, decimal_comma: bool = False) -> int | float:
    """The number a text writes (an int when whole digits, else a float), or ValueError
    saying it is "not a number" or "not a finite number".

    The kiosk, plain mode and the results file all read numbers with this, so that what
    a respondent may type is what the file reads back.
    """
    cleaned = text.strip()
    if decimal_comma:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER_RE.match(cleaned):
        raise ValueError("not a number")
    value: int | float = int(cleaned) if _WHOLE_RE.match(cleaned) else float(cleaned)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def is_answered(value: Any) -> bool:
    """Whether an answers-dict value counts as an answer (`[]` does, `None` and "" do not)."""
    return value is not None and value != ""


def tr(texts: Texts | None, lang: str, fallback: str = "") -> str:
    """The text in `lang`, else in the first language it has, else `fallback`."""
    if not texts:
        return fallback
    if lang in texts:
        return texts[lang]
    return next(iter(texts.values()))


@dataclass
class Choice:
    code: str
    text: Texts
    line: int | None = None


@dataclass
class MatrixRow:
    id: str
    text: Texts
    reverse: bool = False
    line: int | None = None


@dataclass
class Question:
    id: str
    type: str
    text: Texts
    required: bool = False
    reverse: bool = False
    show_if: str | None = None
    condition: Expr | None = None
    # likert: points (1..points); rating and matrix with `scale`: scale_min..scale_max
    points: int | None = None
    scale_min: int | None = None
    scale_max: int | None = None
    labels: dict[int, Texts] = field(default_factory=dict)
    na: Texts | None = None
    choices: list[Choice] = field(default_factory=list)
    other: Texts | None = None
    rows: list[MatrixRow] = field(default_factory=list)
    respondent_code: bool = False
    multiline: bool = True
    min: float | None = None
    max: float | None = None
    help: Texts | None = None
    section: str = ""
    line: int | None = None

    @property
    def spec(self) -> QuestionType:
        """The spec of this question's type, which every layer reads instead of its name."""
        return TYPES[self.type]

    @property
    def is_ordinal(self) -> bool:
        return self.spec.is_ordinal

    @property
    def codes(self) -> list[int]:
        """Every code on an ordinal question's response scale, lowest first."""
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)

    @property
    def offers_other(self) -> bool:
        """Whether the question has an "other, please specify" answer (single and multi)."""
        return self.other is not None and self.spec.answer.has_choices

    @property
    def counted_choices(self) -> list[Choice]:
        """The answers counted for a choice question: its choices, then "other" if offered."""
        if self.offers_other and self.other is not None:
            return [*self.choices, Choice(OTHER_CODE, self.other)]
        return list(self.choices)

    def counted_choice(self, code: str) -> Choice | None:
        """One of `counted_choices` by its code: a choice, or "other" when offered."""
        return next((c for c in self.counted_choices if c.code == code), None)

    @property
    def items(self) -> list[Item]:
        """The ordinal items this question contributes: one per matrix row, else itself."""
        if not self.is_ordinal:
            return []
        if self.spec.rows:
            return [Item(row.id, self, row.reverse, row.text) for row in self.rows]
        return [Item(self.id, self, self.reverse, self.text)]

    @property
    def answer_keys(self) -> list[str]:
        """The answers-dict keys this question owns: its id or matrix rows, and "other"."""
        if self.spec.answer is Answer.NONE:
            return []
        keys = [row.id for row in self.rows] if self.spec.rows else [self.id]
        if self.offers_other:
            keys.append(self.id + OTHER_SUFFIX)
        return keys

    def is_answered_in(self, answers: Mapping[str, Any]) -> bool:
        """Whether `answers` answer this question: every matrix row, or a choice or "other"."""
        if self.spec.rows:
            return all(is_answered(answers.get(row.id)) for row in self.rows)
        return any(is_answered(answers.get(key)) for key in self.answer_keys)

    @property
    def columns(self) -> list[str]:
        """The response-file columns this question owns, in file order."""
        if self.spec.answer is Answer.NONE:
            return []
        if self.spec.rows:
            return [row.id for row in self.rows]
        if self.spec.answer is Answer.CHOICES:
            cols = [choice_column(self.id, c.code) for c in self.choices]
        else:
            cols = [self.id]
        if self.offers_other:
            cols.append(self.id + OTHER_SUFFIX)
        return cols


@dataclass(frozen=True)
class Item:
    """One ordinal variable: a likert or rating question, or a row of a matrix."""

    id: str
    question: Question
    reverse: bool
    text: Texts

    # [return-value]: every loaded ordinal question has its scale; only the loader, checking
    # a questionnaire with problems, sees None here (and tests for it).
    @property
    def min(self) -> int:
        return self.question.scale_min  # type: ignore[return-value]

    @property
    def max(self) -> int:
        return self.question.scale_max  # type: ignore[return-value]

    @property
    def codes(self) -> list[int]:
        return self.question.codes

    @property
    def labels(self) -> dict[int, Texts]:
        return self.question.labels


@dataclass
class Section:
    id: str
    title: Texts
    questions: list[Question]
    line: int | None = None


@dataclass
class Scale:
    id: str
    items: list[str]
    min_items: int | None = None
    text: Texts | None = None
    line: int | None = None

    def required_items(self) -> int:
        """How many items a respondent must answer to get a score (half, rounded up)."""
        if self.min_items is not None:
            return self.min_items
        return (len(self.items) + 1) // 2


@dataclass
class Questionnaire:
    id: str
    version: str
    languages: list[str]
    title: Texts
    sections: list[Section]
    intro: Texts | None = None
    outro: Texts | None = None
    review_before_submit: bool = False
    tags: list[str] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    source: str = ""
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    @property
    def items(self) -> list[Item]:
        """All ordinal items (likert, rating, matrix rows) in questionnaire order."""
        return [item for q in self.questions for item in q.items]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def scale(self, scale_id: str) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    @property
    def answer_columns(self) -> list[str]:
        return [col for q in self.questions for col in q.columns]

    def header(self, tag_names: list[str] | tuple[str, ...] = ()) -> list[str]:
        """The response file's header for these tag columns."""
        return [*METADATA_COLUMNS, *tag_names, *self.answer_columns]

    def answer_keys(self) -> dict[str, Question]:
        """Maps every id an `answers` dict may use (questions, matrix rows) to its question."""
        return {key: q for q in self.questions for key in q.answer_keys}

    def unanswered_required(self, answers: Mapping[str, Any]) -> list[Question]:
        """The required questions shown for these answers that they leave unanswered, in
        order: a response is not saved while there is one."""
        return [
            q for q in self.visible(dict(answers)) if q.required and not q.is_answered_in(answers)
        ]

    def visible(self, answers: dict[str, Any]) -> list[Question]:
        """The questions shown for these answers, `show_if` evaluated in order.

        A question's condition sees only the answers of questions that are themselves
        shown, so hiding a question also hides what depends on it.
        """
        keys = self.answer_keys()
        owned: dict[int, list[tuple[str, Any]]] = {}  # by id() of the question: one pass
        for key, value in answers.items():
            if key in keys:
                owned.setdefault(id(keys[key]), []).append((key, value))
        shown: list[Question] = []
        effective: dict[str, Any] = {}
        for question in self.questions:
            if question.condition is None or evaluate(question.condition, effective):
                shown.append(question)
                effective.update(owned.get(id(question), ()))
        return shown

    @property
    def respondent_code_ids(self) -> list[str]:
        return [q.id for q in self.questions if q.respondent_code]
