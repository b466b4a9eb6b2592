"""The kiosk driven by keyboard through Textual's Pilot: what participants and facilitators do."""

from __future__ import annotations

import re

from textual.command import CommandPalette
from textual.widgets import Static

from kiosk_helpers import SEMINAR, kiosk
from surveytui.model import load_questionnaire
from surveytui.model.types import tr
from surveytui.store import DraftJournal, ResponseStore
from surveytui.tui.dialogs import ConfirmDialog, TooSmallScreen
from surveytui.tui.screens.facilitator import DraftsScreen, TagsScreen
from surveytui.tui.screens.kiosk import (
    IntroScreen,
    ResponseScreen,
    StartScreen,
    ThankYouScreen,
)
from surveytui.tui.widgets.questions import QuestionWidget


def keys(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def rows(tmp_path, questionnaire):
    result = ResponseStore(tmp_path / "results.csv", load_questionnaire(questionnaire)).read()
    assert result.problems == []
    return result.rows


async def start_in(pilot, language_button: int = 0) -> ResponseScreen:
    """From the start screen, choose the n-th language button by keyboard (and read the intro)."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press(*["tab"] * language_button, "enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, IntroScreen):
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, ResponseScreen)
    return pilot.app.screen


async def test_full_seminar_response_by_keyboard_writes_its_row(tmp_path):
    app = kiosk(tmp_path, SEMINAR, tags={"seminar": "3"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot, language_button=2)  # Svenska, Dansk, English
        assert screen.lang == "en"
        await pilot.press(*"434251", "enter")  # six likert items, then Next
        await pilot.press(*"442", "enter")
        await pilot.press(*"4455")  # the matrix rows
        await pilot.press(*["right"] * 8, "space", "tab", "enter")  # grade 8 of 0-10
        await pilot.pause()
        assert not screen.query_one("#q-used_since").display
        await pilot.press("2", "1")  # role, attended before: yes
        await pilot.pause()
        assert screen.query_one("#q-used_since").display  # show_if opened it
        await pilot.press("3", "enter")  # used since: don't know
        await pilot.press(*keys("Good examples"), "tab", *keys("More time"), "tab")
        await pilot.press("1", "3", "tab", "enter")  # topics, then Submit
        await pilot.pause()
        assert isinstance(app.screen, ThankYouScreen)
    [row] = rows(tmp_path, SEMINAR)
    assert row["seminar"] == "3" and row["language"] == "en"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["submitted_at"])
    assert [
        row[k]
        for k in (
            "relevant_work",
            "relevant_goals",
            "relevant_practice",
            "use_can",
            "use_will",
            "use_share",
            "learnt_new",
            "learnt_deeper",
            "learnt_known",
        )
    ] == [4, 3, 4, 2, 5, 1, 4, 4, 2]
    assert [
        row[k]
        for k in (
            "format_structure",
            "format_discussion",
            "speaker_clear",
            "speaker_examples",
            "grade",
        )
    ] == [4, 4, 5, 5, 8]
    assert row["role"] == "caseworker"
    assert row["attended_before"] is True and row["used_since"] == "na"
    assert row["best"] == "Good examples" and row["improve"] == "More time"
    assert row["topics"] == ["indicators", "analysis"]
    assert DraftJournal(tmp_path / "results.csv").list() == []


async def test_required_question_stops_and_names_it(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.page == 0
        message = str(screen.query_one("#message", Static).render())
        assert "Please answer: Useful?" in message
        await pilot.press("3", "enter")
        await pilot.pause()
        assert screen.page == 1
        assert str(screen.query_one("#message", Static).render()) == ""


async def test_show_if_hides_and_drops_the_answer(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        why = screen.query_one("#q-why_again")
        await pilot.press("5", "1")
        await pilot.pause()
        assert why.display and app.focused in why.query("Input")
        await pilot.press(*"because")
        await pilot.pause()
        assert screen.answers["why_again"] == "because"
        screen.query_one("#q-again").query_one("OptionPicker").focus()
        await pilot.press("2")
        await pilot.pause()
        assert not why.display
        screen._submit()
        await pilot.pause()
    [row] = rows(tmp_path, app.session.questionnaire.path)
    assert row["again"] is False and row["why_again"] is None


async def test_next_participant_gets_a_clean_form(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        first = await start_in(pilot)
        await pilot.press("4", "1", *"secret", "enter")
        await pilot.pause()
        first._submit()
        await pilot.pause()
        assert isinstance(app.screen, ThankYouScreen)
        assert first not in app.screen_stack
        assert not first.query(QuestionWidget)  # its widgets, and their answers, are gone
        await pilot.press("enter")
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        assert "1 this session · 1 in results.csv" in str(start.query_one("#facilitator").render())
        await pilot.press("pageup", "escape")  # nothing of the last response to go back to
        await pilot.pause()
        assert app.screen is start
        second = await start_in(pilot)
        assert second is not first and second.answers == {}
        assert all(widget.answer == {} for widget in second.query(QuestionWidget))
        assert not second.query_one("#q-why_again").display


async def test_participant_keys_cannot_leave_the_kiosk(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for screen_kind in (StartScreen, ResponseScreen):
            if screen_kind is ResponseScreen:
                await start_in(pilot)
            screen = app.screen
            await pilot.press("ctrl+q", "ctrl+c", "q", "escape", "ctrl+p", "ctrl+z")
            await pilot.pause()
            assert app.is_running and app.return_code is None
            assert app.screen is screen
            assert not CommandPalette.is_open(app)


async def test_facilitator_chord_ends_only_after_confirmation(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_in(pilot)
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ResponseScreen) and app.is_running
        await pilot.press("ctrl+x", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_missing_tags_are_asked_before_the_first_participant(tmp_path):
    app = kiosk(tmp_path, language="en", tags={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TagsScreen)
        await pilot.click("#tags-done")
        await pilot.pause()
        assert "Please fill in: unit" in str(app.screen.query_one("#tags-message").render())
        await pilot.press(*"south", "enter")  # Enter in the last field is Continue
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "unit=south" in str(app.screen.query_one("#facilitator").render())
        screen = await start_in(pilot)
        await pilot.press("2")
        screen._submit()
        await pilot.pause()
    [row] = rows(tmp_path, app.session.questionnaire.path)
    assert row["unit"] == "south" and row["useful"] == 2


async def test_unfinished_response_is_offered_and_resumed(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_in(pilot)
        await pilot.press("4", "1", *"why", "enter", "enter")
        await pilot.pause()
        await pilot.press("ctrl+x", "y")
    assert rows(tmp_path, app.session.questionnaire.path) == []
    [draft] = DraftJournal(tmp_path / "results.csv").list()
    assert draft.answers == {"useful": 4, "again": True, "why_again": "why"}

    again = kiosk(tmp_path, language="en")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DraftsScreen)
        await pilot.press("r")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ResponseScreen) and screen.page == 1
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.query_one("#q-why_again").answer == {"why_again": "why"}
        screen._submit()
        await pilot.pause()
    [row] = rows(tmp_path, again.session.questionnaire.path)
    assert row["useful"] == 4 and row["why_again"] == "why"
    assert DraftJournal(tmp_path / "results.csv").list() == []


async def test_discarded_draft_is_gone_and_never_counted(tmp_path):
    journal = DraftJournal(tmp_path / "results.csv")
    journal.save("d1", {"useful": 2}, {"language": "en", "tags": {"unit": "north"}, "page": 0})
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("d", "y")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "0 in results.csv" in str(app.screen.query_one("#facilitator").render())
    assert journal.list() == []


async def test_tiny_window_asks_for_more_room_and_keeps_answers(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        await pilot.press("4", "1")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in str(app.screen.query_one("#too-small").render())
        await pilot.press("5", "enter", "tab")  # keys do nothing while covered
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen is screen
        assert screen.answers == {"useful": 4, "again": True}


async def test_started_in_a_tiny_window_shows_the_message(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("enter", "tab", "1")
        await pilot.pause()
        assert app.is_running


async def test_timestamp_keeps_the_minute(tmp_path):
    app = kiosk(tmp_path, language="en", timestamp=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_in(pilot)
        await pilot.press("1")
        app.screen._submit()
        await pilot.pause()
    [row] = rows(tmp_path, app.session.questionnaire.path)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", row["submitted_at"])


async def test_enter_in_a_multiline_answer_is_a_new_line(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        screen._show_page(2)
        await pilot.pause()
        await pilot.press(*"one", "enter", *"two")
        await pilot.pause()
        assert screen.page == 2 and screen.answers["comment"] == "one\ntwo"


async def test_review_step_lists_the_answers_before_submit(tmp_path):
    from kiosk_helpers import ALL_TYPES, write_questionnaire

    path = write_questionnaire(
        tmp_path, ALL_TYPES.replace("tags: [unit]", "tags: [unit]\nreview_before_submit: true")
    )
    app = kiosk(tmp_path, path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        await pilot.press("5", "2", "enter", "pagedown", "pagedown")
        await pilot.pause()
        assert screen.pages[screen.page] == "page-review"
        review = str(screen.query_one("#answers-review").render())
        assert "Useful?\n    5 Fully" in review and "Again?\n    No" in review
        assert "Why?" not in review  # hidden by show_if
        assert "Comment?\n    (no answer)" in review
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ThankYouScreen)
    [row] = rows(tmp_path, path)
    assert row["useful"] == 5 and row["again"] is False


def test_run_refuses_a_file_written_with_another_questionnaire(tmp_path, capsys):
    from kiosk_helpers import write_questionnaire
    from surveytui.cli import main

    path = write_questionnaire(tmp_path)
    ResponseStore(tmp_path / "results.csv", load_questionnaire(path)).append(
        {"useful": 1}, {"unit": "north"}, language="en"
    )
    path.write_text(path.read_text().replace("Useful?", "Helpful?"), encoding="utf-8")
    for extra in ([], ["--plain"]):
        assert main(["run", str(path), "--results", str(tmp_path / "results.csv"), *extra]) == 2
        assert "snapshot" in capsys.readouterr().err
    assert main(["run", str(path), "--lang", "fi"]) == 2
    assert "--lang fi: the questionnaire is in sv, en only" in capsys.readouterr().err


async def test_an_unreadable_draft_is_reported_not_fatal(tmp_path):
    from textual.notifications import Notify

    drafts = tmp_path / "results.drafts"
    drafts.mkdir()
    (drafts / "torn.json").write_text("{not json", encoding="utf-8")
    notes: list[str] = []
    app = kiosk(tmp_path, language="en")

    def hook(message):
        if isinstance(message, Notify):
            notes.append(message.notification.title)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert notes == ["A draft was skipped"]


async def test_a_failed_save_keeps_the_participant_on_their_answers(tmp_path, monkeypatch):
    from surveytui.errors import SurveyError
    from surveytui.tui.dialogs import ErrorDialog

    app = kiosk(tmp_path, language="en")

    def disk_full(*args, **kwargs):
        raise SurveyError("cannot save the answers: No space left on device")

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        await pilot.press("3")
        monkeypatch.setattr(app.session.store, "append", disk_full)
        screen._submit()
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.answers == {"useful": 3}
    [draft] = DraftJournal(tmp_path / "results.csv").list()
    assert draft.answers == {"useful": 3}


async def test_the_mouse_alone_can_answer(tmp_path):
    from surveytui.tui.widgets.questions import OptionCell

    app = kiosk(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-en")
        await pilot.pause()
        await pilot.click("#intro-start")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResponseScreen) and screen.lang == "en"
        await pilot.click(list(screen.query_one("#q-useful").query(OptionCell))[3])
        await pilot.click("#next")
        await pilot.pause()
        assert screen.page == 1 and screen.answers == {"useful": 4}
        await pilot.click("#back")
        await pilot.pause()
        assert screen.page == 0


async def test_the_intro_is_shown_in_the_chosen_language_before_the_first_question(tmp_path):
    app = kiosk(tmp_path, SEMINAR, tags={"seminar": "3"})
    english = tr(app.session.questionnaire.intro, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#lang-en")  # by mouse, so focus never showed the English intro
        await pilot.pause()
        intro = app.screen
        assert isinstance(intro, IntroScreen)
        assert str(intro.query_one("#intro-text").render()) == english
        assert "anonym" in english
        await pilot.press("escape")  # back to choose another language
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("tab", "enter")  # Dansk
        await pilot.pause()
        assert str(app.screen.query_one("#intro-text").render()) == tr(
            app.session.questionnaire.intro, "da"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResponseScreen) and app.screen.lang == "da"


async def test_please_answer_goes_once_the_question_is_answered(tmp_path):
    app = kiosk(tmp_path, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Please answer: Useful?" in str(screen.query_one("#message").render())
        await pilot.press("3")
        await pilot.pause()
        assert screen.page == 0
        assert str(screen.query_one("#message").render()) == ""
        assert not screen.query_one("#q-useful").has_class("-problem")


async def test_enter_moves_through_the_tags_and_continues_from_the_last(tmp_path):
    from kiosk_helpers import ALL_TYPES, write_questionnaire

    path = write_questionnaire(tmp_path, ALL_TYPES.replace("tags: [unit]", "tags: [unit, day]"))
    app = kiosk(tmp_path, path, language="en", tags={})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TagsScreen)
        await pilot.press(*"south", "enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#tag-day")
        await pilot.press("enter")  # day still empty: said so, and stays there
        await pilot.pause()
        assert "Please fill in: day" in str(app.screen.query_one("#tags-message").render())
        assert app.focused is app.screen.query_one("#tag-day")
        await pilot.press("2", "tab", "enter")  # Tab to Continue: the first Enter counts
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.session.tags == {"unit": "south", "day": "2"}


async def test_the_footer_names_the_keys_for_10_and_dont_know(tmp_path):
    app = kiosk(tmp_path, SEMINAR, language="en", tags={"seminar": "3"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_in(pilot)
        assert "? = Don't know" in str(screen.query_one("#hints").render())
        grade_page = next(
            i for i, s in enumerate(screen.sections) if any(q.id == "grade" for q in s.questions)
        )
        screen._show_page(grade_page)
        await pilot.pause()
        hints = str(screen.query_one("#hints").render())
        assert "+ = 10" in hints
        screen.query_one("#q-grade").query_one("OptionPicker").focus()
        await pilot.press("+")
        await pilot.pause()
        assert screen.answers["grade"] == 10
