"""The progress display: silent when standard error is not a terminal, a plain counter when tqdm is missing."""

import io
import sys

from decision.batch.runfile import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _drive(stream, n=2500):
    bar = Progress(True, stream)
    for _ in range(n):
        bar.update()
    bar.close()
    return stream.getvalue()


def test_no_terminal_no_progress():
    assert _drive(io.StringIO()) == ""


def test_disabled_means_silent_even_on_a_terminal():
    stream = _Terminal()
    bar = Progress(False, stream)
    bar.update()
    bar.close()
    assert stream.getvalue() == ""


def test_a_plain_counter_without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    out = _drive(_Terminal())
    assert "\r1,000 patients" in out and "\r2,000 patients" in out and out.endswith("\n")
