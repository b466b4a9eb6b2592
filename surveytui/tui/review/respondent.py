"""One respondent's answers as readable lines, for the free-text list's "other answers" key.

Reads the row of the data set the analysis used; respondent codes, response ids and
timestamps are never shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from surveytui.analysis import Dataset
from surveytui.i18n import t
from surveytui.model.qtypes import Answer
from surveytui.model.types import OTHER_SUFFIX, Question, tr


def _answer(question: Question, frame_row: Any, na_row: Any, lang: str, column: str) -> str:
    value = frame_row[column]
    if column in na_row.index and bool(na_row[column]):
        return tr(question.na, lang, "don't know")
    answer = question.spec.answer
    if answer is Answer.CHOICE:
        choice = question.choice(str(value)) if isinstance(value, str) else None
        return tr(choice.text, lang) if choice is not None else ""
    if answer is Answer.BOOLEAN:
        return "" if pd.isna(value) else t("yes" if value == 1 else "no", lang)
    if answer is Answer.SCALE:
        if pd.isna(value):
            return ""
        label = tr(question.labels.get(int(value)), lang)
        return f"{int(value)} {label}".rstrip()
    if answer is Answer.NUMBER:
        return "" if pd.isna(value) else f"{value:g}"
    return "" if pd.isna(value) else " ".join(str(value).split())


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
            ticked = [
                tr(c.text, lang)
                for c in question.choices
                if frame_row[f"{question.id}__{c.code}"] == 1
            ]
            answered = any(
                not pd.isna(frame_row[f"{question.id}__{c.code}"]) for c in question.choices
            )
            answers = [("; ".join(ticked) or "(none of these)") if answered else ""]
            ids = [question.id]
        else:
            ids = [item.id for item in question.items] or [question.id]
            answers = [_answer(question, frame_row, na_row, lang, column) for column in ids]
        for item_id, answer in zip(ids, answers):
            if answer:
                lines.append(f"{item_id}: {answer}")
        if question.offers_other:
            other = frame_row[question.id + OTHER_SUFFIX]
            if not pd.isna(other) and other:
                lines.append(f"{question.id} (other): {' '.join(other.split())}")
    return lines
