"""Cost of a durable append, as a ratio to a bare os.write + fsync, and of reading 100,000 rows.

One `ResponseStore.append` (validate, lock, check the file, one write, fsync) against an
`os.write` of the same bytes and an `fsync` on a file held open, measured alternately in
the same run on the same disk, so that load on the machine hits both alike. Target: the
median ratio at most 1.5x. Then a 100,000-row file is read with `ResponseStore.read`.
Usage: python bench/append.py [--runs N] [--rows N] [--dir FOLDER on the disk to measure]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore
from surveytui.store.codebook import encode_answers
from surveytui.store.csvfile import encode_line

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = ROOT / "tests" / "data" / "csv" / "feedback.yaml"


def answers(rng: random.Random) -> dict:
    """A plausible response: every question answered, a sentence of free text."""
    return {
        "relevant": rng.randint(1, 5),
        "grade": rng.randint(0, 10),
        "role": "staff",
        "topics": ["a", "c"],
        "hours": round(rng.uniform(0, 40), 2),
        "attended": True,
        "why": "Kollegor tipsade",
        "grid_one": rng.randint(1, 4),
        "grid_two": 2,
        "comment": "Bra dag, men för lite tid för diskussion i grupperna.",
    }


def time_appends(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    store = ResponseStore(folder / "append.csv", questionnaire)
    rng = random.Random(1)
    store.append(answers(rng), {"seminar": "1"})  # creates the file: not a typical append
    fd = os.open(folder / "bare.csv", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    line = store.path.read_bytes().split(b"\n")[1] + b"\n"
    store_times, bare_times = [], []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            store.append(answers(rng), {"seminar": "1"})
            store_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            bare_times.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return store_times, bare_times


def time_read(folder: Path, rows: int) -> tuple[float, float, int]:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    store = ResponseStore(folder / "read.csv", questionnaire)
    rng = random.Random(2)
    store.append(answers(rng))
    with open(store.path, "a", encoding="utf-8", newline="") as file:
        for _ in range(rows - 1):
            cells = encode_answers(questionnaire, answers(rng)).values()
            file.write(
                encode_line(
                    [
                        str(uuid.uuid4()),
                        "2026-03-01",
                        questionnaire.id,
                        questionnaire.version,
                        "sv",
                        *cells,
                    ]
                )
            )
    size = store.path.stat().st_size
    timings, cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = store.read()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert len(result.rows) == rows and not result.problems
    return statistics.median(timings), statistics.median(cpu), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="appends to time (default 200)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows to read (default 100000)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path.cwd(),
        help="a folder on the disk to measure (default: the current one)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-append-") as name:
        folder = Path(name)
        store_times, bare_times = time_appends(folder, args.runs)
        store_median = statistics.median(store_times)
        bare_median = statistics.median(bare_times)
        print(f"durable append:      median {store_median * 1000:.3f} ms over {args.runs} runs")
        print(f"os.write + fsync:    median {bare_median * 1000:.3f} ms (baseline)")
        print(f"ratio:               {store_median / bare_median:.2f}x (target <= 1.5x)")
        seconds, cpu_seconds, size = time_read(folder, args.rows)
        print(
            f"read {args.rows} rows:    {seconds:.2f} s wall, {cpu_seconds:.2f} s CPU "
            f"({size / 1e6:.1f} MB, {args.rows / seconds:,.0f} rows/s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
