"""Benchmark: `surveytui analyze --format json --by` on 1,000,000 responses x 20 likert items.

Writes a results file with two tags (unit, wave) and its questionnaire snapshot into
bench/out/ (git-ignored), then runs, alternately and each in a fresh process, the full
command and a baseline (pandas' pyarrow engine reads the same CSV, numpy takes column
means and sds). Prints the median wall time and peak memory (max RSS) of each and their
ratios; the targets are at most 2x the baseline's time and 3x its memory.

    python bench/analyze.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

OUT = Path(__file__).parent / "out"
ITEMS = 20
UNITS = [f"unit{i}" for i in range(1, 9)]
WAVES = ["2025-autumn", "2026-spring", "2026-autumn"]

BASELINE = """
import sys
import numpy as np
import pandas as pd
frame = pd.read_csv(sys.argv[1], engine="pyarrow", na_values=["", "na"])
items = frame[[f"q{i:02d}" for i in range(1, 21)]].to_numpy(dtype=float)
print(np.nanmean(items, axis=0).sum(), np.nanstd(items, axis=0, ddof=1).sum())
"""


def questionnaire_yaml() -> str:
    """A questionnaire of 20 five-point likert items in four scales."""
    lines = [
        "id: bench",
        'version: "1"',
        "languages: [en]",
        "title: {en: Benchmark}",
        "tags: [unit, wave]",
        "scales:",
    ]
    for s in range(4):
        members = ", ".join(f"q{i:02d}" for i in range(s * 5 + 1, s * 5 + 6))
        lines.append(f"  scale{s + 1}: {{items: [{members}]}}")
    lines += ["sections:", "  - id: main", "    title: {en: Main}", "    questions:"]
    for i in range(1, ITEMS + 1):
        reverse = ", reverse: true" if i % 5 == 0 else ""
        lines.append(
            f"      - {{id: q{i:02d}, type: likert, points: 5{reverse}, "
            f"na: {{en: Don't know}}, text: {{en: Statement {i}}}}}"
        )
    return "\n".join(lines) + "\n"


def make_results(rows: int, path: Path) -> None:
    """The results file as the store writes it (no quotes): correlated answers, a few
    blanks and "na", two tags."""
    rng = np.random.default_rng(2026)
    columns: dict[str, pa.Array] = {
        "response_id": pa.array([f"00000000-0000-4000-8000-{i:012d}" for i in range(rows)]),
        "submitted_at": pa.array(np.full(rows, "2026-03-01")),
        "questionnaire_id": pa.array(np.full(rows, "bench")),
        "questionnaire_version": pa.array(np.full(rows, "1")),
        "language": pa.array(np.full(rows, "en")),
        "unit": pa.array(np.array(UNITS)[rng.integers(0, len(UNITS), rows)]),
        "wave": pa.array(np.array(WAVES)[rng.integers(0, len(WAVES), rows)]),
    }
    trait = rng.normal(0, 1, rows)
    for i in range(1, ITEMS + 1):
        codes = np.clip(np.rint(3 + trait + rng.normal(0, 1, rows)), 1, 5).astype(int)
        cells = codes.astype(str).astype(object)
        cells[rng.random(rows) < 0.03] = ""
        cells[rng.random(rows) < 0.01] = "na"
        columns[f"q{i:02d}"] = pa.array(cells, pa.string())
    table = pa.table(columns)
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="none"))
    os.chmod(path, 0o600)
    path.with_name(path.stem + ".questionnaire.yaml").write_text(
        questionnaire_yaml(), encoding="utf-8"
    )


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    per_mib = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes / KiB
    return seconds, usage.ru_maxrss / per_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-{args.rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        make_results(args.rows, path)
        print(
            f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
    ours = [
        sys.executable,
        "-m",
        "surveytui",
        "analyze",
        str(path),
        "--format",
        "json",
        "--by",
        "unit",
        "--output",
        str(OUT / "analysis.json"),
    ]
    baseline = [sys.executable, "-c", BASELINE, str(path)]
    times: dict[str, list[float]] = {"analyze": [], "baseline": []}
    memory: dict[str, list[float]] = {"analyze": [], "baseline": []}
    for _ in range(args.repeat):
        for name, command in (("baseline", baseline), ("analyze", ours)):
            seconds, mib = run(command)
            times[name].append(seconds)
            memory[name].append(mib)
    print(f"{args.rows} responses x {ITEMS} likert items + 2 tags, {args.repeat} runs each")
    for name in ("baseline", "analyze"):
        print(
            f"  {name:8}  median {statistics.median(times[name]):6.2f} s   "
            f"peak {max(memory[name]):7.0f} MiB"
        )
    time_ratio = statistics.median(times["analyze"]) / statistics.median(times["baseline"])
    memory_ratio = max(memory["analyze"]) / max(memory["baseline"])
    print(
        f"  ratio     time {time_ratio:.2f}x (target <= 2)   "
        f"memory {memory_ratio:.2f}x (target <= 3)"
    )


if __name__ == "__main__":
    main()
