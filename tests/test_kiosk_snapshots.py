"""How the kiosk looks at 80x24 (and 40x12), one snapshot per important screen state.

Regenerate on purpose with `pytest tests/test_kiosk_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from kiosk_helpers import SEMINAR, freeze_cursors, kiosk


def seminar(tmp_path, **options):
    return kiosk(tmp_path, SEMINAR, tags={"seminar": "3"}, **options)


def test_start_screen(snap_compare, tmp_path):
    assert snap_compare(seminar(tmp_path), terminal_size=(80, 24))


def test_likert_section(snap_compare, tmp_path):
    assert snap_compare(
        seminar(tmp_path, language="en"), press=["enter", "4", "3"], terminal_size=(80, 24)
    )


def test_text_question(snap_compare, tmp_path):
    async def on_comments_page(pilot):
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.screen._show_page(4)
        await pilot.press(*"Clear", "space", *"examples")
        freeze_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(
        seminar(tmp_path, language="sv"), run_before=on_comments_page, terminal_size=(80, 24)
    )


def test_thank_you(snap_compare, tmp_path):
    async def submitted(pilot):
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        screen.answers["grade"] = 7
        screen._submit()
        await pilot.pause()

    assert snap_compare(
        seminar(tmp_path, language="da"), run_before=submitted, terminal_size=(80, 24)
    )


def test_tiny_window_message(snap_compare, tmp_path):
    assert snap_compare(seminar(tmp_path), terminal_size=(40, 12))


def test_rating_0_to_10_labels_and_keys(snap_compare, tmp_path):
    async def on_grade_page(pilot):
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        screen._show_page(
            next(
                i
                for i, s in enumerate(screen.sections)
                if any(q.id == "grade" for q in s.questions)
            )
        )
        screen.query_one("#q-grade").query_one("OptionPicker").focus()
        screen.query_one("#q-grade").scroll_visible(animate=False)  # its labels, on screen
        await pilot.pause()

    assert snap_compare(
        seminar(tmp_path, language="da"), run_before=on_grade_page, terminal_size=(80, 24)
    )


def test_intro_in_the_chosen_language(snap_compare, tmp_path):
    assert snap_compare(seminar(tmp_path), press=["tab", "tab", "enter"], terminal_size=(80, 24))
