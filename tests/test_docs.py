"""docs/ stays the complete reference: every key that the analysis JSON, the questionnaire
loader and the indicator loader know is documented, and nothing points outside the repo."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from analysis_helpers import write_results
from surveytui.analysis import analyze
from surveytui.analysis.indicators import indicator_values
from surveytui.model import QUESTION_TYPES, TYPES, load
from surveytui.model import indicators as indicator_file
from surveytui.model.types import RESERVED_COLUMNS
from surveytui.report import render_analysis
from surveytui.report.data import TIDY_COLUMNS
from surveytui.report.indicators import CSV_COLUMNS

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
RESULTS = ROOT / "results"
PAGES = (
    "README.md",
    "questionnaire.md",
    "results-file.md",
    "analyze-json.md",
    "indicators.md",
    "convert.md",
    "architecture.md",
    "disclosure.md",
    "serve.md",
)

# Keys whose keys are data (codes, ids, languages), not part of the contract.
DATA_KEYS = {
    "counts",
    "pct",
    "histogram",
    "alpha_if_deleted",
    "item_rest_r",
    "labels",
    "units",
    "title",
    "text",
}
# Keys whose keys are item or scale ids, each holding an object of the contract.
ID_KEYS = {"items", "scales"}


def doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The part of a markdown page under `heading` (a whole heading line), up to the next
    heading of the same or a higher level."""
    lines = text.splitlines()
    start = lines.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(rf"#{{1,{level}}} ", lines[i])),
        len(lines),
    )
    return "\n".join(lines[start:end])


def keys_of(document, found: set[str] | None = None) -> set[str]:
    """Every key name of a JSON document, leaving out keys that are data."""
    found = set() if found is None else found
    if isinstance(document, list):
        for value in document:
            keys_of(value, found)
    elif isinstance(document, dict):
        for key, value in document.items():
            found.add(key)
            if key in ID_KEYS and isinstance(value, dict):
                for inner in value.values():
                    keys_of(inner, found)
            elif key not in DATA_KEYS:
                keys_of(value, found)
    return found


def undocumented(names, text: str) -> list[str]:
    return sorted(name for name in set(names) if f"`{name}`" not in text)


def every_type_results(tmp_path: Path) -> Path:
    """A results file of the analysis tests' questionnaire, which has every question type,
    with answers to each in units of 8, 7 and 1 (the 1 hides the 7 with it)."""
    rows = []
    for i in range(16):
        rows.append(
            {
                "unit": "north" if i < 8 else "south" if i < 15 else "east",
                "use_a": str(1 + i % 5),
                "use_b": str(1 + (i * 3) % 5),
                "use_c": str(5 - i % 5),
                "agree2": str(1 + i % 2),
                "grade": str(i % 11),
                "grid_x": str(1 + i % 4),
                "grid_y": str(1 + (i + 1) % 4),
                "role": ("staff", "lead")[i % 2],
                "topics__a": str(i % 2),
                "topics__b": "1",
                "topics__other": "Budget" if i == 3 else "",
                "again": str(i % 2),
                "hours": str(i / 2),
                "comment": f"comment {i}",
                "code": f"C{i}",
            }
        )
    return write_results(tmp_path / "every-type.csv", rows)


@pytest.fixture(scope="module")
def analyses(tmp_path_factory):
    """Real analyses that between them hold every part of the JSON: every item type, groups
    with hidden levels, waves with trends, and pairs."""
    follow_up = RESULTS / "client-follow-up-v1-example.csv"
    return [
        analyze(RESULTS / "seminar-feedback-v1-example.csv", by="seminar"),
        analyze(RESULTS / "collaboration-indicators-v1-example.csv", by="unit", wave="wave"),
        analyze(
            follow_up,
            by="unit",
            wave="wave",
            wave_order=["start", "follow_up_6m"],
            pair_by="client_code",
        ),
        analyze(every_type_results(tmp_path_factory.mktemp("docs")), by="unit"),
    ]


