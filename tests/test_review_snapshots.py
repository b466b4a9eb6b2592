"""Snapshots of the review screen over the example results: a section's overview, an item,
a scale and a group comparison (regenerate with --snapshot-update after a deliberate change)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from surveytui.tui.review import create_review_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "results" / "seminar-feedback-v1-example.csv"


def app():
    return create_review_app([EXAMPLE], lang="en")


async def settled(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def going_to(key: str, *then: str):
    """A run_before that waits for the data, moves to the entry `key` and presses `then`."""

    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        nav = pilot.app.screen.query_one("#review-nav", OptionList)
        enabled = [option.id for option in nav.options if not option.disabled]
        await pilot.press(
            *["down"] * (enabled.index(key) - enabled.index(nav.highlighted_option.id))
        )
        for key_name in then:
            await pilot.press(key_name)
            await settled(pilot)
        await pilot.pause()

    return run_before


def test_overview(snap_compare) -> None:
    assert snap_compare(
        app(), terminal_size=(120, 34), run_before=going_to("overview:relevance_use")
    )


def test_item_at_80x24(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), run_before=going_to("item:relevant_goals"))


def test_scale(snap_compare) -> None:
    assert snap_compare(app(), terminal_size=(100, 30), run_before=going_to("scale:new_knowledge"))


def test_group_comparison(snap_compare) -> None:
    assert snap_compare(
        app(), terminal_size=(120, 40), run_before=going_to("item:grade", "g", "down", "enter")
    )
