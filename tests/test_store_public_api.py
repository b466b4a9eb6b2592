"""Every module outside the store uses only the store's public names, and every side
file beside a results file is named by `ResultsFiles` alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import surveytui.store
from surveytui.results_files import ResultsFiles

PACKAGE = Path(surveytui.store.__file__).parents[1]
OUTSIDE = sorted(path for path in PACKAGE.rglob("*.py") if PACKAGE / "store" not in path.parents)


def store_imports(path: Path) -> list[tuple[int, str]]:
    """Each (line, what) a module imports from the store: `module:name` or `module`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("surveytui.store"):
            found += [(node.lineno, f"{node.module}:{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name.startswith("surveytui.store")
            ]
    return found


def test_the_check_sees_the_analysis_readers_imports():
    """Guards the test itself: the analysis reads files through the store."""
    found = store_imports(PACKAGE / "analysis" / "dataset.py")
    assert "surveytui.store:parse_file" in {what for _, what in found}


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_outside_the_store_import_only_its_public_names(path):
    public = {f"surveytui.store:{name}" for name in surveytui.store.__all__}
    private = [
        f"{path.relative_to(PACKAGE)}:{line}: {what}"
        for line, what in store_imports(path)
        if what not in public
    ]
    assert private == []


def test_the_public_names_all_exist():
    assert all(hasattr(surveytui.store, name) for name in surveytui.store.__all__)


SIDE_FILES = [
    ResultsFiles.SNAPSHOT,
    ResultsFiles.LOCK,
    ResultsFiles.INCOMPLETE,
    ResultsFiles.DRAFTS,
    ResultsFiles.REPORT,
    ResultsFiles.EXAMPLE,
    ResultsFiles.ANSWERED,
]


def string_constants(path: Path) -> list[str]:
    """The string literals of a module's code, docstrings left out (they may name files)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_each_side_file_name_is_spelled_only_by_the_layout(suffix):
    found = [
        f"{path.relative_to(PACKAGE)}: {text!r}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "results_files.py"
        for text in string_constants(path)
        if suffix in text
    ]
    assert found == []


def test_the_side_file_check_sees_a_spelled_name(tmp_path):
    """Guards the test itself: a name built in code is found, one in a docstring is not."""
    module = tmp_path / "m.py"
    module.write_text('"""Keeps x.lock."""\nLOCK = path.stem + ".lock"\n', encoding="utf-8")
    assert string_constants(module) == [".lock"]


def test_the_layout_names_every_file_after_the_results_file(tmp_path):
    files = ResultsFiles(tmp_path / "x-v1.2.csv")
    assert [
        files.snapshot.name,
        files.lock.name,
        files.incomplete.name,
        files.drafts.name,
        files.report.name,
        files.example.name,
    ] == [
        "x-v1.2.questionnaire.yaml",
        "x-v1.2.lock",
        "x-v1.2.incomplete.csv",
        "x-v1.2.drafts",
        "x-v1.2.report.html",
        "x-v1.2-example.csv",
    ]
    assert ResultsFiles.of_snapshot(files.snapshot) == files
    assert ResultsFiles.is_results_file(files.path)
    assert not ResultsFiles.is_results_file(files.incomplete)
    assert not ResultsFiles.is_results_file(files.snapshot)


def test_the_answered_invitations_are_never_taken_for_results(tmp_path):
    """`serve --invitations` keeps which links answered beside the results: a folder of
    results must not offer that file (its tokens) to the analysis or the home screen."""
    files = ResultsFiles(tmp_path / "x-v1.csv")
    for path in (files.path, files.answered, files.incomplete):
        path.write_text("response_id\n", encoding="utf-8")
    assert files.answered.name == "x-v1.answered.csv"
    assert ResultsFiles.in_folder(tmp_path) == [files.path]
