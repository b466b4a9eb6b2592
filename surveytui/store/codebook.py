"""The codebook: how each response-file column is written, read and checked.

This is the single source of the cell rules, shared by the store's pure-Python reader and
the analysis layer's vectorised pandas reader, so that both report the same problems.

API (pure data, no pandas):

- ``column_specs(questionnaire) -> dict[column, ColumnSpec]`` for every answer column, in
  file order.
- ``ColumnSpec.kind`` is one of ``KINDS``: the question's kind of answer (``Answer``):
  ``ordinal`` (likert, rating, matrix row: an integer in ``codes``), ``number`` (finite
  int or float within ``minimum..maximum``), ``single`` (a choice code in ``codes``),
  ``multi`` (one choice of a multi question: ``1`` ticked, ``0`` not), ``yes_no`` (``1``
  yes, ``0`` no), ``text``; or ``other`` (the "other, please specify" text: any string,
  kept exactly).
- ``ColumnSpec.codes`` are the valid stored cells as strings (ordinal ``"1".."5"``, single
  the choice codes, multi and yes_no ``"1", "0"``; empty for number and text);
  ``ColumnSpec.na`` says whether ``"na"`` (don't know) is allowed.
- ``ColumnSpec.cells`` maps every cell written exactly as we write it (``""``, ``"na"``
  where offered, each code) to its value: a fast path (``series.map``) before ``decode``.
- ``ColumnSpec.decode(raw, decimal=".")`` turns a cell into the typed value `append`
  takes (``None`` for blank, ``"na"``, int, float, str, or bool for multi and yes_no
  cells) or raises ``CellError`` (a ValueError) whose message is one sentence. Cells of
  every kind but text and other are stripped of surrounding spaces first; an integral
  decimal such as ``3.0`` (what pandas writes for an int column with gaps) reads as 3.
- ``encode_answers(questionnaire, answers) -> dict[column, str]`` checks a whole response
  (types, codes, unknown ids, required, show_if) and raises ``AnswerError`` listing every
  problem; ``decode_answers(specs, cells, decimal)`` is the inverse, returning the answers
  and the ``(column, message)`` problems of the cells that could not be read; a cell
  that is a problem counts as unanswered, never as zero.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from surveytui.errors import Problem, SurveyError
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import (
    OTHER_SUFFIX,
    Question,
    Questionnaire,
    choice_column,
    is_answered,
    parse_number,
)

OTHER = "other"  # the kind of an "other, please specify" column: free text beside a choice
KINDS = (*(a.value for a in Answer if a is not Answer.NONE), OTHER)
TEXT_KINDS = (Answer.TEXT, OTHER)  # the kinds whose cells are kept exactly as written
TRUE_CELL, FALSE_CELL = "1", "0"

_INTEGER_RE = re.compile(r"^[+-]?\d+$")
_INTEGRAL_DECIMAL_RE = re.compile(r"^([+-]?\d+)[.,]0*$")
_UNREADABLE = object()  # a decoded cell that was a problem, told apart from a blank one


class CellError(ValueError):
    """A cell that does not fit its column; the message is one sentence for the user."""


class AnswerError(SurveyError, ValueError):
    """A response that `append` refuses: every problem, one per question."""


@dataclass(frozen=True)
class ColumnSpec:
    """The rules for one answer column of the response file."""

    column: str
    kind: str
    key: str
    question: str
    codes: tuple[str, ...] = ()
    na: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choice: str | None = None
    cells: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Build `cells`: the value of every cell written exactly as we write it."""
        exact: dict[str, Any] = {"": None}
        if self.na:
            exact[NA_CODE] = NA_CODE
        if self.kind == Answer.SCALE:
            exact.update((code, int(code)) for code in self.codes)
        elif self.kind == Answer.CHOICE:
            exact.update((code, code) for code in self.codes)
        elif self.kind in (Answer.CHOICES, Answer.BOOLEAN):
            exact.update({TRUE_CELL: True, FALSE_CELL: False})
        object.__setattr__(self, "cells", exact)

    def decode(self, raw: str, decimal: str = ".") -> Any:
        """The typed value of one cell (None when blank); raise CellError if it does not fit."""
        if self.kind in TEXT_KINDS:
            return raw if raw != "" else None
        value = self.cells.get(raw, _UNREADABLE)
        if value is not _UNREADABLE:
            return value
        cell = raw.strip()
        if cell == "":
            return None
        if cell.lower() == NA_CODE:
            if self.na:
                return NA_CODE
            raise CellError(f"{self.column}: {cell!r} (don't know) is not offered by this question")
        if self.kind == Answer.NUMBER:
            return self._decode_number(cell, decimal)
        if self.kind == Answer.CHOICE:
            if cell in self.codes:
                return cell
            raise CellError(
                f"{self.column}: {cell!r} is not one of the choices ({', '.join(self.codes)})"
            )
        whole = _integer(cell)
        if self.kind == Answer.SCALE:
            if whole is not None and str(whole) in self.codes:
                return whole
            raise CellError(
                f"{self.column}: {cell!r} is not a code on the scale "
                f"{self.codes[0]}..{self.codes[-1]}"
            )
        if whole == 1:
            return True
        if whole == 0:
            return False
        meaning = "ticked" if self.kind == Answer.CHOICES else "yes"
        raise CellError(f"{self.column}: {cell!r} should be 1 ({meaning}) or 0")

    def _decode_number(self, cell: str, decimal: str) -> int | float:
        try:
            value = parse_number(cell, decimal_comma=decimal == ",")
        except ValueError as err:
            raise CellError(f"{self.column}: {cell!r} is {err}") from None
        self._check_range(value, CellError)
        return value

    def _check_range(self, value: float, error: type[ValueError]) -> None:
        if self.minimum is not None and value < self.minimum:
            raise error(f"{self.column}: {value} is below the minimum {_number_text(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            raise error(f"{self.column}: {value} is above the maximum {_number_text(self.maximum)}")

    def encode(self, value: Any) -> str:
        """The cell for one column's value as `decode` returns it; raise ValueError if invalid."""
        if value is None or (value == "" and self.kind in TEXT_KINDS):
            return ""
        if value == NA_CODE and self.na and self.kind not in TEXT_KINDS:
            return NA_CODE
        if self.kind in TEXT_KINDS:
            if not isinstance(value, str):
                raise ValueError(f"{self.key}: a text answer must be a string, not {value!r}")
            _check_encodable(self.key, value)
            return value
        if self.kind == Answer.NUMBER:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(
                    f"{self.key}: a number answer must be an int or float, not {value!r}"
                )
            if not math.isfinite(value):
                raise ValueError(f"{self.key}: {value!r} is not a finite number")
            self._check_range(value, ValueError)
            return _number_text(value)
        if self.kind == Answer.SCALE:
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or str(value) not in self.codes
            ):
                raise ValueError(
                    f"{self.key}: {value!r} is not a code on the scale "
                    f"{self.codes[0]}..{self.codes[-1]} (give an int)"
                )
            return str(value)
        if self.kind == Answer.CHOICE:
            if not isinstance(value, str) or value not in self.codes:
                raise ValueError(
                    f"{self.key}: {value!r} is not one of the choices ({', '.join(self.codes)})"
                )
            return value
        if not isinstance(value, bool):
            raise ValueError(f"{self.key}: {value!r} should be True or False")
        return TRUE_CELL if value else FALSE_CELL


