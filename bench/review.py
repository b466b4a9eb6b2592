"""Time from starting the review on 100,000 responses to its first view of the data drawn.

Writes a results file of N responses (the example results' rows again and again, each with
a fresh response_id) beside the example questionnaire, then runs two kinds of fresh
processes round-robin: the review app headless (imports included, timed from the first
line of the process to the screen's first `Shown` message, i.e. the first data view
painted) and, as the baseline on the same file and machine, `pandas.read_csv` (imports
included). Prints the medians, their ratio, and whether the review met the 2 s target.
Usage: python bench/review.py [--rows N] [--runs N]
"""

import time

START = time.perf_counter()

import argparse  # noqa: E402 - the clock starts before any import
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "results" / "seminar-feedback-v1-example.csv"
TARGET_SECONDS = 2.0


def write_results(folder: Path, rows: int) -> Path:
    """N responses from the example rows with fresh ids, and the questionnaire snapshot."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    path = folder / "bench-review.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(header)
        for n in range(rows):
            row = body[n % len(body)]
            file.write(str(uuid.uuid4()) + row[row.index(",") :])
    shutil.copy(
        EXAMPLE.with_name(EXAMPLE.stem + ".questionnaire.yaml"),
        folder / "bench-review.questionnaire.yaml",
    )
    return path


def child_review(path: Path) -> float:
    """Seconds from this process's first line to the review's first data view painted."""
    import asyncio

    from surveytui.tui.review import create_review_app
    from surveytui.tui.review.screen import ReviewScreen

    async def first_view() -> float:
        shown = asyncio.Event()

        def hook(message: object) -> None:
            if isinstance(message, ReviewScreen.Shown):
                shown.set()

        app = create_review_app([path])
        async with app.run_test(size=(120, 40), message_hook=hook):
            await shown.wait()
            elapsed = time.perf_counter() - START
            assert app.screen_stack[0].analysis.n_responses > 0
        return elapsed

    return asyncio.run(first_view())


def child_pandas(path: Path) -> float:
    """Seconds from this process's first line to the file read by pandas."""
    import pandas

    pandas.read_csv(path)
    return time.perf_counter() - START


def run_child(kind: str, path: Path) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="responses (default 100000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path = args.child
        print(json.dumps((child_review if kind == "review" else child_pandas)(Path(path))))
        return 0
    with tempfile.TemporaryDirectory(prefix="surveytui-bench-") as folder:
        path = write_results(Path(folder), args.rows)
        size = path.stat().st_size / 1e6
        run_child("review", path)
        times: dict[str, list[float]] = {"pandas.read_csv (baseline)": [], "review": []}
        for _ in range(args.runs):
            times["pandas.read_csv (baseline)"].append(run_child("pandas", path))
            times["review"].append(run_child("review", path))
    print(
        f"{args.rows} responses ({size:.1f} MB), median of {args.runs} fresh processes, "
        "imports included:"
    )
    baseline = statistics.median(times["pandas.read_csv (baseline)"])
    for label, values in times.items():
        median = statistics.median(values)
        print(
            f"  {label:28} {median:6.2f} s  {median / baseline:5.2f}x baseline  "
            f"(min {min(values):.2f}, max {max(values):.2f})"
        )
    review = statistics.median(times["review"])
    verdict = "met" if review < TARGET_SECONDS else "NOT met"
    print(f"first view drawn in {review:.2f} s: target {TARGET_SECONDS:.0f} s {verdict}")
    return 0 if review < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
