"""Responses for Excel, R and SPSS: xlsx, csv and sav files of a Dataset.

- `export_rows(dataset, lang, labels=False, respondent_codes=False) -> Export`: the columns
  (metadata, tags, then one per answer column) and one row per response. Codes are written
  as the response file holds them ("na" for don't know), except that a single choice
  answered by "other, please specify" holds `other` (its text stays in `<id>__other`);
  with `labels`, choice texts, scale labels, yes/no and the don't-know text instead. Respondent-code questions are left out
  unless asked for.
- `to_csv(export, excel=False)`: the response files' dialect (comma, `.`, no BOM, `\n`,
  RFC 4180 quoting); with `excel`, what Excel in a Nordic locale opens as columns
  (semicolons, decimal comma, BOM, CRLF). Either way a spreadsheet is the expected reader
  (scripts read the results file itself), so text that starts like a formula, a column
  name included, is prefixed with `'` so that the spreadsheet shows it instead of running it.
- `to_xlsx(export, analysis) -> (bytes, problems)`: sheets data, codebook and statistics
  (the tidy statistics of `analyze --format csv`); text that starts like a formula is
  stored as text, numbers stay numbers, text longer than a cell holds is cut with a
  marker and reported. (XML turns a carriage return inside a text into a line feed.)
- `to_sav(export) -> bytes`: SPSS with variable labels, value labels and "na" as a declared
  user-missing value.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveytui.analysis import Analysis, Dataset
from surveytui.analysis.columns import other_chosen
from surveytui.errors import Problem, SurveyError
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import METADATA_COLUMNS, OTHER_CODE, SOURCE_COLUMN, Question, tr
from surveytui.report.data import TIDY_COLUMNS, tidy_rows
from surveytui.report.locale import Locale, report_language
from surveytui.store import OTHER, TEXT_KINDS, ColumnSpec, column_specs, encode_line

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32767  # the most characters an Excel cell holds
CUT_MARKER = " […]"
SAV_NAME_LIMIT = 64  # bytes in an SPSS variable name


@dataclass
class Column:
    """One exported column: its name, label (the question), kind and code -> label map."""

    name: str
    label: str
    kind: str
    value_labels: dict[Any, str] = field(default_factory=dict)
    has_na: bool = False  # "na" (don't know) may occur
    lowest: float | None = None  # the smallest value the questionnaire allows, if it says


@dataclass
class Export:
    columns: list[Column]
    rows: list[list[Any]]


def _question_label(question: Question, spec: ColumnSpec, loc: Locale) -> str:
    text = tr(question.text, loc.lang, question.id)
    if spec.kind == Answer.SCALE and question.spec.rows:
        row = next(r for r in question.rows if r.id == spec.column)
        return f"{text} {tr(row.text, loc.lang, row.id)}"
    if spec.kind == Answer.CHOICES:
        return f"{text}: {_choice_text(question, spec, loc)}"
    if spec.kind == OTHER:
        return f"{text}: {tr(question.other, loc.lang)}"
    return text


def _choice_text(question: Question, spec: ColumnSpec, loc: Locale) -> str:
    """The text of the choice a multi-choice column is about (its code if it has none)."""
    code = spec.choice or ""
    choice = question.choice(code)
    return tr(choice.text, loc.lang, code) if choice is not None else code


def value_labels(question: Question, spec: ColumnSpec, loc: Locale) -> dict[Any, str]:
    """The labels of a column's codes (int codes for ordinal, multi and yes_no)."""
    if spec.kind == Answer.SCALE:
        return {
            code: tr(question.labels[code], loc.lang)
            for code in question.codes
            if code in question.labels
        }
    if spec.kind == Answer.CHOICE:
        return {c.code: tr(c.text, loc.lang, c.code) for c in question.counted_choices}
    if spec.kind == Answer.CHOICES:
        return {
            1: _choice_text(question, spec, loc),
            0: loc.w("not_chosen"),
        }
    if spec.kind == Answer.BOOLEAN:
        return {1: loc.w("yes"), 0: loc.w("no")}
    return {}