def code_cell_problem(column: str) -> str:
    """The problem of a cell holding a respondent code that does not fit its column: it
    names the column, never the code."""
    return f"{column}: a respondent code that does not fit this column (not shown)"


def _integer(cell: str) -> int | None:
    if _INTEGER_RE.match(cell):
        return int(cell)
    match = _INTEGRAL_DECIMAL_RE.match(cell)
    return int(match.group(1)) if match else None


def _number_text(value: float) -> str:
    """The shortest text that reads back as exactly this number, with `.` as decimal point."""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _check_encodable(key: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{key}: the text contains characters that cannot be saved as UTF-8"
        ) from None
    if "\0" in text:
        raise ValueError(f"{key}: the text contains a NUL character")


def column_specs(questionnaire: Questionnaire) -> dict[str, ColumnSpec]:
    """The rules for every answer column, in file order."""
    specs: dict[str, ColumnSpec] = {}
    for question in questionnaire.questions:
        for spec in _question_specs(question):
            specs[spec.column] = spec
    return specs


def _question_specs(q: Question) -> list[ColumnSpec]:
    """A question's columns, by its kind of answer: one per row of a scale, one per choice
    of a multi question, else one; then its "other, please specify" column."""
    na = q.na is not None
    answer = q.spec.answer
    if answer is Answer.NONE:
        return []
    if answer is Answer.SCALE:
        codes = tuple(str(c) for c in q.codes)
        return [
            ColumnSpec(key, answer, key, q.id, codes, na, q.scale_min, q.scale_max)
            for key in q.answer_keys
        ]
    other = (
        [ColumnSpec(q.id + OTHER_SUFFIX, OTHER, q.id + OTHER_SUFFIX, q.id)]
        if q.offers_other
        else []
    )
    if answer is Answer.CHOICES:
        flags = (TRUE_CELL, FALSE_CELL)
        return [
            ColumnSpec(choice_column(q.id, c.code), answer, q.id, q.id, flags, na, choice=c.code)
            for c in q.choices
        ] + other
    if answer is Answer.CHOICE:
        return [ColumnSpec(q.id, answer, q.id, q.id, tuple(c.code for c in q.choices), na)] + other
    if answer is Answer.BOOLEAN:
        return [ColumnSpec(q.id, answer, q.id, q.id, (TRUE_CELL, FALSE_CELL), na)]
    if answer is Answer.NUMBER:
        return [ColumnSpec(q.id, answer, q.id, q.id, (), na, q.min, q.max)]
    return [ColumnSpec(q.id, answer, q.id, q.id)]


