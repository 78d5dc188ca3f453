"""One real-browser run: `streamlit run ui/app.py` in a subprocess, driven by Playwright with Debian's chromium.

Completes a guided interview from a reference patient, uploads a bad patient file, and saves screenshots of
the main pages (to docs/screenshots/ when MYOSITIS_SCREENSHOTS says so). Nothing is downloaded: chromium is the system one, and the app itself
makes no outside requests (checked: any request that is not to the local server fails the test).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from .helpers import ROOT, reference_label

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Screenshots go to a temporary folder, so a test run leaves the checkout untouched; set
# MYOSITIS_SCREENSHOTS=docs/screenshots to refresh the README's pictures.
SHOTS = Path(os.environ.get("MYOSITIS_SCREENSHOTS") or tempfile.mkdtemp(prefix="myositis-shots-"))
START_TIMEOUT = 60  # seconds for the server to answer its health check
STEP_TIMEOUT = 30_000  # ms for one interaction to finish

BAD_PATIENT = b"""\
age: 45
sex: female
muscle:
  weakness: {mmt8: 999, mmt8_max: 150}
favourite_colour: blue
"""

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer within {START_TIMEOUT} s")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _settle(page) -> None:
    """Wait until the app has finished its rerun (no running indicator, no stale elements)."""
    page.wait_for_timeout(150)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') && "
        "!document.querySelector('[data-stale=true]')", timeout=STEP_TIMEOUT)
    page.wait_for_timeout(100)


def _choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.get_by_role("option", name=option).first.click()
    _settle(page)


def _go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=STEP_TIMEOUT)
    _settle(page)


def _graph_drawn(page) -> None:
    page.locator("[data-testid=stGraphVizChart] svg").first.wait_for(timeout=STEP_TIMEOUT)


def test_browser_interview_upload_and_screenshots(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1500})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
                (server, "data:", "blob:", "about:")) and not r.url.startswith(server.replace("http", "ws")) else None)
            page.goto(server, wait_until="domcontentloaded")
            page.get_by_role("heading", name="Guided interview", level=1).wait_for(timeout=STEP_TIMEOUT)
            _settle(page)

            page.get_by_role("button", name="Skip (unknown)").wait_for(timeout=STEP_TIMEOUT)
            _graph_drawn(page)
            page.screenshot(path=str(SHOTS / "interview_question.png"))  # the first question of a new patient

            # --- guided interview: start from reference patient H, skip what the file does not know
            _choose(page, "Reference patient (examples/patients)", reference_label("H"))
            page.get_by_role("button", name="Load").click()
            _settle(page)
            skip = page.get_by_role("button", name="Skip (unknown)")
            for _ in range(40):
                if not skip.count():
                    break
                skip.click()
                _settle(page)
            assert not skip.count(), "the interview did not finish"
            page.get_by_text("No further question").wait_for(timeout=STEP_TIMEOUT)
            status = page.get_by_test_id("stAlert").filter(has_text="Status:").first
            assert "not_yet_refractory" in status.inner_text()
            assert "Not yet refractory" in status.inner_text()
            page.get_by_role("heading", name="Recommendation").wait_for(timeout=STEP_TIMEOUT)
            _graph_drawn(page)
            page.screenshot(path=str(SHOTS / "interview.png"))

            # --- algorithm explorer
            _go(page, "Algorithm explorer")
            _graph_drawn(page)
            assert page.locator("[data-testid=stGraphVizChart] svg .node").count() > 20
            page.screenshot(path=str(SHOTS / "explorer.png"))

            # --- whole patient: a bad upload names the field; the page keeps working
            _go(page, "Whole patient")
            page.locator("input[type=file]").set_input_files(
                files=[{"name": "bad.yaml", "mimeType": "application/x-yaml", "buffer": BAD_PATIENT}])
            _settle(page)
            error = page.get_by_test_id("stAlertContentError").first
            error.wait_for(timeout=STEP_TIMEOUT)
            text = error.inner_text()
            assert "muscle.weakness.mmt8" in text and "favourite_colour" in text
            page.screenshot(path=str(SHOTS / "whole_patient_error.png"))
            _choose(page, "…or start from a reference patient", reference_label("F"))
            page.get_by_text("refractory_active").first.wait_for(timeout=STEP_TIMEOUT)
            assert not page.get_by_test_id("stAlertContentError").count()
            page.screenshot(path=str(SHOTS / "whole_patient.png"))

            # --- what if: the interview patient (H) becomes pregnant
            _go(page, "What if")
            _choose(page, "Field", "pregnancy.status — Is the patient pregnant? (not_applicable: cannot become pregnant)")
            _choose(page, "Is the patient pregnant? (not_applicable: cannot become pregnant)", "pregnant")
            page.get_by_text("Methotrexate (stop)").first.wait_for(timeout=STEP_TIMEOUT)
            page.screenshot(path=str(SHOTS / "what_if.png"))

            # --- calculators: vector T1 of measures.md (TIS 62.5, adult major)
            _go(page, "Calculators")
            _choose(page, "MMT scale maximum", "80 (MMT-8 unilateral)")
            for label, base, follow in (("Physician global activity (0–10 cm VAS)", 6, 3),
                                        ("Patient global activity (0–10 cm VAS)", 7, 5),
                                        ("MMT total (0–80 points)", 60, 70), ("HAQ-DI / CHAQ (0–3)", 1.5, 1),
                                        ("Extramuscular global activity (0–10 cm VAS)", 4, 2),
                                        ("CK (lab units)", 600, 600), ("LDH (lab units)", 300, 280)):
                for when, value in (("baseline", base), ("follow-up", follow)):
                    field = page.get_by_label(f"{label} — {when}", exact=True)
                    field.fill(str(value))
                    field.press("Enter")
                    _settle(page)
            result = page.get_by_role("heading", name="TIS 62.5 / 100 — major")
            result.wait_for(timeout=STEP_TIMEOUT)
            page.get_by_text("Upper limits of normal").first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(300)
            page.screenshot(path=str(SHOTS / "calculators.png"))
        finally:
            browser.close()
    assert not outside, f"the app made outside requests: {outside[:5]}"
    for name in ("interview_question", "interview", "explorer", "whole_patient", "whole_patient_error", "what_if", "calculators"):
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000, name
