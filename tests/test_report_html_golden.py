"""Golden markdown of the example results' report (the document the HTML renders), with its
numbers checked against counts and means taken straight from the results CSV.

Regenerate after an intended change by running it with SURVEYTUI_UPDATE_GOLDEN=1, and read
the diff before committing it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import statistics
from pathlib import Path

import pytest

from golden_helpers import GOLDEN, golden
from report_helpers import EXAMPLE
from surveytui.analysis import load_dataset
from surveytui.model import load_questionnaire
from surveytui.report.written import render_report

DAY = dt.date(2026, 3, 1)
CASES = {"sv": {"by": "seminar", "min_group": 40}, "en": {}}


def golden_path(lang: str) -> Path:
    return GOLDEN / f"seminar-feedback-example.{lang}.md"


def render(lang: str) -> str:
    return render_report(load_dataset(EXAMPLE), lang, "markdown", day=DAY, **CASES[lang]).text


def table_after(text: str, heading: str) -> list[list[str]]:
    """The first markdown table after a heading line, as rows of unescaped cells."""
    lines = text[text.index(f" {heading}\n") :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
        rows.append([re.sub(r"\\(.)", r"\1", c.strip()) for c in cells])
    return [rows[0], *rows[2:]]


@pytest.fixture(scope="module")
def raw():
    with open(EXAMPLE, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def shares(answers: list[int], codes: range) -> list[str]:
    """Each code's count and its share of the answers, as the Swedish report writes them."""
    return [
        f"{answers.count(code)} ({100 * answers.count(code) / len(answers):.1f}\u00a0%)".replace(
            ".", ","
        )
        for code in codes
    ]


@pytest.mark.parametrize("lang", CASES)
def test_report_matches_golden(lang):
    golden(golden_path(lang).name, render(lang))


def test_golden_numbers_are_the_csv_numbers(raw):
    text = golden_path("sv").read_text(encoding="utf-8")
    questionnaire = load_questionnaire(EXAMPLE.with_name(EXAMPLE.stem + ".questionnaire.yaml"))
    assert f"{len(raw)} personer besvarade enkäten." in text
    checked = 0
    for question in questionnaire.questions:
        if question.type != "likert":
            continue
        answers = [int(r[question.id]) for r in raw if r[question.id] not in ("", "na")]
        header, row = table_after(text, question.text["sv"])
        assert header[1:6] == ["1", "2", "3", "4", "5"]
        assert row[1:6] == shares(answers, range(1, 6))
        if question.na is not None:
            assert row[6] == str(sum(r[question.id] == "na" for r in raw))
        assert row[-3] == str(len(answers))
        assert row[-2] == f"{statistics.mean(answers):.2f}".replace(".", ",")
        checked += 1
    assert checked == 9
    matrix = table_after(text, questionnaire.question("format_speaker").text["sv"])
    for row, matrix_row in zip(matrix[1:], questionnaire.question("format_speaker").rows):
        answers = [int(r[matrix_row.id]) for r in raw if r[matrix_row.id]]
        assert row[0] == matrix_row.text["sv"]
        assert row[1 : 5 + 1] == shares(answers, range(1, 6))
    role = questionnaire.question("role")
    roles = table_after(text, role.text["sv"])
    # "other, please specify" is an answer: a blank choice with its text filled
    answered = [r["role"] or ("other" if r["role__other"] else "") for r in raw]
    answered = [code for code in answered if code]
    assert [row[0] for row in roles[1:]] == [
        *(c.text["sv"] for c in role.choices),
        role.other["sv"],
    ]
    for row, code in zip(roles[1:], [*(c.code for c in role.choices), "other"]):
        count = answered.count(code)
        assert row[1:] == [str(count), f"{100 * count / len(answered):.0f}\u00a0%"]
    assert f"{len(answered)} svar." in text
    for question_id in ("attended_before", "used_since"):
        answered = [r[question_id] for r in raw if r[question_id] in ("0", "1")]
        heading = questionnaire.question(question_id).text["sv"]
        header, row = table_after(text, heading)
        assert row[1:3] == [
            str(len(answered)),
            f"{100 * answered.count('1') / len(answered):.0f}\u00a0%",
        ]
        chart = text[text.index(f" {heading}\n") :].split("\n")[2]
        assert chart.startswith(f"![{heading} Andel som svarade ja")
        assert chart.endswith(f"Ja: {row[2]} ({row[3]}).](charts/chart-{question_id}.svg)")
    for seminar in ("4", "6"):
        assert sum(r["seminar"] == seminar for r in raw) < 40
    assert (
        "Dolda grupper i den här rapporten: 4 (färre än 40 svarande), 6 (färre än 40 svarande)."
    ) in text
    # a shown seminar's cell is hidden where fewer than 40 of its people answered the item
    goals = questionnaire.question("relevant_goals").text["sv"]
    means = text[text.index("| Medelvärde |") :]
    expected = []
    for seminar in ("1", "2", "3", "5"):
        answers = [
            int(r["relevant_goals"])
            for r in raw
            if r["seminar"] == seminar and r["relevant_goals"] not in ("", "na")
        ]
        expected.append(
            "–" if len(answers) < 40 else f"{statistics.mean(answers):.2f}".replace(".", ",")
        )
    assert "–" in expected
    assert f"| {goals} | {' | '.join(expected)} |" in means
