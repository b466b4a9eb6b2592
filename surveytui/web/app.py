"""The web collection: one Starlette app that walks each respondent through the questionnaire.

A respondent is known by a random cookie, scoped to the path of their link. Their step
(language, intro, a page, review, done), answers and form tokens live here; their answers
also go to the kiosk's drafts journal on every page, so a phone that loses the network, or
a server restarted, goes on where it was. Responses go through the kiosk's `Session`
(the same store, lock, snapshot and tags; on disk before the thank-you page), and its
rules decide what is shown, what is required and what is stored.
"""

from __future__ import annotations

import hmac
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qs

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from surveytui.errors import SurveyError
from surveytui.i18n import t
from surveytui.model.types import Question, tr
from surveytui.session import (
    WEB,
    AnswerProblem,
    Session,
    answer_pages,
    required_message,
    review_lines,
    shown_pages,
)
from surveytui.store import new_response_id
from surveytui.web import pages
from surveytui.web.fields import read_answers
from surveytui.web.invitations import Invitations, new_token

LOG = logging.getLogger("surveytui.web")
LOG.addHandler(logging.NullHandler())  # never Python's last resort over the dashboard

MAX_BODY = 64 * 1024  # bytes of one post: a page of answers is a few kB
# Requests one address may make at once, and then per second: a whole room behind one
# router stays well within it, a flood from one machine does not.
RATE_BURST = 300
RATE_PER_SECOND = 10.0
MAX_RESPONDENTS = 10_000  # people in progress kept in memory
COOKIE = "surveytui"
_COOKIE_RE = re.compile(r"^[0-9a-f]{32}$")

LANGUAGE, INTRO, PAGE, REVIEW, DONE = "language", "intro", "page", "review", "done"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass
class Respondent:
    """One person's response in progress; `form` is the submission id the next post must
    carry, so a reload or a second tap of a form already handled changes nothing."""

    key: str
    id: str
    lang: str
    step: str
    page: int = 0
    answers: dict[str, Any] = field(default_factory=dict)
    # Recorded in every save of the draft, so that the submission need not rewrite it
    # first; None for a draft saved without one, which is promised then instead.
    response_id: str | None = field(default_factory=new_response_id)
    csrf: str = field(default_factory=new_token)
    form: str = field(default_factory=new_token)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def hidden(self) -> pages.Hidden:
        return pages.Hidden(self.csrf, self.form)


class RateLimiter:
    """A token bucket per client address: `burst` requests at once, `per_second` after."""

    def __init__(self, burst: int, per_second: float, clock: Callable[[], float]):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            if len(self._buckets) > MAX_RESPONDENTS:  # forget the idle, to stay small
                self._buckets = {
                    c: (n, at)
                    for c, (n, at) in self._buckets.items()
                    if (now - at) * self.per_second < self.burst
                }
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.per_second)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1, now)
            return True


