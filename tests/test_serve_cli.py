"""`surveytui serve` from the command line, and the facilitator's dashboard under Pilot."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import numpy as np
import pytest
import zxingcpp
from serve_helpers import Browser, answer_all
from textual.color import Color

from kiosk_helpers import write_questionnaire
from surveytui.cli import main
from surveytui.model import load_questionnaire
from surveytui.store import ResponseStore
from surveytui.tui.screens.serve import ServeApp, qr_text
from surveytui.web.server import Running, listen, prepare

TLS = Path(__file__).parent / "data" / "tls"  # a throwaway self-signed certificate


def local(tmp_path, **options):
    """The all-types questionnaire prepared to serve on this machine only, any free port."""
    return prepare(
        write_questionnaire(tmp_path),
        results=tmp_path / "results.csv",
        tags={"unit": "north"},
        host="127.0.0.1",
        port=0,
        **options,
    )


def serve_args(tmp_path, *extra: str) -> list[str]:
    return [
        "serve",
        str(write_questionnaire(tmp_path)),
        "--results",
        str(tmp_path / "results.csv"),
        "--tag",
        "unit=north",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        *extra,
    ]


def test_headless_prints_the_url_first_and_a_line_per_response(tmp_path):
    command = [sys.executable, "-m", "surveytui", *serve_args(tmp_path, "--headless")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and len(url.rsplit("/", 2)[1]) == 32
        q = load_questionnaire(tmp_path / "all-types.yaml")
        answer_all(Browser(url), q, "en")
        first = process.stdout.readline()
        answer_all(Browser(url), q, "sv")
        second = process.stdout.readline()
        # The file keeps only the date of each row, in the order written: a log with each
        # response's time of day would undo that for anyone who keeps the log.
        assert (first, second) == (
            "response saved: 1 this session\n",
            "response saved: 2 this session\n",
        )
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        stored = ResponseStore(tmp_path / "results.csv", q).read().rows
        assert [row["unit"] for row in stored] == ["north", "north"]
        assert url.rsplit("/", 2)[1] not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--certfile", "cert.pem"], "--certfile and --keyfile go together"),
        (
            ["--certfile", "none.pem", "--keyfile", "none.pem"],
            "certificate or key cannot be loaded",
        ),
        (["--invitations", "missing.csv"], "missing.csv"),
    ],
)
def test_bad_options_exit_2_with_a_message(tmp_path, capsys, extra, expected):
    os.chdir(tmp_path)
    assert main(serve_args(tmp_path, "--headless", *extra)) == 2
    assert expected in capsys.readouterr().err


def test_a_bad_invitations_row_is_named_by_file_and_line(tmp_path, capsys):
    invited = tmp_path / "invited.csv"
    invited.write_text("unit,token\nnorth,\nsouth,abc\n", encoding="utf-8")
    before = invited.read_bytes()
    assert main(serve_args(tmp_path, "--headless", "--invitations", str(invited))) == 2
    assert f"{invited}:3" in capsys.readouterr().err
    assert invited.read_bytes() == before  # nothing written when the file is refused


def test_missing_tags_and_a_busy_port_exit_2(tmp_path, capsys):
    path = write_questionnaire(tmp_path)
    assert main(["serve", str(path), "--results", str(tmp_path / "r.csv"), "--headless"]) == 2
    assert "--tag" in capsys.readouterr().err
    busy = listen("127.0.0.1", 0)
    try:
        port = str(busy.getsockname()[1])
        args = serve_args(tmp_path, "--headless")
        args[args.index("0")] = port
        assert main(args) == 2
        assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    finally:
        busy.close()


def test_a_questionnaire_with_a_problem_exits_2(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\nlanguages: [en]\nsections: 3\n", encoding="utf-8")
    assert main(["serve", str(broken), "--headless", "--tag", "a=b"]) == 2
    assert str(broken) + ":" in capsys.readouterr().err


def scan(text: str) -> list[str]:
    """What a QR reader (zxing-cpp, as in phones' scanner apps) reads off text drawn in
    half blocks: each character cell is one module wide and two high, the upper and the
    lower half dark or not, and around it the dark of a terminal."""
    halves = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}
    dark = []
    for line in text.splitlines():
        dark += [[halves[c][0] for c in line], [halves[c][1] for c in line]]
    image = np.where(np.array(dark, dtype=bool), 0, 255).astype(np.uint8)
    image = np.pad(np.kron(image, np.ones((5, 5), dtype=np.uint8)), 30, constant_values=0)
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_the_qr_code_is_drawn_in_half_blocks():
    text = qr_text("http://10.0.0.5:8080/" + "a" * 32 + "/")
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1 and len(lines) * 2 >= len(lines[0])
    assert set(text) <= set("▀▄█ \n") and "█" in text


async def test_the_dashboard_shows_the_url_and_counts_and_stops_on_ctrl_x_y(tmp_path):
    prepared = local(tmp_path)
    running = Running(prepared.server(), prepared.sock)
    app = ServeApp(prepared, running)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert str(screen.query_one("#serve-url").render()) == prepared.url
        # on a thread, so that the dashboard's loop runs while the phone answers
        await asyncio.to_thread(
            answer_all, Browser(prepared.url), prepared.collection.questionnaire, "en"
        )
        app.refresh_counts()
        await pilot.pause()
        counts = str(screen.query_one("#serve-counts").render())
        assert counts.startswith("1 responses this session · 1 in results.csv · 0 answering now")
        await pilot.press("ctrl+x")
        await pilot.press("y")
        await pilot.pause()
    assert prepared.collection.stopped
    assert not running.thread.is_alive()


@contextlib.asynccontextmanager
async def dashboard(tmp_path, size: tuple[int, int]):
    """The dashboard of a locally prepared serve (not serving) at this size: its Pilot."""
    prepared = local(tmp_path)
    try:
        async with ServeApp(prepared).run_test(size=size) as pilot:
            await pilot.pause()
            yield pilot
    finally:
        prepared.sock.close()


async def test_the_dashboards_qr_code_at_80x24_scans_to_the_url(tmp_path):
    async with dashboard(tmp_path, (80, 24)) as pilot:
        screen = pilot.app.screen
        qr = screen.query_one("#serve-qr")
        assert screen.region.contains_region(qr.region)  # all of it on screen
        assert qr.styles.color == Color(0, 0, 0) and qr.styles.background == Color(
            255, 255, 255
        )  # dark modules drawn dark on light, as a reader expects
        assert scan(str(qr.render())) == [str(screen.query_one("#serve-url").render())]


async def test_on_a_small_terminal_the_counts_and_how_to_stop_stay_in_sight(tmp_path):
    async with dashboard(tmp_path, (60, 18)) as pilot:
        screen = pilot.app.screen
        for name in ("#serve-counts", "#serve-hint", "#serve-url"):
            assert screen.region.contains_region(screen.query_one(name).region), name
        # the code scrolls into sight with the keyboard
        assert not screen.region.contains_region(screen.query_one("#serve-qr").region)
        await pilot.press("end")
        await pilot.pause()
        assert screen.query_one("#serve-body").scroll_y > 0


def test_kill_9_mid_collection_loses_no_response_a_phone_was_thanked_for(tmp_path):
    command = [sys.executable, "-m", "surveytui", *serve_args(tmp_path, "--headless")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    url = process.stdout.readline().strip()
    q = load_questionnaire(tmp_path / "all-types.yaml")
    thanked: list[int] = []
    lock = threading.Lock()
    enough = threading.Event()

    def phone() -> None:
        while True:
            try:
                answer_all(Browser(url), q, "en")
            except (httpx.HTTPError, AssertionError):
                return  # the server is gone
            with lock:
                thanked.append(1)
                if len(thanked) >= 12:
                    enough.set()

    phones = [threading.Thread(target=phone) for _ in range(6)]
    for thread in phones:
        thread.start()
    assert enough.wait(timeout=120)
    process.kill()  # SIGKILL, in the middle of other phones' submissions
    process.wait()
    for thread in phones:
        thread.join()
    result = ResponseStore(tmp_path / "results.csv", q).read()
    assert len(result.rows) >= len(thanked)
    assert len({row["response_id"] for row in result.rows}) == len(result.rows)


def test_every_connection_sends_at_once(tmp_path):
    """Without TCP_NODELAY each response's body waited for the phone's delayed ACK (40 ms)."""
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()


def test_with_a_certificate_the_pages_are_served_over_tls(tmp_path):
    cert, key = TLS / "cert.pem", TLS / "key.pem"
    prepared = local(tmp_path, certfile=cert, keyfile=key)
    assert prepared.url.startswith("https://127.0.0.1:")
    running = Running(prepared.server(), prepared.sock)
    try:
        with httpx.Client(verify=False) as client:
            page = client.get(prepared.url)
        assert page.status_code == 200
        assert "secure" in page.headers["set-cookie"].lower()
        with pytest.raises(httpx.HTTPError):
            httpx.get(prepared.url.replace("https", "http"), timeout=10)
    finally:
        running.stop()


def test_dashboard_snapshot(snap_compare, tmp_path):
    """The dashboard at 80x24, with a fixed address so that the QR code stays the same."""
    prepared = local(tmp_path)
    prepared.sock.close()
    fixed = dataclasses.replace(
        prepared, url="http://192.168.1.20:8080/" + "0123456789abcdef" * 2 + "/"
    )
    assert snap_compare(ServeApp(fixed), terminal_size=(80, 24))


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_headless_ends_with_the_same_summary_on_ctrl_c_and_sigterm(tmp_path, stop):
    command = [sys.executable, "-m", "surveytui", *serve_args(tmp_path, "--headless")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().strip()
        answer_all(Browser(url), load_questionnaire(tmp_path / "all-types.yaml"), "en")
        assert "response saved: 1 this session" in process.stdout.readline()
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
        summary = f"1 responses saved this session in {tmp_path / 'results.csv'}"
        assert process.stderr.read().strip().splitlines()[-1] == summary
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
