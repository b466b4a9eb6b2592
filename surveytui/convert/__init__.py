"""Conversion to and from other tools' formats: XLSForm questionnaires (ODK, KoboToolbox)
and their submissions exports. pyxform and openpyxl load only when a conversion runs.
"""

from __future__ import annotations

from pathlib import Path

from surveytui.convert.submissions import convert_submissions
from surveytui.convert.xlsform import check_xlsform, read_xlsform, write_xlsform
from surveytui.errors import Problem, SurveyError
from surveytui.model import load_questionnaire
from surveytui.model.types import Questionnaire
from surveytui.store import make_dir, write_atomic

YAML_SUFFIXES = (".yaml", ".yml")
XLSFORM_SUFFIXES = (".xlsx", ".xlsm", ".xls")
WHAT_CONVERTS = (
    "convert FORM.xlsx -o Q.yaml, Q.yaml -o FORM.xlsx, or "
    "SUBMISSIONS.csv --questionnaire Q.yaml|FORM.xlsx -o results/NAME.csv"
)


def convert(
    source: Path,
    target: Path,
    questionnaire: Path | None = None,
    skip_unsupported: bool = False,
) -> list[str]:
    """Convert `source` into `target`, the direction from their extensions.

    Returns what the user should hear besides the result (what was left out, how many
    submissions were added); raises SurveyError for what cannot be converted.
    """
    kinds = (source.suffix.lower(), target.suffix.lower())
    if kinds[0] != ".csv" and questionnaire is not None:
        raise SurveyError(
            Problem("--questionnaire is for converting submissions (a .csv)", str(source))
        )
    if kinds[0] in XLSFORM_SUFFIXES and kinds[1] in YAML_SUFFIXES:
        _new(target)
        imported = read_xlsform(source, skip_unsupported)
        make_dir(target.parent)
        write_atomic(target, imported.text.encode("utf-8"))
        return [f"{p} (left out)" for p in imported.skipped]
    if kinds[0] in YAML_SUFFIXES and kinds[1] == ".xlsx":
        _new(target)
        data = write_xlsform(load_questionnaire(source))
        notes = [f"{target}: pyxform warns: {w}" for w in check_xlsform(data)]
        make_dir(target.parent)
        write_atomic(target, data)
        return notes
    if kinds == (".csv", ".csv"):
        if questionnaire is None:
            raise SurveyError(
                Problem(
                    "converting submissions needs the form they answer",
                    str(source),
                    hint="add --questionnaire Q.yaml or --questionnaire FORM.xlsx",
                )
            )
        added, already, left_out = convert_submissions(
            source, _questionnaire(questionnaire), target, skip_unsupported
        )
        notes = [f"{p} (left out)" for p in left_out]
        notes.append(f"{target}: added {added} submission{'s' if added != 1 else ''}")
        if already:
            notes.append(f"{target}: {already} were there already and were not added again")
        return notes
    raise SurveyError(
        Problem(
            f"cannot convert {kinds[0] or 'a file without extension'} to "
            f"{kinds[1] or 'a file without extension'}",
            str(source),
            hint=WHAT_CONVERTS,
        )
    )


def _new(target: Path) -> None:
    """Refuse to write over a questionnaire or form that exists: it may be someone's work."""
    if target.exists():
        raise SurveyError(
            Problem("exists already", str(target), hint="remove it, or give another name with -o")
        )


def _questionnaire(path: Path) -> Questionnaire:
    """The questionnaire submissions answer: a YAML file, or the XLSForm they were made with."""
    if path.suffix.lower() in XLSFORM_SUFFIXES:
        return read_xlsform(path).questionnaire
    return load_questionnaire(path)
