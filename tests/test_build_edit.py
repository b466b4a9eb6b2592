"""The builder's editing core: round trips, operations, undo, drafts and version bumps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from surveytui.edit import QuestionnaireDocument, bump_version
from surveytui.edit.save import draft_path, needed_bump, open_document, save
from surveytui.model import load_questionnaire

BUNDLED = Path(__file__).resolve().parent.parent / "questionnaires"
SEMINAR = BUNDLED / "seminar-feedback.yaml"


def _lines_outside(text: str, start: str, end: str) -> tuple[str, str]:
    """The text before the line containing `start` and from the line containing `end`."""
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return head, tail


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_file_round_trips_unchanged(path: Path) -> None:
    document = QuestionnaireDocument.load(path)
    assert document.text() == path.read_text(encoding="utf-8")
    assert document.problems() == []
    assert not document.changed


def test_editing_one_text_keeps_everything_else_byte_for_byte() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    document.set_text(("sections", 1, "questions", 0, "text"), "en", "I learnt a lot.")
    original, edited = SEMINAR.read_text(encoding="utf-8"), document.text()
    assert edited.count("\n") == original.count("\n")
    changed = [(a, b) for a, b in zip(original.splitlines(), edited.splitlines()) if a != b]
    assert changed == [("          en: I learnt something new.", "          en: I learnt a lot.")]
    assert document.problems() == []


def test_editing_an_aliased_block_changes_only_that_question() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    document.set_text(("sections", 0, "questions", 1, "labels", 5), "en", "Totally")
    questionnaire = document.questionnaire()
    assert questionnaire is not None
    assert questionnaire.question("relevant_goals").labels[5]["en"] == "Totally"
    assert questionnaire.question("relevant_work").labels[5]["en"] == "Fully agree"
    assert questionnaire.question("use_can").labels[5]["en"] == "Fully agree"
    head, tail = _lines_outside(document.text(), "id: relevant_goals", "id: relevant_practice")
    original_head, original_tail = _lines_outside(
        SEMINAR.read_text(encoding="utf-8"), "id: relevant_goals", "id: relevant_practice"
    )
    assert (head, tail) == (original_head, original_tail)


def test_undo_restores_the_exact_text_and_merges_typing_into_one_step() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    for partial in ("S", "Se", "Sem"):
        document.set_text(("title",), "en", partial)
    document.move_section(0, 1)
    assert document.undo()
    assert document.get(("title", "en")) == "Sem"
    assert document.undo()
    assert document.text() == SEMINAR.read_text(encoding="utf-8")
    assert not document.undo()


def test_questions_move_within_and_across_sections() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    assert document.move_question(0, 0, 1) == (0, 1)
    assert document.move_question(0, 5, 1) == (1, 0)
    assert document.get(("sections", 1, "questions", 0, "id")) == "use_share"
    assert document.move_question(1, 0, -1) == (0, 5)
    assert document.move_question_to(0, 5, 3) == (3, 3)
    assert document.get(("sections", 3, "questions", 3, "id")) == "use_share"
    assert document.move_question(0, 0, -1) == (0, 0)


def test_duplicates_get_fresh_ids_and_stay_valid() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    assert document.duplicate_question(2, 0) == 1
    assert document.get(("sections", 2, "questions", 1, "id")) == "format_speaker_2"
    rows = [row["id"] for row in document.get(("sections", 2, "questions", 1, "rows"))]
    assert rows == [
        "format_structure_2",
        "format_discussion_2",
        "speaker_clear_2",
        "speaker_examples_2",
    ]
    document.duplicate_section(3)
    assert document.problems() == []


def test_changing_the_type_drops_keys_it_does_not_take() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    document.set_type(3, 0, "likert")
    question = document.get(("sections", 3, "questions", 0))
    assert "choices" not in question and "other" not in question
    assert question["points"] == 5
    assert document.problems() == []


def test_problems_are_the_validators_own() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    document.set(("sections", 0, "questions", 0, "points"), 12)
    messages = [str(p) for p in document.problems()]
    assert len(messages) == 1 and "`points` is 12, outside 2..11" in messages[0]
    assert messages[0].startswith(f"{SEMINAR}:")


def test_a_new_questionnaire_lists_what_is_missing_then_validates(tmp_path: Path) -> None:
    document = QuestionnaireDocument.new("demo", ["sv", "en"], tmp_path / "demo.yaml")
    assert document.problems()
    document.set_text(("title",), "sv", "Demo")
    document.set_text(("title",), "en", "Demo")
    document.set_text(("sections", 0, "title"), "sv", "Del")
    document.set_text(("sections", 0, "title"), "en", "Part")
    document.add_question(0, 0, "yes_no")
    document.set_text(("sections", 0, "questions", 0, "text"), "sv", "Ja?")
    document.set_text(("sections", 0, "questions", 0, "text"), "en", "Yes?")
    assert document.problems() == []
    written = save(document, tmp_path / "new" / "demo.yaml")
    assert written == tmp_path / "new" / "demo.yaml"
    assert load_questionnaire(written).version == "1"
    written.chmod(0o644)
    document.set_text(("title",), "en", "Demo 2")
    save(document, written)
    assert written.stat().st_mode & 0o777 == 0o644


def test_an_invalid_questionnaire_is_saved_only_as_a_draft(tmp_path: Path) -> None:
    target = tmp_path / "seminar.yaml"
    target.write_text(SEMINAR.read_text(encoding="utf-8"), encoding="utf-8")
    document = open_document(target)
    document.set(("sections", 0, "questions", 0, "points"), 1)
    written = save(document, target)
    assert written == draft_path(target) == tmp_path / "seminar.draft.yaml"
    assert target.read_text(encoding="utf-8") == SEMINAR.read_text(encoding="utf-8")
    assert not document.unsaved and document.changed
    reopened = open_document(written)
    assert reopened.path == target and reopened.changed and not reopened.unsaved
    reopened.set(("sections", 0, "questions", 0, "points"), 5)
    assert save(reopened, written) == target
    assert not written.exists()


def test_version_is_raised_when_results_exist_for_it(tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    document = QuestionnaireDocument.load(SEMINAR)
    assert needed_bump(document, results) is None
    (results / "seminar-feedback-v1.questionnaire.yaml").write_text(
        SEMINAR.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert needed_bump(document, results) is None
    document.set_text(("title",), "en", "Evaluation")
    bump = needed_bump(document, results)
    assert bump is not None and (bump.old, bump.new) == ("1", "2")
    assert bump.results == [results / "seminar-feedback-v1.csv"]
    document.set_version(bump.new)
    assert 'version: "2"' in document.text()
    assert needed_bump(document, results) is None


@pytest.mark.parametrize(
    ("old", "new"),
    [("1", "2"), ("1.10", "1.11"), ("2026-3", "2026-4"), ("v9", "v10"), ("draft", "draft-2")],
)
def test_bump_version(old: str, new: str) -> None:
    assert bump_version(old) == new


def test_the_editing_core_loads_no_ui_or_statistics() -> None:
    code = (
        "import sys, surveytui.edit.save; "
        "print(sorted(m for m in ('textual', 'pandas', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_undo_skips_operations_that_changed_nothing() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    document.set_text(("title",), "en", "Evaluation")
    document.set_type(0, 0, "likert")
    assert document.undo()
    assert document.text() == SEMINAR.read_text(encoding="utf-8")


def test_a_value_emptied_and_typed_again_keeps_its_place_and_comment() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    points = ("sections", 2, "questions", 0, "points")
    document.set(points, None)
    document.set(points, 5)
    document.set_text(("title",), "sv", "")
    document.set_text(("title",), "sv", "Utvärdering av seminariet")
    document.set(("sections", 2, "questions", 1, "required"), None)
    document.set(("sections", 2, "questions", 1, "required"), True)
    document.set(("version",), None)
    document.set(("version",), "1")
    assert document.text() == SEMINAR.read_text(encoding="utf-8")


def test_unticking_keeps_a_flag_the_author_wrote_and_removes_one_the_builder_added() -> None:
    text = (
        "id: t\nversion: '1'\nlanguages: [en]\nsections:\n  - id: s\n    questions:\n"
        "      - id: q1\n        type: likert\n        required: false  # on purpose\n"
        "      - id: q2\n        type: likert\n"
    )
    document = QuestionnaireDocument.from_text(text)
    for index in (0, 1):
        path = ("sections", 0, "questions", index, "required")
        document.set_flag(path, True)
        assert document.get(path) is True
        document.set_flag(path, False)
    assert document.text() == text


def test_a_flag_the_author_wrote_is_kept_after_its_question_or_row_moved() -> None:
    text = (
        "id: t\nversion: '1'\nlanguages: [en]\nsections:\n  - id: s\n    questions:\n"
        "      - id: q1\n        type: likert\n        required: false  # on purpose\n"
        "      - id: q2\n        type: likert\n"
        "      - id: m\n        type: matrix\n        points: 5\n        rows:\n"
        "          - {id: r1, reverse: false}\n          - {id: r2}\n"
    )
    document = QuestionnaireDocument.from_text(text)
    questions = ("sections", 0, "questions")
    document.move(questions, 0, 1)  # q2, q1, m
    document.move((*questions, 2, "rows"), 0, 1)  # r2, r1
    for path in (
        (*questions, 0, "required"),
        (*questions, 1, "required"),
        (*questions, 2, "rows", 0, "reverse"),
        (*questions, 2, "rows", 1, "reverse"),
    ):
        document.set_flag(path, True)
        document.set_flag(path, False)
    assert document.get((*questions, 0)) == {"id": "q2", "type": "likert"}
    assert document.get((*questions, 1, "required")) is False
    assert document.get((*questions, 2, "rows")) == [{"id": "r2"}, {"id": "r1", "reverse": False}]


def test_new_keys_go_where_authors_usually_write_them() -> None:
    document = QuestionnaireDocument.new("demo", ["en"], None)
    document.add_question(0, 0, "likert")
    document.set(("sections", 0, "questions", 0, "show_if"), "x == 1")
    document.set(("scales",), {})
    assert list(document.get(("sections", 0, "questions", 0))) == [
        "id",
        "type",
        "points",
        "show_if",
        "text",
    ]
    assert list(document.data) == ["id", "version", "languages", "title", "scales", "sections"]


def test_a_matrix_switches_between_points_and_a_range() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    matrix = ("sections", 2, "questions", 0)
    document.set_matrix_range(matrix, True)
    assert document.get((*matrix, "scale")) == {"min": 1, "max": 5}
    assert "points" not in document.get(matrix) and document.problems() == []
    document.set_matrix_range(matrix, False)
    assert document.text() == SEMINAR.read_text(encoding="utf-8")


def test_scales_are_reordered_and_removed_in_place() -> None:
    document = QuestionnaireDocument.load(SEMINAR)
    assert document.move(("scales",), 0, 1) == 1
    assert list(document.get(("scales",))) == ["usefulness", "relevance", "new_knowledge"]
    document.move(("scales",), 1, -1)
    assert document.text() == SEMINAR.read_text(encoding="utf-8")
    document.remove(("scales",), 2)
    assert list(document.get(("scales",))) == ["relevance", "usefulness"]


def test_moves_and_deletes_leave_blank_lines_between_sections_in_place() -> None:
    original = SEMINAR.read_text(encoding="utf-8")
    document = QuestionnaireDocument.load(SEMINAR)
    document.move_question(0, 5, 1)
    moved = document.text()
    assert "questions:\n      - id: use_share" in moved
    assert "in the coming months.\n\n  - id: knowledge" in moved
    document.undo()
    document.delete_question(3, 2)
    assert document.text().count("\n\n") == original.count("\n\n")
    document.move_section(1, 1)
    assert document.text().count("\n\n") == original.count("\n\n")


def test_a_new_choice_takes_the_first_free_code_and_an_empty_text_per_language() -> None:
    document = QuestionnaireDocument.new("q", ["sv", "en"], None)
    document.add_question(0, 0, "single")
    choices = ("sections", 0, "questions", 0, "choices")
    document.set((*choices, 0, "code"), 2)
    assert document.add_choice(choices) == 1
    assert document.add_choice(choices) == 2
    assert [c["code"] for c in document.get(choices)] == [2, 1, 3]
    assert document.get((*choices, 2, "text")) == {"sv": "", "en": ""}
    assert "- code: 3\n" in document.text() and "text: {sv: '', en: ''}" in document.text()


def test_a_new_row_gets_a_free_id_named_after_its_question() -> None:
    document = QuestionnaireDocument.new("q", ["en"], None)
    document.add_question(0, 0, "matrix")
    rows = ("sections", 0, "questions", 0, "rows")
    question_id = document.get(("sections", 0, "questions", 0, "id"))
    document.set((*rows, 0, "id"), f"{question_id}_2")
    assert document.add_row(rows) == 1
    assert document.get((*rows, 1)) == {"id": f"{question_id}_3", "text": {"en": ""}}
    assert document.get((*rows, 0, "id")) == f"{question_id}_2"


def test_a_new_scale_is_one_step_to_undo_even_the_first() -> None:
    document = QuestionnaireDocument.new("q", ["en"], None)
    before = document.text()
    first = document.add_scale()
    second = document.add_scale()
    assert first != second
    assert document.get(("scales",)) == {first: {"items": []}, second: {"items": []}}
    assert f"{second}:\n    items: []" in document.text()
    assert document.undo() and document.undo()
    assert document.text() == before
