"""Real-browser runs: `streamlit run ui/app.py` in a subprocess, driven by Playwright with Debian's chromium.

At 1440×900 and 1024×768: the pathway view's text is measured from the rendered elements (at least 11 px), the
position indicator and the first action are on screen without scrolling, a reload keeps the answers, and
/interview is a page. Screenshots go to a temporary folder (MYOSITIS_SCREENSHOTS=docs/screenshots refreshes the
README's). Nothing is downloaded: chromium is the system one, and any request that is not to the local server
fails the test. A last test starts the app in a network namespace with no network at all.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

import decision

from .helpers import ROOT, example, reference_label

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("MYOSITIS_SCREENSHOTS") or tempfile.mkdtemp(prefix="myositis-shots-"))
START_TIMEOUT = 60  # seconds for the server to answer its health check
STEP_TIMEOUT = 30_000  # ms for one interaction to finish
MIN_TEXT_PX = 11
VIEWPORTS = [(1440, 900), (1024, 768)]

BAD_PATIENT = b"""\
age: 45
sex: female
muscle:
  weakness: {mmt8: 999, mmt8_max: 150}
favourite_colour: blue
"""

pytestmark = pytest.mark.browser


def _env() -> dict[str, str]:
    """This checkout's ``decision`` first (an installed copy elsewhere must not be served instead)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": path}


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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log = open(tmp_path_factory.mktemp("streamlit") / "streamlit.log", "wb")
    proc = subprocess.Popen(  # the address and the rest come from .streamlit/config.toml, as in the README
        [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=_env())
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


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _settle(page) -> None:
    """Wait until the app has finished its rerun (no running indicator, no stale elements)."""
    page.wait_for_timeout(150)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') && "
        "!document.querySelector('[data-stale=true]')", timeout=STEP_TIMEOUT)
    page.wait_for_timeout(150)


def _choose(page, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.get_by_role("option", name=option).first.click()
    _settle(page)


def _go(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=STEP_TIMEOUT)
    _settle(page)


def _watch(page, server: str, outside: list) -> None:
    ws = server.replace("http", "ws")
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
        (server, ws, "data:", "blob:", "about:")) else None)


def _smallest_text_px(page, selector: str) -> float:
    """The smallest rendered font size (px) of the text inside ``selector`` (SVG text scaled by its viewBox)."""
    return page.evaluate("""(sel) => {
        let smallest = Infinity;
        for (const root of document.querySelectorAll(sel)) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const el = walker.currentNode.parentElement;
            if (!walker.currentNode.textContent.trim() || !el || !el.getClientRects().length) continue;
            let px = parseFloat(getComputedStyle(el).fontSize);
            const svg = el.closest('svg');
            if (svg && el.getScreenCTM) { px = px * Math.abs(el.getScreenCTM().a); }
            smallest = Math.min(smallest, px);
          }
        }
        return smallest;
    }""", selector)


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.evaluate("() => window.innerHeight")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_pathway_reads_position_and_first_action_visible_and_reload_keeps_answers(server, browser, width, height):
    outside: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": height})
    _watch(page, server, outside)
    try:
        page.goto(f"{server}/interview", wait_until="domcontentloaded")  # the page has its own address
        page.get_by_role("heading", name="Guided interview", level=1).wait_for(timeout=STEP_TIMEOUT)
        _settle(page)
        assert not page.get_by_text("Page not found").count()
        if width == 1440:
            page.screenshot(path=str(SHOTS / "interview_question.png"))

        # a reference patient: F, refractory anti-Mi-2 dermatomyositis after methotrexate
        _choose(page, "Reference patient", reference_label("F"))
        page.get_by_role("button", name="Load").click()
        _settle(page)
        rec = decision.recommend(decision.load(), example("F"))
        first = next(a for a in rec.actions if a.timing == "now")
        position = page.locator(".pathway-map")
        action = page.get_by_text(first.therapy_name or first.kind.capitalize(), exact=True).first
        assert _in_view(page, position), "the position on the pathway is below the fold"
        assert _in_view(page, action), "the first action is below the fold"
        assert _smallest_text_px(page, ".pathway-map") >= MIN_TEXT_PX
        route = page.get_by_test_id("stExpander").filter(has_text="The route so far")
        assert _smallest_text_px(page, "[data-testid=stExpander]") >= MIN_TEXT_PX
        assert rec.trace[0].question and route.get_by_text(rec.trace[0].question).count()
        if width == 1440:
            page.screenshot(path=str(SHOTS / "interview.png"))

        # a reload keeps the answers (the tab's token is in the address; the answers are not)
        assert "tab=" in page.url and "Scenario" not in page.url
        page.reload(wait_until="domcontentloaded")
        page.get_by_role("heading", name="Guided interview", level=1).wait_for(timeout=STEP_TIMEOUT)
        _settle(page)
        page.get_by_text(rec.status.title).first.wait_for(timeout=STEP_TIMEOUT)
        assert page.get_by_text(first.therapy_name or first.kind.capitalize(), exact=True).count()

        # the explorer draws one step at a time, large enough to read
        _go(page, "Algorithm explorer")
        page.locator("[data-testid=stGraphVizChart] svg text").first.wait_for(timeout=STEP_TIMEOUT)
        sizes: dict[str, float] = {}
        for step in ("Triage", "Refractory?", "Step 1 · active or damage?", "Step 2 · right diagnosis?",
                     "Step 3 · change therapy", "Outcome"):
            page.get_by_test_id("stRadio").filter(has_text="Step 2").get_by_text(step, exact=True).click()
            _settle(page)
            page.locator("[data-testid=stGraphVizChart] svg text").first.wait_for(timeout=STEP_TIMEOUT)
            smallest = _smallest_text_px(page, "[data-testid=stGraphVizChart]")
            sizes[step] = round(smallest, 1)
        assert min(sizes.values()) >= MIN_TEXT_PX, f"graph text px at {width}×{height}: {sizes}"
        if width == 1440:
            page.screenshot(path=str(SHOTS / "explorer.png"))
    finally:
        page.close()
    assert not outside, f"the app made outside requests: {outside[:5]}"


