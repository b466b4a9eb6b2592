"""The typed analysis results print exactly the JSON that `analyze --format json` printed
before they were typed, byte for byte; every renderer reads them by attribute, and the
analysis, report and review key on a question's kind of answer, not its type's name.

The reference files were made by the CLI before the results became classes (the runs in
`RUNS`); like every golden file they are regenerated with SURVEYTUI_UPDATE_GOLDEN=1. The
second has waves, trends, pairs per group and hidden levels and cells.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from golden_helpers import GOLDEN, golden
from surveytui import cli
from surveytui.analysis import analyze, load_dataset
from surveytui.analysis.followup import waves_by_unit
from surveytui.analysis.indicators import indicator_values
from surveytui.analysis.results import ITEM_RESULTS, ChoiceItem, Result
from surveytui.model.indicators import load_indicators
from surveytui.model.qtypes import TYPES
from surveytui.report import render_analysis, render_report
from surveytui.report.indicators import FORMATS as INDICATOR_FORMATS
from surveytui.report.indicators import render_indicators
from surveytui.tui.review.views import ORDERS, Context, view_for

ROOT = Path(__file__).parent.parent
RUNS = {
    "analyze-seminar-feedback.json": ["results/seminar-feedback-v1-example.csv", "--by", "seminar"],
    "analyze-client-follow-up.json": [
        "results/client-follow-up-v1-example.csv",
        *("--by", "unit", "--wave", "wave", "--pair-by", "client_code"),
    ],
}


def key_order(value: object, path: str = "") -> list[str]:
    """Every key of a JSON value with its path, in the order written."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [f"{path}/{k}", *key_order(v, f"{path}/{k}")]]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in key_order(v, f"{path}/{i}")]
    return []


@pytest.mark.parametrize("name", RUNS)
def test_cli_prints_the_reference_with_its_keys_in_order(name, capsys, monkeypatch):
    """The same JSON, numbers equal to 1e-9 (the last digit differs between machines'
    BLAS), and every key where it was."""
    monkeypatch.chdir(ROOT)
    assert cli.main(["analyze", *RUNS[name], "--format", "json"]) == 0
    out = capsys.readouterr().out
    golden(name, out)
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    assert key_order(json.loads(out)) == key_order(expected)


# -- the results are typed, and what reads them reads attributes ---------------------------

SEMINAR = ROOT / "results" / "seminar-feedback-v1-example.csv"
CLIENTS = ROOT / "results" / "client-follow-up-v1-example.csv"


@pytest.fixture(scope="module")
def seminar():
    return analyze([SEMINAR], by="seminar")


@pytest.fixture(scope="module")
def clients():
    return analyze([CLIENTS], by="unit", wave="wave", pair_by="client_code")


@pytest.fixture(scope="module")
def units():
    return waves_by_unit(load_dataset([CLIENTS]), "wave", "unit")


def test_an_items_class_is_its_kind_of_answer(seminar):
    questions = [q for q in seminar.questionnaire.questions if q.items or q.columns]
    kinds = set()
    for question in questions:
        for item_id in [item.id for item in question.items] or [question.id]:
            item = seminar.item(item_id)
            assert type(item) is ITEM_RESULTS[question.spec.answer], item_id
            assert item.answer is question.spec.answer
            kinds.add(question.spec.answer)
    assert len(kinds) >= 4  # the example has rated, choice, yes/no and number questions


def test_the_one_lookup_finds_items_and_scales_and_nothing_else(seminar):
    document = seminar.to_dict()["groups"]
    for level, expected in zip(seminar.groups.levels, document["levels"]):
        for target, cell in {**expected["items"], **expected["scales"]}.items():
            assert level.cell(target).to_dict() == cell
        assert level.cell("comment") is None  # free text has no cell
        assert level.cell("no-such-target") is None


