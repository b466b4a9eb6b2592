"""Snapshots of the builder at 80x24: the tree with the editor, the preview, the problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from surveytui.tui.builder import create_build_app
from surveytui.tui.builder.screen import REFRESH_DELAY, SHOW_DELAY

SEMINAR = Path(__file__).resolve().parent.parent / "questionnaires" / "seminar-feedback.yaml"


@pytest.fixture
def seminar_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The builder on a copy of the seminar questionnaire, named relative to the cwd so
    that the status line is the same on every machine."""
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(SEMINAR, tmp_path / "questionnaires")
    monkeypatch.chdir(tmp_path)
    return create_build_app(Path("questionnaires/seminar-feedback.yaml"), base=Path("."))


def keys(*pressed: str):
    """Press keys, then wait until the selected part's form has been built."""

    async def run_before(pilot) -> None:
        await pilot.press(*pressed)
        await pilot.pause(SHOW_DELAY * 3)

    return run_before


def test_tree_and_editor_of_a_likert_question(snap_compare, seminar_app) -> None:
    assert snap_compare(
        seminar_app, run_before=keys("down", "down", "down"), terminal_size=(80, 24)
    )


def test_preview_in_the_second_language(snap_compare, seminar_app) -> None:
    assert snap_compare(
        seminar_app, run_before=keys("down", "down", "down", "f3", "ctrl+l"), terminal_size=(80, 24)
    )


def test_problems_marked_in_the_tree_and_listed(snap_compare, seminar_app) -> None:
    async def break_it(pilot) -> None:
        await pilot.press(
            "down", "down", "down", "e", *["tab"] * 7, "end", "backspace", "1", "2", "escape", "f4"
        )
        await pilot.pause(REFRESH_DELAY * 2)

    assert snap_compare(seminar_app, run_before=break_it, terminal_size=(80, 24))