def test_other_pages_in_a_real_browser(server, browser):
    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _watch(page, server, outside)
    try:
        page.goto(f"{server}/patient", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Whole patient", level=1).wait_for(timeout=STEP_TIMEOUT)
        _settle(page)
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "bad.yaml", "mimeType": "application/x-yaml", "buffer": BAD_PATIENT}])
        _settle(page)
        error = page.get_by_test_id("stAlertContentError").first
        error.wait_for(timeout=STEP_TIMEOUT)
        assert "muscle.weakness.mmt8" in error.inner_text() and "favourite_colour" in error.inner_text()
        page.screenshot(path=str(SHOTS / "whole_patient_error.png"))
        _choose(page, "…or start from a reference patient", reference_label("H"))
        # the button appears only once the chosen patient has been read and walked (the option's own label
        # already contains "not yet refractory", so waiting for that text could race the rerun)
        page.get_by_role("button", name="Continue this patient in the guided interview").wait_for(timeout=STEP_TIMEOUT)
        page.get_by_text("Not yet refractory").first.wait_for(timeout=STEP_TIMEOUT)
        page.screenshot(path=str(SHOTS / "whole_patient.png"))

        _go(page, "What if")
        page.get_by_test_id("stRadio").filter(has_text="Whole patient").get_by_text("Whole patient").click()
        _settle(page)
        _choose(page, "Field", "Pregnancy")
        _choose(page, "Is the patient pregnant?", "pregnant")
        page.get_by_text("Methotrexate (stop)").first.wait_for(timeout=STEP_TIMEOUT)
        page.screenshot(path=str(SHOTS / "what_if.png"))

        _go(page, "Calculators")
        page.get_by_role("heading", name="Calculators", level=1).wait_for(timeout=STEP_TIMEOUT)
        page.screenshot(path=str(SHOTS / "calculators.png"))
    finally:
        page.close()
    assert not outside, f"the app made outside requests: {outside[:5]}"
    for name in ("interview_question", "interview", "explorer", "whole_patient", "whole_patient_error", "what_if",
                 "calculators"):
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000, name


NO_NETWORK_SCRIPT = """
import subprocess, sys, time, urllib.request
proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.port", "{port}"],
                        stdout=open("{log}", "wb"), stderr=subprocess.STDOUT)
ok = False
for _ in range(120):
    try:
        with urllib.request.urlopen("http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            ok = r.status == 200
        with urllib.request.urlopen("http://127.0.0.1:{port}/interview", timeout=5) as r:
            ok = ok and r.status == 200 and b"<div id=\\"root\\">" in r.read()
        break
    except OSError:
        time.sleep(0.5)
proc.terminate()
proc.wait(timeout=20)
sys.exit(0 if ok else 1)
"""


def test_app_starts_and_serves_with_no_network_at_all(tmp_path):
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed, so no network namespace can be made")
    probe = subprocess.run([unshare, "-rn", "sh", "-c", "ip link set lo up"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no network namespace here (unshare -rn failed: {probe.stderr.decode().strip()[:200]})")
    log = tmp_path / "streamlit.log"
    script = NO_NETWORK_SCRIPT.format(port=_free_port(), log=log)
    run = subprocess.run([unshare, "-rn", "sh", "-c", f'ip link set lo up && exec "{sys.executable}" -c "$0"',
                          script], cwd=ROOT, capture_output=True, timeout=180, env=_env())
    text = log.read_text(errors="replace") if log.exists() else ""
    assert run.returncode == 0, f"the app did not serve without a network:\n{text[-2000:]}"
    assert "External URL" not in text and "Network URL" not in text
