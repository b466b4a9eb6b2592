"""The one exception type for mistakes a user can make, with file, line and how to fix it.

The CLI prints these to stderr and exits 2; the TUI shows them in a dialog. Nothing in
this module imports anything heavy: every layer may use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# C0 controls but tab and line feed, DEL and C1: what moves a terminal's cursor, clears its
# screen, sets its title or makes links (some terminals obey C1 even in UTF-8).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with every control character but tab and line feed replaced by U+FFFD, so that
    an answer, a column name or a text printed to a terminal cannot drive it."""
    return CONTROL_CHARACTER.sub("\ufffd", text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's file, located as precisely as we can (1-based)."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (self.file, self.line, self.column) if part is not None
        )
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)  # it may quote a file's contents, and goes to a terminal


class SurveyError(Exception):
    """A mistake in the user's input: one or more problems, each with its place."""

    def __init__(self, problems: list[Problem] | Problem | str, file: str | Path | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file=str(file) if file is not None else None)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]
