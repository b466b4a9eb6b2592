"""Nothing acknowledged is lost and nothing erased is left behind, tried as an attacker
would: deletes under an open store, hand-broken quotes, links, drafts, modes, wide headers."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from surveytui.analysis import load_dataset
from surveytui.model import load_questionnaire
from surveytui.session import Session
from surveytui.store import DraftJournal, ResponseStore, delete_responses, files
from surveytui.store.csvfile import encode_line

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    """`surveytui ARGS` in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "surveytui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def ids_in(path: Path) -> list[str]:
    return [row["response_id"] for row in ResponseStore(path, Q).read().rows]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# -- an open store while `delete` renames the file ------------------------------------------


def test_an_open_store_keeps_every_row_through_deletes_that_reuse_the_inode(tmp_path):
    """A kiosk's store stays open while `delete` runs twice between its appends: two
    renames hand the file its old inode number back (as ext4 does), the rows erased lay
    before the kiosk's last row, and other sessions' rows since make the file longer than
    the kiosk left it. Read from where the kiosk left off, the file then starts inside a
    quoted answer ending in a line end, after which a closing quote opens one: none of that
    may look like a cut-off tail."""
    path = tmp_path / "r.csv"
    kiosk, other = ResponseStore(path, Q), ResponseStore(path, Q)
    acknowledged: list[str] = []
    erased: list[str] = []

    def others(round_: int) -> None:
        acknowledged.extend(
            other.append({"relevant": 2, "comment": "abc, def\n" * (5 * n + round_)})
            for n in range(1, 5)
        )

    for round_ in range(6):
        others(round_)
        acknowledged.append(kiosk.append({"relevant": 3, "comment": f'k{round_}\n"z",'}))
        others(round_)
        for doomed in (acknowledged[-6], acknowledged[-8]):  # before the kiosk's row
            delete_responses(path, [doomed])
            acknowledged.remove(doomed)
            erased.append(doomed)
        acknowledged.append(kiosk.append({"relevant": 4, "comment": f"after {round_}"}))
        result = ResponseStore(path, Q).read()
        assert result.problems == [], round_
        assert [row["response_id"] for row in result.rows] == acknowledged, round_
        assert not (tmp_path / "r.incomplete.csv").exists(), round_
    assert not set(erased) & set(ids_in(path))


# -- a quote left open in the middle of a hand-edited file -----------------------------------


def _hand_edited(tmp_path: Path, rows: int = 21) -> tuple[Path, list[str], int]:
    """A file of `rows` responses whose second row a person broke with one stray quote."""
    path = tmp_path / "r.csv"
    store = ResponseStore(path, Q)
    ids = [store.append({"relevant": 1 + n % 5, "comment": f"row {n}"}) for n in range(rows)]
    data = path.read_bytes()
    at = data.index(b"row 1\n")
    path.write_bytes(data[:at] + b'"row 1\n' + data[at + len(b"row 1\n") :])
    return path, ids, 3


def test_one_open_quote_in_the_middle_is_a_problem_of_its_line_only(tmp_path):
    path, ids, line = _hand_edited(tmp_path)
    result = ResponseStore(path, Q).read()
    assert [row["response_id"] for row in result.rows] == ids[:1] + ids[2:]
    assert [(p.line, "quote" in p.message) for p in result.problems] == [(line, True)]
    new = ResponseStore(path, Q).append({"relevant": 2})
    assert not (tmp_path / "r.incomplete.csv").exists()
    assert ids_in(path) == ids[:1] + ids[2:] + [new]


def test_a_stray_quote_closed_by_a_later_quoted_answer_keeps_the_rows_between(tmp_path):
    path, ids, line = _hand_edited(tmp_path, 8)
    store = ResponseStore(path, Q)
    later = store.append({"relevant": 4, "comment": 'said "hi", left'})
    ids.append(later)
    result = store.read()
    assert [row["response_id"] for row in result.rows] == ids[:1] + ids[2:]
    assert [p.line for p in result.problems] == [line]
    assert not (tmp_path / "r.incomplete.csv").exists()