class Collection:
    """Everything the server knows of this session: its key, who is answering, the counts."""

    def __init__(
        self,
        session: Session,
        *,
        invitations: Invitations | None = None,
        close_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        rate: tuple[int, float] = (RATE_BURST, RATE_PER_SECOND),
        on_response: Callable[[], None] | None = None,
        secure: bool = False,
    ):
        self.session = session
        session.origin = WEB  # its drafts are the web's: a kiosk on the file leaves them be
        self.questionnaire = session.questionnaire
        self.pages = answer_pages(self.questionnaire)
        self.drawn: dict[tuple[str, str], Markup] = {}  # unanswered questions' HTML
        self.token = new_token()
        self.invitations = invitations
        self.close_after = close_after
        self.clock = clock
        self.opened = clock()
        self.stopped = False
        self.secure = secure
        self.on_response = on_response
        self.limiter = RateLimiter(rate[0], rate[1], clock)
        self.errors: deque[str] = deque(maxlen=20)  # the latest problems, for the dashboard
        self._respondents: dict[str, Respondent] = {}
        self._lock = threading.Lock()
        self._link_locks: dict[str, threading.Lock] = {}

    # -- access -------------------------------------------------------------------------
    def valid_key(self, key: str) -> bool:
        """Whether a URL's key opens the questionnaire: the session's, or an invitation's."""
        if self.invitations is not None:
            return self.invitations.known(key)
        return hmac.compare_digest(key.encode(), self.token.encode())

    def accepting_new(self) -> bool:
        """Whether a new respondent may start (in-progress ones may finish after --close-after)."""
        if self.stopped:
            return False
        return self.close_after is None or self.clock() - self.opened < self.close_after * 60

    def stop(self) -> None:
        """Stop collecting: every later request gets the "closed" page."""
        self.stopped = True

    @property
    def in_progress(self) -> int:
        """How many people have started answering and not submitted yet."""
        with self._lock:
            return sum(1 for r in self._respondents.values() if r.step in (PAGE, REVIEW))

    # -- respondents ----------------------------------------------------------------------
    def in_memory(self, cookie: str | None) -> bool:
        """Whether `find` answers for this cookie without reading the drafts on the disk."""
        if not cookie or not _COOKIE_RE.match(cookie):
            return True
        with self._lock:
            return cookie in self._respondents

    def find(self, key: str, cookie: str | None) -> Respondent | None:
        """The respondent of this cookie on this link, from memory or from their draft."""
        if not cookie or not _COOKIE_RE.match(cookie):
            return None
        with self._lock:
            known = self._respondents.get(cookie)
        if known is not None:
            return known if known.key == key else None
        for draft in self.session.resumable_drafts():
            if draft.id == cookie:
                lang = str(draft.meta.get("language"))
                if lang not in self.questionnaire.languages:
                    return None
                page = draft.meta.get("page", 0)
                respondent = Respondent(
                    key,
                    cookie,
                    lang,
                    PAGE,
                    page if isinstance(page, int) else 0,
                    draft.answers,
                    response_id=draft.response_id,
                )
                with self._lock:
                    return self._respondents.setdefault(cookie, respondent)
        return None

    def start(self, key: str) -> Respondent | None:
        """A new respondent on this link; None when memory holds too many already."""
        languages = self.questionnaire.languages
        respondent = Respondent(
            key, new_token(), languages[0], LANGUAGE if len(languages) > 1 else INTRO
        )
        with self._lock:
            if len(self._respondents) >= MAX_RESPONDENTS:  # keep only those with answers
                self._respondents = {k: r for k, r in self._respondents.items() if r.answers}
            if len(self._respondents) >= MAX_RESPONDENTS:
                return None
            self._respondents[respondent.id] = respondent
        return respondent

    def save_draft(self, respondent: Respondent) -> None:
        """Journal the answers so far; a failure is noted, and the person goes on."""
        try:
            self.session.save_draft(
                respondent.id,
                respondent.answers,
                respondent.lang,
                self.session.tags,
                respondent.page,
                respondent.response_id,
            )
        except (SurveyError, ValueError) as err:
            self._note(f"a draft could not be saved: {err}")

    def submit(self, respondent: Respondent) -> bool:
        """Append the response, on disk before this returns; False if the link was used.

        An invitation link is answered once: its submissions wait on one lock of that link
        only, so that responses on other links (and on a session's shared link, which
        needs none: the store keeps concurrent appends apart) go to the disk meanwhile."""
        invitations = self.invitations
        if invitations is None:
            self._append(respondent)
        else:
            with self._lock:
                link_lock = self._link_locks.setdefault(respondent.key, threading.Lock())
            with link_lock:
                if invitations.has_answered(respondent.key):
                    return False
                self._append(respondent)
                invitations.mark_answered(respondent.key)
        respondent.step = DONE
        respondent.answers = {}
        if self.on_response is not None:
            self.on_response()
        return True

    def _append(self, respondent: Respondent) -> None:
        self.session.submit(
            respondent.answers, respondent.lang, respondent.id, response_id=respondent.response_id
        )

    def _note(self, message: str) -> None:
        """Tell the facilitator (log, dashboard) of a problem; never with an answer in it."""
        LOG.warning(message)
        self.errors.append(message)

    # -- pages ----------------------------------------------------------------------------
    def shown_on(self, index: int, answers: dict[str, Any]) -> list[Question]:
        shown = {q.id for q in self.questionnaire.visible(answers)}
        return [q for q in self.pages[index].questions if q.id in shown]

    def _settle(self, respondent: Respondent) -> list[int]:
        """The shown pages, with the respondent's page moved onto one of them (an answer
        given since may have hidden it); the first shown after it, else the last."""
        shown = shown_pages(self.questionnaire, respondent.answers) or [respondent.page]
        if respondent.page not in shown:
            later = [i for i in shown if i > respondent.page]
            respondent.page = later[0] if later else shown[-1]
        return shown

    def render(self, respondent: Respondent, problems: dict[str, str] | None = None) -> str:
        """The page of the respondent's current step."""
        q, lang = self.questionnaire, respondent.lang
        if respondent.step == LANGUAGE:
            return pages.language_page(q, respondent.hidden)
        if respondent.step == INTRO:
            return pages.intro_page(q, lang, respondent.hidden, len(q.languages) > 1)
        if respondent.step == REVIEW:
            return pages.review_page(
                q, review_lines(q, respondent.answers, lang), lang, respondent.hidden
            )
        if respondent.step == DONE:
            return pages.message_page(q, lang, tr(q.outro, lang) or t("thanks", lang))
        shown = self._settle(respondent)
        total = len(shown) + (1 if q.review_before_submit else 0)
        return pages.question_page(
            q,
            self.pages[respondent.page],
            self.shown_on(respondent.page, respondent.answers),
            respondent.answers,
            lang,
            respondent.hidden,
            position=shown.index(respondent.page) + 1,
            pages=total,
            last=respondent.page == shown[-1] and not q.review_before_submit,
            problems=problems,
            drawn=self.drawn,
        )

    def act(self, respondent: Respondent, action: str, form: dict[str, list[str]]) -> str | None:
        """Apply one post to the respondent's step: None when it moved on (the caller
        redirects), else the page to show again with its problems."""
        q = self.questionnaire
        step = respondent.step
        if step == LANGUAGE:
            lang = action.removeprefix("lang-")
            if action.startswith("lang-") and lang in q.languages:
                respondent.lang, respondent.step = lang, INTRO
        elif step == INTRO:
            if action == "back" and len(q.languages) > 1:
                respondent.step = LANGUAGE
            elif action == "next":
                return self._advance(respondent, -1)
        elif step == PAGE:
            return self._answer_page(respondent, action, form)
        elif step == REVIEW:
            shown = shown_pages(q, respondent.answers)
            if action == "back" and shown:
                respondent.step, respondent.page = PAGE, shown[-1]
            elif action == "back":
                respondent.step = INTRO
            elif action == "next" and not self.submit(respondent):
                return self.already_answered(respondent.lang)
        return None

    def _answer_page(
        self, respondent: Respondent, action: str, form: dict[str, list[str]]
    ) -> str | None:
        q, lang, answers = self.questionnaire, respondent.lang, respondent.answers
        self._settle(respondent)
        before = self.shown_on(respondent.page, answers)
        problems: dict[str, str] = {}
        for question in before:
            try:
                given = read_answers(question, form, lang)
            except AnswerProblem as err:
                text = tr(question.text, lang)
                problems[question.id] = f"{t('check_answer', lang, question=text)} ({err})"
                continue
            for key in question.answer_keys:
                answers.pop(key, None)
            answers.update(given)
        if action == "back":
            earlier = [i for i in shown_pages(q, answers) if i < respondent.page]
            if earlier:
                respondent.page = earlier[-1]
            else:
                respondent.step = INTRO
            problems = {}  # going back keeps what fits and asks nothing
        elif action == "next" and not problems:
            after = self.shown_on(respondent.page, answers)
            # An answer that opened a question on this page shows the page again with it.
            if not {x.id for x in after} - {x.id for x in before}:
                for question in after:
                    if message := required_message(question, answers, lang):
                        problems[question.id] = message
                if not problems:
                    return self._advance(respondent, respondent.page)
        elif action != "next":
            problems = {}
        self.save_draft(respondent)
        return self.render(respondent, problems) if problems else None

    def _advance(self, respondent: Respondent, after: int) -> str | None:
        """On to the first shown page after `after`, else the review, else submit; the
        draft is saved unless the response is (submitting erases it anyway)."""
        later = [i for i in shown_pages(self.questionnaire, respondent.answers) if i > after]
        if later:
            respondent.step, respondent.page = PAGE, later[0]
        elif self.questionnaire.review_before_submit:
            respondent.step = REVIEW
        else:
            return None if self.submit(respondent) else self.already_answered(respondent.lang)
        if respondent.answers:
            self.save_draft(respondent)
        return None

    def already_answered(self, lang: str | None) -> str:
        return self.message("web_already_answered", lang)

    def message(self, key: str, lang: str | None = None) -> str:
        lang = lang or self.questionnaire.languages[0]
        return pages.message_page(self.questionnaire, lang, t(key, lang))


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


