"""The response file's CSV dialect: writing our one dialect, reading what people make of it.

We write UTF-8, comma-separated, RFC 4180 quoting and `\\n` line ends. We read that and
what Excel and editors turn it into: a BOM, CRLF, the semicolon-separated, decimal-comma
files of Swedish and Danish Excel, and Windows-1252 text. ``sniff_dialect`` and
``decode_bytes`` are shared with the analysis reader so that both read a file the same way.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from surveytui.store.files import os_problem

_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
_FIELD_SIZE_LIMIT = 2**31 - 1  # the largest value every platform's csv module accepts
FALLBACK_ENCODING = "cp1252"
BOM = b"\xef\xbb\xbf"  # the UTF-8 byte order mark Excel puts before "CSV UTF-8" files


def sniff_dialect(first_bytes: bytes) -> tuple[str, str]:
    """The (delimiter, decimal point) of a response file, judged from its header line.

    A header with more semicolons than commas is a file saved by Excel in a Nordic locale,
    which also writes decimal commas.
    """
    header = first_bytes.split(b"\n", 1)[0]
    if header.count(b";") > header.count(b","):
        return ";", ","
    return ",", "."


def in_our_dialect(data: bytes) -> bool:
    """Whether a file's header line is in the dialect surveytui writes (no BOM, commas,
    `\\n`): the only files it appends to, so the only ones whose last line a crash of
    surveytui may have cut off. Other programs may just not end their last line."""
    header = data.split(b"\n", 1)[0]
    return (
        not data.startswith(BOM) and not header.endswith(b"\r") and sniff_dialect(header)[0] == ","
    )


def ends_in_a_cut_character(text: str) -> bool:
    """Whether a text from `decode_bytes` ends in a character cut in half, as only a
    truncated file does."""
    return "\udc80" <= text[-1:] <= "\udcff"


def decode_bytes(data: bytes) -> tuple[str, int | None]:
    """The text of a file, and the line of the first non-UTF-8 byte if it was not UTF-8.

    Text that is not UTF-8 is read as Windows-1252, the encoding Excel uses for "CSV" on
    Nordic Windows; the caller reports the line so the user knows it was guessed. Bytes
    undefined there become surrogate escapes, so re-encoding gives back the same bytes; so
    does a last character cut in half by a crash, which leaves the file UTF-8.
    """
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data":  # only the last character is cut off
            return data.decode("utf-8-sig", errors="surrogateescape"), None
        line = data[: err.start].count(b"\n") + 1
        return data.decode(FALLBACK_ENCODING, errors="surrogateescape"), line


def read_table(path: Path, what: str) -> tuple[bytes, str, csv.DictReader[str]]:
    """A small CSV of ours or the user's (invitations, who answered) read as every file
    here is (`decode_bytes`, `sniff_dialect`): its bytes, its separator and a reader of its
    rows, `line_num` counting lines; an OSError is a SurveyError saying `what` it read."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise os_problem(path, err, f"read {what}") from None
    delimiter, _ = sniff_dialect(data)
    return data, delimiter, csv.DictReader(io.StringIO(decode_bytes(data)[0]), delimiter=delimiter)


def encode_line(fields: Sequence[str]) -> str:
    """One CSV record in our dialect, quoting only the fields that need it, with `\\n`."""
    return (
        ",".join(
            '"' + field.replace('"', '""') + '"' if _NEEDS_QUOTES.search(field) else field
            for field in fields
        )
        + "\n"
    )


@dataclass(frozen=True)
class Record:
    """One CSV record: its first line (1-based), fields, and its text offsets [start, end).

    A `broken` record is one line where a quote opened a field that the following lines do
    not close as a record: it has no fields, and the lines after it are records again.
    """

    line: int
    fields: list[str]
    start: int
    end: int
    broken: bool = False


@dataclass(frozen=True)
class Incomplete:
    """A last record cut off (no line end, or an open quote): where it starts and why."""

    line: int
    start: int
    reason: str


class _Lines:
    """Feeds a text to csv.reader line by line from `offset`, remembering where it has got to."""

    def __init__(self, text: str, offset: int = 0, line: int = 0):
        self.text = text
        self.line = line
        self.offset = offset
        self.exhausted = False

    def __iter__(self) -> Iterator[str]:
        text, size = self.text, len(self.text)
        while self.offset < size:
            end = text.find("\n", self.offset)
            end = size if end < 0 else end + 1
            start, self.offset = self.offset, end
            self.line += 1
            yield text[start:end]
        self.exhausted = True


def _well_formed(text: str, delimiter: str, width: int | None) -> bool:
    """Whether a record spanning lines is strict CSV with `width` fields (any if None)."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return len(records) == 1 and (width is None or len(records[0]) == width)


def split_records(
    text: str, delimiter: str = ",", width: int | None = None
) -> tuple[list[Record], Incomplete | None]:
    """Every complete record of a CSV text, and the cut-off last record if there is one.

    A record is complete when it ends with a line end outside quotes; a last record that
    does not is not returned as a record, since a crash may have cut it anywhere. Blank
    lines are skipped. A record over several lines must be strict CSV of `width` fields
    (default: the first record's, the header's); otherwise its quote was left open by hand,
    its first line is a `broken` record and the next line starts a record again. An open
    quote that runs to the end is a cut-off last record only if no record of `width`
    fields follows its line, so that one stray quote never hides the rows after it.
    Raises csv.Error (with ``.line``) when the text is not CSV at all.
    """
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    records: list[Record] = []
    incomplete: Incomplete | None = None
    # (records before it, it): an open quote that ran to the end, unless a whole row follows
    unclosed: tuple[int, Incomplete] | None = None
    start_line, start = 1, 0
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            # [attr-defined]: csv.Error has no line; the caller reports the record's first.
            err.line = start_line  # type: ignore[attr-defined]
            raise
        end = lines.offset
        cut = lines.exhausted or not text.endswith("\n", 0, end)
        if lines.line > start_line and (cut or not _well_formed(text[start:end], delimiter, width)):
            first_end = text.index("\n", start) + 1
            if cut and unclosed is None:
                unclosed = (
                    len(records),
                    Incomplete(start_line, start, "it ends inside a quoted field"),
                )
            records.append(Record(start_line, [], start, first_end, broken=True))
            start_line, start = start_line + 1, first_end
            lines = _Lines(text, first_end, start_line - 1)
            reader = csv.reader(lines, delimiter=delimiter, strict=False)
            continue
        if cut:
            incomplete = Incomplete(
                start_line,
                start,
                "it ends inside a quoted field" if lines.exhausted else "it has no line end",
            )
            break
        if fields:
            records.append(Record(start_line, fields, start, end))
            if width is None:
                width = len(fields)
            elif unclosed is not None and len(fields) == width:
                unclosed = None
        start_line, start = lines.line + 1, end
    if unclosed is not None:
        kept, incomplete = unclosed
        del records[kept:]
    return records, incomplete


def is_whole(text: str, delimiter: str = ",") -> bool:
    """Whether a text is complete CSV records only, each ended by a line end (fast, in C).

    False does not prove a record is cut off (strict parsing also refuses stray quotes);
    `split_records` then decides.
    """
    if not text.endswith("\n"):
        return False
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return False
    return True
