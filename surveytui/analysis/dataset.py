"""Reading response files into one pandas data set, vectorised, with the store's rules.

`load_dataset(paths, questionnaire=None) -> Dataset` reads one or more response files of
one questionnaire once; `analyze_dataset` (in `surveytui.analysis.analyze`) can then be
called on it many times with other groupings and filters.

`Dataset` has:
- `frame`: one row per response. Metadata and tag columns (and `source`, the file name)
  are categoricals with NaN for blank; ordinal, number, yes_no (1/0) and multi (1/0 per
  choice) columns are float64 with NaN for unanswered, "don't know" and unreadable cells;
  single-choice columns are categoricals of the choice codes; text columns are strings.
- `na`: a boolean frame, True where the cell was "na" (don't know), for the columns that
  offer it; `unreadable`: a boolean frame, True where a cell was a problem, for the
  columns that have one (an unreadable tick makes a whole multi answer missing).
- `questionnaire`: the questionnaire analyzed (the one given, else the newest snapshot).
- `problems`: every `Problem` the store's `read` would report, per file, in its order.
- `versions`: the questionnaire versions read; `sources`: one `SourceFile` per file.
- `asked(column)`: which rows' files had that column (files of older versions may not).
- `derived`: values computed from the rows once and reused (scale scores); `subset`
  gives a new Dataset with an empty one.

Cells are decoded with the store's codebook (`ColumnSpec.decode`) once per distinct value
of a column, and files the fast CSV path cannot take as they are (cut-off rows, wrong
widths, non-UTF-8 text, odd headers) are split by the store's own parser, so both readers
report the same problems.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from surveytui.errors import Problem, SurveyError
from surveytui.model import load_questionnaire
from surveytui.model.qtypes import NA_CODE, Answer
from surveytui.model.types import (
    METADATA_COLUMNS,
    RESERVED_COLUMNS,
    RESERVED_HINT,
    SOURCE_COLUMN,
    Questionnaire,
)
from surveytui.store import (
    BOM,
    MAX_COLUMNS,
    TEXT_KINDS,
    CellError,
    ColumnSpec,
    ResultsFiles,
    code_cell_problem,
    column_specs,
    is_whole,
    missing_columns,
    parse_file,
    read_bytes,
    respondent_codes,
    sniff_dialect,
    split_records,
    unnamed_values,
)

_STRING = pa.string()
_CODES = pa.dictionary(pa.int32(), pa.string())


@dataclass(frozen=True)
class SourceFile:
    """One file read into the data set: its path, name in `source`, questionnaire and rows."""

    path: Path
    name: str
    questionnaire: Questionnaire
    rows: int
    asked: frozenset[str]


@dataclass
class Dataset:
    """Responses of one questionnaire from one or more files, decoded once."""

    frame: pd.DataFrame
    na: pd.DataFrame
    questionnaire: Questionnaire
    problems: list[Problem]
    sources: list[SourceFile]
    tag_columns: list[str] = field(default_factory=list)
    unreadable: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Values derived from these rows (scale scores), computed once per Dataset.
    derived: dict[str, pd.Series] = field(default_factory=dict, repr=False, compare=False)

    @property
    def versions(self) -> list[str]:
        """The questionnaire versions of the files, lowest first."""
        return sorted({s.questionnaire.version for s in self.sources}, key=version_key)

    def asked(self, column: str) -> np.ndarray:
        """True for the rows whose file's questionnaire has this column."""
        names = [s.name for s in self.sources if column in s.asked]
        if len(names) == len(self.sources):
            return np.ones(len(self.frame), dtype=bool)
        return self.frame[SOURCE_COLUMN].isin(names).to_numpy()

    def versions_of(self, column: str) -> list[str]:
        """The versions in which this column was asked."""
        return sorted(
            {s.questionnaire.version for s in self.sources if column in s.asked}, key=version_key
        )

    def subset(self, mask: np.ndarray) -> Dataset:
        """The same data set with only the rows where mask is True."""
        return Dataset(
            self.frame[mask],
            self.na[mask],
            self.questionnaire,
            self.problems,
            self.sources,
            self.tag_columns,
            self.unreadable[mask],
        )


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Sorts versions as people mean them: "1.9" before "1.10", "2" after "1.10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"[.\-_]", version)
    )


