"""Appending: the file layout, refusals, full and read-only disks, cut-off rows, erasure."""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveytui.cli import main
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire, load_questionnaire_text
from surveytui.store import ResponseStore, default_results_path, delete_responses

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")
FULL = {
    "relevant": 4,
    "grade": 7,
    "role": "staff",
    "role__other": 'x, "y"\nz',
    "topics": ["a", "c"],
    "hours": 2.5,
    "attended": True,
    "why": "för att",
    "grid_one": 1,
    "grid_two": 4,
    "comment": "hej å",
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def answers_of(row: dict) -> dict:
    return {k: v for k, v in row.items() if k in Q.answer_keys() and v is not None}


def test_default_results_path_holds_id_and_version():
    assert default_results_path(Q) == Path("results/store-test-v1.csv")
    assert default_results_path(Q, Path("/x")) == Path("/x/store-test-v1.csv")


def test_first_append_creates_header_snapshot_and_private_files(tmp_path):
    path = tmp_path / "results" / "r.csv"
    store = ResponseStore(path, Q)
    response_id = store.append(FULL, {"seminar": "3"})
    assert uuid.UUID(response_id).version == 4
    lines = path.read_text(encoding="utf-8").split("\n", 1)
    assert lines[0] == ",".join(Q.header(["seminar"]))
    assert (tmp_path / "results" / "r.questionnaire.yaml").read_text(encoding="utf-8") == Q.source
    for name in ("r.csv", "r.questionnaire.yaml", "r.lock"):
        assert mode(tmp_path / "results" / name) == 0o600
    assert mode(tmp_path / "results") == 0o700
    row = store.read().rows[0]
    assert row["response_id"] == response_id and row["seminar"] == "3"
    assert answers_of(row) == FULL
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["submitted_at"])
    assert row["language"] == "sv"


def test_timestamp_and_language(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q, timestamp=True)
    store.append({"relevant": 1}, language="en")
    row = store.read().rows[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", row["submitted_at"])
    assert row["language"] == "en"
    with pytest.raises(SurveyError, match="language 'fi' is not one of sv, en"):
        store.append({"relevant": 1}, language="fi")


def test_summary_counts_rows_and_gives_the_latest_date(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q)
    for _ in range(3):
        store.append({"relevant": 2})
    count, last = store.summary()
    assert count == 3 and last == store.read().rows[-1]["submitted_at"]


def test_a_changed_questionnaire_is_refused_with_the_way_out(tmp_path):
    path = tmp_path / "r.csv"
    ResponseStore(path, Q).append({"relevant": 3})
    changed = load_questionnaire_text(Q.source.replace("points: 4", "points: 5"), "q2.yaml")
    before = path.read_bytes()
    with pytest.raises(SurveyError) as caught:
        ResponseStore(path, changed).append({"relevant": 3})
    problem = caught.value.first
    assert problem.file == str(path)
    assert "differs from its snapshot r.questionnaire.yaml" in problem.message
    assert "raise `version:`" in problem.hint and "store-test-v1.csv" in problem.hint
    assert path.read_bytes() == before


def test_a_missing_snapshot_is_refused(tmp_path):
    path = tmp_path / "r.csv"
    ResponseStore(path, Q).append({"relevant": 3})
    (tmp_path / "r.questionnaire.yaml").unlink()
    with pytest.raises(SurveyError, match="has no snapshot"):
        ResponseStore(path, Q).append({"relevant": 3})


def test_other_tags_are_refused(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 3}, {"seminar": "1", "unit": "Nord"})
    store.append({"relevant": 3}, {"unit": "Syd", "seminar": "2"})
    with pytest.raises(
        SurveyError, match="tag columns are seminar, unit but this response has seminar"
    ):
        store.append({"relevant": 3}, {"seminar": "1"})
    assert [r["unit"] for r in store.read().rows] == ["Nord", "Syd"]


