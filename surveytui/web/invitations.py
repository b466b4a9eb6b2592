"""One-time invitation links: who was invited, by a random token each, and who answered.

The invitations file is the facilitator's CSV, one row per person with any columns (a
unit, a role). surveytui gives every row without one a `token` (128 random bits) and a
`link` column, written back into the file so that the links can be sent out. Which links
answered is kept in `<results>.answered.csv` beside the results, never in the results:
the answers stay anonymous while the response rate per unit is exact. That file lists the
answered rows in token order, not in the order they answered, so that its order cannot be
matched with the order of the rows in the results.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import threading
from pathlib import Path

from surveytui.errors import Problem, SurveyError
from surveytui.store import (
    ResultsFiles,
    make_dir,
    read_table,
    write_atomic,
)

TOKEN = "token"
LINK = "link"
_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    """128 random bits as 32 hex digits: the session's or one invitation's key in the URL."""
    return secrets.token_hex(16)


def _csv_text(header: list[str], rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, header, delimiter=delimiter, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogateescape")


class Invitations:
    """The invited rows by token, and the set of tokens that answered (thread-safe)."""

    def __init__(self, path: str | Path, results: Path, base_url: str):
        self.path = Path(path)
        self.answered_path = ResultsFiles(results).answered
        self._lock = threading.Lock()
        self.header, self.rows = self._load(base_url)
        self.by_token = {row[TOKEN]: row for row in self.rows}
        self.answered = self._load_answered()

    def _load(self, base_url: str) -> tuple[list[str], list[dict[str, str]]]:
        data, delimiter, reader = read_table(self.path, "the invitations")
        header = [name.strip() for name in reader.fieldnames or []]
        if not header or not any(header):
            raise SurveyError(
                Problem(
                    "the invitations file needs a header row and one row per person",
                    str(self.path),
                    1,
                )
            )
        rows: list[dict[str, str]] = []
        seen: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if None in row:
                raise SurveyError(
                    Problem("this row has more cells than the header", str(self.path), line)
                )
            clean = {name.strip(): (value or "").strip() for name, value in row.items()}
            token = clean.get(TOKEN) or new_token()
            if not _TOKEN_RE.match(token):
                raise SurveyError(
                    Problem(
                        f"the token {token!r} is not 32 hex digits; leave it empty for a new one",
                        str(self.path),
                        line,
                    )
                )
            if token in seen:
                raise SurveyError(
                    Problem(f"the token is also on line {seen[token]}", str(self.path), line)
                )
            seen[token] = line
            clean[TOKEN] = token
            clean[LINK] = f"{base_url}{token}/"
            rows.append(clean)
        if not rows:
            raise SurveyError(Problem("the invitations file has no one in it", str(self.path), 1))
        header = [*(n for n in header if n not in (TOKEN, LINK)), TOKEN, LINK]
        new = _csv_text(header, rows, delimiter)
        if new != data:
            write_atomic(self.path, new)
        return header, rows

    def _load_answered(self) -> set[str]:
        if not self.answered_path.exists():
            return set()
        _, _, reader = read_table(self.answered_path, "the answered invitations")
        return {row.get(TOKEN, "") for row in reader} - {""}

    def known(self, token: str) -> bool:
        return token in self.by_token

    def has_answered(self, token: str) -> bool:
        with self._lock:
            return token in self.answered

    def mark_answered(self, token: str) -> None:
        """Record durably that this link answered (the file rewritten whole, in token order)."""
        with self._lock:
            answered = self.answered | {token}
            columns = [name for name in self.header if name != LINK]
            rows = [self.by_token[t] for t in sorted(answered) if t in self.by_token]
            make_dir(self.answered_path.parent)
            write_atomic(self.answered_path, _csv_text(columns, rows))
            self.answered = answered