def snapshot_of(path: Path) -> Questionnaire:
    """The questionnaire snapshot kept beside a response file."""
    if not path.exists():
        raise SurveyError(Problem("no such file (check the path)", str(path)))
    snapshot = ResultsFiles(path).snapshot
    if not snapshot.exists():
        raise SurveyError(
            Problem(
                f"no questionnaire beside this file ({snapshot.name} is missing)",
                str(path),
                hint="give the questionnaire with --questionnaire Q.yaml",
            )
        )
    return load_questionnaire(snapshot)


def load_dataset(
    paths: str | Path | Sequence[str | Path],
    questionnaire: str | Path | Questionnaire | None = None,
) -> Dataset:
    """Read response files of one questionnaire into one Dataset (see the module docstring)."""
    files = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    if not files:
        raise SurveyError("no results file given (name one or more .csv files)")
    given = (
        load_questionnaire(questionnaire)
        if isinstance(questionnaire, (str, Path))
        else questionnaire
    )
    read_with = [snapshot_of(path) for path in files] if given is None else [given] * len(files)
    codes = frozenset[str]().union(
        *(respondent_codes(path, q) for path, q in zip(files, read_with))
    )
    parts = [_read_file(path, q, codes) for path, q in zip(files, read_with)]
    ids = sorted({part.questionnaire.id for part in parts})
    if len(ids) > 1:
        raise SurveyError(
            Problem(
                f"the files are answers to different questionnaires ({', '.join(ids)})",
                hint="analyse each questionnaire's files on their own",
            )
        )
    primary = given or max(
        (part.questionnaire for part in parts), key=lambda q: version_key(q.version)
    )
    return _combine(parts, _mark_codes(primary, codes))


def _mark_codes(questionnaire: Questionnaire, codes: frozenset[str]) -> Questionnaire:
    """The questionnaire with every question that any questionnaire involved marks as a
    respondent code marked so too: every view leaves those out, whatever their type."""
    if all(q.respondent_code for q in questionnaire.questions if q.id in codes):
        return questionnaire
    sections = [
        replace(
            section,
            questions=[
                replace(q, respondent_code=True) if q.id in codes else q for q in section.questions
            ],
        )
        for section in questionnaire.sections
    ]
    return replace(questionnaire, sections=sections)


@dataclass
class _Part:
    path: Path
    questionnaire: Questionnaire
    frame: pd.DataFrame
    na: pd.DataFrame
    problems: list[Problem]
    tags: list[str]
    unreadable: pd.DataFrame


def _read_file(path: Path, questionnaire: Questionnaire, codes: frozenset[str]) -> _Part:
    data = read_bytes(path)
    start = len(BOM) if data.startswith(BOM) else 0
    delimiter, decimal = sniff_dialect(data[start : start + 65536])
    specs = column_specs(questionnaire)
    fast = _read_fast(data, delimiter, specs)
    if fast is not None:
        header, columns, rows = fast
        lines = _FileLines(data, delimiter, rows)
        problems: list[Problem] = []
    else:
        parsed = parse_file(path, data)
        header, problems = parsed.header, list(parsed.problems)
        columns = {
            column: pa.array([r.fields[i] for r in parsed.rows], _STRING)
            for i, column in enumerate(header)
            if column
        }
        rows = len(parsed.rows)
        lines = _FileLines(data, delimiter, rows, [r.line for r in parsed.rows])
        problems += unnamed_values(path, header, parsed.rows)
    return _decode(
        path, questionnaire, specs, header, columns, rows, lines, decimal, problems, codes
    )