@pytest.mark.parametrize(
    "edits, broken, lines",
    [
        ({b"row 1\n": b'"row 1\n'}, [1], [3]),  # an odd number of quotes
        ({b"row 1\n": b'"row 1\n', b"row 5\n": b'"row 5\n'}, [1, 5], [3, 7]),  # even
        ({b"row 1\n": b'"row 1\nmore"x\n'}, [1], [3, 4]),  # a field closed with text after it
    ],
)
def test_the_analysis_reader_reads_the_same_rows_and_problems(tmp_path, edits, broken, lines):
    path = tmp_path / "r.csv"
    store = ResponseStore(path, Q)
    for n in range(21):
        store.append({"relevant": 1 + n % 5, "comment": f"row {n}"})
    data = path.read_bytes()
    for old, new in edits.items():
        data = data.replace(old, new)
    path.write_bytes(data)
    read = store.read()
    assert [row["comment"] for row in read.rows] == [
        f"row {n}" for n in range(21) if n not in broken
    ]
    assert [p.line for p in read.problems] == lines
    dataset = load_dataset([path], Q)
    assert list(dataset.frame["comment"]) == [row["comment"] for row in read.rows]
    assert [str(p) for p in dataset.problems] == [str(p) for p in read.problems]


def test_a_cut_off_last_row_with_free_text_is_still_moved_aside(tmp_path):
    path = tmp_path / "r.csv"
    store = ResponseStore(path, Q)
    kept = store.append({"relevant": 1})
    cut = store.append({"relevant": 2, "comment": "one\ntwo\nthree"})
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"two\n") + 4])
    new = ResponseStore(path, Q).append({"relevant": 3})
    assert ids_in(path) == [kept, new]
    aside = (tmp_path / "r.incomplete.csv").read_text(encoding="utf-8")
    assert aside.splitlines()[1].startswith(cut)


# -- delete through a link --------------------------------------------------------------------


def test_delete_through_a_symlink_erases_the_row_in_the_real_file(tmp_path):
    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real = real_dir / "r.csv"
    store = ResponseStore(real, Q)
    ids = [store.append({"relevant": n}) for n in (1, 2, 3)]
    link_dir.mkdir()
    link = link_dir / "r.csv"
    link.symlink_to(real)
    done = cli("delete", link, ids[1])
    assert (done.returncode, done.stdout) == (0, f"{link}: removed 1 response\n")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert ids_in(real) == [ids[0], ids[2]]
    assert ids[1].encode() not in b"".join(
        p.read_bytes() for p in real_dir.iterdir() if p.is_file()
    )


def test_delete_refuses_a_file_with_a_second_name_and_changes_nothing(tmp_path):
    path = tmp_path / "r.csv"
    store = ResponseStore(path, Q)
    ids = [store.append({"relevant": n}) for n in (1, 2)]
    other = tmp_path / "copy-by-another-name.csv"
    os.link(path, other)
    before = path.read_bytes()
    done = cli("delete", path, ids[0])
    assert done.returncode == 2 and done.stdout == ""
    assert f"{path}:" in done.stderr and "hard link" in done.stderr
    assert path.read_bytes() == before and path.stat().st_ino == other.stat().st_ino


# -- a draft left by a crash between saving the response and removing the draft --------------


def _crash_after_append(tmp_path: Path, monkeypatch) -> tuple[Path, str]:
    path = tmp_path / "r.csv"
    session = Session(Q, path)
    secret = {"relevant": 4, "comment": "my secret"}
    session.save_draft("d1", secret, "sv", {}, page=1)

    def crash(draft_id: str) -> None:
        raise KeyboardInterrupt  # the power goes between the append and the discard

    monkeypatch.setattr(session.drafts, "discard", crash)
    with pytest.raises(KeyboardInterrupt):
        session.submit(secret, "sv", "d1")
    [response_id] = ids_in(path)
    return path, response_id


def test_a_draft_that_became_a_response_is_not_offered_again(tmp_path, monkeypatch):
    path, _ = _crash_after_append(tmp_path, monkeypatch)
    journal = DraftJournal(path)
    assert journal.list() == [] and journal.problems == []
    assert list(journal.folder.glob("*.json")) == []


def test_delete_erases_the_draft_a_crash_left_of_that_response(tmp_path, monkeypatch):
    path, response_id = _crash_after_append(tmp_path, monkeypatch)
    done = cli("delete", path, response_id)
    assert done.returncode == 0, done.stderr
    left = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert b"my secret" not in left