def test_a_result_reads_as_its_json(seminar):
    """Scripts index results as the JSON they print: same keys, same order, same values;
    a key the JSON has only when the question offers "other" is absent otherwise."""
    for entry in [*seminar.items, *seminar.scales]:
        assert list(entry) == list(entry.to_dict())
        assert entry == entry.to_dict() and entry == json.loads(json.dumps(entry.to_dict()))
    choices = [i for i in seminar.items if isinstance(i, ChoiceItem)]
    assert choices
    for item in choices:
        question = seminar.questionnaire.question(item.id)
        assert ("other" in item) is question.offers_other
        if not question.offers_other:
            with pytest.raises(KeyError):
                item["other"]
    level = seminar.groups.levels[0]
    assert level["items"] == level.item_cells and "item_cells" not in level
    assert seminar.scales[0]["items"] == seminar.scales[0].item_ids


def test_select_narrows_every_typed_part(clients):
    narrowed = clients.select(["wellbeing"])
    assert [s.id for s in narrowed.scales] == ["wellbeing"] and narrowed.items == []
    for block in (narrowed.groups, narrowed.waves):
        assert block.tests and {t.target for t in block.tests} == {"wellbeing"}
        for level in block.levels:
            assert level.item_cells == {} and list(level.scale_cells) == ["wellbeing"]
    for comparison in narrowed.pairs.comparisons:
        assert [t.target for t in comparison.targets] == ["wellbeing"]
    for level in narrowed.pairs.groups.levels:
        for comparison in level.comparisons:
            assert [t.target for t in comparison.targets] == ["wellbeing"]
    assert clients.groups.levels[0].item_cells  # the whole is left as it was
    json.dumps(narrowed.to_dict(), allow_nan=False)


def _renderings(analysis, by_unit) -> list[str]:
    """Every rendering of an analysis: the analyze formats, the written report, the
    indicator report and the review screen's views."""
    out = [render_analysis(analysis, fmt, "en") for fmt in ("table", "markdown", "csv", "json")]
    out.append(render_report(analysis, "en", "markdown", day=dt.date(2026, 1, 1)).text)
    ctx = Context(analysis, "en", by_unit)
    q = analysis.questionnaire
    views = [view_for(ctx, "overview", s.id, order) for s in q.sections for order in ORDERS]
    views += [view_for(ctx, "item", i.id, "") for i in analysis.items]
    views += [view_for(ctx, "scale", s.id, "") for s in analysis.scales]
    console = Console(width=120, record=True, color_system=None)
    for view in views:
        console.print(view)
    return [*out, console.export_text()]


def test_renderers_read_attributes_not_json_keys(seminar, clients, units, monkeypatch):
    """With the JSON view of every result switched off, every rendering is the same."""
    spec = load_indicators(ROOT / "indicators" / "collaboration.yaml")
    collaboration = [ROOT / "results" / "collaboration-indicators-v1-example.csv"]
    cases = [(seminar, None), (clients, units)]
    before = [_renderings(a, u) for a, u in cases]
    values = indicator_values(spec, collaboration)
    indicators_before = [render_indicators(values, fmt, "en") for fmt in INDICATOR_FORMATS]

    def refused(self, key):
        raise AssertionError(f"{type(self).__name__}[{key!r}] read as JSON")

    monkeypatch.setattr(Result, "__getitem__", refused)
    assert [_renderings(a, u) for a, u in cases] == before
    assert [render_indicators(values, fmt, "en") for fmt in INDICATOR_FORMATS] == indicators_before


TYPE_SWITCH = re.compile(r"""\.type\s*(==|!=|\bin\b)|\[["']type["']\]\s*(==|!=|\bin\b)""")


def test_analysis_report_and_review_do_not_switch_on_type_names():
    """They key on the spec's kind of answer (model/qtypes.py), never on a type's name."""
    package = ROOT / "surveytui"
    sources = [
        *package.glob("analysis/*.py"),
        *package.glob("report/*.py"),
        *package.glob("tui/review/*.py"),
    ]
    # "text" and "number" are words and JSON keys too: a switch on them is a `.type` test
    names = "|".join(name for name in TYPES if name not in ("text", "number"))
    spelled = re.compile(rf"""["']({names})["']""")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TYPE_SWITCH.search(line)
        or (spelled.search(line) and not re.search(r"""["']matrix["']\s*[:,)}]""", line))
    ]
    assert found == []
