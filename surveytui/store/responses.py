"""The response file: append one response durably, read every row back with its problems.

The files beside it (its questionnaire snapshot, lock, cut-off rows and drafts) are named
by `ResultsFiles` (docs/results-file.md).
"""

from __future__ import annotations

import csv
import errno
import os
import re
import threading
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from surveytui.errors import Problem, SurveyError
from surveytui.model.load import load_questionnaire
from surveytui.model.types import METADATA_COLUMNS, RESERVED_COLUMNS, RESERVED_HINT, Questionnaire
from surveytui.results_files import ResultsFiles
from surveytui.store import files
from surveytui.store.codebook import (
    AnswerError,
    code_cell_problem,
    column_specs,
    decode_answers,
    encode_answers,
)
from surveytui.store.csvfile import (
    BOM,
    Incomplete,
    Record,
    decode_bytes,
    encode_line,
    ends_in_a_cut_character,
    in_our_dialect,
    is_whole,
    sniff_dialect,
    split_records,
)

MAX_COLUMNS = 16_384  # Excel's widest sheet: no questionnaire's file comes near it
# a response_id (uuid4), also at the start of a row: what append checks and erasure finds
RESPONSE_ID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}(?=[,\r\n]|$)")


def new_response_id() -> str:
    """A fresh response_id: random, so that no two responses anywhere share one."""
    return str(uuid.uuid4())


def default_results_path(questionnaire: Questionnaire, base: Path = Path("results")) -> Path:
    """Where answers to this questionnaire go by default: one file per id and version."""
    return Path(base) / f"{questionnaire.id}-v{questionnaire.version}.csv"


@dataclass
class ReadResult:
    """The rows of a response file and everything about it that could not be read."""

    rows: list[dict[str, Any]]
    problems: list[Problem]
    tag_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedFile:
    """A response file split into records, before its cells are decoded."""

    header: list[str]
    rows: list[Record]
    problems: list[Problem]
    decimal: str
    incomplete: Incomplete | None