def test_check_refuses_before_any_append_what_append_would_refuse(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.check(["seminar"])
    store.append({"relevant": 3}, {"seminar": "1"})
    store.check(["seminar"])
    store.check()
    with pytest.raises(SurveyError, match="tag columns are seminar but this response has unit"):
        store.check(["unit"])
    changed = load_questionnaire_text(Q.source.replace("store-test", "store-test2"), "changed.yaml")
    with pytest.raises(SurveyError, match="differs from its snapshot"):
        ResponseStore(tmp_path / "r.csv", changed).check()


def test_a_required_choice_is_answered_by_its_other_text(tmp_path):
    required = load_questionnaire_text(
        Q.source.replace("      - id: role\n", "      - id: role\n        required: true\n"),
        "required.yaml",
    )
    assert required.question("role").required
    store = ResponseStore(tmp_path / "r.csv", required)
    with pytest.raises(SurveyError, match="role: is required but not answered"):
        store.append({"relevant": 3})
    store.append({"relevant": 3, "role__other": "kurator"})
    assert store.read().rows[0]["role__other"] == "kurator"


@pytest.mark.parametrize(
    "tags, message",
    [
        ({"relevant": "x"}, "tag 'relevant' has the name of a column"),
        ({"topics__a": "x"}, "tag 'topics__a' has the name of a column"),
        ({"topics": "x"}, "tag 'topics' has the name of a column"),
        ({"language": "x"}, "tag 'language' is reserved: these names are the data set's own"),
        ({" unit": "x"}, "tag name ' unit' must be a word"),
        ({"unit": 3}, "tag 'unit': the value must be a string"),
    ],
)
def test_bad_tags_are_refused(tmp_path, tags, message):
    with pytest.raises(SurveyError, match=re.escape(message)):
        ResponseStore(tmp_path / "r.csv", Q).append({"relevant": 3}, tags)


def test_a_header_changed_by_another_program_is_refused(tmp_path):
    path = tmp_path / "r.csv"
    ResponseStore(path, Q).append({"relevant": 3})
    path.write_bytes(path.read_bytes().replace(b",", b";"))
    with pytest.raises(SurveyError, match="header line is not the one surveytui writes"):
        ResponseStore(path, Q).append({"relevant": 3})


def test_a_program_built_questionnaire_without_source_is_refused(tmp_path):
    bare = load_questionnaire(DATA / "feedback.yaml")
    bare.source = ""
    with pytest.raises(SurveyError, match="no source text"):
        ResponseStore(tmp_path / "r.csv", bare).append({"relevant": 3})


def test_a_megabyte_of_text_and_any_unicode_round_trip(tmp_path):
    big = ('Ärligt talat, "citat";\r\n\ttabb 🙂 ' * 40_000)[:1_000_000]
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 5, "comment": big, "role": "lead", "role__other": "\u2028\x0b\x1c"})
    row = store.read().rows[0]
    assert row["comment"] == big and row["role__other"] == "\u2028\x0b\x1c"


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=200
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    comment=texts,
    other=texts,
    why=texts,
    tag=texts,
    hours=st.one_of(
        st.none(), st.integers(0, 100), st.floats(0, 100, allow_nan=False, allow_infinity=False)
    ),
)
def test_write_then_read_round_trips_any_text(tmp_path, comment, other, why, tag, hours):
    path = tmp_path / f"{uuid.uuid4().hex}.csv"
    store = ResponseStore(path, Q)
    answers = {
        "relevant": 2,
        "comment": comment,
        "role__other": other,
        "attended": True,
        "why": why,
        "hours": hours,
    }
    response_id = store.append(answers, {"unit": tag})
    result = store.read()
    assert result.problems == []
    [row] = result.rows
    assert row["response_id"] == response_id and row["unit"] == tag.strip()
    expected = {k: v for k, v in answers.items() if v is not None and v != ""}
    assert answers_of(row) == expected
    if hours is not None:
        assert type(row["hours"]) in (int, float) and row["hours"] == hours


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


@st.composite
def responses(draw) -> dict:
    """Any valid response to feedback.yaml: every type, na, blanks, show_if respected."""
    attended = draw(maybe(st.booleans()))
    answers = {
        "relevant": draw(st.one_of(st.integers(1, 5), st.just("na"))),
        "grade": draw(maybe(st.integers(0, 10))),
        "role": draw(maybe(st.sampled_from(["staff", "lead"]))),
        "role__other": draw(maybe(texts)),
        "topics": draw(
            maybe(st.one_of(st.just("na"), st.lists(st.sampled_from(["a", "b", "c"]), unique=True)))
        ),
        "hours": draw(maybe(st.one_of(st.integers(0, 100), st.floats(0, 100)))),
        "attended": attended,
        "grid_one": draw(maybe(st.integers(1, 4))),
        "grid_two": draw(maybe(st.integers(1, 4))),
        "comment": draw(maybe(texts)),
    }
    if attended:
        answers["why"] = draw(maybe(texts))
    return answers


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=responses())
def test_write_then_read_round_trips_any_response(tmp_path, answers):
    store = ResponseStore(tmp_path / f"{uuid.uuid4().hex}.csv", Q)
    store.append(answers)
    result = store.read()
    assert result.problems == []
    [row] = result.rows
    # a multi answer comes back in choice order; "" and None both mean unanswered
    expected = {
        k: sorted(v) if isinstance(v, list) else v
        for k, v in answers.items()
        if v is not None and v != ""
    }
    assert answers_of(row) == expected


