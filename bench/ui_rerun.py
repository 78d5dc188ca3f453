"""How much does the Streamlit page add to the library? Median server-side time of one interaction rerun
on the guided-interview page next to the median time of the bare ``decision.recommend`` call it wraps.

Run from the repository root:  python bench/ui_rerun.py [repetitions]

The rerun is measured with Streamlit's AppTest (the script run on the server, no browser or network):
reference patient F is loaded, then the widget of the next question is changed and the page rerun, which
re-walks the pathway, re-renders the status, the question, the answer summary, the graph's DOT and the
recommendation. Prints medians in milliseconds; nothing is written.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import decision
from decision.guide.interview import next_question, widget_for

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "ui" / "app.py"
EXAMPLE = "Scenario F — first-line failure, anti-Mi-2 DM"  # the app lists examples by their own label


def _values(field: str) -> tuple:
    spec = widget_for(field)
    if spec.kind in ("bool", "enum"):
        return spec.choices[0], spec.choices[1]
    if spec.kind == "number":
        return 1.0, 2.0
    raise SystemExit(f"pick another example: the first question ({field}) is a {spec.kind} entry")


def bench_rerun(reps: int) -> tuple[list[float], dict, str]:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.selectbox(key="iv_reference").set_value(EXAMPLE)
    at.button(key="iv_load").click().run()
    iv = at.session_state["interview"]
    kb = decision.load()
    field = next_question(decision.recommend(kb, iv.answers), iv.answers, iv.skipped).field
    key = "q_" + field.replace(".", "__")
    kind = "radio" if widget_for(field).kind == "bool" else (
        "selectbox" if widget_for(field).kind == "enum" else "number_input")
    a, b = _values(field)
    times = []
    for i in range(reps + 3):  # 3 warm-up reruns
        getattr(at, kind)(key=key).set_value(a if i % 2 else b)
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"the page raised: {at.exception[0].value}")
        if i >= 3:
            times.append(elapsed)
    return times, iv.answers, field


def bench_recommend(answers: dict, reps: int) -> list[float]:
    kb = decision.load()
    decision.recommend(kb, answers)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        decision.recommend(kb, answers)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str]) -> None:
    reps = int(argv[1]) if len(argv) > 1 else 20
    rerun, answers, field = bench_rerun(reps)
    bare = bench_recommend(answers, reps)
    r, d = statistics.median(rerun) * 1000, statistics.median(bare) * 1000
    print(f"patient F loaded; the widget changed is the next question's ({field})")
    print(f"guided-interview page, one widget change + rerun (AppTest, n={reps}): median {r:.1f} ms")
    print(f"bare decision.recommend on the same answers          (n={reps}): median {d:.1f} ms")
    print(f"rendering overhead: {r - d:.1f} ms per interaction ({r / d:.0f}x the walk)")


if __name__ == "__main__":
    main(sys.argv)
