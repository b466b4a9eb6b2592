"""Benchmark: `surveytui serve` under a room of phones, against bare `ResponseStore` appends.

Starts `surveytui serve --headless` on a free port in its own process and answers the
kiosk tests' all-types questionnaire (every page, typical answers) from
one event loop here, each response from its own loopback address as each phone has its own.
Timed per response: the submission (the last page's post, through the append's fsync, to
the thank-you page). Three scenarios, each on a fresh server:

- room: 50 people start at the same moment and each answers ONE whole response, every
  page sent the moment the last one arrived; the rounds are repeated to have enough
  submissions for a p95. The target: p95 submission under 100 ms on 2 cores.
- paced: the same 50 people, each reading every page for 1 to 5 seconds (seeded draws),
  as a room of people does: what a participant meets in a real room.
- saturated: 50 clients answer response after response without a pause until the number
  of responses is reached: the most the server can take (responses per second), and the
  latency when every client is always waiting on it.

The baseline is the same number of bare `ResponseStore.append` calls in this process on
the same disk; the ratio says what the web adds over the append alone. The server's CPU
time per response (from /proc, on Linux) is printed too: it depends less on what else
runs on the machine than the times do. The clients read only what a phone must send back
(the form's hidden fields) and reuse each page's typical answers, so that their own work
takes as little as possible of the cores the server runs on.

    python bench/serve.py [--clients 50] [--rounds 5] [--responses 500] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve_helpers import FormReader, typical_fields  # noqa: E402

from kiosk_helpers import write_questionnaire  # noqa: E402
from surveytui.model import load_questionnaire  # noqa: E402
from surveytui.model.types import Questionnaire  # noqa: E402
from surveytui.store import ResponseStore  # noqa: E402

_HIDDEN = re.compile(r'<input type="hidden" name="(_csrf|_form)" value="([0-9a-f]+)">')
_PROGRESS = re.compile(r"Page (\d+) of (\d+)")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms, p95 {p95(values) * 1000:6.1f} ms"


class Phone:
    """One respondent's client, as light as it can be: HTTP/1.1 on one kept-alive
    connection, the form's hidden fields found by a pattern, redirects followed."""

    def __init__(self, url: str, address: str, fields: Callable[[str], list[tuple[str, str]]]):
        parts = urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.address, self.fields = address, fields
        self.cookie = b""
        self.text = ""
        self.pause: Callable[[], float] | None = None  # seconds a person reads a page

    async def request(self, method: str, body: bytes = b"") -> None:
        head = f"{method} {self.path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\n".encode()
        if self.cookie:
            head += b"cookie: " + self.cookie + b"\r\n"
        if method == "POST":
            head += b"content-type: application/x-www-form-urlencoded\r\n"
            head += f"content-length: {len(body)}\r\n".encode()
        self.writer.write(head + b"\r\n" + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) != b"\r\n":
            name, _, value = line.partition(b":")
            name = name.lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"set-cookie":
                self.cookie = value.strip().split(b";")[0]
        self.text = (await self.reader.readexactly(length)).decode()
        if status == 303:
            await self.request("GET")
        else:
            assert status == 200, self.text

    async def post(self, action: str, fields: list[tuple[str, str]]) -> None:
        data = [*_HIDDEN.findall(self.text), *fields, ("_action", action)]
        await self.request("POST", urlencode(data).encode())

    async def read_page(self) -> None:
        """The time a person spends on a page before sending it (none unless paced)."""
        if self.pause is not None:
            await asyncio.sleep(self.pause())

    async def respond(self) -> float:
        """One whole response, every page; the seconds its submission took."""
        self.reader, self.writer = await asyncio.open_connection(
            self.host, self.port, local_addr=(self.address, 0)
        )
        await self.request("GET")
        await self.read_page()
        await self.post("lang-en", [])
        await self.read_page()
        await self.post("next", [])
        while True:
            page, pages = _PROGRESS.search(self.text).groups()  # type: ignore[union-attr]
            await self.read_page()
            start = time.perf_counter()
            await self.post("next", self.fields(self.text))
            if page == pages:
                took = time.perf_counter() - start
                assert "<form" not in self.text, self.text
                self.writer.close()
                return took


class Room:
    """The clients' shared state: the typical answers of each page, read once, and a new
    loopback address for every phone."""

    def __init__(self, url: str, questionnaire: Questionnaire):
        self.url, self.questionnaire = url, questionnaire
        self._fields: dict[str, list[tuple[str, str]]] = {}
        self._people = iter(range(1_000_000))

    def fields(self, html: str) -> list[tuple[str, str]]:
        page = _PROGRESS.search(html).group(0)  # type: ignore[union-attr]
        if page not in self._fields:
            form = FormReader()
            form.feed(html)
            self._fields[page] = typical_fields(SimpleNamespace(form=form), self.questionnaire)
        return self._fields[page]

    def phone(self) -> Phone:
        person = next(self._people)
        return Phone(self.url, f"127.1.{person // 250}.{person % 250 + 1}", self.fields)


