"""The session's rules without a screen: what the check-before-submit page lists."""

from __future__ import annotations

from kiosk_helpers import write_questionnaire
from surveytui.model import load_questionnaire
from surveytui.session import review_text


def test_the_check_page_lists_each_shown_question_with_its_answer_and_no_notes(
    tmp_path,
) -> None:
    questionnaire = load_questionnaire(write_questionnaire(tmp_path))
    answers = {"useful": 5, "again": False, "why_again": "hidden", "role": "b"}
    lines = review_text(questionnaire, answers, "en").splitlines()
    asked = [line for line in lines if not line.startswith("    ")]
    assert asked == [
        "Useful?",
        "Again?",
        "Role?",
        "Topics?",
        "Years?",
        "Grid",
        "Comment?",
    ]  # not "Why?", hidden by show_if, nor the note, which asks nothing
    assert lines[lines.index("Useful?") + 1] == "    5 Fully"
    assert lines[lines.index("Role?") + 1] == "    Role B"
    assert lines[lines.index("Comment?") + 1] == "    (no answer)"
