"""Reading response files as people leave them: the corpus in tests/data/csv, each file
with the rows and problems written out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveytui.errors import SurveyError
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore, decode_bytes, sniff_dialect

DATA = Path(__file__).parent / "data" / "csv"
Q = load_questionnaire(DATA / "feedback.yaml")
ID = "00000000-0000-4000-8000-00000000000{}".format


def read(name: str):
    result = ResponseStore(DATA / name, Q).read()
    problems = [str(p).replace(str(DATA) + "/", "") for p in result.problems]
    return result, problems


def answered(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None}


def test_excel_sv_bom_crlf_semicolons_decimal_comma():
    result, problems = read("excel_sv.csv")
    assert problems == []
    assert [answered(r) for r in result.rows] == [
        {
            "response_id": ID(1),
            "submitted_at": "2026-03-01",
            "questionnaire_id": "store-test",
            "questionnaire_version": "1",
            "language": "sv",
            "relevant": 4,
            "grade": 7,
            "role": "staff",
            "topics": ["a", "c"],
            "hours": 2.5,
            "attended": True,
            "why": "för att",
            "grid_one": 1,
            "grid_two": 4,
            "comment": "Bra; men lång\ndag",
        },
        {
            "response_id": ID(2),
            "submitted_at": "2026-03-01",
            "questionnaire_id": "store-test",
            "questionnaire_version": "1",
            "language": "sv",
            "relevant": "na",
            "grade": 10,
            "role": "lead",
            "topics": [],
            "hours": 12,
            "attended": False,
            "grid_one": 3,
            "grid_two": 2,
            "comment": "Tack",
        },
    ]


def test_every_answer_key_is_present_and_unanswered_is_none():
    result, _ = read("excel_sv.csv")
    row = result.rows[1]
    assert set(Q.answer_keys()) <= set(row)
    assert row["why"] is None and row["role__other"] is None


def test_reordered_columns_extra_column_quoted_numbers_spaces():
    result, problems = read("reordered.csv")
    assert problems == []
    assert result.tag_columns == ["unit"]
    assert answered(result.rows[0]) == {
        "response_id": ID(3),
        "submitted_at": "2026-03-02",
        "questionnaire_id": "store-test",
        "questionnaire_version": "1",
        "language": "en",
        "unit": "Nord",
        "relevant": 5,
        "grade": 8,
        "role": "staff",
        "topics": ["a", "b"],
        "hours": 3.25,
        "attended": True,
        "grid_one": 2,
        "grid_two": 4,
        "comment": "  keep my spaces ",
    }


def test_bad_cells_are_problems_with_line_and_column_and_count_as_missing():
    result, problems = read("bad_cells.csv")
    assert problems == [
        "bad_cells.csv:2:6: relevant: '6' is not a code on the scale 1..5",
        "bad_cells.csv:2:7: grade: 'ten' is not a code on the scale 0..10",
        "bad_cells.csv:2:8: role: 'boss' is not one of the choices (staff, lead)",
        "bad_cells.csv:2:10: topics__a: '2' should be 1 (ticked) or 0",
        "bad_cells.csv:2:13: hours: 'abc' is not a number",
        "bad_cells.csv:2:14: attended: 'yes' should be 1 (yes) or 0",
        "bad_cells.csv:2:16: grid_one: 'na' (don't know) is not offered by this question",
        "bad_cells.csv:2:17: grid_two: '3.5' is not a code on the scale 1..4",
        "bad_cells.csv:3:6: relevant: '0' is not a code on the scale 1..5",
        "bad_cells.csv:3:7: grade: '-1' is not a code on the scale 0..10",
        "bad_cells.csv:3:8: role: 'na' (don't know) is not offered by this question",
        "bad_cells.csv:3:13: hours: 150 is above the maximum 100",
        "bad_cells.csv:4:13: hours: '1e400' is not a finite number",
        f"bad_cells.csv:4: response_id {ID(5)} is also on line 3",
    ]
    first, second, third = result.rows
    # every bad cell is missing (None), never 0; a bad tick makes the multi answer missing
    assert [
        first[k]
        for k in (
            "relevant",
            "grade",
            "role",
            "topics",
            "hours",
            "attended",
            "grid_one",
            "grid_two",
        )
    ] == [None] * 8
    assert (second["relevant"], second["grade"], second["topics"], second["hours"]) == (
        None,
        None,
        ["b"],
        None,
    )
    assert (third["relevant"], third["grade"], third["hours"]) == ("na", 0, None)


def test_cut_off_last_row_is_reported_not_read():
    result, problems = read("cut_off.csv")
    assert [r["response_id"] for r in result.rows] == [ID(6)]
    assert problems == [
        "cut_off.csv:3: the last row is incomplete (it has no line end), as if cut off by a "
        "crash: it is not read, and the next saved answer moves it to cut_off.incomplete.csv"
    ]


def test_wrong_width_row_is_a_problem_and_blank_lines_are_skipped():
    result, problems = read("wrong_width.csv")
    assert [r["response_id"] for r in result.rows] == [ID(9)]
    assert problems == [
        "wrong_width.csv:2: the row has 17 fields but the header has 18, so it is not read "
        "(a missing or extra separator, or a quote not closed)"
    ]


def test_windows_1252_is_read_with_a_notice():
    result, problems = read("windows_1252.csv")
    assert answered(result.rows[0])["comment"] == "Välkommen åter"
    assert result.rows[0]["hours"] == 1.75
    assert problems == [
        "windows_1252.csv:2: the file is not UTF-8, so it was read as Windows-1252 (what "
        "Excel saves as CSV) (save it as 'CSV UTF-8' to be sure of the letters)"
    ]


def test_field_larger_than_the_csv_default_limit(tmp_path):
    source = (DATA / "excel_sv.csv").read_bytes()
    big = "x" * 300_000  # the csv module refuses fields over 131072 characters by default
    path = tmp_path / "big.csv"
    path.write_bytes(source.replace(b"Tack", big.encode()))
    result = ResponseStore(path, Q).read()
    assert result.problems == []
    assert result.rows[1]["comment"] == big


def test_missing_column_is_reported_once_and_counts_as_unanswered(tmp_path):
    lines = (DATA / "reordered.csv").read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("grade")
    path = tmp_path / "r.csv"
    path.write_text(
        "\n".join(",".join(f for i, f in enumerate(line.split(",")) if i != drop) for line in lines)
        + "\n"
    )
    result = ResponseStore(path, Q).read()
    assert [str(p) for p in result.problems] == [
        f"{path}:1: the column grade is missing, so it counts as unanswered"
    ]
    assert result.rows[0]["grade"] is None and result.rows[0]["relevant"] == 5


@pytest.mark.parametrize(
    "content, line, message",
    [
        (b"", 1, "the file is empty"),
        (b"a,a,b\n1,2,3\n", 1, "the header names a more than once"),
    ],
)
def test_unreadable_file_raises_survey_error_with_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyError) as caught:
        ResponseStore(path, Q).read()
    problem = caught.value.first
    assert (problem.file, problem.line) == (str(path), line)
    assert message in problem.message


def test_a_folder_is_not_a_response_file(tmp_path):
    with pytest.raises(SurveyError, match="is a folder"):
        ResponseStore(tmp_path, Q).read()


def test_missing_file_has_no_rows(tmp_path):
    store = ResponseStore(tmp_path / "none.csv", Q)
    assert store.read().rows == [] and store.summary() == (0, None)


@pytest.mark.parametrize(
    "first, expected",
    [
        (b"response_id,submitted_at\n", (",", ".")),
        (b"response_id;submitted_at\r\n1;2,5\r\n", (";", ",")),
        (b'"a,b";c;d\n', (";", ",")),
        (b"only\n", (",", ".")),
    ],
)
def test_sniff_dialect(first, expected):
    assert sniff_dialect(first) == expected


def test_decode_bytes_keeps_undefined_bytes_for_a_byte_exact_rewrite():
    data = "é".encode("cp1252") + b"\x81\n"
    text, line = decode_bytes(data)
    assert (text[0], line) == ("é", 1)
    assert text.encode("cp1252", errors="surrogateescape") == data


def test_a_character_cut_in_half_by_a_crash_does_not_make_the_file_cp1252(tmp_path):
    path = tmp_path / "r.csv"
    data = (DATA / "excel_sv.csv").read_bytes()
    path.write_bytes(data[: data.index(b"Tack")] + "å".encode()[:1])
    result = ResponseStore(path, Q).read()
    assert [r["why"] for r in result.rows] == ["för att"]
    assert [p.message.split(" (")[0] for p in result.problems] == ["the last row is incomplete"]


def test_a_last_row_with_too_few_fields_is_incomplete(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text((DATA / "cut_off.csv").read_text().rsplit(",", 3)[0] + "\n")
    result = ResponseStore(path, Q).read()
    assert [r["response_id"] for r in result.rows] == [ID(6)]
    assert [str(p) for p in result.problems] == [
        f"{path}:3: the last row is incomplete (it has 15 of 18 fields), as if cut off by a "
        "crash: it is not read"
    ]
