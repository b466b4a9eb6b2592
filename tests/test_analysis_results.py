"""The typed analysis results print exactly the JSON that `analyze --format json` printed
before they were typed, byte for byte.

The reference files were made by the CLI of main before the results became classes:

    surveytui analyze results/seminar-feedback-v1-example.csv --by seminar --format json \
        > tests/golden/analyze-seminar-feedback.json
    surveytui analyze results/client-follow-up-v1-example.csv --by unit --wave wave \
        --pair-by client_code --format json > tests/golden/analyze-client-follow-up.json

The second has waves, trends, pairs per group and hidden levels and cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from golden_helpers import GOLDEN
from surveytui import cli

ROOT = Path(__file__).parent.parent
RUNS = {
    "analyze-seminar-feedback.json": ["results/seminar-feedback-v1-example.csv", "--by", "seminar"],
    "analyze-client-follow-up.json": [
        "results/client-follow-up-v1-example.csv",
        *("--by", "unit", "--wave", "wave", "--pair-by", "client_code"),
    ],
}


@pytest.mark.parametrize("name", RUNS)
def test_cli_prints_the_reference_byte_for_byte(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert cli.main(["analyze", *RUNS[name], "--format", "json"]) == 0
    assert capsys.readouterr().out == (GOLDEN / name).read_text(encoding="utf-8")
