"""Shared by the conversion tests: small XLSForms written by hand, questionnaires compared."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl

from surveytui.model import Questionnaire

_NOT_MEANING = {"line", "condition", "source", "path", "extra"}


def write_xlsform(
    path: Path,
    survey: list[dict[str, Any]],
    choices: list[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
) -> Path:
    """An XLSForm workbook with these rows (column -> value), as a person would type it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", [settings or {}])):
        if not rows or not rows[0]:
            continue
        sheet = book.create_sheet(name)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    book.save(path)
    return path


def meaning(questionnaire: Questionnaire) -> dict[str, Any]:
    """Everything a questionnaire says, without where it was written (lines, source text)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _NOT_MEANING}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(dataclasses.asdict(questionnaire))
