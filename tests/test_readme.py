"""README.md stays true: its test command is the one CI runs, and its example is valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from surveytui.cli import build_parser
from surveytui.model import QUESTION_TYPES, load_questionnaire_text

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = ("python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' "
                "&& .venv/bin/python -m pytest -q")
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
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## What surveytui promises"):text.index("## Where results go")]
    named = re.findall(r"`(test_\w+\.py)?(?:::(test_\w+))?`", table)
    current = None
    checked = 0
    for file, test in named:
        current = file or current
        source = (Path(__file__).parent / current).read_text(encoding="utf-8")
        assert not test or re.search(rf"def {test}\(", source), f"{current}::{test}"
        checked += 1
    assert checked >= 12
