"""`serve` answered for real: a server on a free port, a phone's requests through httpx.

Every test reads what was stored back from the results file with the store, so what the
pages promise is checked against what is on disk.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from browser_helpers import CHROMIUM, needs_chromium
from serve_helpers import Browser, Servers, answer_all, typical_fields

from kiosk_helpers import ALL_TYPES, write_questionnaire
from surveytui.errors import SurveyError
from surveytui.i18n import t
from surveytui.model import load_questionnaire
from surveytui.session import Session
from surveytui.store import ResponseStore
from surveytui.web import app, pages
from surveytui.web.app import Guard

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "questionnaires").glob("*.yaml"))

# A rating, and a review page before submitting, besides every type the kiosk tests use.
WITH_RATING = ALL_TYPES.replace(
    "      - id: again\n",
    "      - id: score\n"
    "        type: rating\n"
    "        scale: {min: 0, max: 10}\n"
    "        text: {sv: Betyg?, en: Score?}\n"
    "      - id: again\n",
)


@pytest.fixture
def servers(tmp_path):
    started = Servers(tmp_path)
    yield started
    started.stop()


def rows(served) -> list[dict]:
    result = ResponseStore(served.session.results, served.questionnaire).read()
    assert result.problems == []
    return result.rows


def start_english(browser: Browser):
    browser.open()
    browser.post("lang-en")
    return browser.post("next")  # past the intro


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_a_whole_response_to_each_bundled_questionnaire_is_stored_once(servers, path):
    served = servers.start(path)
    q = served.questionnaire
    language = q.languages[-1]
    page = answer_all(served.browser(), q, language)
    assert t("thanks", language) in page.text or page.form.forms == 0
    stored = rows(served)
    assert len(stored) == 1
    assert stored[0]["language"] == language
    assert all(stored[0][name] == "1" for name in q.tags)
    assert served.session.drafts.list() == []


def test_every_question_type_is_stored_as_typed(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path, WITH_RATING), tags={"unit": "north"})
    b = served.browser()
    page = start_english(b)
    assert page.form.lang == "en"
    assert "Useful?" in page.text and "Score?" in page.text
    # the yes opens "Why?" on the same page: shown first, not skipped
    page = b.post("next", [("a:useful", "3"), ("a:score", "10"), ("a:again", "0")])
    assert "Why?" in page.text and "Page 1 of 3" in page.text
    page = b.post(
        "next", [("a:useful", "3"), ("a:score", "10"), ("a:again", "0"), ("a:why_again", "Fun")]
    )
    assert "Page 2 of 3" in page.text
    page = b.post(
        "next",
        [
            ("a:role", "2"),  # other
            ("a:role__other", "Coach"),
            ("a:topics", "0"),
            ("a:topics", "1"),
            ("a:years", "2,5"),
            ("a:grid_a", "0"),
            ("a:grid_b", "2"),
        ],
    )
    assert "Page 3 of 3" in page.text
    page = b.post("next", [("a:comment", "Fine")])
    assert page.form.forms == 0 and "Thanks a lot!" in page.text
    (row,) = rows(served)
    assert row["useful"] == 4 and row["score"] == 10 and row["again"] is True
    assert row["why_again"] == "Fun" and row["role"] is None and row["role__other"] == "Coach"
    assert row["topics"] == ["x", "y"]
    assert row["years"] == 2.5 and row["grid_a"] == 1 and row["grid_b"] == 3
    assert row["comment"] == "Fine" and row["unit"] == "north" and row["language"] == "en"


def test_dont_know_and_a_hidden_follow_up_is_not_stored(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "5"), ("a:again", "0")])  # opens why_again
    b.post("next", [("a:useful", "5"), ("a:again", "1"), ("a:why_again", "secret")])
    page = b.post("next", [("a:topics", "3"), ("a:years", "1")])  # topics: don't know
    assert "Page 3" in page.text
    b.post("next")
    (row,) = rows(served)
    assert row["useful"] == "na" and row["again"] is False and row["why_again"] is None
    assert row["topics"] == "na"


def test_a_required_question_says_the_kiosks_message_linked_to_its_field(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    page = b.post("next", [("a:again", "1")])
    message = t("required_missing", "en", question="Useful?")
    assert page.status == 200 and message in page.text
    assert 'aria-describedby="e-useful"' in page.text and 'id="e-useful"' in page.text
    assert 'role="alert"' in page.text and 'href="#q-useful"' in page.text
    assert "Page 1 of 3" in page.text
    assert ("a:again", "1") in page.form.checked  # what was answered is kept
    assert rows(served) == [] if served.session.results.exists() else True


def test_a_wrong_number_is_explained_and_nothing_moves_on(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "1"), ("a:again", "1")])
    page = b.post("next", [("a:years", "99")])
    assert t("number_range", "en", min="0", max="50") in page.text and "Page 2" in page.text
    page = b.post("next", [("a:years", "lots")])
    assert t("number_invalid", "en") in page.text


def test_back_shows_the_previous_page_with_its_answers(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "2"), ("a:again", "1")])
    page = b.post("back", [("a:years", "7")])
    assert "Page 1 of 3" in page.text
    assert ("a:useful", "2") in page.form.checked
    page = b.post("next", [("a:useful", "2"), ("a:again", "1")])
    assert page.form.values["a:years"] == "7"  # kept on the way back


def test_the_language_chosen_is_the_pages_and_the_rows(servers):
    served = servers.start(BUNDLED[[p.stem for p in BUNDLED].index("seminar-feedback")])
    b = served.browser()
    page = b.open()
    assert {"lang-sv", "lang-da", "lang-en"} <= set(page.actions)
    page = b.post("lang-da")
    assert page.form.lang == "da" and "Tak fordi du deltog" in page.text
    page = b.post("next")
    assert t("progress", "da", page=1, pages=3)[:5] in page.text


def test_review_before_submit_shows_the_answers_escaped(servers, tmp_path):
    text = WITH_RATING.replace("tags: [unit]", "tags: [unit]\nreview_before_submit: true")
    served = servers.start(write_questionnaire(tmp_path, text), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "1"), ("a:again", "1")])
    b.post("next", [])
    page = b.post("next", [("a:comment", "<script>alert(1)</script>\u202egnirts")])
    assert t("review_title", "en") in page.text
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;\u202egnirts</bdi>" in page.text
    assert not served.session.results.exists() or rows(served) == []
    page = b.post("next")
    (row,) = rows(served)
    assert row["comment"] == "<script>alert(1)</script>\u202egnirts"


def test_no_answer_or_problem_of_one_person_shows_on_the_next_persons_page(servers, tmp_path):
    # Pages keep the HTML of questions nobody has answered yet: an attacker's view of it
    # is that one person's answer, or the problem shown to them, reaches the next phone.
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    a, b = served.browser(), served.browser()
    start_english(a)
    start_english(b)
    blank = b.page.text
    a.post("next", [("a:again", "0")])  # opens "why"
    shown = a.post("next", [("a:again", "0")])  # and "useful" is required
    assert 'id="e-useful"' in shown.text and 'name="a:why_again"' in shown.text
    assert b.open().text == blank
    a.post("next", [("a:useful", "2"), ("a:again", "0"), ("a:why_again", "secret-A")])
    mine = a.post("back")
    assert 'value="secret-A"' in mine.text  # their own answer, drawn for them
    theirs = b.post("next", [("a:useful", "1"), ("a:again", "0")])
    assert 'name="a:why_again"' in theirs.text
    assert "secret-A" not in theirs.text and 'id="e-useful"' not in theirs.text
    assert 'value=""' in theirs.text.split('name="a:why_again"')[1].split(">")[0]


def test_a_text_area_sent_with_crlf_is_stored_with_the_kiosks_line_breaks(servers, tmp_path):
    # A browser sends a text area's line breaks as CRLF (the HTML form encoding); a CR kept
    # in the answer would show as a replacement character in every report.
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "1"), ("a:again", "1")])
    b.post("next", [])
    b.post("next", [("a:comment", "line one\r\nline two\r\n\r\nthree\r\n")])
    (row,) = rows(served)
    assert row["comment"] == "line one\nline two\n\nthree"


def test_a_reload_or_a_double_tap_stores_one_row(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "2"), ("a:again", "1")])
    b.post("next", [])
    last = b.page
    data = [*last.form.hidden.items(), ("a:comment", "x"), ("_action", "next")]
    replies: list[httpx.Response] = []

    def tap() -> None:
        replies.append(b.send(data))

    taps = [threading.Thread(target=tap) for _ in range(4)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    reload = b.send(data)  # later
    assert [r.status_code for r in [*replies, reload]] == [200] * 5
    assert all("Thanks a lot!" in r.text and "<form" not in r.text for r in [*replies, reload])
    # The tap that stored the row got the thank-you at once; the others, and the reload,
    # were sent on to it (a form already handled changes nothing).
    assert sorted(len(r.history) for r in [*replies, reload]) == [0, 1, 1, 1, 1]
    assert len(rows(served)) == 1
    assert served.session.submitted == 1


def test_a_post_without_the_forms_csrf_token_is_refused(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    page = start_english(b)
    form = page.form.hidden["_form"]
    forged = b.client.post(
        b.url, data={"_csrf": "0" * 32, "_form": form, "_action": "next", "a:useful": "1"}
    )
    assert forged.status_code == 403
    stranger = httpx.post(b.url, data={**page.form.hidden, "_action": "next"})
    assert stranger.status_code == 403  # no cookie: another site's form cannot post
    page = b.open()
    assert "Page 1 of 3" in page.text and page.form.checked == []


def test_a_body_over_64_kb_is_refused_and_nothing_is_stored(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    b = served.browser()
    page = start_english(b)
    big = {**page.form.hidden, "_action": "next", "a:useful": "1", "a:comment": "x" * 70_000}
    assert b.client.post(b.url, data=big).status_code == 413

    def chunks():  # no Content-Length: the cap counts what arrives
        yield b"_csrf=" + page.form.hidden["_csrf"].encode() + b"&a%3Auseful=1&pad="
        for _ in range(80):
            yield b"y" * 1024

    streamed = b.client.post(
        b.url, content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert streamed.status_code == 413
    assert "Page 1 of 3" in b.open().text


def test_only_get_and_post_and_strict_headers_everywhere(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    ok = httpx.get(served.url)
    for method in ("PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"):
        assert httpx.request(method, served.url).status_code == 405
    responses = [
        ok,
        httpx.get(served.base),
        httpx.get(served.base + "0" * 32 + "/"),
        httpx.put(served.url),
    ]
    assert [r.status_code for r in responses] == [200, 404, 404, 405]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
        assert "http" not in csp and "*" not in csp and "script-src" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script" not in ok.text and "http" not in ok.text.split("<body>")[1]


def test_the_url_without_its_token_is_not_found(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    token = served.collection.token
    assert len(token) == 32 and int(token, 16).bit_length() > 64
    for path in ("", token, token[:-1] + "/", token.upper() + "/", "x/" + token + "/"):
        response = httpx.get(served.base + path)
        assert response.status_code == 404 and token not in response.text


def test_a_client_over_the_rate_limit_is_told_to_wait(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"}, rate=(3, 0.0))
    codes = [httpx.get(served.url).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_a_failure_inside_shows_no_stack_trace_and_keeps_the_draft(servers, tmp_path, monkeypatch):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /home/x/surveytui/store.py")

    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "2"), ("a:again", "1")])
    b.post("next", [])
    monkeypatch.setattr(served.session, "submit", broken)
    page = b.post("next", [("a:comment", "kept")])
    assert page.status == 500
    assert "Traceback" not in page.text and "secret internals" not in page.text
    assert t("web_try_again", "en") in page.text
    assert list(served.collection.errors) == ["a request failed: RuntimeError"]  # for the dashboard
    (draft,) = served.session.drafts.list()
    assert draft.answers["useful"] == 3


def test_hostile_questionnaire_texts_are_escaped(servers, tmp_path):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\u202e" + "é" * 3000
    text = WITH_RATING.replace("{sv: Användbart?, en: Useful?}", f"{{sv: x, en: {hostile!r}}}")
    text = text.replace(
        "{code: a, text: {sv: A-roll, en: Role A}}",
        f"{{code: a, text: {{sv: a, en: {hostile!r}}}}}",
    )
    text = text.replace(
        "title: {sv: Alla typer, en: All types}", f"title: {{sv: t, en: {hostile!r}}}"
    )
    served = servers.start(write_questionnaire(tmp_path, text), tags={"unit": "n"})
    b = served.browser()
    pages = [b.open(), b.post("lang-en"), b.post("next")]
    pages.append(b.post("next", [("a:useful", "1"), ("a:again", "1")]))
    for page in pages:
        assert "<script" not in page.text and "<img" not in page.text
    assert "&lt;script&gt;" in pages[2].text and "&lt;script&gt;" in pages[3].text


KIOSK = """
import sys
from surveytui.model import load_questionnaire
from surveytui.session import Session
session = Session(load_questionnaire(sys.argv[1]), sys.argv[2], {"unit": "n"})
for _ in range(int(sys.argv[3])):
    session.submit({"useful": 5, "comment": "kiosk"}, "sv")
