"""Grouping and filtering by a single-choice question that offers "other, please specify":
those who wrote their own answer are a group of their own (code `other`, the question's
"other" text as its name), not lumped with those who gave no answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveytui.analysis import analyze
from surveytui.model import load_questionnaire
from surveytui.report.written import render_report
from surveytui.store import ResponseStore

ROOT = Path(__file__).resolve().parent.parent
Q = load_questionnaire(ROOT / "questionnaires" / "seminar-feedback.yaml")


def room(tmp_path: Path, roles: dict[str, int]) -> tuple[Path, dict[str, list[int]]]:
    """A results file with `roles` (a code, "other" for a written role, "" for none) and
    each group's answers to `relevant_work`, to compare the analysis with."""
    path = tmp_path / "r.csv"
    store = ResponseStore(path, Q)
    answers_of: dict[str, list[int]] = {}
    i = 0
    for role, people in roles.items():
        for _ in range(people):
            answers = {"grade": i % 11, "relevant_work": 1 + (i * 7 + len(role)) % 5}
            if role == "other":
                answers["role__other"] = f"my own role {i}"
            elif role:
                answers["role"] = role
            store.append(answers, {"seminar": "1"})
            answers_of.setdefault(role, []).append(answers["relevant_work"])
            i += 1
    return path, answers_of


def test_those_who_wrote_their_own_role_are_a_group_of_their_own(tmp_path):
    path, answers = room(tmp_path, {"caseworker": 6, "developer": 7, "other": 5, "": 5})
    groups = analyze([path], by="role").to_dict()["groups"]
    levels = {level["value"]: level for level in groups["levels"]}
    assert list(levels) == ["caseworker", "developer", "other", None]
    for role, value in [("other", "other"), ("", None), ("caseworker", "caseworker")]:
        cell = levels[value]["items"]["relevant_work"]
        assert levels[value]["n"] == len(answers[role]) == cell["n"]
        assert cell["mean"] == pytest.approx(sum(answers[role]) / len(answers[role]))


def test_a_filter_on_other_keeps_exactly_those_who_wrote_their_own(tmp_path):
    path, answers = room(tmp_path, {"caseworker": 6, "developer": 7, "other": 5})
    document = analyze([path], filters={"role": "other"}).to_dict()
    assert document["n_responses"] == 5
    item = next(item for item in document["items"] if item["id"] == "relevant_work")
    assert item["mean"] == pytest.approx(sum(answers["other"]) / 5)


def test_a_few_who_wrote_their_own_are_hidden_and_cannot_be_worked_out(tmp_path):
    path, _ = room(tmp_path, {"caseworker": 6, "developer": 7, "other": 2})
    groups = analyze([path], by="role").to_dict()["groups"]
    levels = {level["value"]: level for level in groups["levels"]}
    assert levels["other"]["hidden"] == "small" and levels["other"]["n"] is None
    # Without the "other" level they were no answer: now the total minus the shown
    # groups is those two, so one shown group is hidden with them.
    assert [lv["value"] for lv in groups["levels"] if lv["hidden"] == "complement"] == [
        "caseworker"
    ]


def test_the_report_names_the_group_by_the_questions_other_text(tmp_path):
    path, _ = room(tmp_path, {"caseworker": 6, "developer": 7, "other": 5})
    text = render_report(analyze([path], by="role"), lang="en", fmt="markdown").text
    (head,) = [line for line in text.splitlines() if line.startswith("| Mean |")]
    assert head.endswith("| Other role |")


def test_a_filter_down_to_a_few_who_wrote_their_own_is_refused(tmp_path):
    from surveytui.errors import SurveyError

    path, _ = room(tmp_path, {"caseworker": 6, "developer": 7, "other": 2})
    with pytest.raises(SurveyError):
        analyze([path], filters={"role": "other"})
    # nor may the rest be kept without them: the whole minus the rest gives them away
    with pytest.raises(SurveyError):
        analyze([path], filters={"role": ["caseworker", "developer"]})
