"""Submissions exported by KoboToolbox and ODK Central: read into a results file that
analyses exactly as the same answers collected by surveytui, or refused cell by cell."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from convert_helpers import write_xlsform as write_form
from surveytui.analysis import analyze
from surveytui.cli import main
from surveytui.convert.submissions import convert_submissions, read_submissions
from surveytui.convert.xlsform import write_xlsform
from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire_text
from surveytui.store import ResponseStore

QUESTIONNAIRE = """
id: visit-feedback
version: "1"
languages: [sv, en]
title: {sv: Besöket, en: The visit}
scales:
  useful: {items: [useful_a, grid_a, grid_b], min_items: 1}
sections:
  - id: main
    title: {sv: Om besöket, en: About the visit}
    questions:
      - id: useful_a
        type: likert
        points: 5
        na: {sv: Vet ej, en: Don't know}
        text: {sv: Nyttigt, en: Useful}
      - id: grade
        type: rating
        required: true
        scale: {min: 0, max: 10}
        text: {sv: Betyg, en: Grade}
      - id: role
        type: single
        choices:
          - {code: staff, text: {sv: Personal, en: Staff}}
          - {code: client, text: {sv: Klient, en: Client}}
        other: {sv: Annan, en: Other}
        text: {sv: Roll, en: Role}
      - id: topics
        type: multi
        choices:
          - {code: a, text: {sv: A, en: A}}
          - {code: b, text: {sv: B, en: B}}
          - {code: c, text: {sv: C, en: C}}
        other: {sv: Annat, en: Other}
        na: {sv: Vet ej, en: Don't know}
        text: {sv: Ämnen, en: Topics}
      - id: attended
        type: yes_no
        text: {sv: Deltog du?, en: Did you attend?}
      - id: hours
        type: number
        min: 0
        text: {sv: Timmar, en: Hours}
      - id: comment
        type: text
        text: {sv: Kommentar, en: Comment}
  - id: more
    questions:
      - id: grid
        type: matrix
        points: 5
        show_if: "attended == true"
        text: {sv: Påståenden, en: Statements}
        rows:
          - {id: grid_a, text: {sv: A, en: A}}
          - {id: grid_b, text: {sv: B, en: B}, reverse: true}
"""

# The same four responses, as surveytui's store takes them ...
ANSWERS = [
    {
        "useful_a": 5,
        "grade": 8,
        "role": "staff",
        "topics": ["a", "b"],
        "attended": True,
        "hours": 2.5,
        "comment": "Bra",
        "grid_a": 4,
        "grid_b": 5,
    },
    {
        "useful_a": "na",
        "grade": 3,
        "role__other": "Volunteer",
        "topics": [],
        "topics__other": "Cooking",
        "attended": False,
        "hours": 0,
    },
    {
        "useful_a": 2,
        "grade": 10,
        "role": "client",
        "topics": ["c"],
        "attended": True,
        "comment": "Okej; bra",
        "grid_a": 1,
        "grid_b": 2,
    },
    {
        "useful_a": 3,
        "grade": 0,
        "role": "staff",
        "attended": True,
        "hours": 10,
        "grid_a": 3,
        "grid_b": 3,
    },
]
IDS = [
    "0d8f7d3e-1c5a-4a8e-9f5e-2b9c6f1a7e01",
    "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c02",
    "2b3c4d5e-6f7a-4b8c-9d0e-2f3a4b5c6d03",
    "3c4d5e6f-7a8b-4c9d-8e0f-3a4b5c6d7e04",
]
WHEN = datetime(2026, 3, 1, 14, 12, tzinfo=UTC)

# ... as KoboToolbox exports them: semicolons, `/` between groups, select_multiple both as
# space-separated codes and split into 0/1 columns, its metadata columns ...
KOBO = f"""\
start;end;main/useful_a;main/grade;main/role;main/role__other;main/topics;main/topics/a;\
main/topics/b;main/topics/c;main/topics/other;main/topics__other;main/attended;main/hours;\
main/comment;more/grid/grid_a;more/grid/grid_b;_id;_uuid;_submission_time;_validation_status;\
_notes;_status;_submitted_by;__version__;_tags;_index
2026-03-01T14:01:00.000+01:00;2026-03-01T14:09:00.000+01:00;5;8;staff;;a b;1;1;0;0;;1;2.5;Bra;\
4;5;101;{IDS[0]};2026-03-01T14:12:33;;;submitted_via_web;;vAbC;;1
2026-03-01T14:02:00.000+01:00;2026-03-01T14:10:00.000+01:00;na;3;other;Volunteer;other;0;0;0;1;\
Cooking;0;0;;;;102;{IDS[1]};2026-03-01T15:00:00;;;submitted_via_web;;vAbC;;2
2026-03-01T14:03:00.000+01:00;2026-03-01T14:11:00.000+01:00;2;10;client;;c;0;0;1;0;;1;;\
"Okej; bra";1;2;103;{IDS[2]};2026-03-01T16:00:00;;;submitted_via_web;;vAbC;;3
2026-03-01T14:04:00.000+01:00;2026-03-01T14:12:00.000+01:00;3;0;staff;;;;;;;;1;10;;3;3;104;\
{IDS[3]};2026-03-01T17:00:00;;;submitted_via_web;;vAbC;;4
"""

# ... and as ODK Central exports them: commas, `-` between groups, space-separated codes.
CENTRAL = f"""\
SubmissionDate,main-useful_a,main-grade,main-role,main-role__other,main-topics,\
main-topics__other,main-attended,main-hours,main-comment,more-grid-grid_a,more-grid-grid_b,\
meta-instanceID,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,\
ReviewState,DeviceID,Edits,FormVersion,KEY
2026-03-01T14:12:33.123Z,5,8,staff,,a b,,1,2.5,Bra,4,5,uuid:{IDS[0]},5,collector,0,0,,,,0,1,\
uuid:{IDS[0]}
2026-03-01T15:00:00.000Z,na,3,other,Volunteer,other,Cooking,0,0,,,,uuid:{IDS[1]},5,collector,\
0,0,,,,0,1,uuid:{IDS[1]}
2026-03-01T16:00:00.000Z,2,10,client,,c,,1,,"Okej; bra",1,2,uuid:{IDS[2]},5,collector,0,0,,,,\
0,1,uuid:{IDS[2]}
2026-03-01T17:00:00.000Z,3,0,staff,,,,1,10,,3,3,uuid:{IDS[3]},5,collector,0,0,,,,0,1,\
uuid:{IDS[3]}
"""


# ... and with ODK Central's "split select multiple choices into columns": after each
# select_multiple's own column, one `<column>/<value>` per value submitted, 1 or 0 (empty
# when nothing was chosen), as central-backend's own export test shows
# (test/integration/api/submissions.js: `q1,q1/a,q1/b,g1-q2,g1-q2/m,...`).
CENTRAL_SPLIT = CENTRAL.replace(
    "main-topics,", "main-topics,main-topics/a,main-topics/b,main-topics/c,main-topics/other,", 1
)
for before, after in [
    (",a b,,", ",a b,1,1,0,0,,"),
    (",other,Cooking,", ",other,0,0,0,1,Cooking,"),
    (",c,,", ",c,0,0,1,0,,"),
    (",staff,,,,1,10,", ",staff,,,,,,,,1,10,"),
]:
    assert CENTRAL_SPLIT.count(before) == 1
    CENTRAL_SPLIT = CENTRAL_SPLIT.replace(before, after)


@pytest.fixture
def questionnaire():
    return load_questionnaire_text(QUESTIONNAIRE, "visit-feedback.yaml")


@pytest.fixture
def native(tmp_path, questionnaire):
    """The same answers collected by surveytui itself."""
    path = tmp_path / "native" / "visit.csv"
    store = ResponseStore(path, questionnaire)
    for answers in ANSWERS:
        store.append(answers, submitted=WHEN)
    return path


@pytest.mark.parametrize(
    "export", [KOBO, CENTRAL, CENTRAL_SPLIT], ids=["kobo", "central", "central-split"]
)
def test_an_export_analyzes_as_the_same_answers_collected_here(
    tmp_path, questionnaire, native, export
):
    source = tmp_path / "export.csv"
    source.write_text(export, encoding="utf-8")
    target = tmp_path / "converted" / "visit.csv"
    assert convert_submissions(source, questionnaire, target)[:2] == (4, 0)
    answers = [_answers(row) for row in ResponseStore(target, questionnaire).read().rows]
    assert answers == [_answers(row) for row in ResponseStore(native, questionnaire).read().rows]
    # Four responses: the smallest group that may be shown (3) lets every item be seen.
    ours = analyze([native], min_group=3).to_dict()
    theirs = analyze([target], min_group=3).to_dict()
    assert theirs["n_responses"] == 4 and theirs["problems"] == []
    shown = {item["id"]: item["n"] for item in theirs["items"]}
    assert shown["topics"] == 3 and shown["grid_a"] == 3  # the comparison is not of blanks
    assert theirs == ours


def _answers(row):
    """A stored row without what differs between two collections: its id."""
    return {key: value for key, value in row.items() if key != "response_id"}


@pytest.mark.parametrize("export", [KOBO, CENTRAL], ids=["kobo", "central"])
def test_ids_become_response_ids_and_times_are_coarsened_to_the_date(
    tmp_path, questionnaire, export
):
    source = tmp_path / "export.csv"
    source.write_text(export, encoding="utf-8")
    target = tmp_path / "visit.csv"
    convert_submissions(source, questionnaire, target)
    rows = ResponseStore(target, questionnaire).read().rows
    assert [row["response_id"] for row in rows] == IDS
    assert {row["submitted_at"] for row in rows} == {"2026-03-01"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.with_name("visit.questionnaire.yaml").read_text() == QUESTIONNAIRE


def test_converting_a_newer_export_again_adds_only_the_new_submissions(tmp_path, questionnaire):
    first = tmp_path / "first.csv"
    first.write_text("".join(KOBO.splitlines(keepends=True)[:3]), encoding="utf-8")
    everything = tmp_path / "all.csv"
    everything.write_text(KOBO, encoding="utf-8")
    target = tmp_path / "visit.csv"
    assert convert_submissions(first, questionnaire, target)[:2] == (2, 0)
    assert convert_submissions(everything, questionnaire, target)[:2] == (2, 2)
    assert len(ResponseStore(target, questionnaire).read().rows) == 4


BAD_CELLS = [
    ("main-grade", "8", "11", "not a code on the scale 0..10"),
    ("main-hours", "2.5", "two", "'two' is not a number"),
    ("main-hours", "2.5", "-1", "below the minimum 0"),
    ("main-role", "staff", "boss", "not one of the choices"),
    ("main-topics", "a b", "a z", "not among the choices"),
    ("main-attended", "1", "maybe", "should be 1 (yes) or 0"),
    ("main-useful_a", "5", "0", "not a code on the scale 1..5"),
    ("main-topics", "a b", "a na", "cannot be chosen with other answers"),
    ("main-hours", "2.5", "na", "not offered by this question"),
]


@pytest.mark.parametrize(
    ("column", "good", "bad", "message"), BAD_CELLS, ids=[c[0] + "=" + c[2] for c in BAD_CELLS]
)
def test_a_cell_that_does_not_fit_is_a_problem_at_its_line_and_column(
    tmp_path, questionnaire, column, good, bad, message
):
    lines = CENTRAL.splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[1].rstrip("\n").split(",")
    index = header.index(column)
    assert cells[index] == good
    cells[index] = bad
    source = tmp_path / "export.csv"
    source.write_text(lines[0] + ",".join(cells) + "\n" + "".join(lines[2:]), encoding="utf-8")
    read = read_submissions(source, questionnaire)
    assert len(read.problems) == 1
    problem = read.problems[0]
    assert (problem.file, problem.line) == (str(source), 2)
    assert problem.column == header.index(column) + 1
    assert column in problem.message and message in problem.message
    target = tmp_path / "visit.csv"
    with pytest.raises(SurveyError):
        convert_submissions(source, questionnaire, target)
    assert not target.exists()  # nothing written, not even the rows that fit


def test_hidden_answers_missing_required_ones_and_empty_other_are_problems(tmp_path, questionnaire):
    lines = CENTRAL.splitlines(keepends=True)
    bad = [
        # attended no, yet the matrix (shown only to those who attended) is answered
        lines[2].replace("0,0,,,,uuid", "0,0,,4,4,uuid"),
        # grade is required
        lines[3].replace(",2,10,client,", ",2,,client,"),
        # "other" chosen, what it is left empty
        lines[4].replace(",3,0,staff,,", ",3,0,other,,"),
    ]
    assert bad != lines[2:5]
    source = tmp_path / "export.csv"
    source.write_text(lines[0] + lines[1] + "".join(bad), encoding="utf-8")
    problems = read_submissions(source, questionnaire).problems
    assert [p.line for p in problems] == [3, 4, 5]
    assert "hidden by its show_if" in problems[0].message
    assert "required" in problems[1].message
    assert "'other' is chosen" in problems[2].message


def test_an_unknown_column_is_a_problem_unless_skipped(tmp_path, questionnaire):
    lines = KOBO.splitlines(keepends=True)
    source = tmp_path / "export.csv"
    source.write_text(
        "".join(
            line.rstrip("\n") + (";main/gps\n" if n == 0 else ";1 2 3 4\n")
            for n, line in enumerate(lines)
        ),
        encoding="utf-8",
    )
    problems = read_submissions(source, questionnaire).problems
    assert [str(p) for p in problems] == [
        f"{source}:1:28: column 'main/gps' is no question of visit-feedback"
    ]
    skipped = read_submissions(source, questionnaire, skip_unsupported=True)
    assert skipped.problems == [] and len(skipped.rows) == 4 and len(skipped.left_out) == 1


def test_a_submission_id_that_is_not_a_uuid_is_a_problem(tmp_path, questionnaire):
    source = tmp_path / "export.csv"
    source.write_text(CENTRAL.replace(f"uuid:{IDS[1]}", "uuid:not-a-uuid"), encoding="utf-8")
    problems = read_submissions(source, questionnaire).problems
    assert [p.line for p in problems] == [3]
    assert "not a uuid" in problems[0].message


def test_cli_reads_submissions_against_the_xlsform_or_the_yaml(tmp_path, questionnaire, capsys):
    form = tmp_path / "form.xlsx"
    form.write_bytes(write_xlsform(questionnaire))
    yaml_file = tmp_path / "q.yaml"
    yaml_file.write_text(QUESTIONNAIRE, encoding="utf-8")
    source = tmp_path / "export.csv"
    source.write_text(KOBO, encoding="utf-8")
    for given, name in ((form, "a.csv"), (yaml_file, "b.csv")):
        target = tmp_path / "results" / name
        assert main(["convert", str(source), "--questionnaire", str(given), "-o", str(target)]) == 0
        assert "added 4 submissions" in capsys.readouterr().err
        assert analyze([target]).n_responses == 4
    assert main(["convert", str(source), "-o", str(tmp_path / "c.csv")]) == 2
    assert "--questionnaire" in capsys.readouterr().err


def test_cli_refuses_a_bad_export_with_exit_2_and_writes_nothing(tmp_path, capsys):
    yaml_file = tmp_path / "q.yaml"
    yaml_file.write_text(QUESTIONNAIRE, encoding="utf-8")
    source = tmp_path / "export.csv"
    source.write_text(CENTRAL.replace(",8,staff,", ",eight,staff,"), encoding="utf-8")
    target = tmp_path / "results" / "visit.csv"
    assert main(["convert", str(source), "--questionnaire", str(yaml_file), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:2:3: column main-grade:" in err and "Traceback" not in err
    assert not target.exists()


def test_an_empty_export_is_refused(tmp_path, questionnaire):
    source = tmp_path / "export.csv"
    source.write_text("", encoding="utf-8")
    with pytest.raises(SurveyError):
        read_submissions(source, questionnaire)
    assert Path(source).exists()


def test_an_export_of_someone_elses_form_finds_its_names(tmp_path):
    """Names as XLSForm users write them (capitals, `-`, a question called `email`),
    or_other's `<name>_other` column, a choice name with `-` in a split column."""
    survey = [
        {"type": "begin group", "name": "grp", "label": "Group"},
        {"type": "select_multiple topics or_other", "name": "Q-1", "label": "Topics"},
        {"type": "text", "name": "email", "label": "Your e-mail"},
        {"type": "end group"},
    ]
    choices = [
        {"list_name": "topics", "name": "a-1", "label": "A"},
        {"list_name": "topics", "name": "b", "label": "B"},
    ]
    form = write_form(tmp_path / "form.xlsx", survey, choices, {"form_id": "theirs"})
    source = tmp_path / "export.csv"
    source.write_text(
        "start;grp/Q-1;grp/Q-1/a-1;grp/Q-1/b;grp/Q-1/other;grp/Q-1_other;grp/email;_uuid\n"
        f"2026-01-01;a-1 other;1;0;1;Knitting;x@example.org;{IDS[0]}\n"
        f"2026-01-01;b;0;1;0;;;{IDS[1]}\n",
        encoding="utf-8",
    )
    target = tmp_path / "results" / "theirs.csv"
    assert main(["convert", str(source), "--questionnaire", str(form), "-o", str(target)]) == 0
    questionnaire = load_questionnaire_text(
        target.with_name("theirs.questionnaire.yaml").read_text(encoding="utf-8")
    )
    rows = ResponseStore(target, questionnaire).read().rows
    assert [(r["q_1"], r["q_1__other"], r["email"]) for r in rows] == [
        (["a_1"], "Knitting", "x@example.org"),
        (["b"], None, None),
    ]