"""


def phone(url: str, questionnaire, responses: int) -> None:
    for _ in range(responses):
        answer_all(Browser(url), questionnaire, "en")


def test_200_responses_from_40_phones_and_a_kiosk_go_into_one_file(servers, tmp_path):
    path = write_questionnaire(tmp_path)
    # every phone here comes from 127.0.0.1: the per-address limit is not what is tested
    served = servers.start(path, tags={"unit": "n"}, rate=(100_000, 1000.0))
    results = str(served.session.results)
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, str(path), results, "40"])
    phones = [
        threading.Thread(target=phone, args=(served.url, served.questionnaire, 5))
        for _ in range(40)
    ]
    for thread in phones:
        thread.start()
    for thread in phones:
        thread.join()
    assert kiosk.wait(timeout=300) == 0
    stored = rows(served)  # no problems: no row torn or interleaved
    assert len(stored) == 240
    assert len({row["response_id"] for row in stored}) == 240
    assert sum(row["comment"] == "kiosk" for row in stored) == 40
    assert sum(row["language"] == "en" and row["useful"] == 1 for row in stored) == 200


def test_a_phone_resumes_from_its_draft_after_a_restart(servers, tmp_path):
    path = write_questionnaire(tmp_path)
    served = servers.start(path, tags={"unit": "n"})
    b = served.browser()
    start_english(b)
    b.post("next", [("a:useful", "4"), ("a:again", "1")])
    (draft,) = served.session.drafts.list()
    assert draft.answers == {"useful": 5, "again": False}
    folder = served.session.drafts.folder
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    served.running.stop()
    again = servers.start(path, tags={"unit": "n"})
    b.url = again.url.rsplit("/", 2)[0] + "/" + served.collection.token + "/"
    # the same cookie on a new server with a new token: a new link does not resume...
    assert "Page 2" not in Browser(again.url).open().text
    # ...but the draft is kept in the journal and resumes on its own link's server
    b.url = again.url
    b.client.cookies.set("surveytui", draft.id, path="/" + again.collection.token + "/")
    page = b.open()
    assert "Page 2 of 3" in page.text
    b.post("next", [("a:years", "3")])
    b.post("next")
    (row,) = rows(again)
    assert row["useful"] == 5 and row["years"] == 3
    assert again.session.drafts.list() == []


def test_close_after_turns_away_new_people_but_lets_others_finish(servers, tmp_path):
    now = [0.0]
    served = servers.start(
        write_questionnaire(tmp_path), tags={"unit": "n"}, close_after=30, clock=lambda: now[0]
    )
    early, later = served.browser(), served.browser()
    start_english(early)
    start_english(later)
    now[0] = 30 * 60 + 1
    late = served.browser().open()
    assert t("web_closed", "sv") in late.text and late.form.forms == 0
    answer_all_from_here(early, served)
    assert len(rows(served)) == 1
    in_progress = later.page
    served.collection.stop()
    assert t("web_closed", "en") in later.open().text
    later.page = in_progress  # a form still open on the phone is posted after the stop
    assert (
        t("web_closed", "en")
        in later.post("next", typical_fields(in_progress, served.questionnaire)).text
    )
    assert len(rows(served)) == 1


def answer_all_from_here(browser: Browser, served) -> None:
    page = browser.page
    while page.form.forms:
        page = browser.post("next", typical_fields(page, served.questionnaire))


def test_invitation_links_answer_once_and_who_answered_is_kept_apart(servers, tmp_path):
    invited = tmp_path / "invited.csv"
    invited.write_text("unit,role\nnorth,nurse\nnorth,lead\nsouth,nurse\n", encoding="utf-8")
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"}, invitations=invited)
    links = served.collection.invitations.rows
    assert [row["unit"] for row in links] == ["north", "north", "south"]
    assert len({row["token"] for row in links}) == 3
    written = invited.read_text(encoding="utf-8").splitlines()
    assert written[0] == "unit,role,token,link" and links[0]["token"] in written[1]
    assert httpx.get(served.url).status_code == 404  # the open link is closed
    assert httpx.get(served.base + "f" * 32 + "/").status_code == 404
    first = links[1]
    answer_all(Browser(first["link"]), served.questionnaire, "en")
    answered = tmp_path / "results.answered.csv"
    assert answered.read_text(encoding="utf-8") == f"unit,role,token\nnorth,lead,{first['token']}\n"
    assert stat.S_IMODE(os.stat(answered).st_mode) == 0o600
    results = served.session.results.read_text(encoding="utf-8")
    assert first["token"] not in results and "lead" not in results
    again = Browser(first["link"]).open()
    assert t("web_already_answered", "sv") in again.text and again.form.forms == 0
    # a second phone that had the link open cannot answer once the first has
    other = Browser(links[0]["link"])
    page = start_english(other)
    answer_all(Browser(links[0]["link"]), served.questionnaire, "en")
    page = other.post("next", typical_fields(page, served.questionnaire))
    assert t("web_already_answered", "en") in page.text
    assert len(rows(served)) == 2


def chromium_console(tmp_path: Path, url: str) -> list[str]:
    """What headless Chromium at a phone's width says on its console about a page."""
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=360,800",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<fieldset>" in result.stdout or "lang-sv" in result.stdout
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


