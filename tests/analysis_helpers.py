"""Writing small response files for the analysis tests (the store's layout, by hand)."""

import csv
import shutil
from pathlib import Path

import pytest

from surveytui.model import load_questionnaire

DATA = Path(__file__).parent / "data"
SURVEY = DATA / "analysis" / "survey.yaml"


def survey():
    return load_questionnaire(SURVEY)


def write_results(
    path: Path,
    rows: list[dict[str, str]],
    questionnaire_file: Path = SURVEY,
    tags: tuple[str, ...] = ("unit",),
) -> Path:
    """A results file with these cells (missing cells blank) and its snapshot beside it."""
    questionnaire = load_questionnaire(questionnaire_file)
    header = questionnaire.header(list(tags))
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        for i, row in enumerate(rows):
            cells = {
                "response_id": f"00000000-0000-4000-8000-{i:012d}",
                "submitted_at": "2026-03-01",
                "questionnaire_id": questionnaire.id,
                "questionnaire_version": questionnaire.version,
                "language": "en",
                **row,
            }
            writer.writerow([cells.get(column, "") for column in header])
    shutil.copyfile(questionnaire_file, path.with_name(path.stem + ".questionnaire.yaml"))
    return path


def assert_close(left, right):
    """Equal documents, floats to 1e-9 (sums in another order round apart)."""
    if isinstance(left, dict):
        assert isinstance(right, dict) and list(left) == list(right)
        for key in left:
            assert_close(left[key], right[key])
    elif isinstance(left, list):
        assert isinstance(right, list) and len(left) == len(right)
        for a, b in zip(left, right):
            assert_close(a, b)
    elif isinstance(left, float):
        assert right == pytest.approx(left, abs=1e-9)
    else:
        assert left == right
