"""Responses in progress, kept on disk so that a kiosk crash loses no half-filled answers.

``DraftJournal(results_path)`` keeps one JSON file per draft in the drafts folder beside
the results file (``ResultsFiles.drafts``; folder 0700, files 0600). ``save`` replaces a
draft atomically (temporary file, fsync, rename, fsync of the folder), so a crash leaves
the previous or the new draft, never a torn one.
Answers are the same typed dict that ``ResponseStore.append`` takes.

A draft about to be appended first records the response_id it is saved as (``promise``,
or ``save`` with the id ahead, on every save), so that a draft a crash leaves between the append and ``discard`` is known for what it
became: ``list`` removes it instead of offering it again, and ``delete`` erases it with
its row.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from surveytui.errors import Problem, SurveyError
from surveytui.results_files import ResultsFiles
from surveytui.store import files
from surveytui.store.responses import saved_response_ids

_DRAFT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SUFFIX = ".json"


def new_draft_id() -> str:
    """A fresh draft id: random, so that two kiosks on one file never share one."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Draft:
    """One saved response in progress; `saved_at` is the UTC second it was saved, and
    `response_id` the response it is being appended as, once `promise` recorded it."""

    id: str
    answers: dict[str, Any]
    meta: dict[str, Any]
    saved_at: str
    response_id: str | None = None


class DraftJournal:
    """The drafts beside one response file; `problems` lists the files the last `list` skipped."""

    def __init__(self, results_path: str | Path):
        self.results_path = Path(results_path)
        self.folder = ResultsFiles(self.results_path).drafts
        self.problems: list[Problem] = []

    def _path(self, draft_id: str) -> Path:
        if not _DRAFT_ID_RE.match(draft_id):
            raise ValueError(f"draft id {draft_id!r} must be 1-64 letters, digits, - or _")
        return self.folder / (draft_id + SUFFIX)

    def save(
        self,
        draft_id: str,
        answers: dict[str, Any],
        meta: dict[str, Any],
        response_id: str | None = None,
    ) -> None:
        """Store this draft durably, replacing the previous one with the same id.

        A `response_id` (from `new_response_id`) given to every save of a draft is the one
        it will be appended as: recorded ahead, so that no `promise` is needed then.
        """
        record: dict[str, Any] = {"answers": answers, "meta": meta}
        if response_id is not None:
            record["response_id"] = response_id
        self._write(draft_id, record)

    def _write(self, draft_id: str, record: dict[str, Any]) -> None:
        path = self._path(draft_id)
        saved_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            data = json.dumps(
                {"id": draft_id, "saved_at": saved_at, **record},
                ensure_ascii=False,
                allow_nan=False,
            )
        except (TypeError, ValueError) as err:
            raise ValueError(f"draft {draft_id}: cannot be saved as JSON: {err}") from None
        files.make_dir(self.folder)
        files.write_atomic(path, data.encode("utf-8"))

    def promise(self, draft_id: str, response_id: str) -> None:
        """Record in a draft the response_id it is about to be appended as.

        A draft that cannot be read or rewritten (a full disk) is removed instead: it could
        not be tied to the response it held, and must not outlive it; the caller still has
        the answers.
        """
        draft = _read(self._path(draft_id))
        if isinstance(draft, FileNotFoundError):
            return
        if isinstance(draft, Draft):
            try:
                self._write(
                    draft_id,
                    {"answers": draft.answers, "meta": draft.meta, "response_id": response_id},
                )
                return
            except SurveyError:
                pass
        self.discard(draft_id)

    def _all(self) -> list[Draft]:
        """Every readable draft; unreadable files are skipped into `problems`."""
        self.problems = []
        try:
            paths = sorted(self.folder.glob("*" + SUFFIX))
        except OSError as err:
            self.problems.append(
                Problem(f"cannot list the drafts: {err.strerror}", str(self.folder))
            )
            return []
        drafts = []
        for path in paths:
            draft = _read(path)
            if isinstance(draft, Draft):
                drafts.append(draft)
            else:
                self.problems.append(
                    Problem(
                        f"the draft cannot be read, so it is skipped "
                        f"({type(draft).__name__}: {draft})",
                        str(path),
                    )
                )
        return drafts

    def list(self) -> list[Draft]:
        """Every readable draft still in progress, oldest first; unreadable files are
        skipped into `problems`.

        A draft whose response is already in the results file (a crash came between the
        append and `discard`) is removed, never offered to be submitted again.
        """
        drafts = self._all()
        promised = {draft.response_id for draft in drafts if draft.response_id}
        saved: set[str] = set()
        if promised:
            # An unreadable file takes no resumed response either; keep the drafts.
            with contextlib.suppress(SurveyError):
                saved = promised & saved_response_ids(self.results_path)
        self.forget(saved, drafts)
        return sorted(
            (draft for draft in drafts if draft.response_id not in saved),
            key=lambda draft: draft.saved_at,
        )

    def forget(self, response_ids: set[str], drafts: Iterable[Draft] | None = None) -> None:
        """Remove the drafts promised as these responses (of `drafts`, default all)."""
        for draft in self._all() if drafts is None else drafts:
            if draft.response_id in response_ids:
                self.discard(draft.id)

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


def _read(path: Path) -> Draft | Exception:
    """The draft in one file, or the error that keeps it from being read."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record["id"] != path.stem:  # `discard` goes by the id
            raise ValueError(f"its id {record['id']!r} is not its file name")
        response_id = record.get("response_id")
        return Draft(
            str(record["id"]),
            dict(record["answers"]),
            dict(record["meta"]),
            str(record["saved_at"]),
            None if response_id is None else str(response_id),
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
        return err