def _cells(series: Any) -> list[Any]:
    """A frame column as Python objects, None for every kind of blank (NaN, NA)."""
    return series.astype(object).where(series.notna(), None).tolist()


def _plain(value: Any, kind: str) -> Any:
    """A frame cell as a Python value: None for blank, int where the code is whole."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind in (*TEXT_KINDS, Answer.CHOICE) or isinstance(value, str):
        return str(value)
    number = float(value)
    return int(number) if number.is_integer() else number


def export_rows(
    dataset: Dataset, lang: str | None = None, labels: bool = False, respondent_codes: bool = False
) -> Export:
    """The responses as columns and rows (see the module docstring)."""
    questionnaire = dataset.questionnaire
    loc = Locale(report_language(questionnaire.languages, lang))
    frame = dataset.frame
    meta = [c for c in (*METADATA_COLUMNS, *dataset.tag_columns) if c in frame.columns]
    if len(dataset.sources) > 1:
        meta.append(SOURCE_COLUMN)
    columns = [Column(name, name, "meta") for name in meta]
    values = [[_plain(v, Answer.TEXT) for v in _cells(frame[name])] for name in meta]
    skipped = set() if respondent_codes else set(questionnaire.respondent_code_ids)
    for spec in column_specs(questionnaire).values():
        question = questionnaire.question(spec.question)
        if question is None or spec.question in skipped:  # every spec is of a question
            continue
        mapping = value_labels(question, spec, loc)
        column = Column(
            spec.column,
            _question_label(question, spec, loc),
            spec.kind,
            mapping,
            lowest=question.codes[0] if spec.kind == Answer.SCALE else spec.minimum,
        )
        cells = [_plain(v, spec.kind) for v in _cells(frame[spec.column])]
        if spec.kind == Answer.CHOICE and question.offers_other:
            cells = [
                OTHER_CODE if other else cell
                for cell, other in zip(cells, other_chosen(dataset, question))
            ]
        if spec.na:
            column.has_na = True
            na_text = tr(question.na, loc.lang, NA_CODE)
            na_cells = dataset.na[spec.column].to_numpy()
            cells = [NA_CODE if is_na else cell for cell, is_na in zip(cells, na_cells)]
            if labels:
                cells = [na_text if cell == NA_CODE else cell for cell in cells]
            column.value_labels = {**mapping, NA_CODE: na_text}
        if labels:
            cells = [mapping.get(cell, cell) if cell is not None else None for cell in cells]
        columns.append(column)
        values.append(cells)
    return Export(columns, [list(row) for row in zip(*values)] if values else [])


def _looks_like_formula(value: Any) -> bool:
    """Whether a spreadsheet would run this cell as a formula (the one rule of xlsx and csv)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _csv_cell(value: Any, excel: bool) -> str:
    if value is None:
        return ""
    if excel and isinstance(value, float):
        return repr(value).replace(".", ",")
    if _looks_like_formula(value):
        return "'" + value
    return value if isinstance(value, str) else repr(value)


def to_csv(export: Export, excel: bool = False) -> str:
    """The rows as CSV text: the response files' dialect, or for a Nordic Excel (see above)."""
    header = [_csv_cell(c.name, excel) for c in export.columns]
    rows = [[_csv_cell(value, excel) for value in row] for row in export.rows]
    if not excel:
        return "".join(encode_line(cells) for cells in [header, *rows])
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    return "\ufeff" + out.getvalue()


def _sheet_value(value: Any) -> Any:
    """A tidy statistics cell as a number where it is one."""
    if value == "":
        return None
    try:
        return float(value)
    except ValueError:
        return value


