"""Benchmark: one recommend call against the floor of validating the same input; CLI cold start.

Run on demand: ``python bench/recommend_bench.py``. Prints medians; asserts nothing (speed targets belong
here, not in tests).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's library, not an installed one

import decision  # noqa: E402
from decision.patient.files import read_mapping  # noqa: E402

PATIENT = ROOT / "examples" / "patients" / "F-first-line-failure-mi2.yaml"


def median_seconds(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    kb = decision.load()
    data = read_mapping(PATIENT.read_bytes(), PATIENT.name)
    n = 200
    validate = median_seconds(lambda: decision.parse_patient(data), n)
    recommend = median_seconds(lambda: decision.recommend(kb, data), n)
    load = median_seconds(decision.load, 10)
    print(f"patient: {PATIENT.name}  (median of {n} calls)")
    print(f"  validate patient input only : {validate * 1e3:8.3f} ms")
    print(f"  recommend (validate + walk)  : {recommend * 1e3:8.3f} ms  ({recommend / validate:.0f}× the floor)")
    print(f"  load knowledge base          : {load * 1e3:8.3f} ms  (median of 10)")
    runs = 7
    cli = median_seconds(lambda: subprocess.run([sys.executable, "-m", "decision.cli", "recommend", str(PATIENT)],
                                                check=True, capture_output=True), runs)
    bare = median_seconds(lambda: subprocess.run([sys.executable, "-c", "import networkx, yaml"], check=True), runs)
    print(f"cold start (median of {runs} processes)")
    print(f"  myositis-cds recommend       : {cli * 1e3:8.1f} ms")
    print(f"  python -c 'import networkx, yaml': {bare * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
