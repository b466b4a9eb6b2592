"""One respondent's answers as readable lines, for the free-text list's "other answers" key.

Reads the row of the data set the analysis used; respondent codes, response ids and
timestamps are never shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from surveytui.analysis import Dataset
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import OTHER_SUFFIX, Question, choice_column
from surveytui.options import describe_value


def _value(frame_row: Any, na_row: Any, column: str) -> Any:
    """A cell of the data set as the answers dict holds it: "na" for don't know, None if blank."""
    if column in na_row.index and bool(na_row[column]):
        return NA_CODE
    value = frame_row[column]
    return None if pd.isna(value) else value


def _choices(question: Question, frame_row: Any, na_row: Any) -> Any:
    """A multi-choice question's answer from its columns: the codes ticked, or "na"."""
    cells = [
        _value(frame_row, na_row, choice_column(question.id, c.code)) for c in question.choices
    ]
    if NA_CODE in cells:
        return NA_CODE
    if all(cell is None for cell in cells):
        return None
    return [c.code for c, cell in zip(question.choices, cells) if cell == 1]


def respondent_lines(dataset: Dataset, row: int, lang: str) -> list[str]:
    """`question: answer` for every answered question of one row of the data set."""
    frame_row = dataset.frame.iloc[row]
    na_row = dataset.na.iloc[row] if len(dataset.na.columns) else dataset.na.iloc[:0]
    lines = [
        f"{tag}: {frame_row[tag]}" for tag in dataset.tag_columns if isinstance(frame_row[tag], str)
    ]
    for question in dataset.questionnaire.questions:
        if question.spec.answer is Answer.NONE or question.respondent_code:
            continue
        if question.spec.answer is Answer.CHOICES:
            answers = {question.id: _choices(question, frame_row, na_row)}
        else:
            keys = [row.id for row in question.rows] if question.spec.rows else [question.id]
            answers = {key: _value(frame_row, na_row, key) for key in keys}
        for key, value in answers.items():
            if value is not None:
                words = describe_value(question, value, lang)
                lines.append(f"{key}: {' '.join(words.split())}")
        if question.offers_other:
            other = frame_row[question.id + OTHER_SUFFIX]
            if not pd.isna(other) and other:
                lines.append(f"{question.id} (other): {' '.join(other.split())}")
    return lines
