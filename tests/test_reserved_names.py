"""Names the data set gives its own columns (metadata, `source`) are refused for questions,
matrix rows, scales and tags, so that `analyze --by` and `export` cannot trip over a clash."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from surveytui.analysis import load_dataset
from surveytui.model import load_questionnaire
from surveytui.model.load import validate_file
from surveytui.model.types import RESERVED_COLUMNS
from surveytui.report.export import export_rows
from surveytui.store import AnswerError, ResponseStore, column_specs

BASE = """\
id: t
version: "1"
languages: [en]
title: {en: T}
tags: [unit]
scales:
  both: {items: [grade, grid_a]}
sections:
  - id: main
    title: {en: Main}
    questions:
      - {id: grade, type: likert, points: 5, text: {en: Grade}}
      - id: grid
        type: matrix
        points: 5
        text: {en: Grid}
        rows:
          - {id: grid_a, text: {en: A}}
"""
PLACES = {
    "question": ("id: grade,", "id: {name},", "{id: {name}, type"),
    "matrix row": ("{id: grid_a,", "{id: {name},", "{id: {name}, text"),
    "scale": ("  both: {items", "  {name}: {items", "{name}: {items"),
    "tag": ("tags: [unit]", "tags: [{name}]", "tags: [{name}]"),
}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "surveytui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_the_reserved_names_are_every_column_the_data_set_adds(tmp_path):
    """Guards the list: any column that is not an answer or a tag must be on it."""
    path = tmp_path / "q.yaml"
    path.write_text(BASE)
    questionnaire = load_questionnaire(path)
    for name in ("a.csv", "b.csv"):
        ResponseStore(tmp_path / name, questionnaire).append({"grade": 3}, {"unit": "x"})
    dataset = load_dataset([tmp_path / "a.csv", tmp_path / "b.csv"])
    own = set(dataset.frame.columns) - set(column_specs(questionnaire)) - {"unit"}
    exported = {c.name for c in export_rows(dataset).columns} - set(column_specs(questionnaire))
    assert own | exported - {"unit"} <= set(RESERVED_COLUMNS)
    assert "source" in RESERVED_COLUMNS and "response_id" in RESERVED_COLUMNS


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", ["source", "language", "submitted_at"])
def test_validate_refuses_a_reserved_name(tmp_path, place, name):
    old, new, located = PLACES[place]
    text = BASE.replace(old, new.replace("{name}", name), 1)
    if place == "question":
        text = text.replace("items: [grade,", f"items: [{name},")
    path = tmp_path / "q.yaml"
    path.write_text(text)
    line = next(
        i
        for i, row in enumerate(text.splitlines(), start=1)
        if located.replace("{name}", name) in row
    )
    problems = validate_file(path)
    assert problems, f"{place} {name!r} passed validation"
    problem = next(p for p in problems if p.line == line)
    assert problem.column and name in problem.message
    assert all(reserved in str(problem) for reserved in RESERVED_COLUMNS), str(problem)


def test_validate_cli_says_file_line_col_and_exits_2(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(BASE.replace("tags: [unit]", "tags: [source]"))
    out = run_cli("validate", str(path))
    assert out.returncode == 2 and f"{path}:5:" in out.stderr and "source" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_store_refuses_a_reserved_tag_and_writes_nothing(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(BASE)
    store = ResponseStore(tmp_path / "r.csv", load_questionnaire(path))
    with pytest.raises(AnswerError) as caught:
        store.append({"grade": 3}, {"source": "kiosk"})
    assert all(name in str(caught.value) for name in RESERVED_COLUMNS)
    with pytest.raises(AnswerError):
        store.check(["source"])
    assert not (tmp_path / "r.csv").exists()


def test_run_refuses_a_reserved_tag_before_anyone_answers(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(BASE.replace("tags: [unit]\n", ""))
    out = run_cli(
        "run",
        str(path),
        "--plain",
        "--lang",
        "en",
        "--tag",
        "source=kiosk",
        "--results",
        str(tmp_path / "r.csv"),
    )
    assert out.returncode == 2, out.stderr
    assert "source" in out.stderr and "reserved" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "r.csv").exists()


def test_a_file_with_a_source_column_is_read_without_it(tmp_path):
    """A file written before names were reserved: its clashing column is left out, said so,
    and `--by source` and `export` work on the file names."""
    path = tmp_path / "q.yaml"
    path.write_text(BASE)
    questionnaire = load_questionnaire(path)
    ResponseStore(tmp_path / "r.csv", questionnaire).append({"grade": 3}, {"unit": "x"})
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8")))
    rows[0][5], rows[1][5] = "source", "hand-made"
    rows += [[f"id{i}", *rows[1][1:]] for i in range(6)]
    with (tmp_path / "r.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    for args in (["analyze", "r.csv", "--by", "source"], ["export", "r.csv", "--format", "csv"]):
        out = run_cli(*args, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert "unexpected error" not in out.stderr
        assert "hand-made" not in out.stdout
        assert "r.csv:1" in out.stderr and "source" in out.stderr and "reserved" in out.stderr
