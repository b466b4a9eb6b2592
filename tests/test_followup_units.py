"""Waves per unit for the review screen: analyze's numbers, suppressed per wave across units."""

from pathlib import Path

import pytest
from rich.console import Console

from surveytui.analysis import analyze, load_dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.tui.review.followup import WavesView

EXAMPLE = Path(__file__).parent.parent / "results" / "collaboration-indicators-v1-example.csv"


@pytest.fixture(scope="module")
def by_unit():
    return waves_by_unit(load_dataset(EXAMPLE), "wave", "unit")


def test_unit_waves_are_analyze_with_that_unit(by_unit):
    north = next(u for u in by_unit["levels"] if u["value"] == "north")
    expected = analyze(EXAMPLE, filters={"unit": "north"}, wave="wave").waves
    assert north["waves"] == expected


def test_a_small_unit_hides_the_next_smallest_in_every_wave(by_unit):
    """harbour has 3 respondents a wave, east the next fewest: both hidden in every wave,
    though each has enough respondents over all waves to be named."""
    for name in ("harbour", "east"):
        unit = next(u for u in by_unit["levels"] if u["value"] == name)
        assert not unit["suppressed"]
        assert all(
            level["suppressed"] and level["scales"]["shared_goals"]["mean"] is None
            for level in unit["waves"]["levels"]
        )
        assert unit["waves"]["tests"] == [] and unit["waves"]["trends"] == []


def test_the_view_draws_the_numbers_and_no_hidden_ones(by_unit):
    waves = analyze(EXAMPLE, wave="wave").waves
    console = Console(width=100, record=True, color_system=None)
    console.print(WavesView("joint_follow_up", waves, by_unit, 1, 5))
    text = console.export_text()
    north = next(u for u in by_unit["levels"] if u["value"] == "north")
    last = north["waves"]["levels"][-1]["scales"]["joint_follow_up"]
    assert f"{last['mean']:.2f}" in text and f"{last['change']:+.2f}" in text
    harbour_lines = text.split("harbour")[1].split("north")[0]
    assert not any(
        ch.isdigit()
        for ch in harbour_lines.replace("2025-2", "").replace("2026-1", "").replace("2026-2", "")
    )
    assert "Jonckheere-Terpstra" in text
