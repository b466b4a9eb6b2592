"""Where the server listens and how it runs: the address, the socket, TLS, uvicorn.

The socket is bound and listening before uvicorn starts, so that the URL (with the real
port, also for port 0) is known at once and a busy port is a clear error, not a log line.
uvicorn's access log stays off: every URL carries a key.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from surveytui.errors import Problem, SurveyError
from surveytui.session import open_session
from surveytui.web.app import LOG, ASGIApp, Collection, create_app
from surveytui.web.invitations import Invitations


def local_address() -> str:
    """The machine's address on the local network (where a room's phones can reach it),
    or 127.0.0.1 without one. No packet is sent: connecting a UDP socket only picks a route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening; SurveyError when it cannot be."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Inherited by every connection: a response's headers and body go out at once,
        # instead of the body waiting 40 ms for the phone's delayed ACK of the headers.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        raise SurveyError(
            Problem(
                f"cannot listen on {host}:{port}: {err.strerror or err}",
                hint="choose another --port, or --host 127.0.0.1 for this machine only",
            )
        ) from None
    return sock


def base_url(sock: socket.socket, tls: bool) -> str:
    """The URL the socket is reached at, up to the key: `http://10.0.0.5:8080/`; on every
    address (0.0.0.0), the one phones on the local network can use."""
    host, port = sock.getsockname()[:2]
    if ipaddress.ip_address(host).is_unspecified:
        host = local_address()
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}/"


def check_tls(certfile: Path | None, keyfile: Path | None) -> None:
    """Refuse a certificate and key that cannot be loaded, before anything starts."""
    if certfile is None and keyfile is None:
        return
    if certfile is None or keyfile is None:
        raise SurveyError("--certfile and --keyfile go together: give both, or neither")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as err:
        raise SurveyError(
            Problem(f"the certificate or key cannot be loaded: {err}", str(certfile))
        ) from None


def make_server(
    app: ASGIApp,
    *,
    certfile: Path | None = None,
    keyfile: Path | None = None,
    log_level: str = "warning",
) -> uvicorn.Server:
    options: dict[str, Any] = {}
    if certfile is not None and keyfile is not None:
        options = {"ssl_certfile": str(certfile), "ssl_keyfile": str(keyfile)}
    config = uvicorn.Config(
        app,
        lifespan="off",
        access_log=False,
        log_config=None,
        log_level=log_level,
        server_header=False,
        timeout_keep_alive=5,
        **options,
    )
    return uvicorn.Server(config)


class Running:
    """A server answering on its own thread until `stop`: for the dashboard and the tests."""

    def __init__(self, server: uvicorn.Server, sock: socket.socket):
        self.server, self.sock = server, sock
        self.thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="surveytui-serve", daemon=True
        )
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        with contextlib.suppress(OSError):
            self.sock.close()


@dataclass
class Prepared:
    """A collection ready to serve: its socket is listening, its URL known."""

    collection: Collection
    sock: socket.socket
    url: str
    certfile: Path | None = None
    keyfile: Path | None = None

    def server(self, log_level: str = "warning") -> uvicorn.Server:
        return make_server(
            create_app(self.collection),
            certfile=self.certfile,
            keyfile=self.keyfile,
            log_level=log_level,
        )


def prepare(
    questionnaire: Path,
    *,
    results: Path | None = None,
    tags: Mapping[str, str] | None = None,
    host: str | None = None,
    port: int = 8080,
    invitations: Path | None = None,
    close_after: float | None = None,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> Prepared:
    """Check everything the user gave (SurveyError if anything is wrong), then listen."""
    session = open_session(questionnaire, results=results, tags=tags)
    if session.missing_tags:
        names = ", ".join(session.missing_tags)
        raise SurveyError(
            Problem(
                f"the questionnaire expects the tags {names}",
                str(questionnaire),
                hint="give each with --tag, e.g. --tag " + session.missing_tags[0] + "=1",
            )
        )
    check_tls(certfile, keyfile)
    tls = certfile is not None
    sock = listen(host or local_address(), port)
    try:
        base = base_url(sock, tls)
        invited = Invitations(invitations, session.results, base) if invitations else None
    except BaseException:
        sock.close()
        raise
    collection = Collection(session, invitations=invited, close_after=close_after, secure=tls)
    url = base if invited is not None else f"{base}{collection.token}/"
    return Prepared(collection, sock, url, certfile, keyfile)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_headless(prepared: Prepared) -> int:
    """Serve until interrupted: the respondents' URL first on stdout, then a line per response."""
    collection = prepared.collection
    session = collection.session
    print(prepared.url, flush=True)
    if collection.invitations is not None:
        print(
            f"invitation links: the link column of {collection.invitations.path}",
            file=sys.stderr,
            flush=True,
        )

    def logged() -> None:
        # No time of day: the results keep only each row's date, and rows are in the order
        # written, so a kept log of the times would date every row to the second.
        print(f"response saved: {session.submitted} this session", flush=True)

    collection.on_response = logged
    LOG.addHandler(logging.StreamHandler(sys.stderr))
    # Ctrl+C is how a headless collection ends: uvicorn shuts down, then passes it on.
    # A service manager's stop (SIGTERM), passed on the same way, ends it as Ctrl+C does.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            prepared.server().run(sockets=[prepared.sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"{session.submitted} responses saved this session in {session.results}", file=sys.stderr)
    return 0
