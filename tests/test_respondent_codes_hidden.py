"""A column that any questionnaire involved (the one given with --questionnaire, or the
snapshot beside a results file) marks as a respondent code is never printed: not by
analyze in any format, export, report, review, nor in problem messages.

Real files, real subprocesses, and every output grepped for the codes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveytui.analysis import analyze_dataset, load_dataset
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore
from surveytui.tui.review.respondent import respondent_lines

WITH_CODE = """\
id: codes
version: "1"
languages: [en]
title: {en: Codes}
tags: [unit]
sections:
  - id: main
    title: {en: Main}
    questions:
      - {id: useful, type: likert, points: 5, text: {en: Useful}}
      - {id: code, type: text, respondent_code: true, multiline: false, text: {en: Code}}
"""
# The same questionnaire as others might give it: without the code question, with the
# code typed as a number or as a plain text, and with the code question flagged but the
# snapshot's lacking it.
GIVEN = {
    "without": WITH_CODE.replace(
        "      - {id: code, type: text, respondent_code: true, multiline: false, "
        "text: {en: Code}}\n",
        "",
    ),
    "number": WITH_CODE.replace(
        "type: text, respondent_code: true, multiline: false,", "type: number,"
    ),
    "text": WITH_CODE.replace("respondent_code: true, ", ""),
}
# Codes that look like numbers leak through a number's mean, min and max; others through
# the problem a number column reports for them.
CODES = [f"SECRET{i}X" for i in range(6)] + [f"{987650000 + 17 * i}" for i in range(6)]
LEAK = re.compile(r"SECRET\dX|98765\d{4}")


@pytest.fixture
def results(tmp_path: Path) -> Path:
    source = tmp_path / "codes.yaml"
    source.write_text(WITH_CODE)
    store = ResponseStore(tmp_path / "r.csv", load_questionnaire(source))
    for i, code in enumerate(CODES):
        store.append({"useful": i % 5 + 1, "code": code}, {"unit": "north" if i < 6 else "south"})
    for name, text in GIVEN.items():
        (tmp_path / f"{name}.yaml").write_text(text)
    return tmp_path / "r.csv"


def run_cli(*args: str, cwd: Path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "surveytui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert "unexpected error" not in out.stderr and "Traceback" not in out.stderr, out.stderr
    return f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"


def test_the_file_holds_the_codes(results):
    """Guards the test: the codes are in the file, so grepping the outputs proves something."""
    assert len(LEAK.findall(results.read_text())) == len(CODES)


@pytest.mark.parametrize("given", GIVEN)
def test_no_command_prints_a_code(results, given):
    folder = results.parent
    questionnaire = ["--questionnaire", f"{given}.yaml"]
    outputs = []
    for fmt in ("table", "markdown", "csv", "json"):
        outputs.append(run_cli("analyze", "r.csv", *questionnaire, "--format", fmt, cwd=folder))
    outputs.append(run_cli("analyze", "r.csv", *questionnaire, "--by", "code", cwd=folder))
    outputs.append(
        run_cli("analyze", "r.csv", *questionnaire, "--by", "unit", "--format", "json", cwd=folder)
    )
    for extra in ([], ["--labels"], ["--excel"]):
        outputs.append(
            run_cli("export", "r.csv", *questionnaire, "--format", "csv", *extra, cwd=folder)
        )
    outputs.append(
        run_cli("export", "r.csv", *questionnaire, "--format", "xlsx", "-o", "out.xlsx", cwd=folder)
    )
    book = load_workbook(folder / "out.xlsx")
    outputs += [str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row]
    outputs.append(
        run_cli("export", "r.csv", *questionnaire, "--format", "sav", "-o", "out.sav", cwd=folder)
    )
    outputs.append((folder / "out.sav").read_bytes().decode("latin-1"))
    for fmt, name in (("markdown", "report.md"), ("html", "report.html")):
        outputs.append(
            run_cli("report", "r.csv", *questionnaire, "--format", fmt, "-o", name, cwd=folder)
        )
        outputs.append((folder / name).read_text(encoding="utf-8"))
    leaks = {m for text in outputs for m in LEAK.findall(text)}
    assert not leaks, f"codes printed with --questionnaire {given}.yaml: {sorted(leaks)}"
    assert "useful" in outputs[0]  # the analysis itself went through


@pytest.mark.parametrize("given", GIVEN)
def test_review_shows_no_code(results, given):
    dataset = load_dataset([results], results.parent / f"{given}.yaml")
    assert "code" not in dataset.tag_columns
    lines = [
        line for row in range(len(dataset.frame)) for line in respondent_lines(dataset, row, "en")
    ]
    problems = [str(p) for p in dataset.problems]
    analysis = analyze_dataset(dataset)
    text = "\n".join([*lines, *problems, repr(analysis.to_dict())])
    assert not LEAK.findall(text)
    assert lines and "useful" in text
    if given == "number":  # the codes that are not numbers are still problems, unquoted
        assert sum("code: a respondent code that does not fit" in p for p in problems) == 6


def test_an_unreadable_snapshot_is_refused_when_another_questionnaire_is_given(results):
    """Its respondent codes cannot be known, so nothing is published (exit 2, no codes)."""
    snapshot = results.with_name("r.questionnaire.yaml")
    snapshot.write_text(snapshot.read_text().replace("points: 5", "points: 50", 1))
    text = run_cli(
        "export", "r.csv", "--questionnaire", "without.yaml", "--format", "csv", cwd=results.parent
    )
    assert text.startswith("exit 2\n")
    assert "r.questionnaire.yaml" in text and "respondent codes" in text
    assert not LEAK.findall(text)


@pytest.mark.parametrize("given", GIVEN)
def test_the_stores_read_keeps_codes_out_of_tags_and_problems(results, given):
    """`ResponseStore.read` with another questionnaire than the snapshot's follows the
    analysis's rule: a code column is never a tag, and its problems do not quote it."""
    result = ResponseStore(results, load_questionnaire(results.parent / f"{given}.yaml")).read()
    assert "code" not in result.tag_columns
    tags = [row.get(tag) for row in result.rows for tag in result.tag_columns]
    problems = [str(p) for p in result.problems]
    assert tags and not LEAK.findall(repr([*tags, *problems]))
    if given == "number":
        assert sum("code: a respondent code that does not fit" in p for p in problems) == 6
    assert [str(p) for p in result.problems] == [
        str(p) for p in load_dataset([results], results.parent / f"{given}.yaml").problems
    ]


def test_the_stores_read_refuses_an_unreadable_snapshot_with_another_questionnaire(results):
    snapshot = results.with_name("r.questionnaire.yaml")
    snapshot.write_text(snapshot.read_text().replace("points: 5", "points: 50", 1))
    store = ResponseStore(results, load_questionnaire(results.parent / "without.yaml"))
    with pytest.raises(SurveyError) as raised:
        store.read()
    text = str(raised.value)
    assert "r.questionnaire.yaml" in text and "respondent codes" in text
