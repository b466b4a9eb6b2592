"""A real `serve` on a free port, and a small browser that reads its forms like a phone would."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from surveytui.model import load_questionnaire
from surveytui.model.types import Questionnaire
from surveytui.session import Session
from surveytui.web.app import Collection, create_app
from surveytui.web.invitations import Invitations
from surveytui.web.server import Running, base_url, listen, make_server


class FormReader(HTMLParser):
    """The fields, buttons and language of one page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self.checked: list[tuple[str, str]] = []
        self.texts: dict[str, str] = {}  # name -> inputmode ("" for free text)
        self.values: dict[str, str] = {}
        self.buttons: list[tuple[str, str]] = []
        self.forms = 0
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "form":
            self.forms += 1
        elif tag == "input":
            kind, name = a.get("type", "text"), a.get("name", "")
            if kind == "hidden":
                self.hidden[name] = a.get("value", "")
            elif kind in ("radio", "checkbox"):
                group = self.radios if kind == "radio" else self.checkboxes
                group.setdefault(name, []).append(a["value"])
                if "checked" in a:
                    self.checked.append((name, a["value"]))
            else:
                self.texts[name] = a.get("inputmode", "")
                self.values[name] = a.get("value", "")
        elif tag == "textarea":
            self.texts[a["name"]] = ""
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "button":
            self.buttons.append((a.get("name", ""), a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


@dataclass
class Page:
    response: httpx.Response
    form: FormReader = field(init=False)

    def __post_init__(self) -> None:
        self.form = FormReader()
        self.form.feed(self.response.text)

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def actions(self) -> list[str]:
        return [value for name, value in self.form.buttons if name == "_action"]


class Browser:
    """One phone: its own cookies, the page it shows, and posting that page's form."""

    def __init__(self, url: str, local_address: str | None = None):
        self.url = url
        # Browsers send small requests at once (no Nagle); httpx alone would wait for the
        # server's delayed ACK, 40 ms a request, measuring the client instead of the server.
        transport = httpx.HTTPTransport(
            local_address=local_address,
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )
        self.client = httpx.Client(follow_redirects=True, timeout=30, transport=transport)
        self.page: Page | None = None

    def open(self) -> Page:
        self.page = Page(self.client.get(self.url))
        return self.page

    def post(self, action: str, fields: list[tuple[str, str]] | None = None, **extra: str) -> Page:
        """Submit the shown page's form with these fields and the button `action`."""
        assert self.page is not None
        data = [*self.page.form.hidden.items(), *(fields or []), ("_action", action)]
        data += list(extra.items())
        self.page = Page(self.send(data))
        return self.page

    def send(self, data: list[tuple[str, str]]) -> httpx.Response:
        """Post these fields, repeated names and all, as a browser encodes a form."""
        return self.client.post(
            self.url,
            content=urlencode(data),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )

    def close(self) -> None:
        self.client.close()


def typical_fields(page: Page, questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """A valid answer to every field on the page: each list's first option, a number
    within range, some text; "other" and "don't know" left alone."""
    form = page.form
    fields: list[tuple[str, str]] = []
    for name, values in form.radios.items():
        fields.append((name, values[0]))
    for name, values in form.checkboxes.items():
        if not name.endswith(":na"):
            fields.append((name, values[0]))
    for name, mode in form.texts.items():
        key = name.removeprefix("a:")
        question = questionnaire.question(key)
        if question is None:
            continue  # an "other, please specify" box
        if mode == "decimal":
            fields.append((name, str(int(question.min)) if question.min is not None else "1"))
        else:
            fields.append((name, "Mycket bra"))
    return fields


def answer_all(browser: Browser, questionnaire: Questionnaire, language: str | None = None) -> Page:
    """Go through the whole questionnaire with typical answers to the thank-you page."""
    page = browser.open()
    for _ in range(100):
        if page.form.forms == 0:
            assert page.status == 200, page.text
            return page
        assert page.status == 200, page.text
        choose = [a for a in page.actions if a.startswith("lang-")]
        if choose:
            page = browser.post(f"lang-{language}" if language else choose[0])
        else:
            page = browser.post("next", typical_fields(page, questionnaire))
    raise AssertionError("the questionnaire never ended")


@dataclass
class Served:
    collection: Collection
    base: str
    running: Running

    @property
    def url(self) -> str:
        return f"{self.base}{self.collection.token}/"

    @property
    def session(self) -> Session:
        return self.collection.session

    @property
    def questionnaire(self) -> Questionnaire:
        return self.collection.questionnaire

    def browser(self, url: str | None = None) -> Browser:
        return Browser(url or self.url)


class Servers:
    """Starts real servers on free ports for a test and stops them all after it."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.running: list[Running] = []

    def start(
        self,
        questionnaire: str | Path,
        *,
        results: Path | None = None,
        tags: dict[str, str] | None = None,
        invitations: Path | None = None,
        **options: Any,
    ) -> Served:
        q = load_questionnaire(questionnaire)
        tags = {name: "1" for name in q.tags} if tags is None else tags
        session = Session(q, results or self.tmp_path / "results.csv", tags)
        session.check()
        sock = listen("127.0.0.1", 0)
        base = base_url(sock, tls=False)
        invited = Invitations(invitations, session.results, base) if invitations else None
        collection = Collection(session, invitations=invited, **options)
        running = Running(make_server(create_app(collection)), sock)
        self.running.append(running)
        return Served(collection, base, running)

    def stop(self) -> None:
        for running in self.running:
            running.stop()
