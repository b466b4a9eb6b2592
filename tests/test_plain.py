"""`surveytui run --plain` driven through a pseudo-terminal, as a person or screen reader would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

from kiosk_helpers import write_questionnaire
from surveytui.model import load_questionnaire
from surveytui.store import DraftJournal, ResponseStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    questionnaire = write_questionnaire(tmp_path)
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "surveytui",
            "run",
            str(questionnaire),
            "--plain",
            "--results",
            str(tmp_path / "results.csv"),
            *args,
        ],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
    )
    return child


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def rows(tmp_path: Path) -> list[dict]:
    questionnaire = load_questionnaire(tmp_path / "all-types.yaml")
    return ResponseStore(tmp_path / "results.csv", questionnaire).read().rows


def test_a_typed_response_is_checked_and_stored(tmp_path):
    child = spawn(tmp_path, "--tag", "unit=north")
    answer(child, "Choose a language", "3")
    child.expect_exact("Skriv ett av numren i listan")  # checked, in the first language
    child.sendline("2")  # English
    child.expect_exact("Hello")  # the intro, in English
    child.expect_exact("[1/8] Useful? *")
    child.expect_exact("1 = Not at all")
    child.expect_exact("? = Don't know")
    answer(child, "Type a number from 1 to 5", "")
    child.expect_exact("This question is required")
    child.sendline("7")
    child.expect_exact("Type a number from 1 to 5")
    child.sendline("4")
    answer(child, "Type the number of your choice", "1")  # again: yes
    child.expect_exact("Why?")  # show_if opened it
    child.sendline("Good people")
    answer(child, "Type the number of your choice", "3")  # role: other
    answer(child, "Please specify (Other)", "Chair")
    answer(child, "Type the numbers of all that apply", "2 1")
    answer(child, "A number", "3,5")
    child.expect_exact("Row A")
    child.sendline("1")
    child.expect_exact("Row B")
    child.sendline("3")
    child.expect_exact("Write no names.")
    answer(child, "Comment?", "")  # skipped: not required
    child.expect_exact("Thanks a lot!")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    child.expect_exact("1 svar sparat under sessionen")  # in the questionnaire's first language
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [row] = rows(tmp_path)
    assert row["unit"] == "north" and row["language"] == "en"
    assert row["useful"] == 4 and row["again"] is True and row["why_again"] == "Good people"
    assert row["role"] is None and row["role__other"] == "Chair"
    assert row["topics"] == ["y", "x"] or row["topics"] == ["x", "y"]
    assert row["years"] == 3.5 and row["grid_a"] == 1 and row["grid_b"] == 3
    assert row["comment"] is None


def test_ctrl_c_abandons_the_response_and_says_so(tmp_path):
    child = spawn(tmp_path, "--tag", "unit=north", "--lang", "sv")
    answer(child, "Skriv ett tal från 1 till 5", "2")
    child.expect_exact("Skriv numret på ditt val")
    child.sendcontrol("c")
    child.expect_exact("Svaret avbröts. Inget sparades.")
    child.expect_exact("Tryck Enter för ett nytt svar")
    child.sendcontrol("c")
    child.expect_exact("0 svar sparade under sessionen")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (tmp_path / "results.csv").exists() or rows(tmp_path) == []
    assert DraftJournal(tmp_path / "results.csv").list() == []  # abandoned: nothing kept


def test_missing_tag_is_asked_of_the_facilitator(tmp_path):
    child = spawn(tmp_path, "--lang", "en")
    answer(child, "unit (tag for this session", "")
    child.expect_exact("a value is needed")
    child.sendline("south")
    answer(child, "Type a number from 1 to 5", "?")
    answer(child, "Type the number of your choice", "2")
    for prompt in (
        "Type the number of your choice",
        "Type the numbers of all that apply",
        "A number",
    ):
        answer(child, prompt, "")
    for prompt in ("Row A", "Row B", "Comment?"):
        answer(child, prompt, "")
    child.expect_exact("Thanks a lot!")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    [row] = rows(tmp_path)
    assert row["unit"] == "south" and row["useful"] == "na" and row["again"] is False


def test_plain_mode_loads_neither_textual_nor_statistics():
    import subprocess

    probe = (
        "import sys, surveytui.plain, surveytui.session, surveytui.catalog; "
        "print(sorted({'textual', 'pandas', 'numpy', 'scipy'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def answer_rest(child: pexpect.spawn) -> None:
    """From the role question on, answer the all-types questionnaire in English, then finish."""
    answer(child, "Type the number of your choice", "1")
    answer(child, "Type the numbers of all that apply", "")
    answer(child, "A number", "")
    answer(child, "Row A", "")
    answer(child, "Row B", "")
    child.expect_exact("Write no names.")
    line = child.before.rsplit("\n", 1)[-1]
    assert "[" not in line, f"the note is numbered: {line!r}"
    answer(child, "Comment?", "")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")


def test_a_note_is_not_numbered_and_one_response_is_singular(tmp_path):
    child = spawn(tmp_path, "--tag", "unit=north", "--lang", "en")
    answer(child, "Type a number from 1 to 5", "4")
    answer(child, "Type the number of your choice", "2")
    answer_rest(child)
    child.expect_exact("1 response saved this session in")
    child.expect(pexpect.EOF)
    assert len(rows(tmp_path)) == 1


def test_a_killed_session_leaves_a_draft_that_the_next_run_resumes(tmp_path):
    child = spawn(tmp_path, "--tag", "unit=north", "--lang", "en")
    answer(child, "Type a number from 1 to 5", "4")
    answer(child, "Type the number of your choice", "1")
    child.expect_exact("[3/8] Why?")
    child.kill(9)  # a crash or a closed laptop: no chance to clean up
    child.close()
    [draft] = DraftJournal(tmp_path / "results.csv").list()
    assert draft.answers == {"useful": 4, "again": True} and draft.meta["language"] == "en"

    child = spawn(tmp_path, "--tag", "unit=south")
    child.expect_exact("2 answers · English")
    answer(child, "r = resume, d = discard, Enter = later", "r")
    child.expect_exact("[3/8] Why?")  # on where it stopped, in its language
    child.sendline("Good people")
    answer_rest(child)
    child.expect_exact("1 svar sparat under sessionen")
    child.expect(pexpect.EOF)
    [row] = rows(tmp_path)
    assert row["useful"] == 4 and row["again"] is True and row["why_again"] == "Good people"
    assert row["unit"] == "north" and row["language"] == "en"  # as when it was started
    assert DraftJournal(tmp_path / "results.csv").list() == []


def test_a_discarded_draft_is_gone_and_a_later_one_is_kept(tmp_path):
    journal = DraftJournal(tmp_path / "results.csv")
    journal.save("first", {"useful": 2}, {"language": "en", "tags": {"unit": "x"}, "page": 0})
    journal.save("second", {"useful": 3}, {"language": "sv", "tags": {"unit": "x"}, "page": 0})
    child = spawn(tmp_path, "--tag", "unit=north", "--lang", "en")
    answer(child, "r = resume, d = discard, Enter = later", "x")
    child.expect_exact("type r, d, or nothing")
    child.sendline("d")
    answer(child, "r = resume, d = discard, Enter = later", "")
    answer(child, "Type a number from 1 to 5", "")  # a new response, not a draft
    child.sendcontrol("c")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert [d.id for d in journal.list()] == ["second"]


def test_with_an_exit_code_only_the_code_ends_plain_mode(tmp_path):
    child = spawn(tmp_path, "--tag", "unit=north", "--lang", "en", "--exit-code", "42")
    child.expect_exact("Type a number from 1 to 5")
    child.sendcontrol("c")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    answer(child, "Exit code (facilitator)", "41")
    child.expect_exact("Wrong code. The session goes on.")
    child.expect_exact("Type a number from 1 to 5")
    child.sendcontrol("c")
    child.expect_exact("Press Enter for another response")
    child.sendcontrol("c")
    answer(child, "Exit code (facilitator)", "42")
    child.expect_exact("0 responses saved this session")
    child.expect(pexpect.EOF)
    assert "42" not in child.before
