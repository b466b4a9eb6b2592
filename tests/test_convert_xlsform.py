"""Questionnaires to and from XLSForm: pyxform accepts what we write, and it reads back the
same; real XLSForms convert and validate, or are refused with located errors."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import openpyxl
import pytest

from convert_helpers import meaning, write_xlsform
from surveytui.cli import main
from surveytui.convert.relevant import NamedQuestion, RelevantError, to_show_if
from surveytui.convert.xlsform import check_xlsform, read_xlsform
from surveytui.convert.xlsform import write_xlsform as export
from surveytui.errors import SurveyError
from surveytui.model import Answer, load_questionnaire, load_questionnaire_text

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))
CORPUS = sorted(
    p
    for p in (ROOT / "tests" / "data" / "xlsform").iterdir()
    if p.suffix != "" and p.name != "README.md"
)


def sheet_rows(data: bytes, name: str) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[name]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


# -- export -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_questionnaire_goes_through_pyxform_and_comes_back_equal(path, tmp_path):
    questionnaire = load_questionnaire(path)
    data = export(questionnaire)
    assert check_xlsform(data) == []  # no errors (it would raise) and no warnings
    form = tmp_path / "form.xlsx"
    form.write_bytes(data)
    back = read_xlsform(form)
    assert back.skipped == []
    assert meaning(back.questionnaire) == meaning(questionnaire)


def test_export_keeps_the_meaning_in_xlsform_terms():
    q = load_questionnaire_text(
        """
id: faces
version: "2"
languages: [sv, en]
title: {sv: Ansikten, en: Faces}
scales:
  both: {items: [agree, row_a], min_items: 1}
