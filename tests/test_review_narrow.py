"""The review's waves and pairs at any width: words wrap, numbers are never cut short."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from surveytui.analysis import analyze, load_dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.report.text import format_number, format_p
from surveytui.tui.review.followup import WavesView
from surveytui.tui.review.views import PairsView

EXAMPLE = Path(__file__).resolve().parent.parent / "results" / "client-follow-up-v1-example.csv"
TARGET = "sit_housing"


@pytest.fixture(scope="module")
def shown():
    analysis = analyze([EXAMPLE], wave="wave", pair_by="client_code")
    by_unit = waves_by_unit(load_dataset([EXAMPLE]), "wave", "unit", 5)
    return analysis, by_unit


@pytest.mark.parametrize("width", range(30, 101, 7))
def test_every_number_of_the_waves_and_pairs_is_whole_at_any_width(shown, width):
    analysis, by_unit = shown
    console = Console(width=width, record=True, color_system=None)
    console.print(WavesView(TARGET, analysis.waves, by_unit, 1, 5))
    console.print(PairsView(analysis.pairs, TARGET))
    text = console.export_text()
    assert "…" not in text
    numbers = [format_number(lv.cell(TARGET).mean) for lv in analysis.waves.levels]
    for unit in by_unit.levels:
        numbers += [format_number(lv.cell(TARGET).mean) for lv in unit.waves.levels]
    (comparison,) = analysis.pairs.comparisons
    paired = comparison.target_of(TARGET)
    numbers += [
        str(paired.n),
        format_number(paired.mean_before),
        format_number(paired.mean_after),
        f"{paired.mean_change:+.2f}",
        format_p(paired.p),
        format_number(paired.effect.value),
    ]
    words = text.split()
    assert [n for n in numbers if n not in words] == []