def _read_fast(
    data: bytes, delimiter: str, specs: Mapping[str, ColumnSpec]
) -> tuple[list[str], dict[str, Any], int] | None:
    """Parse a well-formed file with pyarrow: header, columns and row count, else None."""
    offset = len(BOM) if data.startswith(BOM) else 0
    end = data.find(b"\n")
    if end < 0 or data.isspace() or not data.endswith(b"\n"):
        return None
    first, body = data[offset:end], memoryview(data)[offset:]
    quoted = data.find(b'"') >= 0
    if quoted and (first.count(b'"') % 2 or data.count(b'"') % 2):
        return None  # a quote left open: cut off inside a quoted field, for the store's parser
    try:
        header = [
            c.strip()
            for c in next(csv.reader([first.decode("utf-8").rstrip("\r\n")], delimiter=delimiter))
        ]
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    if "" in header or len(set(header)) != len(header) or len(header) > MAX_COLUMNS:
        return None  # the store's parser says what is wrong
    invalid: list[int] = []

    def count_invalid(row: Any) -> str:
        invalid.append(1)
        return "skip"

    types = {
        c: _STRING if c == "response_id" or (c in specs and specs[c].kind in TEXT_KINDS) else _CODES
        for c in header
    }
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=quoted, invalid_row_handler=count_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if invalid:
        return None
    if (
        quoted
        and data.count(b"\n") != table.num_rows + 1
        and not is_whole(data.decode("utf-8-sig", errors="replace"), delimiter)
    ):
        return None  # a quote closed with text after it: the store's parser finds its line
    return header, {c: table.column(c) for c in header}, table.num_rows


class _FileLines:
    """The line on which each row starts, computed only when a problem needs it."""

    def __init__(self, data: bytes, delimiter: str, rows: int, known: list[int] | None = None):
        self.data, self.delimiter, self.rows = data, delimiter, rows
        self._lines = np.asarray(known, dtype=np.int64) if known is not None else None

    def __getitem__(self, row: int) -> int:
        if self._lines is None:
            if self.data.count(b"\n") == self.rows + 1:
                self._lines = np.arange(2, self.rows + 2, dtype=np.int64)
            else:
                text = self.data.decode("utf-8-sig")
                records, _ = split_records(text, self.delimiter)
                self._lines = np.array([r.line for r in records[1:]], dtype=np.int64)
        return int(self._lines[row])


def _distinct(column: Any) -> tuple[list[str], np.ndarray]:
    """A column of strings as its distinct values and each row's index into them.

    Chunks keep their own dictionaries; each is mapped onto one list of values, which is
    cheaper than unifying the dictionaries of a large file.
    """
    if not pa.types.is_dictionary(column.type):
        # Encoding a chunked column gives every chunk the dictionary of all chunks so far,
        # which is quadratic for mostly distinct values such as response_id: encode it whole.
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        column = column.dictionary_encode()
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    values: dict[str, int] = {}
    parts = []
    for chunk in chunks:
        remap = np.array(
            [values.setdefault(v, len(values)) for v in chunk.dictionary.to_pylist()] or [0],
            dtype=np.intp,
        )
        parts.append(remap[chunk.indices.to_numpy(zero_copy_only=False)])
    indices = np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)
    return list(values), indices


def _labels(column: Any, rows: int) -> pd.Categorical[Any]:
    """A metadata or tag column, stripped, as a categorical with NaN for blank."""
    if column is None:
        return pd.Categorical([np.nan] * rows)
    values, indices = _distinct(column)
    stripped = [v.strip() for v in values]
    categories = sorted({v for v in stripped if v})
    position = {v: i for i, v in enumerate(categories)}
    lookup = np.array([position.get(v, -1) for v in stripped] or [-1], dtype=np.int32)
    return pd.Categorical.from_codes(lookup[indices], categories=pd.Index(categories))