# -- cut-off rows -----------------------------------------------------------------------


def _three_rows(tmp_path: Path) -> tuple[ResponseStore, list[str], int, int]:
    """A file with three rows; returns the ids and where the last two rows start."""
    store = ResponseStore(tmp_path / "r.csv", Q)
    ids = [
        store.append(FULL),
        store.append({"relevant": 1, "comment": 'å\nb, "c"'}),
        store.append({"relevant": 2, "hours": 12.75, "topics": ["b"], "comment": "ö"}),
    ]
    data = store.path.read_bytes()
    last = data.rindex(b"\n", 0, len(data) - 1) + 1
    second = data.index(ids[1].encode())
    return store, ids, second, last


def test_truncation_at_every_byte_of_the_last_two_rows(tmp_path):
    store, ids, second, last = _three_rows(tmp_path)
    data = store.path.read_bytes()
    whole = {r["response_id"]: r for r in store.read().rows}
    for cut in range(second, len(data)):
        store.path.write_bytes(data[:cut])
        result = store.read()
        expected = ids[:1] if cut < last else ids[:2]
        assert [r["response_id"] for r in result.rows] == expected, cut
        assert all(row == whole[row["response_id"]] for row in result.rows), cut
        at_boundary = cut in (second, last)
        assert len(result.problems) == (0 if at_boundary else 1), cut
        if not at_boundary:
            assert "the last row is incomplete" in result.problems[0].message


def test_the_next_append_moves_a_cut_off_row_aside(tmp_path):
    store, ids, second, _last = _three_rows(tmp_path)
    data = store.path.read_bytes()
    # Inside the quoted text, after its \n; the opening quote keeps the search from
    # matching the first row's "hej å" followed by a response_id that starts with "b".
    cut = data.index('"å\nb'.encode()) + 4
    store.path.write_bytes(data[:cut])
    fresh = ResponseStore(store.path, Q)
    new_id = fresh.append({"relevant": 5})
    result = fresh.read()
    assert result.problems == []
    assert [r["response_id"] for r in result.rows] == [ids[0], new_id]
    aside = tmp_path / "r.incomplete.csv"
    assert mode(aside) == 0o600
    content = aside.read_bytes()
    assert content.startswith(",".join(Q.header()).encode() + b"\n")
    assert content.endswith(b"\n" + data[second:cut])  # already ends with a line end


# -- full and read-only disks ---------------------------------------------------------------


def fill_the_disk_halfway(monkeypatch) -> None:
    """Every os.write writes half of its bytes, then finds the disk full."""
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", half_then_full)


def test_a_failing_write_is_cut_back_and_names_the_file(tmp_path, monkeypatch):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 3})
    before = store.path.read_bytes()
    fill_the_disk_halfway(monkeypatch)
    with pytest.raises(SurveyError) as caught:
        store.append({"relevant": 4, "comment": "long " * 100})
    monkeypatch.undo()
    problem = caught.value.first
    assert problem.file == str(store.path) and "No space left on device" in problem.message
    assert "everything saved before is intact" in problem.hint
    assert store.path.read_bytes() == before


def test_a_short_write_is_cut_back(tmp_path, monkeypatch):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 3})
    before = store.path.read_bytes()
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data)[:10]))
    with pytest.raises(SurveyError, match="only 10 of"):
        store.append({"relevant": 4})
    monkeypatch.undo()
    assert store.path.read_bytes() == before


def appended_together(store: ResponseStore, calls: list[dict]) -> list[object]:
    """Run `store.append(**call)` for each call on its own thread, all of them queued while
    another thread has the turn, as a room's submissions are: what each returned or raised."""
    outcomes: list[object] = [None] * len(calls)

    def append(i: int) -> None:
        try:
            outcomes[i] = store.append(**calls[i])
        except BaseException as err:  # noqa: BLE001 -- the interrupted one too
            outcomes[i] = err

    threads = [threading.Thread(target=append, args=(i,)) for i in range(len(calls))]
    with store._turn:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(store._queue) < len(calls) and time.monotonic() < deadline:
            time.sleep(0.001)
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "an append never returned"
    return outcomes


