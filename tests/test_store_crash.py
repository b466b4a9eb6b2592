"""Crashes and concurrent writers: children forked from the test (so they start at once)
append to one file; some are killed with SIGKILL at random moments.

The files live on a RAM disk where there is one: a killed process loses nothing the kernel
holds, so these tests are about torn writes, the lock and the repair of a cut-off row, not
about the disk; fsync on a busy shared disk would only make them slow.
"""

from __future__ import annotations

import os
import random
import signal
import tempfile
import time
from pathlib import Path

import pytest

from surveytui.model import load_questionnaire
from surveytui.store import DraftJournal, ResponseStore

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")
KILLS = 200
WRITERS, APPENDS = 8, 500


@pytest.fixture
def folder(tmp_path):
    """A fresh folder on /dev/shm if it is a usable RAM disk, else the test's tmp_path."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=shm, prefix="surveytui-test-") as name:
        yield Path(name)


def _child(body) -> int:
    """Run `body()` in a forked child that never returns into pytest."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            body()
            code = 0
        finally:
            os._exit(code)
    return pid


def _append_forever(path: Path, ack_fd: int, seed: int) -> None:
    """Append rows of very different sizes, acknowledging each id only once append returned."""
    rng = random.Random(seed)
    store = ResponseStore(path, Q)
    while True:
        size = rng.choice((0, 100, 2_000, 20_000, 300_000))
        comment = ('å",;' * 250 + "\n") * (size // 1000) + "x" * (size % 1000)
        response_id = store.append({"relevant": rng.randint(1, 5), "comment": comment})
        os.write(ack_fd, response_id.encode() + b"\n")


def test_sigkill_at_random_moments_loses_no_acknowledged_response(folder):
    rng = random.Random(4)
    acknowledged: dict[Path, list[str]] = {}
    torn = 0
    for kill in range(KILLS):
        # a new file every 5 kills keeps each look at the file short
        path = folder / f"r{kill // 5}.csv"
        read_fd, write_fd = os.pipe()
        pid = _child(lambda: _append_forever(path, write_fd, kill))  # noqa: B023 - runs at once
        os.close(write_fd)
        first = b""
        if kill % 2:  # every other child is let finish one append, so that it gets going
            while not first.endswith(b"\n"):
                first += os.read(read_fd, 100)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as pipe:
            acks = (first + pipe.read()).split(b"\n")
        # the last piece is empty, or an id cut off mid-acknowledgement
        acknowledged.setdefault(path, []).extend(ack.decode() for ack in acks[:-1])
        result = ResponseStore(path, Q).read()
        assert len(result.problems) <= 1, result.problems
        if result.problems:
            torn += 1
            assert "the last row is incomplete" in result.problems[0].message
    lost, unacknowledged = [], 0
    for path, ids in acknowledged.items():
        store = ResponseStore(path, Q)
        final_id = store.append({"relevant": 3})
        result = store.read()
        assert result.problems == []
        in_file = {row["response_id"] for row in result.rows} - {final_id}
        lost += [i for i in ids if i not in in_file]
        unacknowledged += len(in_file - set(ids))
    total = sum(map(len, acknowledged.values()))
    print(
        f"\n{KILLS} SIGKILLs: {total} acknowledged, {len(lost)} lost, {unacknowledged} "
        f"saved but killed before acknowledging, {torn} kills left a cut-off row"
    )
    assert lost == []
    assert total >= KILLS // 2
    assert torn == 0 or list(folder.glob("*.incomplete.csv"))  # cut-off rows were kept


def _append_numbered(path: Path, writer: int) -> None:
    store = ResponseStore(path, Q)
    for number in range(APPENDS):
        store.append(
            {
                "relevant": 1 + number % 5,
                "comment": f"{writer}:{number}:" + 'x,"\n' * (number % 7) * 40,
            },
            {"writer": str(writer)},
        )


def test_eight_writers_append_to_one_file_without_interleaving(folder):
    path = folder / "r.csv"
    started = time.perf_counter()
    pids = [_child(lambda w=w: _append_numbered(path, w)) for w in range(WRITERS)]
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    elapsed = time.perf_counter() - started
    assert codes == [0] * WRITERS
    result = ResponseStore(path, Q).read()
    assert result.problems == []
    assert len(result.rows) == WRITERS * APPENDS
    assert len({row["response_id"] for row in result.rows}) == WRITERS * APPENDS
    seen = set()
    for row in result.rows:
        writer, number, filler = row["comment"].split(":", 2)
        assert row["writer"] == writer
        assert filler == 'x,"\n' * (int(number) % 7) * 40
        assert row["relevant"] == 1 + int(number) % 5
        seen.add((int(writer), int(number)))
    assert seen == {(w, n) for w in range(WRITERS) for n in range(APPENDS)}
    for writer in range(WRITERS):  # each writer's rows keep their order
        numbers = [
            int(r["comment"].split(":")[1]) for r in result.rows if r["writer"] == str(writer)
        ]
        assert numbers == sorted(numbers)
    print(f"\n{WRITERS} writers x {APPENDS} appends: {len(result.rows)} rows in {elapsed:.1f} s")


def _save_drafts_forever(path: Path) -> None:
    journal = DraftJournal(path)
    number = 0
    while True:
        number += 1
        journal.save(
            "kiosk",
            {"relevant": 1 + number % 5, "comment": str(number) * 50_000},
            {"number": number},
        )


def test_sigkill_while_saving_drafts_leaves_a_whole_draft(folder):
    path = folder / "r.csv"
    rng = random.Random(5)
    for _ in range(50):
        pid = _child(lambda: _save_drafts_forever(path))
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        journal = DraftJournal(path)
        drafts = journal.list()
        assert journal.problems == []
        for draft in drafts:
            number = draft.meta["number"]
            assert draft.answers == {"relevant": 1 + number % 5, "comment": str(number) * 50_000}