def test_the_analyses_cover_every_part_of_the_json(analyses):
    """Guards the next test: a key it never sees it cannot check."""
    keys = set().union(*(keys_of(a.to_dict()) for a in analyses))
    assert {
        "groups",
        "waves",
        "pairs",
        "trends",
        "comparisons",
        "codes",
        "histogram",
        "q3",
        "yes_pct",
        "answers",
        "other",
        "top2_pct",
        "alpha_ci95",
        "left_out",
    } <= keys
    types = {item["type"] for a in analyses for item in a.to_dict()["items"]}
    assert types == set(QUESTION_TYPES) - {"note"}
    hidden = {level["hidden"] for a in analyses for level in a.to_dict()["groups"]["levels"]}
    assert {"small", "complement"} <= hidden


def test_every_key_of_the_analysis_json_is_documented(analyses):
    keys = set().union(*(keys_of(a.to_dict()) for a in analyses))
    missing = undocumented(keys, doc("analyze-json.md"))
    assert not missing, (
        f"document these keys of `analyze --format json` in docs/analyze-json.md: {missing}"
    )


def test_every_kind_and_column_of_the_tidy_csv_is_documented(analyses):
    text = doc("analyze-json.md")
    kinds = {
        row["kind"]
        for a in analyses
        for row in csv.DictReader(io.StringIO(render_analysis(a, "csv")))
    }
    assert {"item", "scale", "group", "test", "wave trend", "pair codes"} <= kinds
    assert not undocumented(kinds, text)
    assert ",".join(TIDY_COLUMNS) in text


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
def test_every_question_type_and_its_keys_are_documented(question_type):
    part = section(doc("questionnaire.md"), f"### `{question_type}`")
    assert not undocumented(TYPES[question_type].keys, part)


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("## The top level", load.TOP_KEYS + load.SECTION_KEYS),
        ("## Questions", load.COMMON_KEYS),
        ("## Scales", load.SCALE_KEYS),
        ("### `single`", load.CHOICE_KEYS),
        ("### `matrix`", load.ROW_KEYS),
        ("## Ids and reserved names", RESERVED_COLUMNS),
    ],
)
def test_every_questionnaire_key_is_documented_where_it_belongs(heading, keys):
    assert not undocumented(keys, section(doc("questionnaire.md"), heading))


@pytest.mark.parametrize(
    ("heading", "keys"),
    [
        ("### Top level", indicator_file.FILE_KEYS),
        ("### `source`", indicator_file.SOURCE_KEYS),
        (
            "### Each indicator",
            indicator_file.INDICATOR_KEYS + indicator_file.MEASURES + indicator_file.GROUPS,
        ),
        ("### `target`", indicator_file.TARGET_KEYS + indicator_file.DIRECTIONS),
    ],
)
def test_every_indicator_file_key_is_documented_where_it_belongs(heading, keys):
    assert not undocumented(keys, section(doc("indicators.md"), heading))


def test_the_indicator_outputs_are_documented():
    values = indicator_values(
        indicator_file.load_indicators(ROOT / "indicators" / "collaboration.yaml"),
        [RESULTS / "collaboration-indicators-v1-example.csv"],
    )
    keys = keys_of(values.to_dict())
    assert {"values", "met", "change_from_first", "hidden"} <= keys
    part = section(doc("indicators.md"), "### `--format json`")
    assert not undocumented(keys, part)
    assert ",".join(CSV_COLUMNS) in doc("indicators.md")


def test_every_page_is_in_the_index_and_the_readme_links_the_index():
    index = doc("README.md")
    pages = sorted(path.name for path in DOCS.glob("*.md"))
    assert pages == sorted(PAGES)
    assert not [page for page in PAGES if page != "README.md" and f"]({page})" not in index]
    assert "](docs/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_links_between_pages_lead_somewhere():
    for page in [*(DOCS / name for name in PAGES), ROOT / "README.md"]:
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to {target}"


# Spelled in pieces, so that this file does not mention what it looks for.
OUTSIDE = re.compile(rb"DESIGN" rb"\.md|\.\./" rb"shared|/work/" rb"shared", re.IGNORECASE)
SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis"}


def test_nothing_in_the_repo_points_outside_it():
    """Users get the repo, never the team's shared folder or its design notes."""
    mentions = []
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [
            name for name in subfolders if name not in SKIPPED and not name.endswith(".egg-info")
        ]
        for name in names:
            path = Path(folder) / name
            if OUTSIDE.search(path.read_bytes()):
                mentions.append(str(path.relative_to(ROOT)))
    assert not mentions, f"point these to docs/ instead: {mentions}"
