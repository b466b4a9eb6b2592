"""Submissions exported by ODK Central or KoboToolbox (CSV) as a surveytui results file.

Both name a column by the field's path, `group/field` (Kobo) or `group-field` (ODK
Central), and may split a select_multiple into one 0/1 column per choice,
`group/field/choice`, beside or instead of the column of space-separated choices. Every
cell is checked against the questionnaire with the store's own cell rules before anything
is written; a cell that does not fit is a problem with its line and column, never a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from surveytui.convert.names import to_code, to_id
from surveytui.errors import Problem, SurveyError
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import OTHER_CODE, OTHER_SUFFIX, Question, Questionnaire
from surveytui.store import (
    FALSE_CELL,
    TRUE_CELL,
    AnswerError,
    CellError,
    ResponseStore,
    column_specs,
    decode_bytes,
    encode_answers,
    read_bytes,
    saved_response_ids,
    sniff_dialect,
    split_records,
)

# Where each tool keeps a submission's id and time, in the order we look for them.
ID_COLUMNS = ("meta/instanceID", "meta-instanceID", "instanceID", "_uuid", "KEY")
TIME_COLUMNS = ("_submission_time", "SubmissionDate")
# Their other metadata: kept out of the answers, and not a problem.
METADATA = {
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "email",
    "simserial",
    "subscriberid",
    "audit",
}
_UUID = re.compile(r"^(?:uuid:)?([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$", re.IGNORECASE)
_OTHER = object()  # a single-choice cell that chose "other, please specify"
_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


@dataclass
class Submission:
    """One submission read: its answers, id and time, and the line it came from."""

    line: int
    answers: dict[str, Any]
    response_id: str | None = None
    submitted: datetime | None = None


@dataclass
class Submissions:
    rows: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left_out: list[Problem] = field(default_factory=list)  # columns --skip-unsupported dropped


@dataclass(frozen=True)
class _Column:
    """What one column of the export holds for the questionnaire."""

    question: Question
    key: str  # the answers key: a question or matrix-row id
    choice: str | None = None  # a split select_multiple column: this choice's code
    other: bool = False  # the text of "other, please specify"


def _is_metadata(name: str) -> bool:
    """Whether a column is the tools' own; asked only of a column that names no question."""
    path = re.split(r"[/-]", name)
    return (
        name.startswith("_")
        or path[0] == "meta"
        or path[-1] in METADATA
        or name in ID_COLUMNS
        or name in TIME_COLUMNS
    )


