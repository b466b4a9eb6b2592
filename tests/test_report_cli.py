"""`surveytui analyze`: output streams, exit codes and files."""

import json
import stat
from pathlib import Path

from surveytui.analysis import analyze
from surveytui.cli import main

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "results" / "seminar-feedback-v1-example.csv"
CORPUS = HERE / "data" / "csv"


def test_json_on_stdout_is_the_analysis(capsys):
    assert main(["analyze", str(EXAMPLE), "--format", "json", "--by", "seminar"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == json.loads(json.dumps(analyze([EXAMPLE], by="seminar").to_dict()))
    assert err == ""


def test_problems_go_to_stderr_and_the_numbers_still_come(capsys):
    bad = CORPUS / "bad_cells.csv"
    code = main(
        ["analyze", str(bad), "--questionnaire", str(CORPUS / "feedback.yaml"), "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 0
    document = json.loads(out)
    assert err.splitlines() == document["problems"]
    assert f"{bad}:2:6: relevant: '6' is not a code on the scale 1..5" in err


def test_user_mistakes_exit_2_with_file_and_message(capsys, tmp_path):
    assert (
        main(
            [
                "analyze",
                str(tmp_path / "none.csv"),
                "--questionnaire",
                str(CORPUS / "feedback.yaml"),
            ]
        )
        == 2
    )
    assert "none.csv: no such file" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "none.csv")]) == 2
    assert "none.csv: no such file" in capsys.readouterr().err
    lonely = tmp_path / "lonely.csv"
    lonely.write_text("response_id\n", encoding="utf-8")
    assert main(["analyze", str(lonely)]) == 2
    err = capsys.readouterr().err
    assert "lonely.csv: no questionnaire beside this file" in err and "--questionnaire" in err
    assert main(["analyze", str(EXAMPLE), "--by", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert "cannot group by 'nosuch'" in err and "Traceback" not in err
    assert main(["analyze", str(EXAMPLE), "--min-group", "0"]) == 2


def test_output_file_is_private(tmp_path, capsys):
    target = tmp_path / "out.csv"
    assert main(["analyze", str(EXAMPLE), "--format", "csv", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("by,group,target,kind,statistic")


def test_filter_and_table_width(capsys):
    assert main(["analyze", str(EXAMPLE), "--filter", "seminar=2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["n_responses"] == 47
    for lang in ("sv", "da", "en"):
        assert main(["analyze", str(EXAMPLE), "--by", "role", "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert max(len(line) for line in out.splitlines()) <= 100