def test_appends_that_wait_together_are_written_with_one_fsync(tmp_path, monkeypatch):
    store = ResponseStore(tmp_path / "r.csv", Q)
    first = store.append({"relevant": 1}, {"seminar": "1"})
    syncs: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (syncs.append(fd), real_fsync(fd))[1])
    calls = [
        {"answers": {"relevant": 1 + i % 5, "comment": f"person {i}"}, "tags": {"seminar": "1"}}
        for i in range(20)
    ]
    ids = appended_together(store, calls)
    assert len(syncs) == 1
    rows = store.read().rows
    assert [row["response_id"] for row in rows] == [first, *ids]  # in the order queued
    assert [row["comment"] for row in rows[1:]] == [f"person {i}" for i in range(20)]
    assert [row["relevant"] for row in rows[1:]] == [1 + i % 5 for i in range(20)]


def test_a_row_with_other_tags_fails_alone_in_its_batch(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 1}, {"seminar": "1"})
    calls = [{"answers": {"relevant": 2}, "tags": {"seminar": "1"}} for _ in range(4)]
    calls.insert(2, {"answers": {"relevant": 5}, "tags": {"unit": "x"}})
    outcomes = appended_together(store, calls)
    refused = outcomes.pop(2)
    assert isinstance(refused, SurveyError) and "one file keeps one set of tags" in str(refused)
    assert all(isinstance(o, str) for o in outcomes)
    assert [row["relevant"] for row in store.read().rows] == [1, 2, 2, 2, 2]


def test_a_full_disk_fails_every_row_of_the_batch_and_keeps_the_file(tmp_path, monkeypatch):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 3})
    before = store.path.read_bytes()
    fill_the_disk_halfway(monkeypatch)
    outcomes = appended_together(store, [{"answers": {"relevant": 4}} for _ in range(6)])
    monkeypatch.undo()
    assert all(isinstance(o, SurveyError) and "No space left" in str(o) for o in outcomes)
    assert store.path.read_bytes() == before
    assert isinstance(store.append({"relevant": 5}), str)  # and the next one is saved


