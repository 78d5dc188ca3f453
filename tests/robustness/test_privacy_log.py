"""The server log holds no patient value: a malformed paste, and a page that crashes outright.

The app runs in-process with AppTest; everything logged (Python logging, and the process's own stdout and
stderr, where Streamlit's handler writes) is captured and searched for a sentinel value from the paste.
"""

from __future__ import annotations

import logging

from ui.helpers import open_app

import decision

WHOLE = "views/whole_patient.py"
SENTINEL = "ZX-SENTINEL-4711"
MALFORMED = f"label: {SENTINEL}\nage: '{SENTINEL}'\nmri: {{oedema: yes}}\nweight_kg: !!float {SENTINEL}\n"
VALID = f"label: {SENTINEL}\nage: 45\nsex: female\n"


def _logged(caplog, capfd) -> str:
    out, err = capfd.readouterr()
    return caplog.text + out + err


def test_a_malformed_paste_is_named_on_the_page_and_logged_nowhere(caplog, capfd):
    caplog.set_level(logging.DEBUG)
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(MALFORMED).run()
    assert not at.exception
    assert "weight_kg" in at.error[0].value or "pasted.yaml:4" in at.error[0].value
    assert SENTINEL not in _logged(caplog, capfd)


def test_an_unexpected_crash_shows_a_plain_message_and_logs_only_its_type(caplog, capfd, monkeypatch):
    def crash(kb, patient):
        raise RuntimeError(f"failed on {SENTINEL}")

    monkeypatch.setattr(decision, "recommend", crash)
    caplog.set_level(logging.DEBUG)
    at = open_app(WHOLE)
    at.text_area(key="wp_text").input(VALID).run()
    assert not at.exception  # the app-level guard caught it
    page = "\n".join(e.value for e in at.error)
    assert "Something went wrong on this page" in page and SENTINEL not in page
    logged = _logged(caplog, capfd)
    assert SENTINEL not in logged
    assert "RuntimeError" in logged and "details withheld" in logged


def test_streamlit_config_keeps_errors_in_the_browser_plain():
    import tomllib

    from ui.helpers import ROOT

    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["showErrorDetails"] == "none" and client["showErrorLinks"] is False


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(logging.Formatter().format(record))


def test_streamlit_error_log_is_stripped_of_the_exception():
    from decision.privacy import withhold_error_details

    logger = logging.getLogger("streamlit.error_util")  # Streamlit's own handler; it does not propagate
    withhold_error_details(("streamlit.error_util",))
    keep = _Keep()
    logger.addHandler(keep)
    try:
        raise ValueError(SENTINEL)
    except ValueError as exc:
        logger.error("Uncaught app execution", exc_info=exc)
    finally:
        logger.removeHandler(keep)
    assert len(keep.lines) == 1 and "ValueError" in keep.lines[0] and SENTINEL not in keep.lines[0]