@needs_chromium
def test_chromium_applies_the_inline_style_under_the_policy(servers, tmp_path, monkeypatch):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    assert chromium_console(tmp_path, served.url) == []
    # guards the check: a policy without the style's hash is reported on the console
    wrong = pages.CONTENT_SECURITY_POLICY.replace(pages.CSS_HASH, "sha256-" + "A" * 43 + "=")
    monkeypatch.setattr(
        Guard, "HEADERS", ((b"content-security-policy", wrong.encode()),) + Guard.HEADERS[1:]
    )
    assert any("style" in line for line in chromium_console(tmp_path, served.url))


SKIPPED_PAGE = """\
id: skip
version: "1"
languages: [en]
title: {en: Skip}
sections:
  - id: one
    title: {en: One}
    questions:
      - {id: worked, type: yes_no, required: true, text: {en: Did you work?}}
  - id: two
    title: {en: Two}
    questions:
      - {id: hours, type: number, required: true, show_if: "worked == true", text: {en: Hours?}}
  - id: three
    title: {en: Three}
    questions:
      - {id: said, type: text, text: {en: Anything else?}}
"""


def test_show_if_skips_a_page_and_an_answer_changed_on_the_way_back_drops_it(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path, SKIPPED_PAGE, "skip.yaml"))
    b = served.browser()
    page = b.open()
    assert "lang-en" not in page.actions  # one language: straight to the intro
    page = b.post("next")
    assert "Page 1 of 2" in page.text  # the hours page is not shown until a yes
    page = b.post("next", [("a:worked", "0")])
    assert "Hours?" in page.text and "Page 2 of 3" in page.text
    page = b.post("next", [("a:hours", "12")])
    assert "Page 3 of 3" in page.text
    page = b.post("back")
    page = b.post("back")
    page = b.post("next", [("a:worked", "1")])  # no: the hours page goes away
    assert "Anything else?" in page.text and "Page 2 of 2" in page.text
    page = b.post("back")
    assert "Did you work?" in page.text  # back skips the hidden page too
    b.post("next", [("a:worked", "1")])
    b.post("next")
    (row,) = rows(served)
    assert row["worked"] is False and row["hours"] is None


