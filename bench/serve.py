"""Benchmark: `surveytui serve` under a room of phones, against bare `ResponseStore` appends.

Starts `surveytui serve --headless` on a free port in its own process, then 50 clients
(threads here) answer the kiosk tests' all-types questionnaire again and again until the
number of responses is reached, each from its own loopback address. Timed per response: the submission (the last page's post,
through the append's fsync, to the thank-you page). The baseline is the same number of
`ResponseStore.append` calls in this process on the same disk. Prints responses per second
and the median and p95 of both; the target is a p95 submission under 100 ms on 2 cores.

    python bench/serve.py [--clients 50] [--responses 500] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve_helpers import Browser, typical_fields  # noqa: E402

from kiosk_helpers import write_questionnaire  # noqa: E402
from surveytui.model import load_questionnaire  # noqa: E402
from surveytui.store import ResponseStore  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run_clients(url: str, questionnaire_path: Path, clients: int, responses: int) -> list[float]:
    """Each client answers whole responses until `responses` are in; the submit times."""
    questionnaire = load_questionnaire(questionnaire_path)
    times: list[float] = []
    lock = threading.Lock()

    people = iter(range(1_000_000))

    def client() -> None:
        while True:
            with lock:
                if len(times) >= responses:
                    return
                person = next(people)
            # Each response from its own loopback address, as each phone has its own: the
            # server's limit per address is then what it is in a room.
            browser = Browser(url, f"127.1.{person // 250}.{person % 250 + 1}")
            page = browser.open()
            page = browser.post("lang-en")
            page = browser.post("next")
            while True:
                fields = typical_fields(page, questionnaire)
                last = "Page 3 of 3" in page.text
                start = time.perf_counter()
                page = browser.post("next", fields)
                assert page.status == 200, page.text
                if last:
                    assert page.form.forms == 0, page.text
                    with lock:
                        times.append(time.perf_counter() - start)
                    break
            browser.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--responses", type=int, default=500)
    parser.add_argument(
        "--dir", type=Path, default=Path.cwd(), help="a folder on the disk to measure"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-serve-") as name:
        folder = Path(name)
        path = write_questionnaire(folder)
        command = [
            sys.executable, "-m", "surveytui", "serve", str(path), "--headless",
            "--results", str(folder / "web.csv"), "--tag", "unit=n",
            "--host", "127.0.0.1", "--port", "0",
        ]  # fmt: skip
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            url = server.stdout.readline().strip()
            drain = threading.Thread(target=server.stdout.read, daemon=True)
            drain.start()
            start = time.perf_counter()
            web = run_clients(url, path, args.clients, args.responses)
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()
        store = ResponseStore(folder / "bare.csv", load_questionnaire(path))
        bare = []
        for _ in range(len(web)):
            begin = time.perf_counter()
            store.append({"useful": 4, "comment": "Mycket bra"}, {"unit": "n"}, language="en")
            bare.append(time.perf_counter() - begin)
    print(
        f"{len(web)} responses from {args.clients} clients in {wall:.1f} s: {len(web) / wall:.1f}/s"
    )
    print(
        f"submission:  median {statistics.median(web) * 1000:.1f} ms, p95 {p95(web) * 1000:.1f} ms (target p95 < 100 ms)"
    )
    print(
        f"bare append: median {statistics.median(bare) * 1000:.1f} ms, p95 {p95(bare) * 1000:.1f} ms (baseline)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