def _decode(
    path: Path,
    questionnaire: Questionnaire,
    specs: Mapping[str, ColumnSpec],
    header: list[str],
    columns: Mapping[str, Any],
    rows: int,
    lines: _FileLines,
    decimal: str,
    problems: list[Problem],
    codes: frozenset[str],
) -> _Part:
    """Decode every column with the codebook, and collect the problems the store reports.

    A column in `codes` (a respondent code to some questionnaire involved) is never a tag
    and its problems do not quote the cell.
    """
    name = str(path)
    position = {column: i for i, column in enumerate(header) if column}
    problems += missing_columns(path, header, [*METADATA_COLUMNS, *specs])
    tags = [c for c in position if c not in METADATA_COLUMNS and c not in specs]
    # A file written before a name was reserved: the data set's own column wins.
    problems += [
        Problem(
            f"the column {c!r} is left out: its name is reserved",
            name,
            1,
            position[c] + 1,
            hint=RESERVED_HINT,
        )
        for c in tags
        if c in RESERVED_COLUMNS
    ]
    tags = [c for c in tags if c not in RESERVED_COLUMNS and c not in codes]
    data: dict[str, Any] = {
        c: _labels(columns.get(c), rows) for c in [*METADATA_COLUMNS, *tags] if c != "response_id"
    }
    na: dict[str, np.ndarray] = {}
    unreadable: dict[str, np.ndarray] = {}
    row_problems: list[tuple[int, int, str, int | None]] = []
    # Numeric columns are decoded straight into one float block, which pandas keeps as it
    # is (a frame built from separate arrays would copy them all into one).
    numeric = [c for c, spec in specs.items() if spec.kind not in (*TEXT_KINDS, Answer.CHOICE)]
    block = np.empty((rows, len(numeric)), order="F")
    slot = {column: j for j, column in enumerate(numeric)}
    for order, (column, spec) in enumerate(specs.items(), start=1):
        raw = columns.get(column)
        if spec.kind in TEXT_KINDS:
            data[column] = _text(raw, rows)
            continue
        values, indices = _distinct(raw) if raw is not None else ([""], np.zeros(rows, np.intp))
        decoded: list[tuple[Any, str | None]] = []
        for value in values:
            try:
                decoded.append((spec.decode(value, decimal), None))
            except CellError as err:
                decoded.append((None, code_cell_problem(column) if column in codes else str(err)))
        typed = _typed(
            spec,
            [v for v, _ in decoded],
            indices,
            block[:, slot[column]] if column in slot else None,
        )
        if column not in slot:
            data[column] = typed
        if spec.na:
            na[column] = np.array([v == NA_CODE for v, _ in decoded] or [False])[indices]
        bad = np.array([e is not None for _, e in decoded] or [False])
        if bad.any():
            unreadable[column] = bad[indices]
            row_problems += [
                (int(row), order, decoded[indices[row]][1], position[column] + 1)
                for row in np.flatnonzero(unreadable[column])
            ]
    ids = columns.get("response_id")
    if ids is not None:
        row_problems += _duplicate_ids(ids, lines, len(specs) + 1)
    row_problems.sort(key=lambda p: (p[0], p[1]))
    problems += [Problem(message, name, lines[row], col) for row, _, message, col in row_problems]
    problems.sort(key=lambda p: p.line or 0)
    frame = pd.concat(
        [
            pd.DataFrame(data, index=pd.RangeIndex(rows)),
            pd.DataFrame(block, columns=numeric, copy=False),
        ],
        axis=1,
    )
    frame = frame[[c for c in [*METADATA_COLUMNS, *tags, *specs] if c in frame]]
    return _Part(
        path,
        questionnaire,
        frame,
        pd.DataFrame(na, index=frame.index),
        problems,
        tags,
        pd.DataFrame(unreadable, index=frame.index),
    )


def _text(raw: Any, rows: int) -> pd.Series:
    if raw is None:
        return pd.Series([None] * rows, dtype="string")
    series = pd.Series(
        raw.to_pylist() if isinstance(raw, pa.Array) else raw.to_pandas(), dtype="string"
    )
    return series.mask(series == "")


