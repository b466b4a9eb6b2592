"""Every broken questionnaire in tests/data/broken is reported at its exact place, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from surveytui.cli import main

BROKEN = Path(__file__).parent / "data" / "broken"
BUNDLED = sorted((Path(__file__).parent.parent / "questionnaires").glob("*.yaml"))

# file, line, column (None where only the line is meaningful), a key phrase of the message
CASES = [
    ("tab_indent.yaml", 9, 1, "a tab is used for indentation"),
    ("yaml_syntax.yaml", 6, 9, "flow mapping (started on line 5)"),
    ("empty.yaml", 1, 1, "the file is empty"),
    ("not_utf8.yaml", 4, None, "not UTF-8"),
    (
        "duplicate_key.yaml",
        12,
        9,
        "duplicate key 'text' in a question (it is already given on line 11",
    ),
    (
        "unknown_top_key.yaml",
        5,
        1,
        "unknown key 'titel' in the questionnaire (did you mean 'title'?)",
    ),
    (
        "unknown_question_key.yaml",
        11,
        9,
        "unknown key 'requried' in a question (did you mean 'required'?)",
    ),
    ("unknown_type.yaml", 10, 15, "unknown question type 'likret' (did you mean 'likert'?)"),
    ("bad_id_uppercase.yaml", 9, 13, "question id 'Relevant' is not valid"),
    ("bad_id_double_underscore.yaml", 9, 13, "question id 'relevant__work' is not valid"),
    ("reserved_id.yaml", 9, 14, "'language' is reserved"),
    ("duplicate_question_id.yaml", 15, 13, "id 'grade' is used twice (a question on line 9"),
    ("duplicate_matrix_row_id.yaml", 20, 17, "id 'clear' is used twice (a question on line 9"),
    ("scale_id_is_question_id.yaml", 7, 3, "id 'useful' is used twice (a question on line 12"),
    ("tag_is_question_id.yaml", 6, 17, "tag 'grade' has the same name as a question"),
    ("missing_title.yaml", 2, 1, "title is missing"),
    ("missing_language.yaml", 13, 11, "has no text in language 'da'"),
    ("choice_code_empty.yaml", 14, 20, "a choice code is empty"),
    (
        "choice_code_repeated.yaml",
        17,
        19,
        "choice code '1' is used twice (it is already used on line 13",
    ),
    ("likert_points_12.yaml", 11, 17, "`points` is 12, outside 2..11"),
    ("likert_points_1.yaml", 11, 17, "`points` is 1, outside 2..11"),
    ("rating_min_not_below_max.yaml", 11, 31, "`scale.max` (0) is not above `scale.min` (10)"),
    ("label_off_scale.yaml", 14, 11, "label for 5, which is not on the scale 1..4"),
    ("reverse_on_single.yaml", 11, 9, "`reverse` does not apply to a single question"),
    ("required_on_note.yaml", 11, 19, "`required` on a note"),
    (
        "scale_unknown_item.yaml",
        8,
        22,
        "names 'use_wil', which is not a question (did you mean 'use_will'?)",
    ),
    (
        "scale_non_ordinal_item.yaml",
        8,
        22,
        "names 'attended', which is not a likert, rating or matrix row",
    ),
    (
        "scale_mixed_ranges.yaml",
        8,
        12,
        "do not share one response scale (satisfied is 1..5; grade is 0..10)",
    ),
    ("scale_one_item.yaml", 8, 12, "scale 'usefulness' has fewer than 2 items"),
    (
        "scale_min_items_too_large.yaml",
        9,
        16,
        "`min_items` is 3 but scale 'usefulness' has 2 items",
    ),
    ("show_if_syntax.yaml", 12, 28, "'=' is not a comparison: use '=='"),
    ("show_if_later_question.yaml", 11, 18, "names 'attended', which comes later"),
    (
        "show_if_unknown_question.yaml",
        12,
        19,
        "names 'atended', which is not a question (did you mean 'attended'?)",
    ),
    ("show_if_wrong_literal.yaml", 12, 31, "compare it with true or false, not 'yes'"),
    ("show_if_unknown_choice.yaml", 17, 39, "'director' is not a choice of 'role'"),
    ("show_if_in_on_single.yaml", 17, 19, "needs a multi-choice question, but 'role' is single"),
    ("show_if_na_not_offered.yaml", 12, 28, "'useful' offers no don't-know answer"),
    ("show_if_off_scale.yaml", 12, 28, "6 is not on the scale of 'useful' (1..5)"),
    ("version_not_a_file_name.yaml", 3, 10, "version '2026/1' cannot be part of a file name"),
    (
        "question_without_text.yaml",
        9,
        9,
        "the text of question 'useful' is missing (add `text: {sv: ..., en: ...}`)",
    ),
    ("duplicate_section_id.yaml", 10, 9, "section id 'main' is used twice"),
    (
        "duplicate_scale_id.yaml",
        9,
        3,
        "duplicate key 'quality' in `scales` (it is already given on line 7",
    ),
    ("choice_without_code.yaml", 14, 13, "a choice has no `code`"),
    ("show_if_flow_style.yaml", 8, 95, "'a' is a yes/no question: compare it with true or false"),
    ("show_if_multi_equals.yaml", 17, 18, "test a choice with `'code' in topics`"),
    ("show_if_order_on_text.yaml", 12, 18, "`<` compares numbers, but 'unit' is a text question"),
    ("scale_item_twice.yaml", 8, 32, "item 'use_can' is listed twice in scale 'usefulness'"),
    ("matrix_points_and_scale.yaml", 12, 16, "has both `points` and `scale`"),
    ("number_min_not_below_max.yaml", 12, 14, "`max` of question 'hours' is not above `min`"),
    ("choice_code_na.yaml", 14, 20, "'na' is reserved for don't know"),
    ("missing_type.yaml", 9, 9, "question 'useful' has no `type` (add `type:`, one of likert,"),
    ("wrong_type_key.yaml", 13, 9, "`choices` does not apply to a likert question"),
    ("text_not_per_language.yaml", 12, 15, "is one text but the questionnaire has 2 languages"),
    ("points_not_a_number.yaml", 11, 17, "`points` should be a whole number, not 'five'"),
    ("tag_listed_twice.yaml", 6, 20, "tag 'unit' is listed twice"),
    (
        "unknown_language_key.yaml",
        12,
        16,
        "unknown key 'se' in the text of question 'useful' (did you mean 'sv'?)",
    ),
    ("alias_bomb.yaml", 113, 5, "aliases expand the file to more than 100,000 values"),
    ("show_if_too_deep.yaml", 13, 51, "the condition nests more than 32 levels deep"),
    ("show_if_many_nots.yaml", 13, 146, "the condition nests more than 32 levels deep"),
    ("control_char_esc.yaml", 11, 29, "control character U+001B is not allowed"),
    ("control_char_nul.yaml", 11, 29, "control character U+0000 is not allowed"),
    ("control_char_escape.yaml", 11, 15, "control character U+001B is not allowed in a value"),
]


def test_every_broken_file_has_a_case():
    listed = {name for name, *_ in CASES} | {"many_problems.yaml"}
    assert listed == {p.name for p in BROKEN.glob("*.yaml")}
    assert len(CASES) >= 20


@pytest.mark.parametrize(
    ("name", "line", "column", "phrase"), CASES, ids=[case[0] for case in CASES]
)
def test_broken_file_is_reported_at_its_place(name, line, column, phrase, capsys):
    path = BROKEN / name
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    where = f"{path}:{line}:" if column is None else f"{path}:{line}:{column}:"
    problems = err.splitlines()
    assert len(problems) == 1, err
    assert problems[0].startswith(where + " "), problems[0]
    assert phrase in problems[0]


def test_all_problems_of_a_file_are_reported_in_order(capsys):
    path = BROKEN / "many_problems.yaml"
    assert main(["validate", "--quiet", str(path)]) == 2
    problems = capsys.readouterr().err.splitlines()
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"{path}:9:13",
        f"{path}:14:15",
        f"{path}:15:15",
    ]
    assert "'Grade' is not valid" in problems[0]
    assert "did you mean 'single'?" in problems[1]
    assert "no text in language 'en'" in problems[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "surveytui", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_reports_a_yaml_syntax_error_alone_without_traceback():
    path = BROKEN / "yaml_syntax.yaml"
    result = _cli("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{path}:6:9: YAML syntax error: while parsing a flow mapping (started on line 5), "
        "did not find expected ',' or '}' (check the indentation and quoting on this line "
        "or the one above)"
    ]


def test_cli_on_missing_file_folder_and_bad_encoding_says_so_without_traceback(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    (tmp_path / "plain").write_text("not a folder")
    unreadable = tmp_path / "plain" / "q.yaml"
    result = _cli(
        "validate", str(missing), str(tmp_path), str(unreadable), str(BROKEN / "not_utf8.yaml")
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{missing}: no such file (check the path)",
        f"{tmp_path}: is a folder, not a questionnaire file",
        f"{unreadable}: cannot read the file: Not a directory",
        f"{BROKEN / 'not_utf8.yaml'}:4: the file is not UTF-8 text (save it as UTF-8)",
    ]


def test_cli_validates_bundled_questionnaires_and_fails_on_one_broken():
    result = _cli("validate", *map(str, BUNDLED), str(BROKEN / "unknown_type.yaml"))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{path}: ok" for path in BUNDLED]
    assert "unknown question type 'likret'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundled_questionnaires_validate(capsys):
    assert len(BUNDLED) == 4
    assert main(["validate", *map(str, BUNDLED)]) == 0
    assert capsys.readouterr().err == ""


UNPARSEABLE = {
    "yaml_syntax.yaml",
    "tab_indent.yaml",
    "not_utf8.yaml",
    "empty.yaml",
    "control_char_esc.yaml",
    "control_char_nul.yaml",
}


@pytest.mark.parametrize(
    "path",
    BUNDLED + [p for p in sorted(BROKEN.glob("*.yaml")) if p.name not in UNPARSEABLE],
    ids=lambda p: p.name,
)
def test_files_read_the_same_with_and_without_libyaml(path):
    """PyYAML's pure-Python parser rejects some things libyaml takes (`{en: Why?}`)."""
    text = path.read_text(encoding="utf-8")
    pure = yaml.compose(text, Loader=yaml.SafeLoader)
    assert pure is not None
    if hasattr(yaml, "CSafeLoader"):
        fast = yaml.compose(text, Loader=yaml.CSafeLoader)
        assert yaml.serialize(pure) == yaml.serialize(fast)
