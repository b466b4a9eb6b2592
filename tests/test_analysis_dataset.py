"""The vectorised reader against the store's reader on the store's CSV corpus."""

import csv
import io
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveytui.analysis import load_dataset
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore, column_specs

CORPUS = Path(__file__).parent / "data" / "csv"
FILES = sorted(CORPUS.glob("*.csv"))


def test_corpus_is_there():
    assert len(FILES) >= 6


def typed(spec, frame, na, row):
    """One cell of our frame in the store's terms (int, float, str, bool, "na", None)."""
    if spec.na and na[spec.column].iloc[row]:
        return "na"
    value = frame[spec.column].iloc[row]
    if pd.isna(value):
        return None
    if spec.kind in ("text", "other", "single"):
        return str(value)
    if spec.kind in ("yes_no", "multi"):
        return bool(value)
    return value


def multi_answer(dataset, specs, key, row):
    """A multi question's answer from our frame: None if unanswered or a tick unreadable."""
    parts = [spec for spec in specs.values() if spec.kind == "multi" and spec.key == key]
    if any(
        s.column in dataset.unreadable and dataset.unreadable[s.column].iloc[row] for s in parts
    ):
        return None
    cells = [typed(s, dataset.frame, dataset.na, row) for s in parts]
    if all(c is None for c in cells):
        return None
    if all(c == "na" for c in cells):
        return "na"
    return [s.choice for s, c in zip(parts, cells) if c is True]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_problems_and_values_as_the_store(path):
    questionnaire = load_questionnaire(CORPUS / "feedback.yaml")
    store = ResponseStore(path, questionnaire).read()
    dataset = load_dataset([path], questionnaire)
    assert [str(p) for p in dataset.problems] == [str(p) for p in store.problems]
    assert [(p.line, p.column) for p in dataset.problems] == [
        (p.line, p.column) for p in store.problems
    ]
    assert len(dataset.frame) == len(store.rows)
    specs = column_specs(questionnaire)
    for i, row in enumerate(store.rows):
        for column in store.tag_columns:
            ours = dataset.frame[column].iloc[i]
            assert (None if pd.isna(ours) else ours) == (row[column] or None)
        for spec in specs.values():
            if spec.kind == "multi":
                assert multi_answer(dataset, specs, spec.key, i) == row[spec.key], spec.key
                continue
            expected = row[spec.key]
            got = typed(spec, dataset.frame, dataset.na, i)
            if isinstance(expected, (int, float)) and not isinstance(expected, bool):
                assert got == pytest.approx(expected), spec.column
            else:
                assert got == expected, spec.column


def test_quoted_newlines_keep_line_numbers(tmp_path):
    questionnaire = load_questionnaire(CORPUS / "feedback.yaml")
    header = ",".join(questionnaire.header([]))
    blank = "," * (len(questionnaire.header([])) - 1)

    def row(n, relevant, comment):
        cells = blank.split(",")
        cells[0], cells[5] = f"id{n}", relevant
        cells[questionnaire.header([]).index("comment")] = comment
        return ",".join(cells)

    text = "\n".join([header, row(1, "3", '"two\nlines"'), row(2, "9", ""), ""])
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    dataset = load_dataset([path], questionnaire)
    store = ResponseStore(path, questionnaire).read()
    assert [p.line for p in dataset.problems] == [p.line for p in store.problems] == [4]
    assert dataset.frame["comment"].iloc[0] == "two\nlines"
    assert math.isnan(dataset.frame["relevant"].iloc[1])


CELLS = [
    "",
    " ",
    "1",
    " 2 ",
    "3.0",
    "4,0",
    "5",
    "6",
    "0",
    "-1",
    "na",
    "NA",
    "x",
    "1e400",
    "2.5",
    "staff",
    "lead",
    "boss",
    "yes",
    "a\nb",
    'say "hi"',
    "a;b",
    "é",
]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.lists(st.sampled_from(CELLS), min_size=13, max_size=13), min_size=1, max_size=8
    ),
    excel=st.booleans(),
    cut=st.booleans(),
    order=st.randoms(use_true_random=False),
    dropped=st.integers(min_value=-1, max_value=17),
)
def test_random_files_give_the_store_problems(tmp_path, rows, excel, cut, order, dropped):
    """Cells, dialect, a cut-off end, column order, a missing and an extra column."""
    questionnaire = load_questionnaire(CORPUS / "feedback.yaml")
    header = [*questionnaire.header([]), "unit"]
    keep = [i for i in range(len(header)) if i != dropped]
    order.shuffle(keep)
    delimiter, end = (";", "\r\n") if excel else (",", "\n")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    writer.writerow([header[i] for i in keep])
    for i, cells in enumerate(rows):
        full = [f"id{i % 5}", "2026-03-01", "store-test", "1", "sv", *cells, f" u{i % 2} "]
        writer.writerow([full[i] for i in keep])
    text = out.getvalue()
    if cut:
        text = text[: len(text) - 3]
    path = tmp_path / "random.csv"
    path.write_bytes(("\ufeff" if excel else "").encode() + text.encode("utf-8"))
    store = ResponseStore(path, questionnaire).read()
    dataset = load_dataset([path], questionnaire)
    assert [str(p) for p in dataset.problems] == [str(p) for p in store.problems]
    assert len(dataset.frame) == len(store.rows)
    assert dataset.tag_columns == store.tag_columns
