"""README.md stays true: its test command is the one CI runs, and its example is valid."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from surveytui.cli import build_parser, main
from surveytui.model import QUESTION_TYPES, load_questionnaire_text

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' "
    "&& .venv/bin/python -m pytest -q -n 2"
)
APP_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/surveytui"


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def test_the_two_quick_start_commands_are_given_verbatim():
    assert code_blocks("sh")[:2] == [APP_COMMAND + "\n", TEST_COMMAND + "\n"]


def test_ci_runs_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert TEST_COMMAND in ci_lines


def test_the_example_questionnaire_is_valid():
    example = code_blocks("yaml")[0]
    questionnaire = load_questionnaire_text(example, "README.md example")
    assert questionnaire.id == "seminar-feedback"
    assert [q.id for q in questionnaire.visible({"attended_before": True})][-1] == "used_since"


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
def test_every_question_type_is_named(question_type):
    """The README names each type; docs/questionnaire.md documents it (tests/test_docs.py)."""
    assert f"`{question_type}`" in README.split("## Writing a questionnaire")[1].split("\n## ")[0]


def test_every_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"`surveytui {name} " not in README]
    assert not missing, f"add a row `surveytui NAME ...` to README.md's Commands for {missing}"


def test_every_test_the_promises_name_exists():
    """The README's table of promises names tests; each must be there, or the promise
    has lost what holds it."""
    table = README[README.index("## What surveytui promises") : README.index("## Where results go")]
    named = re.findall(r"`(test_\w+\.py)?(?:::(test_\w+))?`", table)
    current = None
    checked = 0
    for file, test in named:
        current = file or current
        source = (Path(__file__).parent / current).read_text(encoding="utf-8")
        assert not test or re.search(rf"def {test}\(", source), f"{current}::{test}"
        checked += 1
    assert checked >= 12


def fresh_clone(tmp_path: Path) -> Path:
    """The folders a fresh clone has for the examples, without anyone's real results."""
    for folder in ("indicators", "questionnaires"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "results").mkdir()
    for path in (ROOT / "results").glob("*-example.*"):
        shutil.copyfile(path, tmp_path / "results" / path.name)
    return tmp_path


def test_the_indicator_commands_work_as_printed_on_a_fresh_clone(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(fresh_clone(tmp_path))
    commands = [
        line
        for block in code_blocks("sh")
        for line in block.splitlines()
        if line.startswith("surveytui indicators ")
    ]
    assert commands
    for command in commands:
        args = shlex.split(command.split("#")[0])[1:]
        if "-o" in args:
            args[args.index("-o") + 1] = str(tmp_path / "out")
        assert main(args) == 0, (command, capsys.readouterr().err)


def test_without_results_the_indicators_message_says_how_to_read_the_example(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(fresh_clone(tmp_path))
    assert main(["indicators", "indicators/collaboration.yaml"]) == 2
    err = capsys.readouterr().err
    assert "--results results/collaboration-indicators-v1-example.csv" in err
    assert "Traceback" not in err
