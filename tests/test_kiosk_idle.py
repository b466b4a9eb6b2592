"""The kiosk left alone (idle reset) and ended by the facilitator's exit code, through the Pilot."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kiosk_helpers import kiosk
from surveytui.store import DraftJournal
from surveytui.tui.dialogs import ConfirmDialog, ExitCodeDialog, StillThereDialog
from surveytui.tui.screens.kiosk import (
    IntroScreen,
    ResponseScreen,
    StartScreen,
    ThankYouScreen,
)
from surveytui.tui.widgets.questions import QuestionWidget

TINY = 0.02
"""Minutes: 1.2 s, so that the tests wait for the idle reset without sleeping for minutes
(and a loaded machine does not pause that long between two typed keys)."""


async def until(pilot, condition, what: str) -> None:
    """Let the app run until `condition()` holds (a bounded wait for a condition, not a sleep)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


async def answer_first(pilot, app) -> ResponseScreen:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ResponseScreen)
    await pilot.press("4", "1", *"my reason")
    await pilot.pause()
    return screen


async def test_left_alone_the_response_is_put_aside_and_the_start_screen_shows_nothing(tmp_path):
    app = kiosk(tmp_path, language="en", idle_minutes=TINY)
    pushed = []
    push_screen = app.push_screen
    app.push_screen = lambda screen, *args, **kwargs: (  # type: ignore[method-assign]
        pushed.append(screen),
        push_screen(screen, *args, **kwargs),
    )[1]
    async with app.run_test(size=(80, 24)) as pilot:
        response = await answer_first(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, StartScreen), "back to the start")
        assert [type(s) for s in pushed][-1:] == [StillThereDialog]  # asked first
        await pilot.pause()
        assert response not in app.screen_stack
        assert not response.query(QuestionWidget)  # its widgets, and their answers, are gone
        assert not any(isinstance(s, (ResponseScreen, StillThereDialog)) for s in app.screen_stack)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "my reason" not in shown
        assert "0 this session" in shown
        [draft] = DraftJournal(tmp_path / "results.csv").list()
        assert draft.answers == {"useful": 4, "again": True, "why_again": "my reason"}
        await pilot.press("enter")  # the next participant starts afresh
        await pilot.pause()
        assert isinstance(app.screen, ResponseScreen) and app.screen.answers == {}


async def test_a_key_at_are_you_still_there_keeps_the_participant_on_their_answers(tmp_path):
    app = kiosk(tmp_path, language="en", idle_minutes=TINY)
    app.still_there_seconds = 60  # however slow this machine, the key comes in time
    async with app.run_test(size=(80, 24)) as pilot:
        response = await answer_first(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, StillThereDialog), "still there?")
        await pilot.pause()
        assert "Are you still there?" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("space")
        await pilot.pause()
        assert app.screen is response
        assert response.answers == {"useful": 4, "again": True, "why_again": "my reason"}


async def test_a_response_left_before_any_answer_leaves_no_draft(tmp_path):
    app = kiosk(tmp_path, idle_minutes=TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "enter")  # English: the intro screen
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        await until(pilot, lambda: isinstance(app.screen, StartScreen), "back to the start")
        # the start screen is in its first language again, once it is resumed
        await until(pilot, lambda: app.ui_lang == "sv", "the first language again")
    assert DraftJournal(tmp_path / "results.csv").list() == []


async def test_the_start_screen_and_the_facilitator_screens_are_never_reset(tmp_path):
    app = kiosk(tmp_path, language="en", tags={}, idle_minutes=TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tags = app.screen
        app.idle_timeout()  # as the timer would, however often it fires
        await pilot.pause()
        assert app.screen is tags
        await pilot.press(*"north", "enter")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        app.idle_timeout()
        await pilot.pause()
        assert app.screen is start


async def test_zero_idle_minutes_turn_the_reset_off(tmp_path):
    app = kiosk(tmp_path, language="en", idle_minutes=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.idle_timer is None


async def test_with_an_exit_code_only_the_code_ends_the_session(tmp_path):
    app = kiosk(tmp_path, language="en", exit_code="4711")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        facilitator = str(app.screen.query_one("#facilitator").render())
        assert "4711" not in facilitator
        await pilot.press("enter", "4")
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, ExitCodeDialog)
        assert not isinstance(app.screen, ConfirmDialog)
        field = app.screen.query_one(Input)
        assert field.password
        await pilot.press("y")  # today's confirmation key is not enough
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ExitCodeDialog)
        assert "wrong" in str(app.screen.query_one("#exit-message").render()).lower()
        assert app.screen.query_one(Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResponseScreen) and app.screen.answers == {"useful": 4}
        await pilot.press("ctrl+x", *"4711", "enter")
        await pilot.pause()
    assert app.return_code == 0
    [draft] = DraftJournal(tmp_path / "results.csv").list()
    assert draft.answers == {"useful": 4}


async def test_without_an_exit_code_ctrl_x_and_y_end_the_session_as_before(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


def test_run_passes_idle_minutes_and_exit_code_to_the_kiosk(tmp_path, monkeypatch):
    import surveytui.tui.app as tui_app
    from kiosk_helpers import write_questionnaire
    from surveytui.cli import main

    given: list[dict] = []
    monkeypatch.setattr(tui_app, "run_kiosk", lambda path, **options: given.append(options) or 0)
    path = str(write_questionnaire(tmp_path))
    assert main(["run", path, "--idle-minutes", "0,5", "--exit-code", "4711"]) == 0
    assert main(["run", path]) == 0
    assert [(o["idle_minutes"], o["exit_code"]) for o in given] == [(0.5, "4711"), (3.0, None)]


@pytest.mark.parametrize(
    "args",
    [
        ["--idle-minutes", "-1"],
        ["--idle-minutes", "soon"],
        ["--idle-minutes", "nan"],
        ["--exit-code", " "],
        ["--plain", "--idle-minutes", "2"],
    ],
)
def test_run_refuses_a_bad_idle_time_or_exit_code_with_exit_2(tmp_path, capsys, args):
    from kiosk_helpers import write_questionnaire
    from surveytui.cli import main

    path = str(write_questionnaire(tmp_path))
    try:
        code = main(["run", path, "--results", str(tmp_path / "r.csv"), *args])
    except SystemExit as exit:  # argparse's own refusal
        code = exit.code
    assert code == 2
    err = capsys.readouterr().err
    assert ("--idle-minutes" in err or "--exit-code" in err) and "Traceback" not in err
    assert not (tmp_path / "r.csv").exists()


async def test_a_thank_you_left_on_screen_hands_over_to_the_start_screen(tmp_path):
    app = kiosk(tmp_path, language="en", idle_minutes=TINY)
    async with app.run_test(size=(80, 24)) as pilot:
        # Answering may take longer than the tiny idle time on a loaded machine, so the
        # timer starts once the thank-you is on screen, which is what this test is about.
        # (Pausing it would not do: each key press resets a timer, and a reset resumes it.)
        app.idle_timer.stop()
        app.idle_timer = None
        response = await answer_first(pilot, app)
        response._submit()
        await pilot.pause()
        assert isinstance(app.screen, ThankYouScreen)
        app.idle_timer = app.set_interval(app.idle_seconds, app.idle_timeout)
        await until(pilot, lambda: isinstance(app.screen, StartScreen), "back to the start")
        # The start screen counts again once it is resumed, an event after it is shown.
        await until(
            pilot,
            lambda: "1 this session" in str(app.screen.query_one("#facilitator").render()),
            "the response counted on the start screen",
        )
    assert DraftJournal(tmp_path / "results.csv").list() == []
