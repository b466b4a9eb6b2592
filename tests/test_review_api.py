"""What the review screen adds to analysis (histogram, select, filter_dataset) and its charts,
and the screen on a questionnaire with a number, a matrix and a respondent code."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from textual.widgets import OptionList, Static

from surveytui.analysis import analyze, analyze_dataset, filter_dataset, load_dataset
from surveytui.analysis.analyze import _histogram
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore
from surveytui.tui.dialogs import TextDialog
from surveytui.tui.review import create_review_app
from surveytui.tui.review.charts import CENTRE, diverging_bar
from surveytui.tui.review.respondent import respondent_lines

QUESTIONNAIRE = """\
id: review-test
version: "1"
languages: [en, sv]
title: {en: Review test, sv: Granskningstest}
tags: [unit]
scales:
  both: {items: [grid_x, grid_y]}
sections:
  - id: main
    title: {en: Main, sv: Huvud}
    questions:
      - {id: useful, type: likert, points: 4, text: {en: Useful, sv: Nyttig}}
      - id: grid
        type: matrix
        points: 5
        text: {en: Grid, sv: Rutnät}
        rows:
          - {id: grid_x, text: {en: X, sv: X}}
          - {id: grid_y, text: {en: Y, sv: Y}, reverse: true}
      - {id: hours, type: number, text: {en: Hours, sv: Timmar}}
      - {id: comment, type: text, text: {en: Comment, sv: Kommentar}}
      - {id: code, type: text, respondent_code: true, multiline: false,
         text: {en: Your code, sv: Din kod}}
"""


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """Twelve responses in two units: hours spread widely, a respondent code on each."""
    source = tmp_path / "q.yaml"
    source.write_text(QUESTIONNAIRE)
    store = ResponseStore(tmp_path / "r.csv", load_questionnaire(source))
    for n in range(12):
        store.append(
            {
                "useful": n % 4 + 1,
                "grid_x": n % 5 + 1,
                "grid_y": (n * 2) % 5 + 1,
                "hours": 1.5 * n * n,
                "comment": f"comment [b]{n}[/b]" if n % 3 == 0 else None,
                "code": f"SECRET{n}",
            },
            {"unit": "north" if n < 7 else "south"},
        )
    return tmp_path / "r.csv"


def test_histogram_bins() -> None:
    assert _histogram(np.array([])) == {}
    assert _histogram(np.array([2.0, 2, 4])) == {"2": 2, "3": 0, "4": 1}
    spread = _histogram(np.array([0.0, 0.5, 99, 100]))
    assert len(spread) == 10 and sum(spread.values()) == 4
    assert next(iter(spread)) == "0–10" and list(spread)[-1] == "90–100"
    assert spread["0–10"] == 2 and spread["90–100"] == 2


def test_select_narrows_items_scales_and_groups(results: Path) -> None:
    analysis = analyze([results], by="unit")
    chosen = analysis.select(["grid"])
    assert [i["id"] for i in chosen.items] == ["grid_x", "grid_y"] and chosen.scales == []
    assert all(
        set(level["items"]) == {"grid_x", "grid_y"} and level["scales"] == {}
        for level in chosen.groups["levels"]
    )
    assert {t["target"] for t in chosen.groups["tests"]} == {"grid_x", "grid_y"}
    scale = analysis.select(["both"])
    assert scale.items == [] and [s["id"] for s in scale.scales] == ["both"]
    assert set(scale.groups["levels"][0]["scales"]) == {"both"} and scale.n_responses == 12
    assert [s["id"] for s in analysis.select(["hours", "grid_y"]).scales] == []
    assert [i["id"] for i in analysis.select(["hours", "grid_y"]).items] == ["grid_y", "hours"]


def test_filter_dataset_gives_the_rows_analyzed(results: Path) -> None:
    dataset = load_dataset([results])
    south = filter_dataset(dataset, {"unit": "south"})
    assert len(south.frame) == 5 == analyze_dataset(dataset, filters={"unit": "south"}).n_responses
    assert len(filter_dataset(dataset, None).frame) == 12


@pytest.mark.parametrize(
    "counts",
    [
        [5, 36, 89, 107, 30],
        [1, 0, 0, 0],
        [0, 0, 0, 9],
        [0, 0, 0, 0, 0],
        [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
        [7, 7],
    ],
)
def test_diverging_bar_has_a_fixed_width_and_its_centre_in_the_middle(counts) -> None:
    for half in (8, 13, 30):
        bar = diverging_bar(counts, half).plain
        assert len(bar) == 2 * half + 1 and bar[half] == CENTRE
        total = sum(counts)
        if total:
            side = len(counts) // 2
            middle = counts[side] / 2 if len(counts) % 2 else 0
            low = (sum(counts[:side]) + middle) / total
            assert abs(bar[:half].count("█") - low * half) <= 1


def test_respondent_lines_leave_out_the_respondent_code(results: Path) -> None:
    lines = respondent_lines(load_dataset([results]), 3, "en")
    assert lines[0] == "unit: north" and "comment: comment [b]3[/b]" in lines
    assert "hours: 13.5" in lines and "grid_y: 2" in lines
    assert not any("SECRET" in line or line.startswith("code") for line in lines)


async def test_number_matrix_and_respondent_code_on_screen(results: Path) -> None:
    async with create_review_app([results], lang="en").run_test(size=(100, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        nav = screen.query_one("#review-nav", OptionList)
        keys = [option.id for option in nav.options if option.id]
        assert "item:code" not in keys and {"item:grid_x", "item:grid_y", "item:hours"} <= set(keys)
        await pilot.press(*["down"] * (keys.index("item:hours") - keys.index("overview:main")))
        await pilot.pause()
        view = screen.query_one("#review-view", Static)
        console = Console(width=view.content_region.width, file=io.StringIO(), record=True)
        console.print(view.content)
        text = console.export_text()
        hours = screen.analysis.item("hours")
        for label, count in hours["histogram"].items():
            assert any(
                line.strip().startswith(label) and line.rstrip().endswith(f" {count}")
                for line in text.splitlines()
            )
        assert f"median {hours['median']:.2f}" in text and f"max {hours['max']:.2f}" in text
        await pilot.press("down", "slash", "enter", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        assert not any("SECRET" in line for line in pilot.app.screen.lines)
        answers = pilot.app.screen_stack[0].query_one("#review-answers", OptionList)
        assert str(answers.get_option_at_index(0).prompt) == "comment [b]0[/b]"