def _typed(
    spec: ColumnSpec, values: list[Any], indices: np.ndarray, out: np.ndarray | None = None
) -> Any:
    """The decoded column: float codes for numbers and 1/0 cells (into `out` if given),
    categories for choices."""
    if spec.kind == Answer.CHOICE:
        position = {code: i for i, code in enumerate(spec.codes)}
        lookup = np.array(
            [position.get(v, -1) if isinstance(v, str) else -1 for v in values] or [-1],
            dtype=np.int32,
        )
        return pd.Categorical.from_codes(lookup[indices], categories=pd.Index(spec.codes))
    lookup = np.array(
        [float(v) if isinstance(v, (int, float)) else np.nan for v in values] or [np.nan],
        dtype=float,
    )
    return np.take(lookup, indices, out=out)


def _duplicate_ids(
    ids: Any, lines: _FileLines, order: int
) -> list[tuple[int, int, str, int | None]]:
    """A problem for each row whose response_id an earlier row already has."""
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    stripped = pc.utf8_trim_whitespace(ids)
    if len(pc.unique(stripped)) == len(stripped):  # unique hashes faster than count_distinct
        return []
    series = pd.Series(stripped.to_pylist())
    repeated = series.duplicated() & (series != "")
    first = series[~series.duplicated()]
    first_row = dict(zip(first.to_numpy(), first.index))
    return [
        (
            int(row),
            order,
            f"response_id {series[row]} is also on line {lines[first_row[series[row]]]}",
            None,
        )
        for row in np.flatnonzero(repeated.to_numpy())
    ]


def _combine(parts: list[_Part], primary: Questionnaire) -> Dataset:
    """One data set over the files, on the primary questionnaire's columns."""
    specs = column_specs(primary)
    names = _source_names([part.path for part in parts])
    sources, frames, nas, bads, problems = [], [], [], [], []
    tags = list(dict.fromkeys(t for part in parts for t in part.tags))
    for part, source_name in zip(parts, names):
        problems += part.problems
        own = column_specs(part.questionnaire)
        asked = set()
        for column, spec in specs.items():
            if column not in own:
                continue
            if own[column] == spec:
                asked.add(column)
            else:
                problems.append(
                    Problem(
                        f"{column} is not asked the same way as in version {primary.version} "
                        f"(version {part.questionnaire.version} has other codes or another type), "
                        "so its answers in this file are left out",
                        str(part.path),
                    )
                )
        sources.append(
            SourceFile(
                part.path, source_name, part.questionnaire, len(part.frame), frozenset(asked)
            )
        )
        frame = part.frame
        for column in specs:
            if column not in asked:
                frame[column] = (
                    _typed(specs[column], [], np.zeros(len(frame), np.int32))
                    if specs[column].kind not in TEXT_KINDS
                    else _text(None, len(frame))
                )
        frame[SOURCE_COLUMN] = pd.Categorical([source_name] * len(frame))
        frames.append(frame)
        nas.append(part.na.reindex(columns=[c for c in specs if specs[c].na], fill_value=False))
        bads.append(part.unreadable[[c for c in part.unreadable if c in asked]])
    if len(frames) == 1:
        frame, na, bad = frames[0], nas[0], bads[0]
    else:
        frame = pd.concat(frames, ignore_index=True)
        na = pd.concat(nas, ignore_index=True).fillna(False).astype(bool)
        bad = pd.concat(bads, ignore_index=True).fillna(False).astype(bool)
        for column in [*METADATA_COLUMNS, *tags, SOURCE_COLUMN]:
            if column in frame and frame[column].dtype != "category":
                frame[column] = frame[column].astype("category")
    order = [c for c in [*METADATA_COLUMNS, *tags, SOURCE_COLUMN, *specs] if c in frame]
    return Dataset(frame[order], na, primary, problems, sources, tags, bad)


def _source_names(paths: Iterable[Path]) -> list[str]:
    """The file names, or the paths where two files share a name."""
    paths = list(paths)
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return names
    return [str(p) for p in paths]
