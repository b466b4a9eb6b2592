"""Start-up time of the surveytui command, as a ratio to a bare `python -c pass`.

Runs each command as a subprocess, round-robin so that load on the machine hits all of
them alike, and prints the median wall time and its ratio to the baseline measured in the
same run. Targets: `--help` at most 3x, `validate` on the bundled questionnaires at most
5x. Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def console_script() -> str:
    """The `surveytui` script installed beside the running interpreter."""
    name = "surveytui.exe" if sys.platform == "win32" else "surveytui"
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).exists():
            return str(folder / name)
    raise SystemExit(
        f"no {name} beside {sys.executable}: install the package first (pip install -e .)"
    )


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def user_environment(pycache: str) -> dict[str, str]:
    """The environment of a user's shell: bytecode is cached (here outside the tree)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command (default 21)")
    args = parser.parse_args()
    script = console_script()
    bundled = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "questionnaires").glob("*.yaml"))]
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], None),
        "surveytui --help": ([script, "--help"], 3.0),
        f"surveytui validate ({len(bundled)} files)": ([script, "validate", *bundled], 5.0),
    }
    times: dict[str, list[float]] = {label: [] for label in commands}
    with tempfile.TemporaryDirectory(prefix="surveytui-bench-") as pycache:
        env = user_environment(pycache)
        for command, _ in commands.values():
            wall_time(command, env)  # warm the file cache and write bytecode
        for _ in range(args.runs):
            for label, (command, _) in commands.items():
                times[label].append(wall_time(command, env))
    baseline = statistics.median(times["python -c pass"])
    print(f"median of {args.runs} runs, {sys.executable}")
    print(f"{'command':<32} {'median ms':>10} {'ratio':>7} {'target':>7}")
    missed = 0
    for label, (_, target) in commands.items():
        median = statistics.median(times[label])
        ratio = median / baseline
        verdict = ""
        if target is not None:
            verdict = "ok" if ratio <= target else "OVER"
            missed += ratio > target
        print(
            f"{label:<32} {median * 1000:>10.1f} {ratio:>6.2f}x "
            f"{f'{target:.0f}x' if target else '':>7} {verdict}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