def read_bytes(path: Path) -> bytes:
    """The bytes of a response file, or SurveyError saying why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SurveyError(Problem("no such file (check the path)", str(path))) from None
    except IsADirectoryError:
        raise SurveyError(Problem("is a folder, not a response file", str(path))) from None
    except OSError as err:
        raise files.os_problem(path, err, "read the file") from None


def parse_file(path: Path, data: bytes) -> ParsedFile:
    """Split a response file into its header and the records that have the header's width.

    A last record cut off by a crash, or too short, is `incomplete`; a record of the wrong
    width elsewhere is a problem and not a row. A last line without a line end is cut off
    in a file surveytui appends to (`in_our_dialect`); in a file saved by another program
    it is a row, unless it ends inside quotes or inside a character. The store and the
    analysis reader both use it, so that they report the same problems.
    """
    name = str(path)
    if not data.strip():
        raise SurveyError(
            Problem(
                "the file is empty: it has no header line",
                name,
                1,
                hint="delete it, or start it again with `surveytui run`",
            )
        )
    text, bad_line = decode_bytes(data)
    delimiter, decimal = sniff_dialect(data.removeprefix(BOM)[:65536])
    problems: list[Problem] = []
    if bad_line is not None:
        problems.append(
            Problem(
                "the file is not UTF-8, so it was read as Windows-1252 (what Excel saves as CSV)",
                name,
                bad_line,
                hint="save it as 'CSV UTF-8' to be sure of the letters",
            )
        )
    ours = in_our_dialect(data)
    try:
        records, incomplete = split_records(text, delimiter)
        if incomplete is not None and (not records or not (ours or ends_in_a_cut_character(text))):
            records, incomplete = split_records(text + "\n", delimiter)
    except csv.Error as err:
        line = getattr(err, "line", None)
        raise SurveyError(Problem(f"cannot read this as CSV: {err}", name, line)) from None
    if not records or records[0].broken:
        raise SurveyError(
            Problem(
                "the header line has a quote that is not closed",
                name,
                1,
                hint="close or remove the quote",
            )
        )
    header = [column.strip() for column in records[0].fields]
    check_header(path, header, records[0].line)
    rows = records[1:]
    # what a crash leaves in a file `append` writes to, which it repairs
    moved_aside = incomplete is not None and ours
    if rows and incomplete is None and not rows[-1].broken and len(rows[-1].fields) < len(header):
        last = rows.pop()
        incomplete = Incomplete(
            last.line, last.start, f"it has {len(last.fields)} of {len(header)} fields"
        )
    kept = []
    for record in rows:
        if record.broken:
            problems.append(
                Problem(
                    "a quote on this line opens a field that is not closed, so the row is not "
                    "read; the lines after it are read as rows",
                    name,
                    record.line,
                    hint="close or remove the quote",
                )
            )
        elif len(record.fields) == len(header):
            kept.append(record)
        else:
            problems.append(
                Problem(
                    f"the row has {len(record.fields)} fields but the header has {len(header)}, "
                    "so it is not read",
                    name,
                    record.line,
                    hint="a missing or extra separator, or a quote not closed",
                )
            )
    if incomplete is not None:
        aside = (
            f", and the next saved answer moves it to {ResultsFiles(path).incomplete.name}"
            if moved_aside
            else ""
        )
        problems.append(
            Problem(
                f"the last row is incomplete ({incomplete.reason}), as if cut off by a crash: it "
                f"is not read{aside}",
                name,
                incomplete.line,
            )
        )
    return ParsedFile(header, kept, problems, decimal, incomplete)


def check_header(path: Path, header: list[str], line: int) -> None:
    """Refuse a header wider than any questionnaire makes, or naming a column twice.

    Linear in the header's width, so that no command (and no `delete` holding the lock)
    stalls on a file with a huge header.
    """
    if len(header) > MAX_COLUMNS:
        raise SurveyError(
            Problem(
                f"the header has {len(header)} columns, more than the {MAX_COLUMNS} a results "
                "file may have (as many as a spreadsheet holds)",
                str(path),
                line,
                hint="is this a results file written by surveytui?",
            )
        )
    duplicates = sorted(column for column, count in Counter(header).items() if column and count > 1)
    if duplicates:
        raise SurveyError(
            Problem(
                f"the header names {', '.join(duplicates)} more than once",
                str(path),
                line,
                hint="rename or remove the copies",
            )
        )


def saved_response_ids(path: Path) -> set[str]:
    """The response_ids of the complete rows of a response file (none if there is no file)."""
    if not path.exists():
        return set()
    parsed = parse_file(path, read_bytes(path))
    if "response_id" not in parsed.header:
        return set()
    column = parsed.header.index("response_id")
    return {record.fields[column].strip() for record in parsed.rows}


def respondent_codes(path: Path, questionnaire: Questionnaire) -> frozenset[str]:
    """The columns of a results file that hold respondent codes: those the questionnaire
    it is read with marks, and those the snapshot beside it marks (another version may).

    No reader keeps them as tags or quotes them in a problem. Raises SurveyError when the
    snapshot cannot be read, since the codes it marks are then unknown.
    """
    codes = set(questionnaire.respondent_code_ids)
    snapshot = ResultsFiles(path).snapshot
    if not snapshot.exists():
        return frozenset(codes)
    try:
        same = snapshot.read_bytes() == questionnaire.source.encode("utf-8")
    except OSError:
        same = False  # loading it says why it cannot be read
    if not same:
        try:
            codes.update(load_questionnaire(snapshot).respondent_code_ids)
        except SurveyError as err:
            raise SurveyError(
                [
                    *err.problems,
                    Problem(
                        "the questionnaire beside the results cannot be read, so the "
                        "respondent codes it marks cannot be kept hidden",
                        str(snapshot),
                        hint="fix it, or move it away if the file holds no respondent codes",
                    ),
                ]
            ) from None
    return frozenset(codes)


def missing_columns(path: Path, header: Iterable[str], columns: Iterable[str]) -> list[Problem]:
    """A problem on the header line for each of `columns` it lacks (read as unanswered)."""
    present = set(header)
    return [
        Problem(f"the column {column} is missing, so it counts as unanswered", str(path), 1)
        for column in columns
        if column not in present
    ]


def unnamed_values(path: Path, header: list[str], records: Iterable[Record]) -> list[Problem]:
    """A problem for each record with a value under a header column without a name."""
    unnamed = [i for i, column in enumerate(header) if not column]
    if not unnamed:
        return []
    return [
        Problem(
            "a column without a name in the header has a value, which is not read",
            str(path),
            record.line,
        )
        for record in records
        if any(record.fields[i].strip() for i in unnamed)
    ]


@dataclass
class _Row:
    """A response waiting for its turn to be written; `done` once written or failed."""

    metadata: list[str]
    tags: dict[str, str]
    cells: list[str]
    done: bool = False
    error: SurveyError | None = None


class ResponseStore:
    """One response file: `append` a response durably, `read` every row back.

    Writers are serialised by a lock beside the file, so terminals, kiosks and scripts
    may append to one file at the same time.
    """

    def __init__(self, path: str | Path, questionnaire: Questionnaire, *, timestamp: bool = False):
        self.path = Path(path)
        self.questionnaire = questionnaire
        self.timestamp = timestamp
        self.specs = column_specs(questionnaire)
        self.layout = ResultsFiles(self.path)
        self._lock = files.results_lock(self.path)
        # Threads of one program (a server's) wait here, each woken as the one before is
        # done, rather than on the file lock, which retries only every 50 ms. The one whose
        # turn it is writes every row queued meanwhile, with one fsync (a group commit):
        # a room that submits at once waits for a few syncs, not one per person.
        self._turn = threading.Lock()
        self._queue: list[_Row] = []
        self._queue_lock = threading.Lock()
        # Where the last row this store wrote ends, and that row's bytes: the file is known
        # whole up to there while those bytes (with their unique response_id) still end
        # there. A file's (device, inode, size) is no such proof: `delete` renames a new
        # file over it, which may get the same inode number.
        self._verified: tuple[int, bytes] | None = None

    # -- writing ------------------------------------------------------------------------
    def append(
        self,
        answers: Mapping[str, Any],
        tags: Mapping[str, str] | None = None,
        *,
        language: str | None = None,
        response_id: str | None = None,
        submitted: datetime | None = None,
    ) -> str:
        """Save one response and return its new response_id once it is on disk (fsync'd).

        `response_id` (from `new_response_id`) lets the caller record the id before the row
        exists, as a draft does; `submitted` (a time with its zone; default now) is when it
        was answered, for responses brought in from elsewhere, coarsened as any other. Raises AnswerError (a SurveyError and ValueError) for
        answers that do not fit the questionnaire, and SurveyError when the file cannot
        take them (another questionnaire, other tags, a full disk); nothing is written then.
        """
        questionnaire = self.questionnaire
        cells = encode_answers(questionnaire, answers, self.specs)
        tags = self._check_tags(tags or {})
        language = language or questionnaire.languages[0]
        if language not in questionnaire.languages:
            raise AnswerError(
                f"language {language!r} is not one of {', '.join(questionnaire.languages)}"
            )
        if response_id is None:
            response_id = new_response_id()
        elif not RESPONSE_ID.fullmatch(response_id):
            raise AnswerError(f"response_id {response_id!r} is not a uuid4 from new_response_id")
        when = (submitted or datetime.now(UTC)).astimezone(UTC)
        stamp = when.strftime("%Y-%m-%dT%H:%MZ" if self.timestamp else "%Y-%m-%d")
        metadata = [response_id, stamp, questionnaire.id, questionnaire.version, language]
        row = _Row(metadata, tags, list(cells.values()))
        with self._queue_lock:
            self._queue.append(row)
        with self._turn:
            # Unless the thread whose turn it was wrote this row with its own.
            if not row.done:
                with self._queue_lock:
                    rows, self._queue = self._queue, []
                try:
                    self._write_rows(rows)
                finally:  # interrupted: the rows of the other threads are not saved
                    for other in rows:
                        if not other.done:
                            other.done = True
                            other.error = SurveyError(
                                Problem("the response could not be saved", str(self.path))
                            )
        if row.error is not None:
            raise row.error
        return response_id

    def _write_rows(self, rows: list[_Row]) -> None:
        """Write these rows with one write and one fsync, each marked saved or failed."""
        try:
            with files.locked(self._lock, self.path, "save the answers"):
                tag_order = self._prepare(list(rows[0].tags))
                lines = []
                for row in rows:
                    try:
                        self._check_tag_names(tag_order, list(row.tags))
                    except SurveyError as err:
                        row.error = err
                        continue
                    fields = [*row.metadata, *(row.tags[name] for name in tag_order), *row.cells]
                    lines.append(encode_line(fields).encode("utf-8"))
                if lines:
                    self._write_row(b"".join(lines))
        except SurveyError as err:
            for row in rows:
                row.error = row.error or err
        for row in rows:
            row.done = True

    def _check_tags(self, tags: Mapping[str, str]) -> dict[str, str]:
        """The tags to store, values stripped of spaces as `read` strips them; or AnswerError."""
        taken = set(self.questionnaire.answer_keys()) | set(self.specs)
        problems = []
        for name, value in tags.items():
            if not isinstance(name, str) or not name.strip() or name != name.strip():
                problems.append(f"tag name {name!r} must be a word without spaces around it")
            elif name in RESERVED_COLUMNS:
                problems.append(f"tag {name!r} is reserved: {RESERVED_HINT}")
            elif name in taken:
                problems.append(f"tag {name!r} has the name of a column of the file: rename it")
            if not isinstance(value, str):
                problems.append(f"tag {name!r}: the value must be a string, not {value!r}")
        if problems:
            raise AnswerError([Problem(message) for message in problems])
        return {name: value.strip() for name, value in tags.items()}

    def _prepare(self, tag_names: list[str]) -> list[str]:
        """Make the file ready for one more row, under the lock; return its tag columns."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            stat = None
        if stat is None or stat.st_size == 0:
            self._create(tag_names)
            return tag_names
        self._check_snapshot()
        file_tags = self._check_header()
        self._repair_tail(stat.st_size, len(self.questionnaire.header(file_tags)))
        return file_tags

    def _create(self, tag_names: list[str]) -> None:
        source = self.questionnaire.source
        if not source:
            raise SurveyError(
                Problem(
                    "the questionnaire has no source text to keep beside the answers",
                    str(self.path),
                    hint="load it with load_questionnaire",
                )
            )
        header = encode_line(self.questionnaire.header(tag_names)).encode("utf-8")
        files.write_atomic(self.layout.snapshot, source.encode("utf-8"))
        files.write_atomic(self.path, header)
        self._verified = (len(header), header)

    def _check_snapshot(self) -> None:
        try:
            snapshot = self.layout.snapshot.read_bytes()
        except FileNotFoundError:
            snapshot = None
        except OSError as err:
            raise files.os_problem(
                self.layout.snapshot, err, "read the questionnaire snapshot"
            ) from None
        if snapshot != self.questionnaire.source.encode("utf-8"):
            what = "has no" if snapshot is None else "differs from its"
            raise SurveyError(
                Problem(
                    f"this questionnaire {what} snapshot {self.layout.snapshot.name}, so its "
                    "answers would not mean the same as the ones in the file",
                    str(self.path),
                    hint="raise `version:` in the questionnaire to start a new file "
                    f"({default_results_path(self.questionnaire, self.path.parent)})",
                )
            )

    def _header_line(self) -> tuple[bytes, list[str]]:
        """The file's first line as bytes, and its fields."""
        with open(self.path, "rb") as file:
            first = file.readline()
        records, _ = split_records(first.decode("utf-8", errors="replace") + "\n")
        return first, records[0].fields if records else []

    def _check_header(self) -> list[str]:
        """The file's tag columns, once its header is known to be the one written here."""
        first, fields = self._header_line()
        tags = fields[len(METADATA_COLUMNS) : len(fields) - len(self.specs)]
        if first != encode_line(self.questionnaire.header(tags)).encode("utf-8"):
            raise SurveyError(
                Problem(
                    "the header line is not the one surveytui writes (was the file saved by "
                    "another program?), so new rows could land in the wrong columns",
                    str(self.path),
                    1,
                    hint="answer into a new file with --results",
                )
            )
        return tags

    def _check_tag_names(self, tags: list[str], tag_names: list[str]) -> None:
        """Refuse a row whose tags are not the file's tag columns."""
        if sorted(tags) != sorted(tag_names):

            def shown(names: Iterable[str]) -> str:
                return ", ".join(names) or "none"

            raise SurveyError(
                Problem(
                    f"the file's tag columns are {shown(tags)} but this response has "
                    f"{shown(tag_names)}; one file keeps one set of tags",
                    str(self.path),
                    1,
                    hint="give the same tags, or answer into a new file with --results",
                )
            )

    def _repair_tail(self, size: int, width: int) -> None:
        """Move a last row cut off by a crash into the file of cut-off rows, then cut it off.

        Only what follows this store's last row is parsed again, if that row is still
        where this store wrote it; else (a `delete` rewrote the file) the whole file is.
        Only a last row that is not a whole record of `width` fields, with no whole row
        after its line, is moved aside (see `split_records`).
        """
        start = 0
        with open(self.path, "rb") as file:
            if self._verified is not None and self._verified[0] <= size:
                end, last = self._verified
                file.seek(end - len(last))
                if file.read(len(last)) == last:
                    start = end
            file.seek(start)
            data = file.read()
        text = data.decode("utf-8", errors="surrogateescape")
        incomplete = None if is_whole(text) else split_records(text, width=width)[1]
        if incomplete is not None:
            cut = start + len(text[: incomplete.start].encode("utf-8", errors="surrogateescape"))
            self._move_aside(cut, data[cut - start :])

    def _move_aside(self, cut: int, tail: bytes) -> None:
        if not self.layout.incomplete.exists():
            header = encode_line(self._header_line()[1]).encode("utf-8")
            files.write_atomic(self.layout.incomplete, header)
        fd = os.open(self.layout.incomplete, os.O_WRONLY | os.O_APPEND | files.O_BINARY)
        try:
            files.write_all(fd, tail if tail.endswith(b"\n") else tail + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        fd = os.open(self.path, os.O_WRONLY | files.O_BINARY)
        try:
            os.ftruncate(fd, cut)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _write_row(self, line: bytes) -> None:
        """One os.write of the whole rows, then fsync; on failure cut the file back."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | files.O_BINARY)
        try:
            size = os.fstat(fd).st_size
            try:
                written = os.write(fd, line)
                if written != len(line):  # a short write to a regular file: the disk is full
                    raise OSError(
                        errno.ENOSPC,
                        f"{os.strerror(errno.ENOSPC)} (only {written} "
                        f"of {len(line)} bytes could be written)",
                    )
                os.fsync(fd)
            except OSError as err:
                os.ftruncate(fd, size)
                os.fsync(fd)
                raise files.os_problem(self.path, err, "save the answers") from None
            self._verified = (size + len(line), line)
        finally:
            os.close(fd)

    # -- reading ------------------------------------------------------------------------
    def read(self) -> ReadResult:
        """Every complete row, answers typed as `append` takes them, and every problem.

        A file that does not exist yet has no rows; one that is not CSV at all raises
        SurveyError. Columns are matched by name; extra columns are kept as tags, but for
        those that `respondent_codes` names, which are left out.
        """
        if not self.path.exists():
            return ReadResult([], [])
        codes = respondent_codes(self.path, self.questionnaire)
        name = str(self.path)
        parsed = parse_file(self.path, read_bytes(self.path))
        header, problems = parsed.header, list(parsed.problems)
        problems += missing_columns(self.path, header, [*METADATA_COLUMNS, *self.specs])
        problems += unnamed_values(self.path, header, parsed.rows)
        index = {column: i for i, column in enumerate(header) if column}
        known = set(METADATA_COLUMNS) | set(self.specs)
        tag_columns = [column for column in index if column not in known and column not in codes]
        metadata = [(column, index[column]) for column in METADATA_COLUMNS if column in index]
        tags = [(column, index[column]) for column in tag_columns]
        answers = [(column, index[column]) for column in self.specs if column in index]
        seen: dict[str, int] = {}
        rows = []
        for record in parsed.rows:
            fields = record.fields
            row: dict[str, Any] = {column: fields[i].strip() for column, i in metadata}
            row.update((column, fields[i].strip()) for column, i in tags)
            values, cell_problems = decode_answers(
                self.specs, {column: fields[i] for column, i in answers}, parsed.decimal
            )
            row.update(values)
            problems.extend(
                Problem(
                    code_cell_problem(column) if column in codes else message,
                    name,
                    record.line,
                    index[column] + 1,
                )
                for column, message in cell_problems
            )
            response_id = row.get("response_id", "")
            if response_id in seen:
                problems.append(
                    Problem(
                        f"response_id {response_id} is also on line {seen[response_id]}",
                        name,
                        record.line,
                    )
                )
            elif response_id:
                seen[response_id] = record.line
            rows.append(row)
        problems.sort(key=lambda p: p.line or 0)
        return ReadResult(rows, problems, tag_columns)

    def check(self, tag_names: Iterable[str] | None = None) -> None:
        """Raise SurveyError now if `append` would refuse this file: another questionnaire
        snapshot, a header surveytui did not write, or (when given) other tag columns.

        Lets a kiosk say so before the first participant answers, not after.
        """
        if tag_names is not None:
            self._check_tags(dict.fromkeys(tag_names, ""))
        try:
            if self.path.stat().st_size == 0:
                return
        except FileNotFoundError:
            return
        self._check_snapshot()
        if tag_names is not None:
            self._check_tag_names(self._check_header(), list(tag_names))

    def summary(self) -> tuple[int, str | None]:
        """How many rows the file has and the latest `submitted_at`, without decoding answers."""
        if not self.path.exists():
            return 0, None
        parsed = parse_file(self.path, read_bytes(self.path))
        if "submitted_at" not in parsed.header:
            return len(parsed.rows), None
        column = parsed.header.index("submitted_at")
        return len(parsed.rows), max((r.fields[column].strip() for r in parsed.rows), default=None)
