"""A small results file written through the store, for the report and export tests."""

from pathlib import Path

from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore

DATA = Path(__file__).parent / "data"
SURVEY = DATA / "report" / "survey.yaml"
EXAMPLE = Path(__file__).parent.parent / "results" / "seminar-feedback-v1-example.csv"

# unit -> respondents: with min_group 5, "tiny" is hidden and so is the next smallest, "west"
UNITS = {"north": 7, "south": 6, "west": 5, "tiny": 2}
LONG_TEXT = "x" * 40000
TRICKY_TEXTS = [
    "=SUM(A1:A2)",
    "+46 70 123 45 67",
    "-inte bra",
    "@alla",
    "\tindrag",
    "\rretur",
    "<script>alert(1)</script> *fet* | rör",
    LONG_TEXT,
]
SECRET = "SECRET-CODE-{}"


def answers(i: int) -> dict:
    """The i-th respondent's answers: every type, some "don't know", some blanks."""
    return {
        "use_a": "na" if i % 7 == 3 else 1 + i % 5,
        "use_b": 1 + (i * 3) % 5 if i % 6 else None,
        "mood": "na" if i % 5 == 4 else -2 + i % 5,
        "grid_x": 1 + i % 4,
        "grid_y": 1 + (i + 1) % 4,
        "role": ("staff", "lead")[i % 2],
        "role__other": "Kurator" if i % 4 == 1 else None,
        "topics": "na" if i % 9 == 8 else [c for c, on in (("a", i % 2), ("b", i % 3 == 0)) if on],
        "again": i % 3 != 1,
        "hours": "na" if i % 8 == 7 else (-3 if i % 8 == 6 else 2.5 + i),
        "comment": TRICKY_TEXTS[i] if i < len(TRICKY_TEXTS) else None,
        "code": SECRET.format(i),
    }


def write_results(folder: Path) -> Path:
    """report-test-v1.csv in folder, with one response per respondent of UNITS."""
    path = folder / "report-test-v1.csv"
    store = ResponseStore(path, load_questionnaire(SURVEY))
    i = 0
    for unit, count in UNITS.items():
        for _ in range(count):
            store.append(answers(i), {"unit": unit})
            i += 1
    return path