def test_many_openers_of_the_link_never_push_out_someone_answering(servers, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "MAX_RESPONDENTS", 3)
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    answering = served.browser()
    start_english(answering)
    answering.post("next", [("a:useful", "2"), ("a:again", "1")])
    for _ in range(10):  # link previews, reloads without cookies, a curious scanner
        assert httpx.get(served.url).status_code == 200
    page = answering.open()
    assert "Page 2 of 3" in page.text


def test_phones_racing_on_one_invitation_link_store_one_row(servers, tmp_path):
    invited = tmp_path / "invited.csv"
    invited.write_text("unit\nnorth\nsouth\n", encoding="utf-8")
    served = servers.start(
        write_questionnaire(tmp_path),
        tags={"unit": "n"},
        invitations=invited,
        rate=(100_000, 1000.0),
    )
    links = served.collection.invitations.rows
    # eight phones on the first link, each on its last page, and two on the second
    phones = [Browser(links[0]["link"]) for _ in range(8)] + [
        Browser(links[1]["link"]) for _ in range(2)
    ]
    last = []
    for phone in phones:
        page = start_english(phone)
        while "Page 3 of 3" not in page.text:
            page = phone.post("next", typical_fields(page, served.questionnaire))
        last.append(page)
    ready = threading.Barrier(len(phones))
    ends: list[str] = []

    def submit(phone: Browser, page) -> None:
        ready.wait()
        ends.append(phone.post("next", typical_fields(page, served.questionnaire)).text)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(phones, last)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(rows(served)) == 2
    assert sum(t("web_already_answered", "en") in end for end in ends) == 8
    assert served.session.submitted == 2