def test_a_draft_whose_response_never_landed_is_still_offered(tmp_path, monkeypatch):
    path = tmp_path / "r.csv"
    session = Session(Q, path)
    session.save_draft("d1", {"relevant": 4}, "sv", {}, page=1)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the power goes before the row is written

    monkeypatch.setattr(session.store, "_write_row", crash)
    with pytest.raises(KeyboardInterrupt):
        session.submit({"relevant": 4}, "sv", "d1")
    [draft] = DraftJournal(path).list()
    assert draft.answers == {"relevant": 4}


def test_a_draft_that_cannot_be_tied_to_its_response_is_removed_and_the_response_saved(
    tmp_path, monkeypatch
):
    path = tmp_path / "r.csv"
    session = Session(Q, path)
    first = session.submit({"relevant": 1}, "sv")
    session.save_draft("d1", {"relevant": 4, "comment": "my secret"}, "sv", {}, page=1)

    def full_disk(target: Path, data: bytes) -> None:
        raise files.os_problem(
            target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "save the file"
        )

    monkeypatch.setattr(files, "write_atomic", full_disk)  # rewriting the draft fails
    second = session.submit({"relevant": 4, "comment": "my secret"}, "sv", "d1")
    assert ids_in(path) == [first, second]
    assert list(session.drafts.folder.iterdir()) == []


# -- modes of outputs and folders -------------------------------------------------------------


def test_an_output_over_an_existing_file_is_made_private(tmp_path):
    path = tmp_path / "r.csv"
    ResponseStore(path, Q).append({"relevant": 3})
    out = tmp_path / "out.json"
    out.write_text("old")
    out.chmod(0o644)
    done = cli("analyze", path, "--format", "json", "-o", out)
    assert done.returncode == 0, done.stderr
    assert mode(out) == 0o600 and json.loads(out.read_text())["n_responses"] == 1


def test_every_folder_created_is_private_whatever_the_umask(tmp_path):
    (tmp_path / "q.yaml").write_text(
        "id: tiny\nversion: '1'\nlanguages: [en]\ntitle: {en: Tiny}\nsections:\n"
        "  - id: s\n    title: {en: S}\n    questions:\n"
        "      - {id: c, type: text, text: {en: Comment?}}\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
    old = os.umask(0)
    try:
        child = pexpect.spawn(
            sys.executable,
            ["-m", "surveytui", "run", "q.yaml", "--plain", "--results", "deep/er/res/t.csv"],
            cwd=str(tmp_path),
            env=env,
            encoding="utf-8",
            timeout=60,
        )
    finally:
        os.umask(old)
    child.expect_exact("Comment?")
    child.sendline("fine")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [mode(tmp_path / folder) for folder in ("deep", "deep/er", "deep/er/res")] == [0o700] * 3
    assert mode(tmp_path / "deep/er/res/t.csv") == 0o600


# -- absurdly wide headers --------------------------------------------------------------------


def _wide(tmp_path: Path, columns: list[str]) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text(encode_line(columns) + encode_line(["x"] * len(columns)), encoding="utf-8")
    return path


def test_a_million_columns_is_refused_with_the_line_not_a_hang(tmp_path):
    path = _wide(tmp_path, ["response_id", *(f"c{i}" for i in range(1_000_000))])
    before = path.read_bytes()
    for command in (
        ("delete", path, "x"),
        ("analyze", path, "--questionnaire", DATA / "feedback.yaml"),
    ):
        done = cli(*command)
        assert done.returncode == 2, command
        assert done.stderr.startswith(f"{path}:1: the header has 1000001 columns"), done.stderr
    assert path.read_bytes() == before


def test_duplicate_columns_in_a_wide_header_are_named(tmp_path):
    columns = [f"c{i}" for i in range(16_000)]
    path = _wide(tmp_path, ["response_id", *columns, "c7", "c9", "c7"])
    done = cli("delete", path, "x")
    assert done.returncode == 2
    assert done.stderr.startswith(f"{path}:1: the header names c7, c9 more than once")


@pytest.mark.parametrize("content", [b'"response_id,x\n1,2\n', b'"abc', b'a,"b\nc\n'])
def test_a_quote_left_open_in_the_header_is_exit_2_with_its_line(tmp_path, content):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    done = cli("delete", path, "x")
    assert (done.returncode, done.stderr) == (
        2,
        f"{path}:1: the header line has a quote that is not closed (close or remove the quote)\n",
    )
    assert path.read_bytes() == content
