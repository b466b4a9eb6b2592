"""The committed example results are exactly what `python -m surveytui.examples` writes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from surveytui.examples import example_path, generate
from surveytui.model import load_questionnaire

ROOT = Path(__file__).parent.parent
QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires" / "seminar-feedback.yaml")
COMMITTED = example_path(QUESTIONNAIRE, ROOT / "results")
VARYING = ("response_id", "submitted_at")
REGENERATE = "regenerate it: python -m surveytui.examples"


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    path = example_path(QUESTIONNAIRE, tmp_path_factory.mktemp("results"))
    generate(QUESTIONNAIRE, path)
    return path


def test_the_example_is_named_as_example_data():
    assert COMMITTED.name == f"seminar-feedback-v{QUESTIONNAIRE.version}-example.csv"


def test_committed_example_is_what_the_generator_writes(regenerated):
    fresh, committed = rows(regenerated), rows(COMMITTED)
    assert list(fresh[0]) == list(committed[0]) == QUESTIONNAIRE.header(["seminar"]), REGENERATE
    strip = [{k: v for k, v in row.items() if k not in VARYING} for row in fresh]
    assert strip == [{k: v for k, v in row.items() if k not in VARYING} for row in committed], (
        REGENERATE
    )
    snapshot = COMMITTED.with_name(COMMITTED.stem + ".questionnaire.yaml")
    assert snapshot.read_text(encoding="utf-8") == QUESTIONNAIRE.source, REGENERATE


def test_generating_again_replaces_the_file(regenerated):
    before = rows(regenerated)
    generate(QUESTIONNAIRE, regenerated)
    after = rows(regenerated)
    assert len(after) == len(before)
    assert {r["response_id"] for r in after}.isdisjoint(r["response_id"] for r in before)


def test_the_example_looks_like_real_seminar_results():
    data = rows(COMMITTED)
    assert 200 <= len(data) <= 500
    per_seminar = {}
    for row in data:
        per_seminar[row["seminar"]] = per_seminar.get(row["seminar"], 0) + 1
    assert len(per_seminar) >= 5 and min(per_seminar.values()) >= 20
    assert sum(row["relevant_goals"] == "na" for row in data) >= 10
    assert sum(row["use_can"] == "" for row in data) >= 3
    assert all(row["grade"] != "" for row in data)
    swedish = [row["best"] for row in data if row["best"]]
    assert len(set(swedish)) >= 8 and any("å" in text or "ä" in text for text in swedish)
    assert {row["language"] for row in data} == {"sv", "da", "en"}
    assert all(row["used_since"] == "" for row in data if row["attended_before"] != "1")


def test_the_scales_hold_together():
    from surveytui.analysis import analyze

    scales = {s["id"]: s for s in analyze([COMMITTED]).to_dict()["scales"]}
    assert set(scales) == {"relevance", "usefulness", "new_knowledge"}
    for scale in scales.values():
        assert 0.7 <= scale["alpha"] <= 0.95, scale