def last_page(served, phone: Browser):
    """The phone on the questionnaire's last page, its earlier pages' draft saved."""
    page = start_english(phone)
    while "Page 3 of 3" not in page.text:
        page = phone.post("next", typical_fields(page, served.questionnaire))
    return page


def test_a_submission_syncs_only_its_row_and_the_drafts_removal(servers, tmp_path, monkeypatch):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    answer_all(served.browser(), served.questionnaire, "en")  # the file and its snapshot
    phone = served.browser()
    page = last_page(served, phone)
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    assert phone.post("next", typical_fields(page, served.questionnaire)).form.forms == 0
    # the row, then the folder without the draft: the draft already named its response
    assert len(synced) == 2
    assert len(rows(served)) == 2


def test_a_crash_between_the_append_and_the_drafts_removal_never_offers_it_again(
    servers, tmp_path, monkeypatch
):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    phone = served.browser()
    page = last_page(served, phone)
    journal = served.session.drafts
    assert len(journal.list()) == 1

    def crash(draft_id: str) -> None:
        raise RuntimeError("the power went")

    monkeypatch.setattr(journal, "discard", crash)
    assert phone.post("next", typical_fields(page, served.questionnaire)).status == 500
    monkeypatch.undo()
    assert len(rows(served)) == 1
    assert journal.list() == []  # the draft named the row it became, so it is gone


