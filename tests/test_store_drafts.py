"""The kiosk's drafts journal: private, atomic, and tolerant of broken files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from surveytui.errors import SurveyError
from surveytui.store import DraftJournal, new_draft_id

ANSWERS = {
    "relevant": 4,
    "topics": ["a"],
    "hours": 2.5,
    "attended": True,
    "comment": 'å\n"x"',
    "grade": "na",
    "role": None,
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_save_list_discard(tmp_path):
    journal = DraftJournal(tmp_path / "results" / "r.csv")
    first, second = new_draft_id(), new_draft_id()
    assert first != second
    journal.save(first, ANSWERS, {"lang": "sv", "section": 2})
    journal.save(second, {}, {})
    folder = tmp_path / "results" / "r.drafts"
    assert mode(folder) == 0o700
    assert {mode(p) for p in folder.iterdir()} == {0o600}
    drafts = {d.id: d for d in journal.list()}
    assert drafts[first].answers == ANSWERS and drafts[first].meta == {"lang": "sv", "section": 2}
    assert drafts[first].saved_at.endswith("Z")
    journal.discard(first)
    journal.discard(first)  # a second discard is fine
    assert [d.id for d in journal.list()] == [second]
    assert journal.problems == []


def test_saving_again_replaces_the_draft(tmp_path):
    journal = DraftJournal(tmp_path / "r.csv")
    journal.save("kiosk1", {"relevant": 1}, {})
    journal.save("kiosk1", {"relevant": 2}, {"page": 3})
    [draft] = journal.list()
    assert (draft.answers, draft.meta) == ({"relevant": 2}, {"page": 3})
    assert sorted(p.name for p in (tmp_path / "r.drafts").iterdir()) == ["kiosk1.json"]


def test_an_unreadable_draft_is_skipped_and_reported(tmp_path):
    journal = DraftJournal(tmp_path / "r.csv")
    journal.save("good", {"relevant": 1}, {})
    (tmp_path / "r.drafts" / "torn.json").write_text('{"id": "torn", "answ')
    (tmp_path / "r.drafts" / "odd.json").write_text("[1, 2]")
    (tmp_path / "r.drafts" / "latin.json").write_bytes(b"\xff\xfe")
    assert [d.id for d in journal.list()] == ["good"]
    assert sorted(Path(p.file).name for p in journal.problems) == [
        "latin.json",
        "odd.json",
        "torn.json",
    ]
    assert all("cannot be read" in p.message for p in journal.problems)


def test_no_drafts_folder_means_no_drafts(tmp_path):
    journal = DraftJournal(tmp_path / "r.csv")
    assert journal.list() == [] and journal.problems == []


@pytest.mark.parametrize("draft_id", ["../escape", "", "a/b", "x" * 65])
def test_draft_ids_cannot_leave_the_folder(tmp_path, draft_id):
    with pytest.raises(ValueError, match="draft id"):
        DraftJournal(tmp_path / "r.csv").save(draft_id, {}, {})


def test_answers_that_are_not_json_are_refused(tmp_path):
    with pytest.raises(ValueError, match="cannot be saved as JSON"):
        DraftJournal(tmp_path / "r.csv").save("a", {"hours": float("nan")}, {})
    with pytest.raises(ValueError, match="cannot be saved as JSON"):
        DraftJournal(tmp_path / "r.csv").save("a", {"x": object()}, {})


def test_a_failed_save_keeps_the_previous_draft_and_leaves_no_temporary(tmp_path, monkeypatch):
    journal = DraftJournal(tmp_path / "r.csv")
    journal.save("k", {"relevant": 1}, {})

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(SurveyError, match="No space left on device"):
        journal.save("k", {"relevant": 2}, {})
    monkeypatch.undo()
    assert [d.answers for d in journal.list()] == [{"relevant": 1}]
    assert [p.name for p in (tmp_path / "r.drafts").iterdir()] == ["k.json"]