def create_app(collection: Collection) -> ASGIApp:
    """The ASGI app of a collection, with its guard (methods, rate, headers) around it."""

    def get(request: Request, wait: bool = True) -> Response | None:
        """The page; without `wait`, None instead of reading the disk or waiting for the
        same person's post, so that the event loop can draw it at once or pass it on."""
        key = request.path_params["key"]
        if not collection.valid_key(key):
            return not_found()
        invitations = collection.invitations
        cookie = request.cookies.get(COOKIE)
        if not wait and not collection.in_memory(cookie):
            return None
        respondent = collection.find(key, cookie)
        if respondent is not None and respondent.step == DONE:
            return _html(collection.render(respondent))
        if invitations is not None and invitations.has_answered(key):
            return _html(collection.already_answered(respondent.lang if respondent else None))
        if collection.stopped or (respondent is None and not collection.accepting_new()):
            return _html(collection.message("web_closed", respondent.lang if respondent else None))
        if respondent is None:
            respondent = collection.start(key)
            if respondent is None:
                return _html(collection.message("web_too_many"), 503)
            response = _html(collection.render(respondent))
            response.set_cookie(
                COOKIE,
                respondent.id,
                path=f"/{key}/",
                httponly=True,
                samesite="strict",
                secure=collection.secure,
            )
            return response
        if not respondent.lock.acquire(blocking=wait):
            return None
        try:
            return _html(collection.render(respondent))
        finally:
            respondent.lock.release()

    def post(request: Request, body: bytes) -> Response:
        key = request.path_params["key"]
        if not collection.valid_key(key):
            return not_found()
        try:
            form = parse_qs(
                body.decode("utf-8"),
                keep_blank_values=True,
                max_num_fields=2000,
                strict_parsing=False,
            )
        except (UnicodeDecodeError, ValueError):
            return PlainTextResponse("Bad request", 400)
        respondent = collection.find(key, request.cookies.get(COOKIE))
        csrf = (form.get("_csrf") or [""])[0]
        if respondent is None or not hmac.compare_digest(csrf.encode(), respondent.csrf.encode()):
            return _html(
                collection.message("web_expired", respondent.lang if respondent else None), 403
            )
        with respondent.lock:
            if respondent.step == DONE:
                return RedirectResponse(request.url.path, 303)
            if (form.get("_form") or [""])[0] != respondent.form:
                return RedirectResponse(request.url.path, 303)  # a reload or a second tap
            if collection.stopped:
                return _html(collection.message("web_closed", respondent.lang))
            if collection.invitations is not None and collection.invitations.has_answered(key):
                return _html(collection.already_answered(respondent.lang))
            try:
                page = collection.act(respondent, (form.get("_action") or [""])[0], form)
            except SurveyError as err:
                collection._note(f"a response could not be saved: {err}")
                return _html(collection.message("web_try_again", respondent.lang), 503)
            # A bug: the person keeps the draft and is told so in their own language.
            except Exception as err:  # noqa: BLE001
                collection._note(f"a request failed: {type(err).__name__}")
                return _html(collection.message("web_try_again", respondent.lang), 500)
            if page is not None:
                return _html(page)
            if respondent.step == DONE:
                # The thank-you comes with the answer to the submission, not after a
                # redirect: one round trip less for the wait that matters, and a reload
                # of it (the same form again) redirects to this same thank-you page.
                return _html(collection.render(respondent))
            respondent.form = new_token()
            return RedirectResponse(request.url.path, 303)

    async def page(request: Request) -> Response:
        if request.method == "GET":
            # Drawn here from memory, which is most pages: handing each to a thread and
            # back costs more than drawing it. Disk and waiting go to a thread, where
            # `get` waits and so always draws the page.
            drawn = get(request, wait=False)
            return drawn or cast(Response, await run_in_threadpool(get, request))
        if request.headers.get("content-type", "").split(";")[0].strip() != (
            "application/x-www-form-urlencoded"
        ):
            return PlainTextResponse("Unsupported Media Type", 415)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY:
            return _html(collection.message("web_too_large"), 413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return _html(collection.message("web_too_large"), 413)
        return await run_in_threadpool(post, request, bytes(body))

    def not_found() -> Response:
        return PlainTextResponse("Not Found", 404)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found()

    async def failed(request: Request, exc: Exception) -> Response:
        return _html(collection.message("web_try_again"), 500)

    app = Starlette(
        routes=[Route("/{key}/", page, methods=["GET", "POST"])],
        exception_handlers={404: missing, 405: missing, Exception: failed},
    )
    app.router.redirect_slashes = False
    return Guard(app, collection)


class Guard:
    """Around the app: only GET and POST, a rate per client, strict headers on every
    response, and never a stack trace, even when the app itself fails."""

    HEADERS = (
        (b"content-security-policy", pages.CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cache-control", b"no-store"),
    )

    def __init__(self, app: ASGIApp, collection: Collection):
        self.app, self.collection = app, collection

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in self.HEADERS}
                message["headers"] = [
                    (n, v) for n, v in message.get("headers", []) if n.lower() not in names
                ] + list(self.HEADERS)
            await send(message)

        client = scope.get("client")
        if scope["method"] not in ("GET", "POST"):
            await _plain(send_guarded, 405, b"Method Not Allowed", [(b"allow", b"GET, POST")])
        elif not self.collection.limiter.allow(client[0] if client else ""):
            await _plain(
                send_guarded,
                429,
                t("web_too_many", self.collection.questionnaire.languages[0]).encode(),
                [(b"retry-after", b"5")],
            )
        else:
            try:
                await self.app(scope, receive, send_guarded)
            # The last guard: the app's handler has answered with a page; the bug is noted
            # for the facilitator instead of printing a traceback over the dashboard.
            except Exception as err:  # noqa: BLE001
                self.collection._note(f"a request failed: {type(err).__name__}")
                if not started:
                    await _plain(send_guarded, 500, b"Internal Server Error")


async def _plain(
    send: Send, status: int, text: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text})