def test_an_interrupted_writer_leaves_no_one_waiting_and_no_one_told_saved(tmp_path, monkeypatch):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 3})
    before = store.path.read_bytes()

    def power_cut(line: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_write_row", power_cut)
    outcomes = appended_together(store, [{"answers": {"relevant": 4}} for _ in range(6)])
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["KeyboardInterrupt", *["SurveyError"] * 5]
    assert store.path.read_bytes() == before


@pytest.fixture
def tmpfs(tmp_path):
    """A 64 KiB tmpfs, where the disk really fills up; skipped where we may not mount."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def test_a_really_full_disk_leaves_every_saved_row_intact(tmpfs):
    store = ResponseStore(tmpfs / "r.csv", Q)
    saved = []
    with pytest.raises(SurveyError) as caught:
        for number in range(1000):
            saved.append(store.append({"relevant": 3, "comment": f"{number} " + "ö" * 3000}))
    assert caught.value.first.file == str(store.path)
    assert "No space left on device" in caught.value.first.message
    result = store.read()
    assert result.problems == []
    assert [r["response_id"] for r in result.rows] == saved and len(saved) > 3


def test_a_read_only_disk_is_an_error_naming_the_file(tmpfs):
    store = ResponseStore(tmpfs / "r.csv", Q)
    saved = store.append({"relevant": 3})
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with pytest.raises(SurveyError) as caught:
        store.append({"relevant": 4})
    assert caught.value.first.file is not None and "Read-only file system" in str(caught.value)
    assert [r["response_id"] for r in store.read().rows] == [saved]


# -- erasure --------------------------------------------------------------------------------


def test_delete_removes_only_those_rows_and_keeps_every_other_byte(tmp_path, capsys):
    store, ids, _, _ = _three_rows(tmp_path)
    data = store.path.read_bytes()
    assert main(["delete", str(store.path), ids[1]]) == 0
    assert capsys.readouterr().out == f"{store.path}: removed 1 response\n"
    start = data.index(ids[1].encode())
    end = data.index(ids[2].encode())
    assert store.path.read_bytes() == data[:start] + data[end:]
    assert mode(store.path) == 0o600
    assert store.append({"relevant": 1})  # the store sees the new file and appends after it
    assert [r["response_id"] for r in store.read().rows][:2] == [ids[0], ids[2]]


def test_delete_removes_temporary_copies_a_crash_left(tmp_path):
    store, ids, _, _ = _three_rows(tmp_path)
    stale = tmp_path / ".r.csv.0123abcd.tmp"
    stale.write_bytes(store.path.read_bytes())
    assert delete_responses(store.path, [ids[0]]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.lock", "r.questionnaire.yaml"]


def test_delete_with_an_unknown_id_removes_nothing_and_exits_2(tmp_path, capsys):
    store, ids, _, _ = _three_rows(tmp_path)
    data = store.path.read_bytes()
    assert main(["delete", str(store.path), ids[0], "no-such-id"]) == 2
    err = capsys.readouterr().err
    assert err == f"{store.path}: no response with id no-such-id (nothing was removed)\n"
    assert store.path.read_bytes() == data


def test_delete_keeps_an_excel_file_as_it_was_saved(tmp_path):
    path = tmp_path / "x.csv"
    source = (DATA / "excel_sv.csv").read_bytes()
    path.write_bytes(source)
    assert delete_responses(path, ["00000000-0000-4000-8000-000000000001"]) == 1
    header_end = source.index(b"\r\n") + 2
    second = source.index(b"00000000-0000-4000-8000-000000000002")
    assert path.read_bytes() == source[:header_end] + source[second:]


def test_delete_from_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["delete", str(tmp_path / "none.csv"), "x"]) == 2
    assert "no such file" in capsys.readouterr().err


def _cut_off(store: ResponseStore, answers: dict, keep) -> str:
    """Append a row, then cut it after `keep(row)` of its bytes, as a crash would."""
    response_id = store.append(answers)
    data = store.path.read_bytes()
    start = data.index(response_id.encode())
    store.path.write_bytes(data[: start + keep(data[start:])])
    return response_id


def test_delete_erases_rows_cut_off_by_a_crash_and_counts_them(tmp_path, capsys):
    store = ResponseStore(tmp_path / "r.csv", Q)
    kept = store.append({"relevant": 1})
    in_quotes = _cut_off(
        store, {"relevant": 2, "comment": "secret\nb, c"}, lambda row: row.index(b"secret\nb") + 8
    )
    unquoted = _cut_off(store, {"relevant": 3}, lambda row: row.index(b",", 40))
    last = _cut_off(
        store, {"relevant": 4, "comment": "ö\nx"}, lambda row: row.index("ö\n".encode()) + 3
    )
    complete = store.append({"relevant": 5})  # moves the last cut-off row aside
    aside = tmp_path / "r.incomplete.csv"
    lines = aside.read_bytes().splitlines(keepends=True)
    assert [line[:36].decode() for line in lines[1:]] == [in_quotes, "b\n", unquoted, last]
    header, tails = lines[0], b"".join(lines[1:])
    unquoted_tail = tails[tails.index(unquoted.encode()) : tails.index(last.encode())]
    last_tail = tails[tails.index(last.encode()) :]

    assert delete_responses(store.path, [in_quotes, complete]) == 2
    assert aside.read_bytes() == header + unquoted_tail + last_tail
    assert mode(aside) == 0o600
    assert [r["response_id"] for r in store.read().rows] == [kept]

    assert main(["delete", str(store.path), last]) == 0  # found only in the incomplete file
    assert capsys.readouterr().out == f"{store.path}: removed 1 response\n"
    assert aside.read_bytes() == header + unquoted_tail
    assert [r["response_id"] for r in store.read().rows] == [kept]


def test_delete_of_an_id_in_neither_file_leaves_the_incomplete_file_alone(tmp_path):
    store = ResponseStore(tmp_path / "r.csv", Q)
    store.append({"relevant": 1})
    cut = _cut_off(store, {"relevant": 2}, lambda row: row.index(b",", 40))
    store.append({"relevant": 3})
    aside = tmp_path / "r.incomplete.csv"
    before = aside.read_bytes()
    with pytest.raises(SurveyError, match="no response with id no-such-id"):
        delete_responses(store.path, [cut, "no-such-id"])
    assert aside.read_bytes() == before
