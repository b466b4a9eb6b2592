"""`serve` in a real browser: the system's Chromium, headless at a phone's size, driven by
Playwright. It fills a bundled questionnaire by tapping labels and typing, then only with
the keyboard, and what it stored must equal what a form-reading client stores for the same
answers: the pages work as a browser reads them, not only as the tests' parser does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, needs_chromium
from playwright import sync_api
from serve_helpers import Browser, FormReader, Servers, answer_all, typical_fields

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


def test_a_phone_sized_chromium_taps_and_types_a_whole_response(served, phone):
    phone.goto(served.url)
    phone.locator('button[value="lang-en"]').click()
    phone.locator('button[value="next"]').click()  # past the intro
    while phone.locator("form").count():
        for name, value in wanted(phone.content(), served):
            field = phone.locator(f'[name="{name}"]')
            if field.first.get_attribute("type") in ("radio", "checkbox"):
                # a tap on the words, as a thumb does, not on the small round box
                phone.locator(f'label:has(input[name="{name}"][value="{value}"])').click()
            else:
                field.press_sequentially(value)
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
