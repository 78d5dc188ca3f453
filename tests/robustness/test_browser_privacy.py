"""A real browser pastes hostile patients: no traceback on the page, no outside link, no outside request.

Follows tests/ui/test_browser.py (its server fixture and helpers): ``streamlit run ui/app.py`` on 127.0.0.1,
Debian's chromium driven by Playwright. The pastes are ones that used to crash the app with a traceback
(and Streamlit's "Ask Google" / "Ask ChatGPT" links carrying the error text off the machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui.test_browser import CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT, _go, _settle, server  # noqa: F401 - fixture

from .cases import BILLION_LAUGHS

pytestmark = pytest.mark.browser
SENTINEL = "ZX-SENTINEL-4711"
PASTES = [f"label: {SENTINEL}\nweight_kg: !!float {SENTINEL}\n", BILLION_LAUGHS,
          "label: " + "[" * 900 + "]" * 900 + "\n", f"label: {SENTINEL}\nage: " + "9" * 5000 + "\n"]


def _paste(page, text: str) -> str:
    box = page.get_by_label("Patient (YAML or JSON)")
    box.fill(text)
    box.press("Control+Enter")
    _settle(page)
    error = page.get_by_test_id("stAlertContentError").first
    error.wait_for(timeout=STEP_TIMEOUT)
    return error.inner_text()


def test_hostile_pastes_show_a_plain_error_and_nothing_leaves_the_page(server):  # noqa: F811 - the fixture
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1200})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
                (server, "data:", "blob:", "about:", server.replace("http", "ws"))) else None)
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_role("heading", name="Guided interview", level=1).wait_for(timeout=STEP_TIMEOUT)
            _settle(page)
            _go(page, "Whole patient")
            for text in PASTES:
                message = _paste(page, text)
                assert "expected" in message
                body = page.locator("body").inner_text()
                assert "Traceback" not in body and "File \"" not in body
                assert not page.get_by_test_id("stException").count()
                assert "Ask Google" not in body and "ChatGPT" not in body
                hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
                assert not [h for h in hrefs if h.startswith("http") and not h.startswith(server)], hrefs
        finally:
            browser.close()
    assert not outside, f"the app made outside requests: {outside[:5]}"
