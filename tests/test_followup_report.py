"""What analyze --wave/--pair-by adds to the table, markdown and tidy CSV renderings."""

import csv
import io
from pathlib import Path

import pytest

from surveytui.analysis import analyze
from surveytui.report import render
from surveytui.report.data import TIDY_COLUMNS
from surveytui.report.followup import render_followup

ROOT = Path(__file__).parent.parent
CLIENTS = ROOT / "results" / "client-follow-up-v1-example.csv"
COLLABORATION = ROOT / "results" / "collaboration-indicators-v1-example.csv"


@pytest.fixture(scope="module")
def paired():
    return analyze(
        CLIENTS, wave="wave", wave_order=["start", "follow_up_6m"], pair_by="client_code"
    )


def test_table_and_markdown_get_waves_and_pairs(paired):
    for fmt in ("table", "markdown"):
        text = render_followup(paired, fmt).replace("\\_", "_")  # markdown escapes `_`
        assert "Waves by wave" in text and "Paired change by client_code" in text
        assert "47 codes answered in more than one wave, 18 in only one" in text
    table = render_followup(paired, "table")
    assert max(len(line) for line in table.splitlines()) <= 100


def test_tidy_rows_fit_the_analysis_csv(paired):
    text = render(paired, "csv") + render_followup(paired, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(len(row) == len(TIDY_COLUMNS) and None not in row.values() for row in rows)
    change = next(
        r
        for r in rows
        if (r["kind"], r["target"], r["statistic"]) == ("pair scale", "wellbeing", "mean_change")
    )
    [comparison] = paired.pairs["comparisons"]
    wellbeing = next(t for t in comparison["targets"] if t["target"] == "wellbeing")
    assert change["group"] == "start..follow_up_6m"
    assert float(change["value"]) == wellbeing["mean_change"]
    assert {r["kind"] for r in rows} >= {
        "wave item",
        "wave scale",
        "wave test",
        "pair item",
        "pair scale",
        "pair codes",
    }


def test_three_waves_show_the_trend():
    analysis = analyze(COLLABORATION, filters={"unit": "north"}, wave="wave")
    assert "Jonckheere-Terpstra" in render_followup(analysis, "table")
    trend = next(t for t in analysis.waves["trends"] if t["target"] == "joint_follow_up")
    assert trend["z"] > 3 and trend["p"] < 0.001


def test_nothing_is_added_without_follow_up_or_for_json(paired):
    assert render_followup(analyze(CLIENTS), "table") == ""
    assert render_followup(paired, "json") == ""


def test_the_written_report_gets_a_section_over_time(tmp_path, paired):
    from surveytui.cli import main
    from surveytui.report.blocks import ReportDocument, to_markdown
    from surveytui.report.followup import followup_blocks

    blocks = followup_blocks(paired, "en")
    text = to_markdown(ReportDocument("t", "en", blocks))[0]
    assert "## Over time" in text and "### The same people before and after" in text
    assert "47 people answered in more than one wave" in text
    assert followup_blocks(analyze(CLIENTS), "en") == []
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                str(CLIENTS),
                "--wave",
                "wave",
                "--wave-order",
                "start,follow_up_6m",
                "--pair-by",
                "client_code",
                "--lang",
                "sv",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert "<h2>Över tid</h2>" in html and "Samma personer före och efter" in html
    codes = {row.split(",")[7] for row in CLIENTS.read_text(encoding="utf-8").splitlines()[1:]}
    assert not any(f">{code}<" in html or f" {code} " in html for code in codes)