def to_xlsx(
    export: Export, analysis: Analysis, name: str = "export.xlsx"
) -> tuple[bytes, list[Problem]]:
    """The workbook (data, codebook, statistics) and the cells that had to be cut."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    problems: list[Problem] = []

    def put(sheet: Any, row: int, col: int, value: Any, where: str) -> None:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if len(value) > CELL_LIMIT:
                value = value[: CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
                problems.append(
                    Problem(
                        f"{where}: a text of more than {CELL_LIMIT} "
                        "characters was cut to fit an Excel cell",
                        name,
                        row,
                    )
                )
        cell = sheet.cell(row=row, column=col, value=value)
        if _looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True

    book = Workbook()
    data = book.active
    data.title = "data"
    for j, column in enumerate(export.columns, start=1):
        put(data, 1, j, column.name, "header")
    for i, row in enumerate(export.rows, start=2):
        for j, (column, value) in enumerate(zip(export.columns, row), start=1):
            put(data, i, j, value, f"data, column {column.name}")
    data.freeze_panes = "A2"
    codebook = book.create_sheet("codebook")
    for j, header in enumerate(("column", "kind", "label", "codes"), start=1):
        put(codebook, 1, j, header, "codebook")
    for i, column in enumerate(export.columns, start=2):
        codes = "; ".join(f"{code} = {text}" for code, text in column.value_labels.items())
        for j, value in enumerate((column.name, column.kind, column.label, codes), start=1):
            put(codebook, i, j, value, "codebook")
    statistics = book.create_sheet("statistics")
    for j, header in enumerate(TIDY_COLUMNS, start=1):
        put(statistics, 1, j, header, "statistics")
    for i, stat_row in enumerate(tidy_rows(analysis), start=2):
        for j, value in enumerate(stat_row, start=1):
            last = j == len(stat_row)
            put(statistics, i, j, _sheet_value(value) if last else value, "statistics")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), problems


def _sav_code(column: Column, rows: list[list[Any]], index: int) -> float:
    """A number for "na" in a numeric SPSS variable: below every value allowed or present."""
    present = [v for row in rows if isinstance(v := row[index], (int, float))]
    allowed = [] if column.lowest is None else [column.lowest]
    return float(math.floor(min([*present, *allowed, 0])) - 1)


def to_sav(export: Export) -> bytes:
    """The rows as an SPSS .sav file with variable labels, value labels and user-missing na."""
    import pandas as pd
    import pyreadstat

    frame: dict[str, Any] = {}
    value_map: dict[str, dict[Any, str]] = {}
    missing: dict[str, list[Any]] = {}
    measure: dict[str, str] = {}
    for index, column in enumerate(export.columns):
        cells = [row[index] for row in export.rows]
        numeric = column.kind in (Answer.SCALE, Answer.NUMBER, Answer.CHOICES, Answer.BOOLEAN)
        labels = dict(column.value_labels)
        if numeric:
            if column.has_na:
                code = _sav_code(column, export.rows, index)
                cells = [code if c == NA_CODE else c for c in cells]
                labels[code] = labels.pop(NA_CODE)
                missing[column.name] = [code]
            cells = [float("nan") if c is None else float(c) for c in cells]
            labels = {float(k): v for k, v in labels.items()}
        else:
            cells = ["" if c is None else str(c) for c in cells]
            if column.has_na:
                missing[column.name] = [NA_CODE]
        frame[column.name] = pd.Series(cells, dtype=float if numeric else "string")
        if labels:
            value_map[column.name] = labels
        measures: dict[str, str] = {Answer.SCALE: "ordinal", Answer.NUMBER: "scale"}
        measure[column.name] = measures.get(column.kind, "nominal")
    too_long = [c.name for c in export.columns if len(c.name.encode("utf-8")) > SAV_NAME_LIMIT]
    if too_long:
        raise SurveyError(
            f"{', '.join(too_long)}: longer than the {SAV_NAME_LIMIT} characters "
            "SPSS allows in a variable name (export as xlsx or csv instead)"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sav"
        try:
            pyreadstat.write_sav(
                pd.DataFrame(frame),
                str(path),
                column_labels={c.name: c.label[:255] for c in export.columns},
                variable_value_labels=value_map,
                missing_ranges=missing,
                variable_measure=measure,
            )
        except (pyreadstat.PyreadstatError, pyreadstat.ReadstatError) as err:
            raise SurveyError(f"cannot write an SPSS file: {err}") from None
        return path.read_bytes()
