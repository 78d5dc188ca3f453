"""A real browser room: a facilitator and a learner in two browser contexts on one local server.

The learner's answer must appear in the facilitator's live tally (the presenter's fragment polls the shared
in-memory registry). Saves screenshots of the case, the reveal and the presenter view (to docs/screenshots/
when MYOSITIS_SCREENSHOTS says so, else to a temporary folder).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SHOTS,
    STEP_TIMEOUT,
    _choose,
    _settle,
    server,  # noqa: F401  (the fixture that starts `streamlit run ui/app.py`)
)

pytestmark = pytest.mark.browser
CASE = "F-first-line-failure-mi2"
CASE_LABEL = f"First-line failure in anti-Mi-2 dermatomyositis (core) — {CASE}"


def _open(context, url: str, heading: str):
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=STEP_TIMEOUT)
    _settle(page)
    return page


def test_learner_answer_reaches_the_facilitator_tally(server):  # noqa: F811
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            viewport = {"width": 1300, "height": 1400}
            host = _open(browser.new_context(viewport=viewport), f"{server}/teach-presenter", "Teaching: presenter")
            _choose(host, "Case", CASE_LABEL)
            host.get_by_role("button", name="Start session").click()
            host.get_by_text("Join code:").wait_for(timeout=STEP_TIMEOUT)
            code = re.search(r"Join code: ([A-Z]{4})", host.get_by_text("Join code:").inner_text()).group(1)

            learner = _open(browser.new_context(viewport={"width": 900, "height": 1000}),
                            f"{server}/teach-join", "Teaching: join a session")
            learner.get_by_label("Join code").fill(code)
            learner.get_by_label("Nickname (no real name needed)").fill("Ana")
            learner.get_by_label("Nickname (no real name needed)").press("Enter")
            _settle(learner)
            learner.get_by_role("button", name="Join").click()
            learner.get_by_text("Waiting for the facilitator").wait_for(timeout=STEP_TIMEOUT)

            host.get_by_role("button", name="Open").click()
            _settle(host)
            learner.get_by_text("active disease", exact=True).click(timeout=STEP_TIMEOUT)  # fragment polls
            _settle(learner)
            learner.get_by_role("button", name="Send answer").click()
            learner.get_by_text("Answer recorded").wait_for(timeout=STEP_TIMEOUT)

            host.get_by_text("Answers: 1 of 1 learners").wait_for(timeout=STEP_TIMEOUT)
            host.get_by_text("Tally: active disease 1").wait_for(timeout=STEP_TIMEOUT)
            _settle(host)
            host.screenshot(path=str(SHOTS / "teaching_presenter.png"), full_page=True)
            host.get_by_role("button", name="Reveal").click()
            host.get_by_text("The pathway's answer:").first.wait_for(timeout=STEP_TIMEOUT)
            _settle(host)
            host.screenshot(path=str(SHOTS / "teaching_reveal.png"), full_page=True)

            study = _open(browser.new_context(viewport=viewport), f"{server}/teach", "Teaching: self-study")
            _choose(study, "Case", CASE_LABEL)
            study.screenshot(path=str(SHOTS / "teaching_case.png"), full_page=True)
        finally:
            browser.close()
