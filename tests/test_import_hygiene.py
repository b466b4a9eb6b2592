"""Each layer imports, in a fresh interpreter, nothing heavier than it is allowed to."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

STATISTICS = ("pandas", "numpy", "scipy")
UI = ("textual",)
CONVERSION = ("pyxform", "openpyxl")  # loaded only when `convert` runs
WEB = ("starlette", "uvicorn", "jinja2", "segno", "anyio")  # loaded only when `serve` runs

CASES = [
    ("surveytui.model", STATISTICS + UI + WEB),
    ("surveytui.store", STATISTICS + UI + WEB),
    ("surveytui.cli", STATISTICS + UI + WEB + CONVERSION),
    ("surveytui.web.app", STATISTICS + UI),
    ("surveytui.analysis", UI),
    ("surveytui.report", UI),
]

PROBE = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
if sys.argv[1] == "surveytui.cli":
    module.build_parser()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def top_level_modules_after_import(module: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize(("module", "forbidden"), CASES, ids=[m for m, _ in CASES])
def test_layer_does_not_load_forbidden_packages(module, forbidden):
    loaded = top_level_modules_after_import(module)
    assert "surveytui" in loaded
    assert loaded.isdisjoint(forbidden), sorted(loaded & set(forbidden))


def test_the_probe_sees_third_party_imports():
    """Guards the test itself: the model reads YAML with PyYAML, so `yaml` must show up."""
    assert "yaml" in top_level_modules_after_import("surveytui.model")
