"""The questionnaire's derived views: columns, header, answer keys, items, visible()."""

from __future__ import annotations

from surveytui.model import (
    METADATA_COLUMNS,
    NA_CODE,
    Scale,
    load_questionnaire_text,
    tr,
)

EVERY_TYPE = """\
id: every-type
version: "2"
languages: [sv, en]
title: {sv: Alla typer, en: Every type}
tags: [unit]
scales:
  format_scale:
    items: [structured, unclear, clear]
sections:
  - id: one
    questions:
      - {id: intro, type: note, text: {sv: Hej, en: Hello}}
      - id: attended
        type: yes_no
        text: {sv: "Deltog du?", en: "Did you attend?"}
      - id: useful
        type: likert
        points: 4
        show_if: attended == true
        na: {sv: Vet ej, en: Don't know}
        text: {sv: Nyttigt, en: Useful}
      - id: why_useful
        type: text
        show_if: useful >= 3
        text: {sv: "Varför?", en: "Why?"}
      - id: grade
        type: rating
        scale: {min: 0, max: 10}
        reverse: true
        text: {sv: Betyg, en: Grade}
  - id: two
    questions:
      - id: role
        type: single
        text: {sv: Roll, en: Role}
        choices:
          - {code: manager, text: {sv: Chef, en: Manager}}
          - {code: staff, text: {sv: Personal, en: Staff}}
        other: {sv: Annan, en: Other}
      - id: topics
        type: multi
        text: {sv: Teman, en: Topics}
        choices:
          - {code: a, text: {sv: A, en: A}}
          - {code: b, text: {sv: B, en: B}}
      - id: team_size
        type: number
        show_if: "role in ('manager') or 'b' in topics"
        min: 0
        text: {sv: Antal, en: Count}
      - id: format
        type: matrix
        scale: {min: 1, max: 7}
        text: {sv: Format, en: Format}
        rows:
          - {id: structured, text: {sv: S, en: S}}
          - {id: unclear, text: {sv: O, en: U}, reverse: true}
          - {id: clear, text: {sv: T, en: C}}
      - id: code
        type: text
        respondent_code: true
        text: {sv: Kod, en: Code}
"""


def every_type():
    return load_questionnaire_text(EVERY_TYPE, "every-type.yaml")


def test_columns_follow_the_response_file_contract():
    q = every_type()
    assert q.answer_columns == [
        "attended",
        "useful",
        "why_useful",
        "grade",
        "role",
        "role__other",
        "topics__a",
        "topics__b",
        "team_size",
        "structured",
        "unclear",
        "clear",
        "code",
    ]
    assert q.header(["unit"]) == [*METADATA_COLUMNS, "unit", *q.answer_columns]
    assert q.header()[:5] == [
        "response_id",
        "submitted_at",
        "questionnaire_id",
        "questionnaire_version",
        "language",
    ]
    assert q.question("intro").columns == []


def test_answer_keys_map_matrix_rows_and_other_to_their_question():
    q = every_type()
    keys = q.answer_keys()
    assert "intro" not in keys
    assert "format" not in keys
    assert keys["structured"] is keys["clear"] is q.question("format")
    assert keys["role__other"] is q.question("role")
    assert "topics__a" not in keys and keys["topics"] is q.question("topics")


def test_items_are_the_ordinal_variables_with_their_range_and_keying():
    q = every_type()
    assert [i.id for i in q.items] == ["useful", "grade", "structured", "unclear", "clear"]
    useful, grade, _, unclear, clear = q.items
    assert (useful.min, useful.max, useful.codes) == (1, 4, [1, 2, 3, 4])
    assert (grade.min, grade.max, len(grade.codes), grade.reverse) == (0, 10, 11, True)
    assert (unclear.reverse, clear.reverse, unclear.min, unclear.max) == (True, False, 1, 7)
    assert q.item("unclear").text == {"sv": "O", "en": "U"}
    assert q.question("useful").na == {"sv": "Vet ej", "en": "Don't know"}
    assert q.question("useful").is_ordinal and not q.question("role").is_ordinal


