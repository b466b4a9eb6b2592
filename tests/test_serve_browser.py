"""`serve` in a real browser: the system's Chromium, headless at a phone's size, driven by
Playwright. It fills a bundled questionnaire by tapping labels and typing, then only with
the keyboard, and what it stored must equal what a form-reading client stores for the same
answers: the pages work as a browser reads them, not only as the tests' parser does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import CHROMIUM, needs_chromium
from playwright import sync_api
from serve_helpers import Browser, FormReader, Servers, answer_all, typical_fields

from kiosk_helpers import ALL_TYPES, write_questionnaire
from surveytui.store import ResponseStore

pytestmark = needs_chromium

ROOT = Path(__file__).resolve().parent.parent
SEMINAR = ROOT / "questionnaires" / "seminar-feedback.yaml"
PHONE = {"width": 360, "height": 740}
THANKS = "Thank you for your answers!"  # the questionnaire's outro in English


@pytest.fixture
def served(tmp_path):
    servers = Servers(tmp_path)
    yield servers.start(SEMINAR)
    servers.stop()


@pytest.fixture
def phone():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        yield page
        browser.close()


def wanted(html: str, served) -> list[tuple[str, str]]:
    """The typical answers of the page the browser shows, as the tests' client gives them."""
    form = FormReader()
    form.feed(html)
    return typical_fields(type("Shown", (), {"form": form}), served.questionnaire)


def stored(served) -> list[dict]:
    """The rows, without what differs between two responses with the same answers."""
    result = ResponseStore(served.session.results, served.questionnaire).read()
    assert result.problems == []
    return [{k: v for k, v in row.items() if k != "response_id"} for row in result.rows]


def expected_row(served) -> dict:
    """The row the tests' form-reading client stores for the typical answers in English."""
    answer_all(Browser(served.url), served.questionnaire, "en")
    return stored(served)[-1]


def tap_and_type(phone, served) -> None:
    """Give the shown page's typical answers as a person on a phone does."""
    for name, value in wanted(phone.content(), served):
        field = phone.locator(f'[name="{name}"]')
        if field.first.get_attribute("type") in ("radio", "checkbox"):
            # a tap on the words, as a thumb does, not on the small round box
            phone.locator(f'label:has(input[name="{name}"][value="{value}"])').click()
        else:
            field.press_sequentially(value)


def test_a_phone_sized_chromium_taps_and_types_a_whole_response(served, phone):
    phone.goto(served.url)
    phone.locator('button[value="lang-en"]').click()
    phone.locator('button[value="next"]').click()  # past the intro
    while phone.locator("form").count():
        tap_and_type(phone, served)
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.locator('button[value="next"]').click()
    assert THANKS in phone.content()
    made = stored(served)
    assert len(made) == 1
    assert made[0] == expected_row(served)


def test_the_keyboard_alone_reaches_every_field_and_submits(served, phone):
    """Tab moves on, Space ticks, letters type, Enter on the button sends the page."""
    phone.goto(served.url)
    for _ in range(50):  # pages
        if not phone.locator("form").count():
            break
        html = phone.content()
        button = "lang-en" if 'value="lang-en"' in html else "next"
        todo = set(wanted(html, served))
        for _ in range(300):  # tab stops on the page
            phone.keyboard.press("Tab")
            kind, name, value = phone.evaluate(
                "[document.activeElement.type, document.activeElement.name,"
                " document.activeElement.value]"
            )
            if kind == "submit" and value == button:
                assert not todo, f"not reached with Tab before the button: {todo}"
                with phone.expect_navigation():
                    phone.keyboard.press("Enter")
                break
            if kind in ("radio", "checkbox") and (name, value) in todo:
                phone.keyboard.press("Space")
                todo.discard((name, value))
            elif (name, next((v for n, v in todo if n == name), None)) in todo:
                typed = next(v for n, v in todo if n == name)
                phone.keyboard.type(typed)
                todo.discard((name, typed))
        else:
            raise AssertionError(f"Tab never reached the {button} button")
    assert THANKS in phone.content()
    made = stored(served)
    assert len(made) == 1
    assert made[0] == expected_row(served)


# The WCAG 2.1 A and AA rules of axe-core, the checker browsers' own accessibility tools run.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_axe_finds_no_wcag_aa_problem_on_any_page(tmp_path):
    """Every kind of page, as a phone draws it: the language choice, the intro, each page
    of every question type (blank, answered, and with the problems of a page sent empty),
    the review and the thank-you. axe-core measures what a reader cannot: the contrast
    of every text against what is drawn behind it, labels, names, roles, `lang`."""
    text = ALL_TYPES.replace("tags: [unit]\n", "tags: [unit]\nreview_before_submit: true\n")
    servers = Servers(tmp_path)
    served = servers.start(write_questionnaire(tmp_path, text), tags={"unit": "n"})
    axe = Axe()
    found: dict[str, list[str]] = {}

    def check(what: str) -> None:
        results = axe.run(phone, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        violations = results.response["violations"]
        found[what] = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations]

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, is_mobile=True, bypass_csp=True)
        phone = context.new_page()

        def send(action: str) -> None:
            with phone.expect_navigation():
                phone.locator(f'button[value="{action}"]').click()

        try:
            phone.goto(served.url)
            check("language")
            send("lang-en")
            check("intro")
            send("next")
            pages: list[str] = []
            while phone.locator("form fieldset").count():
                page = phone.locator(".progress").inner_text()  # an answer may show it again
                if page not in pages:
                    pages.append(page)
                    check(page)
                    if 'class="required"' in phone.content():
                        send("next")  # sent empty
                        assert 'role="alert"' in phone.content()
                        check(f"{page} with its problems")
                tap_and_type(phone, served)
                check(f"{page} answered")
                send("next")
            check("review")
            send("next")
            assert "Thanks a lot!" in phone.content()
            check("thank-you")
        finally:
            browser.close()
            servers.stop()
    assert pages == ["Page 1 of 4", "Page 2 of 4", "Page 3 of 4"]
    assert "Page 1 of 4 with its problems" in found
    assert found == {what: [] for what in found}
