"""Golden files: the one way to compare an output with its file in tests/golden/ and to
regenerate it. After a deliberate change, run the tests with SURVEYTUI_UPDATE_GOLDEN=1,
then read the diff before committing it."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from analysis_helpers import assert_close

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str, text: str) -> None:
    """Text equal to the golden file; json and csv with numbers equal to 1e-9, since full
    precision differs in the last digit between machines (BLAS sums in another order)."""
    path = GOLDEN / name
    if os.environ.get("SURVEYTUI_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if name.endswith(".json"):
        assert_close(json.loads(text), json.loads(expected))
    elif name.endswith(".csv"):
        assert_close(
            [[_number(cell) for cell in row] for row in csv.reader(io.StringIO(text))],
            [[_number(cell) for cell in row] for row in csv.reader(io.StringIO(expected))],
        )
    else:
        assert text == expected, (
            f"{name} differs from the golden file: if the change is deliberate, run the tests "
            "with SURVEYTUI_UPDATE_GOLDEN=1 and read the diff"
        )


def _number(cell: str) -> object:
    try:
        return float(cell) if "." in cell or "e" in cell else cell
    except ValueError:
        return cell
