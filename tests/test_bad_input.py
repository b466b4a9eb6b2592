"""Hostile input, through real subprocesses: files end in exit 2 with file:line:col in
bounded time and memory, for every reader; texts and answers cannot drive the terminal or
add markup in what people read.

The broken questionnaires themselves are in tests/data/broken (see test_validate_corpus.py);
here the same attacks also arrive through the other doors: a snapshot beside a results file
and an indicator file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BROKEN = ROOT / "tests" / "data" / "broken"
EXAMPLE = ROOT / "results" / "seminar-feedback-v1-example.csv"
QUESTIONNAIRE = ROOT / "questionnaires" / "collaboration-indicators.yaml"
LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): ")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "surveytui", *args], capture_output=True, text=True, timeout=120
    )


def _located(stderr: str, path: Path) -> tuple[int, int, str]:
    """The line, column and message of the one problem reported for path."""
    lines = [line for line in stderr.splitlines() if line.startswith(f"{path}:")]
    assert len(lines) == 1, stderr
    match = LOCATED.match(lines[0])
    assert match and match["file"] == str(path), lines[0]
    return int(match["line"]), int(match["col"]), lines[0][match.end() :]


def _at(path: Path, line: int, col: int) -> str:
    """The text of path from line:col (both 1-based) to the end of that line."""
    return path.read_text(encoding="utf-8").splitlines()[line - 1][col - 1 :]


@pytest.mark.parametrize(
    "name",
    [
        "alias_bomb.yaml",
        "show_if_too_deep.yaml",
        "show_if_many_nots.yaml",
        "control_char_esc.yaml",
        "control_char_nul.yaml",
    ],
)
def test_validate_refuses_hostile_questionnaires_with_a_place_and_no_internals(name):
    path = BROKEN / name
    result = _cli("validate", str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    assert "<unicode string>" not in result.stderr and "position" not in result.stderr
    line, col, _ = _located(result.stderr, path)
    assert line > 1 and col > 1


@pytest.mark.parametrize(
    "command",
    [["analyze"], ["export", "--format", "csv", "-o", "out.csv"], ["report", "-o", "out.html"]],
)
def test_an_alias_bomb_as_snapshot_is_refused_at_its_alias(tmp_path, command):
    results = tmp_path / "seminar-feedback-v1.csv"
    shutil.copy(EXAMPLE, results)
    snapshot = tmp_path / "seminar-feedback-v1.questionnaire.yaml"
    shutil.copy(BROKEN / "alias_bomb.yaml", snapshot)
    args = [a if a not in ("out.csv", "out.html") else str(tmp_path / a) for a in command]
    result = _cli(*args, str(results))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    line, col, message = _located(result.stderr, snapshot)
    assert _at(snapshot, line, col).startswith("*s")
    assert "aliases expand the file to more than" in message
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.html").exists()


def _indicator_bomb(path: Path, units: int, copies: int) -> None:
    """An indicator file whose one indicator, with many unit targets, is aliased many times."""
    targets = ", ".join(f"u{i}: 3" for i in range(units))
    path.write_text(
        "id: bomb\nlanguages: [en]\ntitle: Bomb\n"
        f"source: {{results: r/*.csv, questionnaire: {QUESTIONNAIRE}}}\n"
        "wave: wave\nunit: unit\nindicators:\n"
        "  - &i\n    id: goals\n    text: Goals\n    measure: scale\n    of: shared_goals\n"
        f"    target: {{value: 3.5, direction: at_least, units: {{{targets}}}}}\n"
        + "  - *i\n"
        * copies,
        encoding="utf-8",
    )


def test_an_alias_bomb_in_an_indicator_file_is_refused_at_its_alias(tmp_path):
    path = tmp_path / "bomb.yaml"
    _indicator_bomb(path, units=400, copies=400)
    for command in (["validate", str(path)], ["indicators", str(path)]):
        result = _cli(*command)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        line, col, message = _located(result.stderr, path)
        assert _at(path, line, col) == "*i"
        assert "aliases expand the file to more than" in message


def test_an_alias_inside_its_own_anchor_is_refused_at_the_alias(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(
        'id: loop\nversion: "1"\nlanguages: [en]\ntitle: Loop\n'
        "sections: &s\n  - id: main\n    questions: *s\n",
        encoding="utf-8",
    )
    result = _cli("validate", str(path))
    assert result.returncode == 2, result.stderr
    line, col, message = _located(result.stderr, path)
    assert (line, _at(path, line, col)) == (7, "*s")
    assert "inside the value it names" in message


def test_aliases_that_stay_small_are_fine(tmp_path):
    path = tmp_path / "small.yaml"
    _indicator_bomb(path, units=3, copies=0)
    text = path.read_text(encoding="utf-8").replace(
        "units: {u0: 3, u1: 3, u2: 3}", "units: &u {u0: 3, u1: 3, u2: 3}"
    )
    text += (
        "  - id: goals_again\n    text: Goals again\n    measure: scale\n"
        "    of: shared_goals\n    target: {value: 3.5, direction: at_least, units: *u}\n"
    )
    path.write_text(text, encoding="utf-8")
    result = _cli("validate", str(path))
    assert result.returncode == 0, result.stderr


def test_an_indicator_file_names_the_questionnaire_whose_show_if_is_too_deep(tmp_path):
    questionnaire = BROKEN / "show_if_too_deep.yaml"
    path = tmp_path / "ind.yaml"
    path.write_text(
        "id: deep\nlanguages: [en]\ntitle: Deep\n"
        f"source: {{results: r/*.csv, questionnaire: {questionnaire}}}\n"
        "wave: wave\nindicators:\n"
        "  - {id: used, text: Used, measure: yes, of: used}\n",
        encoding="utf-8",
    )
    result = _cli("indicators", str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert f"{questionnaire}:13:51: " in result.stderr
    assert "nests more than 32 levels deep" in result.stderr


# Markup in the questionnaire's texts (control characters in them are refused when it is
# read: tests/data/broken/control_char_escape.yaml), answers and tag values with both.
HOSTILE_SURVEY = r"""id: hostile
version: "1"
languages: [en]
title: "Survey ![t](http://evil.invalid/t.png)"
tags: [unit]
sections:
  - id: main
    questions:
      - id: useful
        type: likert
        points: 5
        text: "Useful <img src=x onerror=alert(1)>"
        labels: {1: "No", 5: "[yes](http://evil.invalid)"}
      - id: role
        type: single
        text: Role
        choices:
          - {code: staff, text: "Staff <b>| broken | table"}
          - {code: lead, text: "Lead"}
      - {id: comment, type: text, text: "Comment"}
