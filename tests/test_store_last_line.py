"""A last row without a line end: cut off by a crash, or only not ended by the program
that saved the file?

surveytui writes each row with its line end in one write, and appends only to files in
its own dialect (its exact header: no BOM, commas, `\\n`). So in such a file a last line
without a line end is what a crash leaves, and is moved aside by the next append. A file
in another dialect was saved whole by another program, some of which do not end the
last line: its last row is read when it has every column and does not end in a
character cut in half. Either way no acknowledged response is lost or counted twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from surveytui.analysis import load_dataset
from surveytui.model import load_questionnaire
from surveytui.store import DraftJournal, ResponseStore
from surveytui.store.responses import saved_response_ids

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")
EXCEL = (DATA / "excel_sv.csv").read_bytes()  # BOM, CRLF, `;`, decimal comma


def read(path: Path) -> tuple[list[str], list[str]]:
    result = ResponseStore(path, Q).read()
    dataset = load_dataset([path], Q)
    assert [str(p) for p in dataset.problems] == [str(p) for p in result.problems]
    assert len(dataset.frame) == len(result.rows)
    return [r["response_id"] for r in result.rows], [p.message for p in result.problems]


def excel_ids() -> list[str]:
    return [r["response_id"] for r in ResponseStore(DATA / "excel_sv.csv", Q).read().rows]


@pytest.mark.parametrize("ending", [b"", b"\r"], ids=["no line end", "half a CRLF"])
def test_an_excel_file_whose_last_line_has_no_line_end_keeps_its_last_response(tmp_path, ending):
    path = tmp_path / "r.csv"
    path.write_bytes(EXCEL.removesuffix(b"\r\n") + ending)
    assert read(path) == (excel_ids(), [])


def test_a_file_with_commas_and_crlf_without_a_last_line_end_keeps_its_last_response(
    tmp_path,
):
    """As a spreadsheet in the cloud downloads it: surveytui's columns, CRLF, no BOM."""
    store = ResponseStore(tmp_path / "ours.csv", Q)
    ids = [store.append({"relevant": n, "comment": f"row {n}"}) for n in (1, 2, 3)]
    path = tmp_path / "r.csv"
    path.write_bytes(store.path.read_bytes().replace(b"\n", b"\r\n").removesuffix(b"\r\n"))
    assert read(path) == (ids, [])


LAST = 'Tack "så" mycket; hej'.encode()  # the last row's comment, quoted in the file
QUOTED = EXCEL.removesuffix(b"Tack\r\n") + b'"' + LAST.replace(b'"', b'""') + b'"'


@pytest.mark.parametrize(
    "cut",
    [
        QUOTED[: QUOTED.rindex(b";", 0, QUOTED.rindex(b'"Tack'))],  # a column short
        QUOTED[:-1],  # the same width, inside the open quote
        QUOTED[: QUOTED.rindex("å".encode()) + 1],  # inside a character
    ],
    ids=["a column short", "in an open quote", "half a character"],
)
def test_an_excel_file_cut_inside_its_last_row_does_not_read_it(tmp_path, cut):
    path = tmp_path / "r.csv"
    path.write_bytes(cut)
    ids, problems = read(path)
    assert ids == excel_ids()[:1]
    assert [m.split(" (")[0] for m in problems] == ["the last row is incomplete"]
    # surveytui never appends to a file in another dialect, so nothing moves it aside
    assert "incomplete.csv" not in problems[0]


def test_the_whole_quoted_excel_row_without_a_line_end_is_read(tmp_path):
    """Guards the test above: uncut, the same file reads both rows."""
    path = tmp_path / "r.csv"
    path.write_bytes(QUOTED)
    assert read(path) == (excel_ids(), [])
    assert ResponseStore(path, Q).read().rows[-1]["comment"] == LAST.decode()


def test_a_file_in_surveytuis_dialect_still_takes_a_missing_line_end_for_a_crash(tmp_path):
    """A crash can cut a row inside its last answer and leave every column: `12.75` read
    as `12.7`. Such a row is never read as a response."""
    store = ResponseStore(tmp_path / "r.csv", Q)
    kept = store.append({"relevant": 1})
    store.append({"relevant": 2, "hours": 12.75})
    data = store.path.read_bytes()
    store.path.write_bytes(data[: data.rindex(b"12.75") + 4])  # every column, 12.7
    ids, problems = read(store.path)
    assert ids == [kept]
    assert problems[0].endswith("the next saved answer moves it to r.incomplete.csv")


def test_an_acknowledged_row_whose_line_end_was_removed_is_neither_lost_nor_doubled(tmp_path):
    """An editor that strips the last line end makes the last response look cut off: the
    next appends move it aside once, where `delete` still finds it, and never again."""
    store = ResponseStore(tmp_path / "r.csv", Q)
    first = store.append({"relevant": 1})
    last = store.append({"relevant": 2, "comment": "the last, acknowledged"})
    store.path.write_bytes(store.path.read_bytes().removesuffix(b"\n"))
    other = ResponseStore(store.path, Q)
    later = [other.append({"relevant": 3}), other.append({"relevant": 4})]
    assert read(store.path) == ([first, *later], [])
    aside = (tmp_path / "r.incomplete.csv").read_text(encoding="utf-8")
    assert aside.count(last) == 1 and aside.endswith('"the last, acknowledged"\n')
    assert saved_response_ids(store.path) == {first, *later}
    assert DraftJournal(store.path).list() == []