class Entries:
    """A lock that counts how many threads are waiting on it or holding it at once."""

    def __init__(self, lock) -> None:
        self.lock, self.inside, self.most = lock, 0, 0
        self.count = threading.Lock()

    def __enter__(self) -> None:
        with self.count:
            self.inside += 1
            self.most = max(self.most, self.inside)
        self.lock.__enter__()

    def __exit__(self, *exc) -> None:
        self.lock.__exit__(*exc)
        with self.count:
            self.inside -= 1


def test_a_rooms_appends_queue_in_the_process_not_on_the_file_locks_polling(tmp_path):
    # The file lock keeps other programs out by trying again every 50 ms: threads of one
    # server that waited on it would each lose those 50 ms, instead of going in turn.
    path = write_questionnaire(tmp_path)
    store = ResponseStore(tmp_path / "results.csv", load_questionnaire(path))
    store.append({"useful": 4}, {"unit": "n"})
    store._lock = entries = Entries(store._lock)
    start = threading.Barrier(16)

    def append() -> None:
        start.wait()
        for _ in range(5):
            store.append({"useful": 4}, {"unit": "n"})

    threads = [threading.Thread(target=append) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.read().rows) == 81
    assert entries.most == 1


def test_a_kiosk_and_the_web_on_one_file_never_offer_each_others_drafts(servers, tmp_path):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    phone = served.browser()
    page = start_english(phone)
    phone.post("next", typical_fields(page, served.questionnaire))  # a web draft saved
    kiosk = Session(served.questionnaire, served.session.results, {"unit": "n"})
    kiosk.save_draft("k" * 32, {"useful": 2}, "en", {"unit": "n"}, 1)
    assert len(kiosk.drafts.list()) == 2  # both are on disk, in one folder
    assert [draft.id for draft in kiosk.resumable_drafts()] == ["k" * 32]
    assert [draft.answers for draft in served.session.resumable_drafts()] != [{"useful": 2}]
    assert len(served.session.resumable_drafts()) == 1
    # a phone whose cookie names the kiosk's draft gets a new response, not its answers
    served.collection._respondents.clear()
    assert served.collection.find(served.collection.token, "k" * 32) is None


def test_a_draft_that_cannot_be_removed_after_the_append_never_asks_to_send_again(
    servers, tmp_path, monkeypatch
):
    served = servers.start(write_questionnaire(tmp_path), tags={"unit": "n"})
    phone = served.browser()
    page = last_page(served, phone)
    journal = served.session.drafts

    def full(draft_id: str) -> None:
        raise SurveyError("the disk is full")

    monkeypatch.setattr(journal, "discard", full)
    done = phone.post("next", typical_fields(page, served.questionnaire))
    assert done.status == 200 and done.form.forms == 0  # thanked: the row is on disk
    monkeypatch.undo()
    assert len(rows(served)) == 1
    assert journal.list() == []  # the draft left named its row
