"""Responses in progress, kept on disk so that a kiosk crash loses no half-filled answers.

``DraftJournal(results_path)`` keeps one JSON file per draft in ``<name>.drafts/`` (folder
0700, files 0600). ``save`` replaces a draft atomically (temporary file, fsync, rename,
fsync of the folder), so a crash leaves the previous or the new draft, never a torn one.
Answers are the same typed dict that ``ResponseStore.append`` takes.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from surveytui.errors import Problem
from surveytui.store import files
from surveytui.store.responses import sibling

_DRAFT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SUFFIX = ".json"


def new_draft_id() -> str:
    """A fresh draft id: random, so that two kiosks on one file never share one."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Draft:
    """One saved response in progress; `saved_at` is the UTC second it was saved."""

    id: str
    answers: dict[str, Any]
    meta: dict[str, Any]
    saved_at: str


class DraftJournal:
    """The drafts beside one response file; `problems` lists the files the last `list` skipped."""

    def __init__(self, results_path: str | Path):
        self.folder = sibling(Path(results_path), ".drafts")
        self.problems: list[Problem] = []

    def _path(self, draft_id: str) -> Path:
        if not _DRAFT_ID_RE.match(draft_id):
            raise ValueError(f"draft id {draft_id!r} must be 1-64 letters, digits, - or _")
        return self.folder / (draft_id + SUFFIX)

    def save(self, draft_id: str, answers: dict[str, Any], meta: dict[str, Any]) -> None:
        """Store this draft durably, replacing the previous one with the same id."""
        path = self._path(draft_id)
        saved_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            data = json.dumps({"id": draft_id, "saved_at": saved_at, "answers": answers,
                               "meta": meta}, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"draft {draft_id}: cannot be saved as JSON: {err}") from None
        files.make_dir(self.folder)
        files.write_atomic(path, data.encode("utf-8"))

    def list(self) -> list[Draft]:
        """Every readable draft, oldest first; unreadable files are skipped into `problems`."""
        self.problems = []
        try:
            paths = sorted(self.folder.glob("*" + SUFFIX))
        except OSError as err:
            self.problems.append(Problem(f"cannot list the drafts: {err.strerror}",
                                         str(self.folder)))
            return []
        drafts = []
        for path in paths:
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                draft = Draft(str(record["id"]), dict(record["answers"]), dict(record["meta"]),
                              str(record["saved_at"]))
            except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
                self.problems.append(Problem(f"the draft cannot be read, so it is skipped "
                                             f"({type(err).__name__}: {err})", str(path)))
                continue
            drafts.append(draft)
        return sorted(drafts, key=lambda draft: draft.saved_at)

    def discard(self, draft_id: str) -> None:
        """Remove a draft for good (once its response is appended); a missing one is fine.

        The folder is fsync'd so that a power cut cannot bring back a draft already sent.
        """
        path = self._path(draft_id)
        try:
            path.unlink(missing_ok=True)
            if self.folder.exists():
                files.fsync_dir(self.folder)
        except OSError as err:
            raise files.os_problem(path, err, "remove the draft") from None
