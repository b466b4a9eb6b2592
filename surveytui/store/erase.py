"""Erasing responses for good: their rows, rows a crash cut off, and their drafts.

It sits above both the results file (`responses.py`) and the drafts (`drafts.py`), since
an erasure takes the rows and the drafts that became them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from surveytui.errors import Problem, SurveyError
from surveytui.results_files import ResultsFiles
from surveytui.store import files
from surveytui.store.csvfile import BOM, FALLBACK_ENCODING, decode_bytes
from surveytui.store.drafts import DraftJournal
from surveytui.store.responses import RESPONSE_ID, parse_file, read_bytes


def _cut_off_rows(text: str) -> list[tuple[str, int, int]]:
    """The rows of a text of cut-off rows after its header: response_id, [start, end).

    `append` adds each cut-off row with a line end, which may fall inside a quoted field;
    a row starts at a line outside quotes, or at one starting with a response_id.
    """
    rows: list[tuple[str, int, int]] = []
    position = text.find("\n") + 1
    inside = False
    while 0 < position < len(text):
        end = text.find("\n", position) + 1 or len(text)
        line = text[position:end]
        if not inside or RESPONSE_ID.match(line):
            rows.append((line.split(",", 1)[0].strip(), position, end))
            inside = False
        else:
            rows[-1] = (rows[-1][0], rows[-1][1], end)
        inside ^= line.count('"') % 2 == 1
        position = end
    return rows


def _without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the [start, end) spans, in order and apart, cut out."""
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def delete_responses(path: str | Path, response_ids: Iterable[str]) -> int:
    """Erase responses from a file for good and return how many rows were removed.

    Rows cut off by a crash that start with one of the ids are removed from the file of
    cut-off rows too, and counted; drafts a crash left that record one of the
    ids are erased as well (see drafts.py). Under the lock, each file without those rows goes to a
    temporary file that is fsync'd and renamed over the old one; every other byte stays as
    it was. Temporary copies left by an earlier crash are removed too, so that no copy of
    the rows survives. If any id is in neither file, nothing is removed and SurveyError
    names the missing ids.

    Through a symbolic link the real file is rewritten and the link stays; the locks,
    cut-off rows and drafts beside both names are taken. A file with a second name (a hard
    link) is refused, since a rename would leave the rows under that name.
    """
    path = Path(path)
    wanted = {response_id.strip() for response_id in response_ids}
    if not path.exists():
        raise SurveyError(Problem("no such file (check the path)", str(path)))
    real = Path(os.path.realpath(path))
    # in one order, so that two deletes through different names cannot wait on each other
    names = sorted({path, real} if path.is_symlink() else {path}, key=os.path.abspath)
    with ExitStack() as locks:
        for name in names:
            locks.enter_context(
                files.locked(files.results_lock(name), name, "remove the responses")
            )
        data = read_bytes(real)
        if os.stat(real).st_nlink > 1:
            raise SurveyError(
                Problem(
                    "the file has another name (a hard link), where the rows would stay: nothing "
                    "was removed",
                    str(path),
                    hint="remove the other name (`ls -i` shows it), then delete again",
                )
            )
        parsed = parse_file(path, data)
        if "response_id" not in parsed.header:
            raise SurveyError(Problem("the file has no response_id column", str(path), 1))
        column = parsed.header.index("response_id")
        doomed = [r for r in parsed.rows if r.fields[column].strip() in wanted]
        asides = [ResultsFiles(name).incomplete for name in names]
        texts = {
            aside: read_bytes(aside).decode("utf-8", errors="surrogateescape")
            for aside in asides
            if aside.exists()
        }
        cut_off = {
            aside: [row for row in _cut_off_rows(text) if row[0] in wanted]
            for aside, text in texts.items()
        }
        found = {r.fields[column].strip() for r in doomed}
        found.update(row[0] for rows in cut_off.values() for row in rows)
        missing = wanted - found
        if missing:
            raise SurveyError(
                [
                    Problem(f"no response with id {response_id} (nothing was removed)", str(path))
                    for response_id in sorted(missing)
                ]
            )
        # first the copies, so that a crash before the main file leaves a delete to repeat
        for name in names:
            DraftJournal(name).forget(wanted)
        for aside, rows in cut_off.items():
            if rows:
                kept = _without(texts[aside], [(start, end) for _, start, end in rows])
                files.write_atomic(aside, kept.encode("utf-8", errors="surrogateescape"))
        if doomed:
            text, bad_line = decode_bytes(data)
            encoding = "utf-8" if bad_line is None else FALLBACK_ENCODING
            kept = _without(text, [(r.start, r.end) for r in doomed])
            prefix = BOM if data.startswith(BOM) else b""
            files.write_atomic(real, prefix + kept.encode(encoding, errors="surrogateescape"))
        # only a killed writer, under this lock, leaves a temporary copy
        for name in [real, *asides]:
            for stale in files.temporaries(name):
                stale.unlink(missing_ok=True)
    return len(doomed) + sum(len(rows) for rows in cut_off.values())