sections:
  - id: main
    questions:
      - id: agree
        type: likert
        points: 4
        na: {sv: Vet ej, en: Don't know}
        text: {sv: Instämmer, en: Agree}
      - id: grade
        type: rating
        scale: {min: 0, max: 10}
        text: {sv: Betyg, en: Grade}
        show_if: "agree >= 3"
      - id: grid
        type: matrix
        points: 4
        text: {sv: Rutnät, en: Grid}
        rows:
          - {id: row_a, text: {sv: A, en: A}}
          - {id: row_b, text: {sv: B, en: B}, reverse: true}
      - id: role
        type: single
        choices:
          - {code: a, text: {sv: A, en: A}}
        other: {sv: Annat, en: Other}
        text: {sv: Roll, en: Role}
"""
    )
    data = export(q)
    survey = sheet_rows(data, "survey")
    by_name = {row["name"]: row for row in survey if not str(row["type"]).startswith("end")}
    assert by_name["agree"]["type"] == "select_one agree"
    assert by_name["agree"]["appearance"] == "likert"
    assert by_name["agree"]["label::Svenska (sv)"] == "Instämmer"
    assert by_name["agree"]["label::English (en)"] == "Agree"
    assert by_name["grade"]["relevant"] == "${agree} >= 3"
    assert by_name["grid"]["type"] == "begin group"
    assert by_name["grid"]["appearance"] == "table-list"
    assert by_name["row_b"]["type"] == "select_one grid"
    assert by_name["row_b"]["surveytui_reverse"] == "yes"
    assert by_name["role__other"]["relevant"] == "selected(${role}, 'other')"
    choices = sheet_rows(data, "choices")
    agree = [c["name"] for c in choices if c["list_name"] == "agree"]
    assert agree == ["1", "2", "3", "4", "na"]
    grade = [c["name"] for c in choices if c["list_name"] == "grade"]
    assert grade == [str(n) for n in range(11)]
    assert [c["name"] for c in choices if c["list_name"] == "role"] == ["a", "other"]
    settings = sheet_rows(data, "settings")[0]
    assert (settings["form_id"], settings["version"]) == ("faces", "2")
    assert check_xlsform(data) == []


def test_a_text_that_starts_like_a_formula_stays_text(tmp_path):
    q = load_questionnaire_text(
        """
id: formula
version: "1"
languages: [en]
title: {en: "=1+1"}
sections:
  - id: main
    questions:
      - {id: sum, type: text, text: {en: "=SUM(A1:A3)"}}
"""
    )
    data = export(q)
    form = tmp_path / "f.xlsx"
    form.write_bytes(data)
    assert read_xlsform(form).questionnaire.question("sum").text == {"en": "=SUM(A1:A3)"}


# -- import -----------------------------------------------------------------------------

LANGS = ("label::English (en)", "label::Svenska (sv)")


def two(en: str, sv: str | None = None) -> dict[str, str]:
    return dict(zip(LANGS, (en, sv or en)))


AGREE = [
    {"list_name": "agree", "name": str(n)} | two(text)
    for n, text in enumerate(["Disagree", "Neutral", "Agree"], start=1)
]


def test_an_xlsform_maps_onto_the_questionnaire_types(tmp_path):
    survey = [
        {"type": "text", "name": "Name", "hint::English (en)": "Your name"} | two("Name", "Namn"),
        {"type": "integer", "name": "age", "constraint": ". >= 0 and . <= 120"} | two("Age"),
        {"type": "decimal", "name": "hours"} | two("Hours"),
        {"type": "select_one agree", "name": "q1", "required": "yes"} | two("One"),
        {
            "type": "select_one agree",
            "name": "q2",
            "relevant": "${q1} = '3'",
            "appearance": "likert",
        }
        | two("Two"),
        {"type": "select_one unit", "name": "unit"} | two("Unit"),
        {
            "type": "select_multiple topics or_other",
            "name": "topics",
            "relevant": "selected(${unit}, 'a-1') and not(${age} < 18)",
        }
        | two("Topics"),
        {"type": "note", "name": "thanks"} | two("Thanks"),
        {"type": "begin group", "name": "grid", "appearance": "table-list"} | two("Grid"),
        {"type": "select_one agree", "name": "g1"} | two("G one"),
        {"type": "select_one agree", "name": "g2"} | two("G two"),
        {"type": "end group"},
    ]
    choices = [
        *AGREE,
        {"list_name": "unit", "name": "a-1"} | two("Unit A"),
        {"list_name": "unit", "name": "b"} | two("Unit B"),
        {"list_name": "topics", "name": "x"} | two("X"),
    ]
    form = write_xlsform(
        tmp_path / "form.xlsx",
        survey,
        choices,
        {"form_id": "My Form", "title": "My form", "version": "7"},
    )
    imported = read_xlsform(form)
    q = imported.questionnaire
    assert (q.id, q.version, q.languages) == ("my-form", "7", ["en", "sv"])
    assert q.question("name").text == {"en": "Name", "sv": "Namn"}
    assert q.question("name").help == {"en": "Your name", "sv": "Your name"}
    age = q.question("age")
    assert (age.spec.answer, age.min, age.max) == (Answer.NUMBER, 0, 120)
    assert q.question("hours").spec.answer is Answer.NUMBER
    one, two_ = q.question("q1"), q.question("q2")
    assert one.spec.answer is Answer.SCALE and one.codes == [1, 2, 3]  # an agreement list
    assert one.required and not two_.required
    assert two_.show_if == "q1 == 3"
    assert q.question("unit").spec.answer is Answer.CHOICE
    assert [c.code for c in q.question("unit").choices] == ["a_1", "b"]
    topics = q.question("topics")
    assert topics.spec.answer is Answer.CHOICES and topics.offers_other
    assert topics.show_if == "unit == 'a_1' and not (age < 18)"
    assert q.question("thanks").spec.answer is Answer.NONE
    grid = q.question("grid")
    assert grid.spec.rows and [r.id for r in grid.rows] == ["g1", "g2"]
    assert grid.text == {"en": "Grid", "sv": "Grid"}
    load_questionnaire_text(imported.text)  # the YAML itself loads


def test_a_select_of_numbered_non_agreement_choices_stays_a_choice(tmp_path):
    survey = [{"type": "select_one floors", "name": "floor"} | two("Floor")]
    choices = [{"list_name": "floors", "name": str(n)} | two(f"Floor {n}") for n in (1, 2, 3)]
    form = write_xlsform(tmp_path / "f.xlsx", survey, choices)
    assert read_xlsform(form).questionnaire.question("floor").spec.answer is Answer.CHOICE


UNSUPPORTED = [
    {"type": "text", "name": "ok"} | two("OK"),
    {"type": "geopoint", "name": "where"} | two("Where"),
    {"type": "calculate", "name": "calc", "calculation": "1 + 1"},
    {"type": "begin repeat", "name": "kids"} | two("Kids"),
    {"type": "text", "name": "kid_name"} | two("Kid"),
    {"type": "end repeat"},
    {"type": "select_one unit", "name": "unit", "choice_filter": "name != 'b'"} | two("Unit"),
    {"type": "deviceid", "name": "device"},
    {"type": "integer", "name": "n", "relevant": "count(${ok}) > 1"} | two("N"),
    {"type": "select_one ${ok}", "name": "dynamic"} | two("From an answer"),
]


def test_what_has_no_equivalent_is_refused_all_at_once_with_sheet_and_row(tmp_path):
    choices = [
        {"list_name": "unit", "name": "a"} | two("A"),
        {"list_name": "unit", "name": "b"} | two("B"),
    ]
    form = write_xlsform(tmp_path / "FORM.xlsx", UNSUPPORTED, choices)
    with pytest.raises(SurveyError) as caught:
        read_xlsform(form)
    lines = [str(p) for p in caught.value.problems]
    assert f"{form}:survey:3: type 'geopoint' has no surveytui equivalent" in lines
    assert f"{form}:survey:4: type 'calculate' has no surveytui equivalent" in lines
    assert f"{form}:survey:5: type 'begin repeat' has no surveytui equivalent" in lines
    assert f"{form}:survey:8: choice_filter has no surveytui equivalent" in lines
    assert f"{form}:survey:9: type 'deviceid' has no surveytui equivalent" in lines
    assert any(line.startswith(f"{form}:survey:10: relevant") for line in lines)
    assert f"{form}:survey:11: type 'select_one ${{ok}}' has no surveytui equivalent" in lines
    assert len(lines) == 7


def test_skip_unsupported_leaves_them_out_lists_them_and_validates(tmp_path):
    choices = [{"list_name": "unit", "name": "a"} | two("A")]
    form = write_xlsform(tmp_path / "FORM.xlsx", UNSUPPORTED, choices)
    imported = read_xlsform(form, skip_unsupported=True)
    assert len(imported.skipped) == 7
    ids = [q.id for q in imported.questionnaire.questions]
    assert ids == ["ok", "n"]  # the repeat's rows went with it; n lost only its condition
    assert imported.questionnaire.question("n").show_if is None
    load_questionnaire_text(imported.text)


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
@pytest.mark.parametrize("skip", [False, True], ids=["strict", "skip"])
def test_real_xlsforms_convert_or_are_refused_with_located_errors(path, skip):
    try:
        imported = read_xlsform(path, skip_unsupported=skip)
    except SurveyError as err:
        assert err.problems
        for problem in err.problems:
            # what we make of a form is valid: refusing it is for the form's own reasons
            assert "the converted questionnaire is not valid" not in problem.message
            assert problem.file is not None and problem.file.startswith(str(path))
            if problem.file != str(path):  # a sheet is named: then so is the row
                assert problem.line is not None
        return
    load_questionnaire_text(imported.text)
    for problem in imported.skipped:
        assert problem.file.startswith(f"{path}:") and problem.line is not None


def test_some_of_the_corpus_converts_and_some_is_refused():
    """Guards the corpus test: it must see both outcomes to test anything."""
    outcomes = set()
    for path in CORPUS:
        try:
            read_xlsform(path)
            outcomes.add("converted")
        except SurveyError:
            outcomes.add("refused")
    assert outcomes == {"converted", "refused"}


# -- relevant ---------------------------------------------------------------------------

TARGETS = {
    "role": NamedQuestion("role", Answer.CHOICE, {"a": "'a'", "b": "'b'", "na": "na"}),
    "topics": NamedQuestion("topics", Answer.CHOICES, {"x": "'x'", "na": "na"}),
    "grade": NamedQuestion("grade", Answer.SCALE, {str(n): str(n) for n in range(1, 6)}),
    "count": NamedQuestion("count", Answer.NUMBER),
    "yes": NamedQuestion("yes", Answer.BOOLEAN, {"1": "true", "0": "false"}),
    "note": NamedQuestion("note", Answer.NONE),
}


@pytest.mark.parametrize(
    ("relevant", "show_if"),
    [
        ("${role} = 'a'", "role == 'a'"),
        ("'a' = ${role}", "role == 'a'"),
        ("${role} != 'a'", "not (role == 'a')"),
        ("${role} != '' and ${role} != 'a'", "role != 'a'"),
        ("${role} != '' and not(${role} = 'a')", "role != 'a'"),
        ("${topics} != '' and not(selected(${topics}, 'na'))", "topics != na"),
        ("${grade} >= 4", "grade >= 4"),
        ("3 < ${grade}", "grade > 3"),
        ("${count} <= 2.5", "count <= 2.5"),
        ("selected(${topics}, 'x')", "'x' in topics"),
        ("selected(${topics}, 'na')", "topics == na"),
        ("selected(${role}, 'b')", "role == 'b'"),
        ("${yes} = '1'", "yes == true"),
        (
            "(${role} = 'a' or ${role} = 'b') and not(${grade} < 2)",
            "(role == 'a' or role == 'b') and not (grade < 2)",
        ),
    ],
)
def test_the_xpath_subset_reads_as_show_if(relevant, show_if):
    assert to_show_if(relevant, TARGETS.get) == show_if


@pytest.mark.parametrize(
    "relevant",
    [
        "${role} = ''",
        "${role} != ''",
        "count-selected(${topics}) > 1",
        "${topics} = 'x'",
        "${role} > 'a'",
        "${role} = 'zz'",
        "${missing} = 1",
        "${note} = 'a'",
        "${count} = 'many'",
        "${role} = 'a' and",
        "${role} = ${grade}",
        "not(" * 40 + "${role} = 'a'" + ")" * 40,
        "(" * 10_000 + "${role} = 'a'" + ")" * 10_000,
    ],
    ids=lambda relevant: relevant[:30],
)
def test_xpath_outside_the_subset_is_refused(relevant):
    with pytest.raises(RelevantError):
        to_show_if(relevant, TARGETS.get)


# -- command line -----------------------------------------------------------------------


def test_cli_converts_both_ways_and_writes_files_for_the_owner_only(tmp_path, capsys):
    source = ROOT / "questionnaires" / "seminar-feedback.yaml"
    form, back = tmp_path / "form.xlsx", tmp_path / "back.yaml"
    assert main(["convert", str(source), "-o", str(form)]) == 0
    assert main(["convert", str(form), "-o", str(back)]) == 0
    assert stat.S_IMODE(form.stat().st_mode) == 0o600
    assert stat.S_IMODE(back.stat().st_mode) == 0o600
    assert main(["validate", str(back)]) == 0
    assert meaning(load_questionnaire(back)) == meaning(load_questionnaire(source))


def test_cli_refuses_with_exit_2_and_file_sheet_row(tmp_path, capsys):
    choices = [{"list_name": "unit", "name": "a"} | two("A")]
    form = write_xlsform(tmp_path / "FORM.xlsx", UNSUPPORTED, choices)
    out = tmp_path / "q.yaml"
    assert main(["convert", str(form), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{form}:survey:3: type 'geopoint' has no surveytui equivalent" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert main(["convert", str(form), "-o", str(out), "--skip-unsupported"]) == 0
    err = capsys.readouterr().err
    assert f"{form}:survey:3: type 'geopoint' has no surveytui equivalent" in err
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize(
    ("source", "target"),
    [("q.txt", "q.yaml"), ("q.yaml", "q.pdf"), ("a.xlsx", "b.xlsx"), ("missing.xlsx", "q.yaml")],
)
def test_cli_says_what_it_cannot_convert(tmp_path, capsys, source, target):
    src = tmp_path / source
    if source != "missing.xlsx":
        src.write_text("x")
    assert main(["convert", str(src), "-o", str(tmp_path / target)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_file_that_is_not_a_workbook_is_refused_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["convert", str(bad), "-o", str(tmp_path / "q.yaml")]) == 2
    assert str(bad) in capsys.readouterr().err


@pytest.mark.parametrize("name", ["notes.xlsx", "old.xls"])
def test_a_text_file_named_like_a_workbook_is_called_what_it_is(tmp_path, capsys, name):
    """pyxform's own words for it ("Argument 'definition' was not recognized") mean
    nothing to an evaluator who saved the wrong file."""
    bad = tmp_path / name
    bad.write_text("type,name,label\ntext,q,Q\n", encoding="utf-8")
    assert main(["convert", str(bad), "-o", str(tmp_path / "q.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{bad}: not an Excel workbook" in err
    assert "definition" not in err


def test_a_zip_bomb_named_xlsx_is_refused_before_it_unpacks(tmp_path, capsys, monkeypatch):
    """A small .xlsx whose parts claim to unpack to far more than any form: refused from
    the archive's directory, so neither pyxform nor openpyxl ever inflates it."""
    import zipfile

    from surveytui.convert import xlsform

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)
    assert bomb.stat().st_size < 20_000
    monkeypatch.setattr(xlsform, "UNPACKED_LIMIT", 1_000_000)

    def inflate(*args, **kwargs):
        raise AssertionError("the workbook was read")

    monkeypatch.setattr("pyxform.xls2json_backends.get_xlsform", inflate)
    assert main(["convert", str(bomb), "-o", str(tmp_path / "q.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{bomb}: the workbook would unpack to 2,000,000 bytes" in err
    assert not (tmp_path / "q.yaml").exists()


CONDITIONS = [
    "role == 'a'",
    "role != 'a'",
    "role in ('a', 'b')",
    "not (role == 'b')",
    "role == na",
    "role != na",
    "'x' in topics",
    "not ('y' in topics)",
    "topics == na",
    "topics != na",
    "grade >= 4",
    "grade != 3",
    "3 < grade",
    "grade == na",
    "hours <= 2.5",
    "attended == true",
    "attended != false",
    "comment == 'hi'",
    "(role == 'a' or grade > 2) and not (attended == false or hours > 1)",
]
CONDITIONS_YAML = """
id: conditions
version: "1"
languages: [en]
title: {en: Conditions}
sections:
  - id: main
    questions:
      - id: role
        type: single
        choices: [{code: a, text: A}, {code: b, text: B}, {code: c, text: C}]
        na: Don't know
        text: Role
      - id: topics
        type: multi
        choices: [{code: x, text: X}, {code: y, text: Y}]
        na: Don't know
        text: Topics
      - {id: grade, type: likert, points: 5, na: Don't know, text: Grade}
      - {id: hours, type: number, text: Hours}
      - {id: attended, type: yes_no, text: Attended}
      - {id: comment, type: text, text: Comment}
""" + "".join(
    f'      - {{id: shown_{n}, type: note, text: Shown, show_if: "{c}"}}\n'
    for n, c in enumerate(CONDITIONS)
)
VALUES = {
    "role": [None, "a", "b", "c", "na"],
    "topics": [None, [], ["x"], ["y"], ["x", "y"], "na"],
    "grade": [None, 1, 3, 4, 5, "na"],
    "hours": [None, 0, 2.5, 3],
    "attended": [None, True, False],
    "comment": [None, "hi", "ho"],
}


def test_conditions_read_back_from_relevant_alone_mean_the_same(tmp_path):
    """With the exact show_if column removed, the relevant XLSForm tools see reads back as
    a condition that is true for exactly the same answers."""
    import itertools

    from surveytui.model import evaluate

    original = load_questionnaire_text(CONDITIONS_YAML)
    data = export(original)
    assert check_xlsform(data) == []
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["survey"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("surveytui_show_if") + 1)
    form = tmp_path / "form.xlsx"
    book.save(form)
    back = read_xlsform(form).questionnaire
    pairs = [
        (q.condition, back.question(q.id).condition)
        for q in original.questions
        if q.condition is not None
    ]
    assert len(pairs) == len(CONDITIONS)
    assert [back.question(f"shown_{n}").show_if for n in range(3)] == [
        "role == 'a'",
        "role != 'a'",
        "(role == 'a' or role == 'b')",
    ]
    for values in itertools.product(*VALUES.values()):
        answers = {k: v for k, v in zip(VALUES, values) if v is not None}
        for ours, theirs in pairs:
            assert evaluate(ours, answers) == evaluate(theirs, answers), (ours, answers)


def test_groups_nested_too_deep_are_refused_at_the_row_not_a_crash(tmp_path, capsys):
    depth = 3000
    survey = [{"type": "begin group", "name": f"g{n}", "label": "G"} for n in range(depth)]
    survey += [{"type": "text", "name": "a", "label": "A"}]
    survey += [{"type": "end group"} for _ in range(depth)]
    form = write_xlsform(tmp_path / "deep.xlsx", survey)
    assert main(["convert", str(form), "-o", str(tmp_path / "q.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{form}:survey:34: groups nest more than 32 levels deep" in err


def test_a_form_with_nothing_left_to_keep_says_so(tmp_path):
    form = write_xlsform(tmp_path / "geo.xlsx", [{"type": "geopoint", "name": "g", "label": "G"}])
    with pytest.raises(SurveyError) as caught:
        read_xlsform(form, skip_unsupported=True)
    assert [str(p) for p in caught.value.problems] == [
        f"{form}:survey:2: type 'geopoint' has no surveytui equivalent",
        f"{form}: the form has no question surveytui can keep",
    ]


def test_a_type_named_in_our_column_that_does_not_fit_the_row_is_not_trusted(tmp_path):
    """An edited form: `surveytui_type` says likert, but the list now runs 0..4."""
    survey = [
        {"type": "select_one zero", "name": "a", "label": "A", "surveytui_type": "likert"},
        {"type": "text", "name": "b", "label": "B", "surveytui_type": "yes_no"},
    ]
    choices = [{"list_name": "zero", "name": str(n), "label": f"{n} agree"} for n in range(5)]
    form = write_xlsform(tmp_path / "edited.xlsx", survey, choices)
    q = read_xlsform(form).questionnaire
    assert (q.question("a").scale_min, q.question("a").scale_max) == (0, 4)
    assert q.question("b").spec.answer is Answer.TEXT
