"""Columns and scores that the analysis and the follow-up both build on.

- `item_matrix(dataset, item_ids)`: the items' codes, reverse-keyed items reversed;
  `scale_scores(dataset, scale)`: each respondent's score (the mean of the reverse-keyed
  items when at least `scale.required_items()` are answered), computed once per data set.
- `group_columns(dataset)`, `check_group_column(dataset, column, doing)` and
  `levels_of(dataset, column)`: what `by`, filters and waves may name, and its values.
- `group_labels(dataset, column)`: each row's value of such a column, those who wrote
  their own "other" answer to a single choice under the code `other`
  (`other_chosen(dataset, question)` says which rows chose "other").
- `level_entry(value, hidden, sizes)`: a group's or wave's `Level` before its cells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from surveytui.analysis import stats
from surveytui.analysis.dataset import Dataset, version_key
from surveytui.analysis.results import Level
from surveytui.disclosure import Reason
from surveytui.errors import Problem, SurveyError
from surveytui.model.qtypes import Answer
from surveytui.model.types import (
    METADATA_COLUMNS,
    OTHER_CODE,
    OTHER_SUFFIX,
    SOURCE_COLUMN,
    Question,
    Scale,
)


def item_matrix(dataset: Dataset, item_ids: Sequence[str]) -> pd.DataFrame:
    """The items' codes with reverse-keyed items reversed (min + max - code)."""
    questionnaire = dataset.questionnaire
    block = np.empty((len(dataset.frame), len(item_ids)), order="F")
    for j, item_id in enumerate(item_ids):
        item = questionnaire.item(item_id)
        assert item is not None, f"{item_id} is not an item of {questionnaire.id}"
        block[:, j] = dataset.frame[item_id].to_numpy(dtype=float)
        if item.reverse:
            block[:, j] = stats.reverse_key(block[:, j], item.min, item.max)
    return pd.DataFrame(block, index=dataset.frame.index, columns=list(item_ids), copy=False)


def scale_scores(dataset: Dataset, scale: Scale) -> pd.Series:
    """Each respondent's scale score, NaN where fewer than the required items are answered."""
    key = f"scale:{scale.id}"
    if key not in dataset.derived:
        matrix = item_matrix(dataset, scale.items).to_numpy()
        present = ~np.isnan(matrix)
        answered = present.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(present, matrix, 0.0).sum(axis=1) / answered
        scores[answered < scale.required_items()] = np.nan
        dataset.derived[key] = pd.Series(scores, index=dataset.frame.index, name=scale.id)
    return dataset.derived[key]


def group_columns(dataset: Dataset) -> list[str]:
    """The columns `by` and `filters` accept: tags, `source`, metadata, single choices."""
    singles = [q.id for q in dataset.questionnaire.questions if q.spec.answer is Answer.CHOICE]
    metadata = [c for c in METADATA_COLUMNS if c != "response_id"]
    return [*dataset.tag_columns, SOURCE_COLUMN, *metadata, *singles]


def check_group_column(dataset: Dataset, column: str, doing: str) -> None:
    allowed = group_columns(dataset)
    if column not in allowed:
        raise SurveyError(
            Problem(
                f"cannot {doing} {column!r}: it is not a tag or a "
                "single-choice question of these files",
                hint=f"use one of {', '.join(allowed)}",
            )
        )


def other_chosen(dataset: Dataset, question: Question) -> np.ndarray:
    """True where "other, please specify" was chosen: its text is filled (the kiosk stores
    no text otherwise) and, for a single choice, the choice cell is blank, not a code,
    "don't know" or a problem, so that each respondent counts once."""
    if not question.offers_other:
        return np.zeros(len(dataset.frame), bool)
    chosen = dataset.frame[question.id + OTHER_SUFFIX].notna().to_numpy()
    if question.spec.answer is Answer.CHOICE:
        chosen = chosen & dataset.frame[question.id].isna().to_numpy()
        for table in (dataset.na, dataset.unreadable):
            if question.id in table:
                chosen = chosen & ~table[question.id].to_numpy()
    return chosen


def group_labels(dataset: Dataset, column: str) -> pd.Series:
    """Each row's value of a grouping column (categorical; missing where it has none).

    Those who wrote their own answer to a single choice's "other, please specify" hold
    the code `other`, as the choice counts and the exports give them: they answered, and
    are a group of their own, never among those who gave no answer.
    """
    key = f"group:{column}"
    if key not in dataset.derived:
        labels = dataset.frame[column]
        question = dataset.questionnaire.question(column)
        if question is not None and question.spec.answer is Answer.CHOICE:
            other = other_chosen(dataset, question)
            if other.any():
                labels = labels.cat.add_categories([OTHER_CODE]).mask(other, OTHER_CODE)
        dataset.derived[key] = labels
    return dataset.derived[key]


def levels_of(dataset: Dataset, column: str) -> list[str]:
    """A grouping column's values that occur: choice order (then `other`) for a single
    choice, else sorted."""
    series = group_labels(dataset, column)
    counts = np.bincount(series.cat.codes.to_numpy() + 1, minlength=len(series.cat.categories) + 1)
    present = {str(c) for c, k in zip(series.cat.categories, counts[1:]) if k}
    question = dataset.questionnaire.question(column)
    if question is not None and question.spec.answer is Answer.CHOICE:
        return [c.code for c in question.counted_choices if c.code in present]
    return sorted(present, key=version_key)


def level_entry(value: str | None, hidden: Mapping[Any, Reason], sizes: Mapping[Any, int]) -> Level:
    """A group's or wave's level before its cells: its value, whether and why the gate
    hides it, and its n (None when hidden)."""
    return Level(
        value, value in hidden, hidden.get(value), None if value in hidden else sizes[value]
    )