class _Reader:
    def __init__(self, path: Path, questionnaire: Questionnaire, skip_unsupported: bool):
        self.path = path
        self.file = str(path)
        self.questionnaire = questionnaire
        self.skip = skip_unsupported
        self.specs = column_specs(questionnaire)
        self.keys = questionnaire.answer_keys()
        self.result = Submissions()
        self.chose_other: set[str] = set()  # of the row being read
        self.positions: dict[str, int] = {}  # column name -> its 1-based place in the header

    def problem(self, line: int, column: str | None, message: str) -> None:
        """A problem at `line`, and at the column named `column` (1-based) if it is one."""
        position = self.positions.get(column) if column else None
        text = f"column {column}: {message}" if column else message
        self.result.problems.append(Problem(text, self.file, line, position))

    def locate(self, name: str) -> _Column | None:
        """The question a column belongs to, its group path taken off as far as needed.

        Kobo joins a path with `/`, ODK Central with `-`; a split select_multiple adds the
        choice as one more step. Names are compared as ids, so separators all read as `_`.
        """
        parts = [part for part in re.split(r"[/.-]", name) if part]
        for start in range(len(parts)):
            for end in range(start + 1, len(parts)):
                question = self.keys.get(to_id("_".join(parts[start:end])))
                code = to_code("_".join(parts[end:]))
                if (
                    question is not None
                    and question.spec.answer is Answer.CHOICES
                    and (
                        question.choice(code) is not None
                        or (code == NA_CODE and question.na is not None)
                        or (code == OTHER_CODE and question.offers_other)
                    )
                ):
                    return _Column(question, question.id, choice=code)
            found = self.column(to_id("_".join(parts[start:])))
            if found is not None:
                return found
        return None

    def column(self, ident: str) -> _Column | None:
        if ident in self.keys:
            return _Column(self.keys[ident], ident)
        base = self.keys.get(ident.removesuffix("_other"))
        if ident.endswith("_other") and base is not None and base.offers_other:
            return _Column(base, base.id, other=True)
        question = self.questionnaire.question(ident)
        if question is not None and question.spec.answer is Answer.NONE:
            return _Column(question, ident)
        return None

    def read(self) -> Submissions:
        data = read_bytes(self.path)
        if not data.strip():
            raise SurveyError(Problem("the file is empty: it has no header line", self.file, 1))
        text, _ = decode_bytes(data)
        delimiter, _ = sniff_dialect(data.removeprefix(b"\xef\xbb\xbf")[:65536])
        records, _ = split_records(text if text.endswith("\n") else text + "\n", delimiter)
        header = [name.strip() for name in records[0].fields]
        self.positions = {name: index for index, name in enumerate(header, start=1)}
        columns: dict[int, _Column] = {}
        for index, name in enumerate(header):
            found = None if name.startswith("_") else self.locate(name)
            if found is None and _is_metadata(name):
                continue
            if found is None:
                problem = Problem(
                    f"column {name!r} is no question of {self.questionnaire.id}",
                    self.file,
                    1,
                    index + 1,
                )
                (self.result.left_out if self.skip else self.result.problems).append(problem)
                continue
            columns[index] = found
        whole = {c.key for c in columns.values() if c.choice is None and not c.other}
        for record in records[1:]:
            if record.broken or len(record.fields) != len(header):
                self.problem(
                    record.line,
                    None,
                    f"the row has {len(record.fields)} fields but the header has {len(header)}",
                )
                continue
            self.row(record.line, header, record.fields, columns, whole)
        return self.result

    def row(
        self,
        line: int,
        header: list[str],
        cells: list[str],
        columns: dict[int, _Column],
        whole: set[str],
    ) -> None:
        answers: dict[str, Any] = {}
        ticked: dict[str, list[str]] = {}
        others: dict[str, str] = {}
        self.chose_other = set()
        before = len(self.result.problems)
        for index, column in columns.items():
            raw = cells[index].strip()
            name = header[index]
            q = column.question
            if raw == "" or q.spec.answer is Answer.NONE:
                continue
            if column.other:
                others[q.id] = cells[index]
            elif column.choice is not None:
                if column.key in whole:
                    continue  # the column of space-separated choices says it already
                if raw.lower() not in _TRUE | _FALSE:
                    self.problem(line, name, f"{raw!r} should be 1 (chosen) or 0")
                elif raw.lower() in _TRUE:
                    ticked.setdefault(q.id, []).append(column.choice)
                else:
                    ticked.setdefault(q.id, [])
            else:
                value = self.value(line, name, column, raw)
                if value is _OTHER:
                    self.chose_other.add(q.id)
                elif value is not None:
                    answers[column.key] = value
        for qid, codes in ticked.items():
            answers[qid] = self.choices(line, qid, qid, codes)
            if OTHER_CODE in codes:
                self.chose_other.add(qid)
        for qid in self.chose_other:
            if qid not in others:
                self.problem(line, None, f"{qid}: 'other' is chosen but what it is was left empty")
        for qid, text in others.items():
            answers[qid + OTHER_SUFFIX] = text
            if self.keys[qid].spec.answer is Answer.CHOICES:
                answers.setdefault(qid, [])
        if len(self.result.problems) > before:
            return
        try:
            encode_answers(self.questionnaire, answers, self.specs)
        except AnswerError as err:
            for problem in err.problems:
                self.problem(line, None, problem.message)
            return
        self.result.rows.append(Submission(line, answers, *self.meta(line, header, cells)))

    def choices(self, line: int, column: str, qid: str, codes: list[str]) -> Any:
        """A multi question's answer from the codes chosen (`column` names it in problems)."""
        question = self.keys[qid]
        chosen = [c for c in codes if c != OTHER_CODE]
        if NA_CODE in chosen:
            if question.na is None:
                self.problem(line, column, "'na' (don't know) is not offered by this question")
            elif chosen != [NA_CODE]:
                self.problem(line, column, "'na' (don't know) cannot be chosen with other answers")
            return NA_CODE
        return chosen

    def value(self, line: int, name: str, column: _Column, raw: str) -> Any:
        q = column.question
        answer = q.spec.answer
        if answer is Answer.CHOICES:
            codes = [to_code(code) for code in raw.split()]
            unknown = [c for c in codes if q.choice(c) is None and c not in (NA_CODE, OTHER_CODE)]
            if unknown or (OTHER_CODE in codes and not q.offers_other):
                self.problem(line, name, f"{raw!r} is not among the choices of {q.id}")
                return None
            if OTHER_CODE in codes:
                self.chose_other.add(q.id)
            value = self.choices(line, name, q.id, codes)
            return None if value == [] and OTHER_CODE in codes else value
        cell = raw
        if answer.has_choices:
            cell = NA_CODE if raw == NA_CODE else to_code(raw)
            if cell == OTHER_CODE and q.offers_other:
                return _OTHER
        elif answer is Answer.BOOLEAN:
            lowered = raw.lower()
            cell = TRUE_CELL if lowered in _TRUE else FALSE_CELL if lowered in _FALSE else raw
        try:
            return self.specs[column.key].decode(cell)
        except CellError as err:
            self.problem(line, name, str(err).split(": ", 1)[-1])
            return None

    def meta(
        self, line: int, header: list[str], cells: list[str]
    ) -> tuple[str | None, datetime | None]:
        values = dict(zip(header, (cell.strip() for cell in cells)))
        response_id = None
        id_column = next((c for c in ID_COLUMNS if values.get(c)), None)
        if id_column is not None:
            raw_id = values[id_column]
            found = _UUID.match(raw_id)
            if found is None:
                self.problem(line, id_column, f"the submission id {raw_id!r} is not a uuid")
            else:
                response_id = found.group(1).lower()
        submitted = None
        time_column = next((c for c in TIME_COLUMNS if values.get(c)), None)
        if time_column is not None:
            raw_time = values[time_column]
            try:
                submitted = datetime.fromisoformat(raw_time)
            except ValueError:
                self.problem(
                    line, time_column, f"the submission time {raw_time!r} is not a date and time"
                )
            else:
                if submitted.tzinfo is None:  # both tools export UTC without saying so
                    submitted = submitted.replace(tzinfo=UTC)
        return response_id, submitted


def read_submissions(
    path: str | Path, questionnaire: Questionnaire, skip_unsupported: bool = False
) -> Submissions:
    """Every submission of an ODK Central or KoboToolbox CSV export, checked cell by cell."""
    return _Reader(Path(path), questionnaire, skip_unsupported).read()


def convert_submissions(
    path: str | Path,
    questionnaire: Questionnaire,
    target: str | Path,
    skip_unsupported: bool = False,
) -> tuple[int, int, list[Problem]]:
    """Append the submissions to the results file `target` through the store.

    Nothing is written when any cell is a problem (SurveyError lists them all).
    Submissions whose id the file has already are not added again, so that a newer export
    of the same form can be converted into the same file. Returns (added, already there,
    columns left out).
    """
    read = read_submissions(path, questionnaire, skip_unsupported)
    if read.problems:
        raise SurveyError(read.problems)
    target = Path(target)
    seen = saved_response_ids(target)
    store = ResponseStore(target, questionnaire)
    added = 0
    for row in read.rows:
        if row.response_id is not None and row.response_id in seen:
            continue
        response_id = store.append(
            row.answers, response_id=row.response_id, submitted=row.submitted
        )
        seen.add(response_id)
        added += 1
    return added, len(read.rows) - added, read.left_out