"""
HOSTILE_ANSWERS = [
    "![t](http://evil.invalid/x.png)",
    "<img src=x onerror=alert(1)>",
    "\x1b[2J\x1b[3Jcleared",
    "\x9b31mred",
    "over\rwritten",
    "# heading | cell",
    "bell\x07 and \x1b]8;;http://evil.invalid\x1b\\link\x1b]8;;\x1b\\",
]


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory):
    from surveytui.model import load_questionnaire_text
    from surveytui.store import ResponseStore

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile-v1.csv"
    store = ResponseStore(path, load_questionnaire_text(HOSTILE_SURVEY, "hostile.yaml"))
    for i, answer in enumerate(HOSTILE_ANSWERS * 2):
        store.append(
            {"useful": 1 + i % 5, "role": ("staff", "lead")[i % 2], "comment": answer},
            {"unit": "north \x1b[5m<u>" if i < 7 else "south"},
        )
    return path


def _unsafe_for_a_terminal(text: str) -> list[str]:
    """Control characters other than line feed: they can move the cursor, clear the screen,
    set the title or make links (C0, DEL and C1, which some terminals obey in UTF-8)."""
    return sorted({hex(ord(c)) for c in text if (ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160})


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_analyze_for_people_cannot_be_driven_by_answers_or_texts(hostile_results, fmt):
    result = _cli("analyze", "--format", fmt, "--by", "unit", str(hostile_results))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert _unsafe_for_a_terminal(out) == []
    assert "cleared" in out or fmt == "table"  # the answer is shown, defused, not dropped
    assert "south" in out and "north" in out
    if fmt == "markdown":
        for markup in ("![t](", "<img", "[yes](", "<b>", "<u>", "](http", "# heading"):
            assert not re.search(r"(?<!\\)" + re.escape(markup), out), markup
        assert "\\<img src=x onerror=alert(1)\\>" in out
        table_rows = [line for line in out.splitlines() if "Staff" in line]
        assert table_rows and all(
            len(re.findall(r"(?<!\\)\|", line)) == 4  # 3 columns
            for line in table_rows
        ), table_rows


def test_analyze_for_scripts_keeps_answers_exact(hostile_results):
    import json

    result = _cli("analyze", "--format", "json", str(hostile_results))
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)["items"][-1]["answers"]
    assert sorted(answers) == sorted(HOSTILE_ANSWERS * 2)


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_the_written_report_cannot_be_driven_by_answers_or_units(hostile_results, tmp_path, name):
    """Someone may `cat` the report, or open it in a browser: the free-text answers and the
    unit names are in it, defused, and drive neither."""
    target = tmp_path / name
    result = _cli("report", str(hostile_results), "--by", "unit", "-o", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert _unsafe_for_a_terminal(text) == []
    assert "cleared" in text and "written" in text and "north" in text
    assert "<img src=x" not in text and "<u>" not in text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_indicators_for_people_cannot_be_driven_by_texts_or_units(tmp_path, fmt):
    results = tmp_path / "collaboration-indicators-v1-example.csv"
    shutil.copy(ROOT / "results" / results.name, results)
    shutil.copy(
        ROOT / "results" / "collaboration-indicators-v1-example.questionnaire.yaml", tmp_path
    )
    text = results.read_text(encoding="utf-8").replace(",north,", ",\x1b[2Jnorth,")
    results.write_text(text, encoding="utf-8")
    spec = (ROOT / "indicators" / "collaboration.yaml").read_text(encoding="utf-8")
    spec = spec.replace("en: Follow-up of the collaboration", 'en: "Follow-up <img src=x>"')
    spec = spec.replace("../questionnaires/", f"{ROOT}/questionnaires/")
    path = tmp_path / "ind.yaml"
    path.write_text(spec, encoding="utf-8")
    result = _cli(
        "indicators", str(path), "--lang", "en", "--format", fmt, "--results", str(results)
    )
    assert result.returncode == 0, result.stderr
    assert "Follow-up" in result.stdout and "north" in result.stdout
    assert _unsafe_for_a_terminal(result.stdout) == []
    # An escape that writes a control character into a text is refused where it stands.
    path.write_text(spec.replace("<img src=x>", "\\e]0;owned\\a"), encoding="utf-8")
    result = _cli("indicators", str(path), "--results", str(results))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "control character U+001B" in result.stderr


def test_messages_cannot_be_driven_by_a_results_file(tmp_path):
    results = tmp_path / "seminar-feedback-v1.csv"
    header, rest = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)
    results.write_text(
        header.replace(",seminar,", ",sem\x1b]0;owned\x07inar\x9b,") + "\n" + rest, encoding="utf-8"
    )
    shutil.copy(
        EXAMPLE.with_name("seminar-feedback-v1-example.questionnaire.yaml"),
        tmp_path / "seminar-feedback-v1.questionnaire.yaml",
    )
    result = _cli("analyze", "--by", "nothing", str(results))
    assert result.returncode == 2, result.stderr
    assert "owned" in result.stderr  # the message names the column, defused
    assert _unsafe_for_a_terminal(result.stderr) == []
