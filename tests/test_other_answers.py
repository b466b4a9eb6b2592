"""An "other, please specify" answer is an answer: counted in n, given its own row (code
`other`) in counts, percentages, charts, exports and SPSS labels.

Every number is checked against a count made with the csv module on the committed example.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyreadstat
import pytest
from openpyxl import load_workbook
from rich.console import Console

from surveytui.analysis import analyze, load_dataset
from surveytui.model import load_questionnaire
from surveytui.model.load import validate_file
from surveytui.report import render
from surveytui.report.export import export_rows, to_sav, to_xlsx
from surveytui.report.written import render_report
from surveytui.store import ResponseStore
from surveytui.tui.review.views import Context, ItemView

EXAMPLE = Path(__file__).parent.parent / "results" / "seminar-feedback-v1-example.csv"
SNAPSHOT = EXAMPLE.with_name(EXAMPLE.stem + ".questionnaire.yaml")
TOPICS = ("indicators", "surveys", "analysis", "participation", "feedback")


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    with open(EXAMPLE, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def expected(raw) -> dict[str, dict]:
    """role and topics counted by hand: a choice, else "other" when its text is filled."""
    role_counts = {
        code: sum(r["role"] == code for r in raw)
        for code in ("manager", "caseworker", "practitioner", "developer")
    }
    role_counts["other"] = sum(r["role"] == "" and r["role__other"] != "" for r in raw)
    role_n = sum(role_counts.values())
    answered = [
        r for r in raw if any(r[f"topics__{c}"] in ("0", "1") for c in TOPICS) or r["topics__other"]
    ]
    topic_counts = {c: sum(r[f"topics__{c}"] == "1" for r in answered) for c in TOPICS}
    topic_counts["other"] = sum(r["topics__other"] != "" for r in answered)
    return {
        "role": {"n": role_n, "missing": len(raw) - role_n, "counts": role_counts},
        "topics": {"n": len(answered), "missing": len(raw) - len(answered), "counts": topic_counts},
    }


@pytest.fixture(scope="module")
def analysis():
    return analyze([EXAMPLE])


def test_the_example_has_other_answers_to_count(expected):
    """Guards the test: without "other" answers in the file it would prove nothing."""
    assert expected["role"]["counts"]["other"] >= 10
    assert expected["topics"]["counts"]["other"] >= 5


@pytest.mark.parametrize("question", ["role", "topics"])
def test_other_is_counted_in_n_counts_and_pct(analysis, expected, question):
    item, want = analysis.item(question), expected[question]
    assert (item["n"], item["missing"]) == (want["n"], want["missing"])
    assert item["counts"] == want["counts"]
    assert item["pct"] == pytest.approx(
        {code: 100 * k / want["n"] for code, k in want["counts"].items()}
    )
    assert len(item["other"]) == want["counts"]["other"]  # the texts are still listed


def test_cli_json_keeps_its_keys_and_adds_other(expected):
    out = subprocess.run(
        [sys.executable, "-m", "surveytui", "analyze", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    role = next(i for i in json.loads(out.stdout)["items"] if i["id"] == "role")
    assert list(role)[:9] == [
        "id",
        "type",
        "matrix",
        "n",
        "missing",
        "na",
        "versions",
        "counts",
        "pct",
    ]
    assert role["counts"]["other"] == expected["role"]["counts"]["other"]
    assert role["n"] == expected["role"]["n"]


def test_only_an_other_text_answers_a_multi_question(tmp_path):
    """A ticked "other" box with no other choice is an answer, not a missing one."""
    store = ResponseStore(tmp_path / "r.csv", load_questionnaire(SNAPSHOT))
    for _ in range(3):  # enough answers for the anonymity rules to show the numbers
        store.append({"grade": 7, "topics__other": "Budget"}, {"seminar": "1"})
    for _ in range(2):
        store.append({"grade": 7, "topics": ["surveys"]}, {"seminar": "1"})
    store.append({"grade": 7}, {"seminar": "1"})
    item = analyze([tmp_path / "r.csv"]).item("topics")
    assert (item["n"], item["missing"]) == (5, 1)
    assert item["counts"] == {**dict.fromkeys(TOPICS, 0), "surveys": 2, "other": 3}
    assert item["pct"]["other"] == 60.0


def test_table_and_markdown_show_the_other_row(analysis, expected):
    count = expected["role"]["counts"]["other"]
    for fmt in ("table", "markdown"):
        text = render(analysis, fmt, "en")
        assert any(
            "other Other role" in line and f" {count} " in line for line in text.splitlines()
        ), fmt


def test_report_counts_other_in_its_answers_line(expected):
    text = render_report(load_dataset(EXAMPLE), "sv", "markdown").text
    role = text[text.index("Vilken är din huvudsakliga roll?") :]
    role = role[: role.index("\n####")]
    assert f"{expected['role']['n']} svar." in role
    count = expected["role"]["counts"]["other"]
    assert f"| Annan roll | {count} |" in role
    assert f"Annan roll: {count} (" in role  # the chart's description


def test_review_view_draws_the_other_row(analysis, expected):
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(ItemView(Context(analysis, "en"), "role"))
    line = next(
        line for line in console.export_text().splitlines() if line.startswith("other Other role")
    )
    assert line.split()[-2] == str(expected["role"]["counts"]["other"])


def test_exports_give_other_a_code_and_a_label(analysis, expected, raw, tmp_path):
    dataset = load_dataset([EXAMPLE])
    export = export_rows(dataset, "en")
    index = [c.name for c in export.columns].index("role")
    assert export.columns[index].value_labels["other"] == "Other role"
    assert [row[index] for row in export.rows] == [
        r["role"] or ("other" if r["role__other"] else None) for r in raw
    ]
    book, _ = to_xlsx(export, analysis)
    sheet = load_workbook(io.BytesIO(book))["statistics"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert ["", "", "role", "item", "counts", "other", expected["role"]["counts"]["other"]] in [
        [c or "" for c in r[:6]] + [r[6]] for r in rows
    ]
    path = tmp_path / "x.sav"
    path.write_bytes(to_sav(export))
    frame, meta = pyreadstat.read_sav(str(path))
    assert meta.variable_value_labels["role"]["other"] == "Other role"
    assert (frame["role"] == "other").sum() == expected["role"]["counts"]["other"]


def test_a_choice_coded_other_beside_other_is_refused(tmp_path):
    text = SNAPSHOT.read_text(encoding="utf-8").replace("- code: developer", "- code: other", 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "- code: other" in row)
    problems = validate_file(path)
    assert any(p.line == line and p.column and "other" in p.message for p in problems), [
        str(p) for p in problems
    ]
    out = subprocess.run(
        [sys.executable, "-m", "surveytui", "validate", str(path)], capture_output=True, text=True
    )
    assert out.returncode == 2 and f"{path}:{line}:" in out.stderr