def encode_answers(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    specs: Mapping[str, ColumnSpec] | None = None,
) -> dict[str, str]:
    """Every answer column's cell for this response; raise AnswerError listing all problems."""
    specs = column_specs(questionnaire) if specs is None else specs
    keys = questionnaire.answer_keys()
    problems: list[str] = [
        f"{key!r} is not a question of {questionnaire.id} (check the id)"
        for key in answers
        if key not in keys
    ]
    cells: dict[str, str] = {}
    for spec in specs.values():
        if spec.kind == Answer.CHOICES:
            continue
        try:
            cells[spec.column] = spec.encode(answers.get(spec.key))
        except ValueError as err:
            problems.append(str(err))
    for question in questionnaire.questions:
        if question.spec.answer is Answer.CHOICES:
            _encode_multi(question, answers.get(question.id), specs, cells, problems)
    problems += _visibility_problems(questionnaire, answers)
    if problems:
        raise AnswerError([Problem(message) for message in problems])
    return {column: cells[column] for column in specs}


def _encode_multi(
    q: Question,
    value: Any,
    specs: Mapping[str, ColumnSpec],
    cells: dict[str, str],
    problems: list[str],
) -> None:
    columns = [c for c in q.columns if specs[c].kind == Answer.CHOICES]
    if not is_answered(value):
        cells.update((c, "") for c in columns)
    elif value == NA_CODE and q.na is not None:
        cells.update((c, NA_CODE) for c in columns)
    elif not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        problems.append(f"{q.id}: a multi answer must be a list of choice codes, not {value!r}")
    elif unknown := [v for v in value if q.choice(v) is None]:
        problems.append(
            f"{q.id}: {', '.join(map(repr, unknown))} not among the choices "
            f"({', '.join(c.code for c in q.choices)})"
        )
    elif len(set(value)) != len(value):
        problems.append(f"{q.id}: a choice is listed twice in {value!r}")
    else:
        cells.update((c, TRUE_CELL if specs[c].choice in value else FALSE_CELL) for c in columns)


def _visibility_problems(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    shown = {q.id for q in questionnaire.visible(dict(answers))}
    unanswered = {q.id for q in questionnaire.unanswered_required(answers)}
    problems = []
    for question in questionnaire.questions:
        if question.id not in shown:
            if any(is_answered(answers.get(key)) for key in question.answer_keys):
                problems.append(
                    f"{question.id}: is hidden by its show_if "
                    f"({question.show_if}) but has an answer"
                )
        elif question.id in unanswered:
            missing = [row.id for row in question.rows if not is_answered(answers.get(row.id))]
            which = f" (rows {', '.join(missing)})" if missing else ""
            problems.append(f"{question.id}: is required but not answered{which}")
    return problems


def decode_answers(
    specs: Mapping[str, ColumnSpec], cells: Mapping[str, str], decimal: str = "."
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The typed answers of one row of cells (columns absent count as blank), and its problems.

    Every answer key is present, `None` when unanswered; a multi question is the list of
    ticked codes, `"na"` when every cell is na, `None` when every cell is blank or any
    of its cells is a problem (an unreadable tick is not a "not chosen").
    """
    answers: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    multi: dict[str, list[tuple[ColumnSpec, Any]]] = {}
    for column, spec in specs.items():
        raw = cells.get(column, "")
        value = spec.cells.get(raw, _UNREADABLE)
        if value is _UNREADABLE:
            try:
                value = spec.decode(raw, decimal)
            except CellError as err:
                problems.append((column, str(err)))
        if spec.kind == Answer.CHOICES:
            answers.setdefault(spec.key, None)
            multi.setdefault(spec.key, []).append((spec, value))
        else:
            answers[spec.key] = None if value is _UNREADABLE else value
    for key, parts in multi.items():
        answers[key] = _multi_answer(parts)
    return answers, problems


def _multi_answer(parts: Iterable[tuple[ColumnSpec, Any]]) -> Any:
    values = [value for _, value in parts]
    if _UNREADABLE in values or all(value is None for value in values):
        return None
    if all(value == NA_CODE for value in values):
        return NA_CODE
    return [spec.choice for spec, value in parts if value is True]