def test_texts_tags_and_codes():
    q = every_type()
    assert q.tags == ["unit"]
    assert q.respondent_code_ids == ["code"]
    assert q.question("code").multiline is False
    assert q.question("why_useful").multiline is True
    assert q.question("role").choice("staff").text == {"sv": "Personal", "en": "Staff"}
    assert q.question("role").choice("nobody") is None
    assert q.question("team_size").min == 0 and q.question("team_size").max is None
    assert [s.id for s in q.sections] == ["one", "two"]
    assert q.question("role").section == "two"


def test_scale_needs_half_its_items_unless_min_items_is_given():
    q = every_type()
    assert q.scale("format_scale").items == ["structured", "unclear", "clear"]
    assert q.scale("format_scale").required_items() == 2
    assert Scale("s", ["a", "b", "c", "d"]).required_items() == 2
    assert Scale("s", ["a", "b", "c", "d"], min_items=4).required_items() == 4


def test_tr_falls_back_to_the_first_language_then_to_the_fallback():
    assert tr({"sv": "Hej", "en": "Hello"}, "en") == "Hello"
    assert tr({"sv": "Hej", "en": "Hello"}, "da") == "Hej"
    assert tr(None, "sv", "?") == "?"
    assert tr({}, "sv") == ""


def shown(answers: dict) -> list[str]:
    return [question.id for question in every_type().visible(answers)]


ALWAYS = ["intro", "attended", "grade", "role", "topics", "format", "code"]


def test_visible_without_answers_hides_every_conditional_question():
    assert shown({}) == ALWAYS


def test_visible_follows_answers_in_order():
    assert shown({"attended": True}) == [
        "intro",
        "attended",
        "useful",
        "grade",
        "role",
        "topics",
        "format",
        "code",
    ]
    assert "why_useful" in shown({"attended": True, "useful": 3})
    assert "why_useful" not in shown({"attended": True, "useful": 2})
    assert "why_useful" not in shown({"attended": True, "useful": NA_CODE})
    assert "team_size" in shown({"role": "manager"})
    assert "team_size" in shown({"role": "staff", "topics": ["b"]})
    assert "team_size" not in shown({"role": "staff", "topics": ["a"]})


def test_hiding_a_question_hides_what_depends_on_it():
    # useful keeps a stale answer, but attended == false hides it and so why_useful too
    assert shown({"attended": False, "useful": 4}) == ALWAYS


def test_a_multi_question_can_be_tested_for_dont_know():
    text = EVERY_TYPE.replace(
        "        choices:\n          - {code: a, text: {sv: A, en: A}}",
        "        na: {sv: Vet ej, en: Don't know}\n"
        "        choices:\n          - {code: a, text: {sv: A, en: A}}",
    ).replace("show_if: \"role in ('manager') or 'b' in topics\"", "show_if: topics == na")
    q = load_questionnaire_text(text)
    assert "team_size" in [x.id for x in q.visible({"topics": NA_CODE})]
    assert "team_size" not in [x.id for x in q.visible({"topics": ["a"]})]


REQUIRED = """\
id: required-rule
version: "1"
languages: [en]
title: {en: Required}
sections:
  - id: one
    questions:
      - {id: came, type: yes_no, required: true, text: {en: Came?}}
      - {id: why, type: text, required: true, show_if: "came == false", text: {en: Why?}}
      - id: grid
        type: matrix
        required: true
        scale: {min: 1, max: 3}
        rows: [{id: r1, text: {en: One}}, {id: r2, text: {en: Two}}]
        text: {en: Rate}
      - id: topics
        type: multi
        required: true
        choices: [{code: a, text: {en: A}}]
        text: {en: Topics?}
      - {id: note, type: text, text: {en: Anything?}}
"""


def test_unanswered_required_is_shown_required_and_unanswered():
    q = load_questionnaire_text(REQUIRED)

    def missing(answers):
        return [question.id for question in q.unanswered_required(answers)]

    assert missing({}) == ["came", "grid", "topics"]  # `why` is hidden until came is no
    assert missing({"came": False}) == ["why", "grid", "topics"]
    # every matrix row counts; a multi answered with nothing ticked is answered
    assert missing({"came": True, "r1": 1, "topics": []}) == ["grid"]
    assert missing({"came": True, "why": "", "r1": 1, "r2": 3, "topics": ["a"]}) == []