def room(room: Room, clients: int, rounds: int) -> list[float]:
    """`rounds` times, `clients` people start at once and each answers one response."""

    async def rooms() -> list[float]:
        times: list[float] = []
        for _ in range(rounds):
            times += await asyncio.gather(*(room.phone().respond() for _ in range(clients)))
        return times

    return asyncio.run(rooms())


def paced(room: Room, clients: int, seconds: tuple[float, float]) -> list[float]:
    """`clients` people start at once and each answers one response, reading every page
    for a while (uniform in `seconds`, the same draws in every run) as people do."""
    draws = random.Random(1)

    async def phones() -> list[float]:
        people = [room.phone() for _ in range(clients)]
        for phone in people:
            phone.pause = lambda: draws.uniform(*seconds)
        return list(await asyncio.gather(*(phone.respond() for phone in people)))

    return asyncio.run(phones())


def saturated(room: Room, clients: int, responses: int) -> list[float]:
    """Every client answers response after response until `responses` are in."""
    times: list[float] = []
    started = iter(range(responses))

    async def client() -> None:
        while next(started, None) is not None:
            times.append(await room.phone().respond())

    async def all_clients() -> None:
        await asyncio.gather(*(client() for _ in range(clients)))

    asyncio.run(all_clients())
    return times


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a process so far, or None off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(folder: Path, path: Path, scenario: Callable[[Room], list[float]]) -> tuple:
    """Run one scenario against a fresh server: submit times, wall seconds, server CPU."""
    results = folder / f"web-{len(list(folder.glob('web-*.csv')))}.csv"
    command = [
        sys.executable, "-m", "surveytui", "serve", str(path), "--headless",
        "--results", str(results), "--tag", "unit=n", "--host", "127.0.0.1", "--port", "0",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        threading.Thread(target=server.stdout.read, daemon=True).start()
        warm = Room(url, load_questionnaire(path))
        # The first response imports and compiles: not part of what is measured.
        asyncio.run(warm.phone().respond())
        before = cpu_seconds(server.pid)
        start, clients = time.perf_counter(), time.process_time()
        times = scenario(warm)
        wall, clients = time.perf_counter() - start, time.process_time() - clients
        after = cpu_seconds(server.pid)
    finally:
        server.terminate()
        server.wait()
    cpu = None if before is None or after is None else (after - before) / len(times)
    return times, wall, cpu, clients / len(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5, help="rooms one after the other")
    parser.add_argument("--responses", type=int, default=500, help="in the saturated run")
    parser.add_argument(
        "--dir", type=Path, default=Path.cwd(), help="a folder on the disk to measure"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-serve-") as name:
        folder = Path(name)
        path = write_questionnaire(folder)
        runs = {
            "room": serve(folder, path, lambda r: room(r, args.clients, args.rounds)),
            "paced": serve(folder, path, lambda r: paced(r, args.clients, (1.0, 5.0))),
            "saturated": serve(folder, path, lambda r: saturated(r, args.clients, args.responses)),
        }
        store = ResponseStore(folder / "bare.csv", load_questionnaire(path))
        bare = []
        for _ in range(max(len(times) for times, *_ in runs.values())):
            begin = time.perf_counter()
            store.append({"useful": 4, "comment": "Mycket bra"}, {"unit": "n"}, language="en")
            bare.append(time.perf_counter() - begin)
    print(f"bare append:  {ms(bare)} (baseline, {len(bare)} appends)")
    for scenario, (times, wall, cpu, clients) in runs.items():
        what = {
            "room": f"{args.rounds} rooms of {args.clients} people answering one response "
            "each, every page at once",
            "paced": f"{args.clients} people answering one response each, 1-5 s on a page",
            "saturated": f"{args.clients} clients looping without pause",
        }[scenario]
        cost = f", CPU per response: clients {clients * 1000:.1f} ms"
        cost += "" if cpu is None else f", server {cpu * 1000:.1f} ms"
        print(f"{scenario}: {what}: {len(times)} responses in {wall:.1f} s, "
              f"{len(times) / wall:.1f}/s{cost}")  # fmt: skip
        print(f"  submission: {ms(times)}, p95 {p95(times) / p95(bare):.0f}x the bare append's")
    print("target: p95 submission < 100 ms on 2 cores for a room of 50")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
