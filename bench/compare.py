"""Two revisions side by side: validation, recommend, to_json, the examples and the serial batch rate.

    python bench/compare.py REV [--rounds N]      # e.g. python bench/compare.py HEAD~5

Run on demand from the repository root. ``REV`` is checked out into a temporary git worktree; the checkout
and ``REV`` are then measured in alternating fresh processes, round after round, so that a change of load on a
shared machine falls on both alike. Each figure is CPU time; the table shows the best round of each (the
least disturbed) and the ratio. Asserts nothing: speed targets belong here, not in tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, sys, time
from pathlib import Path
sys.path.insert(0, "."); sys.path.insert(0, "bench")
import decision
from decision.patient.files import read_mapping
from make_cohort import cohort
from decision.batch import from_mappings, run

kb = decision.load()
path = Path("examples/patients/F-first-line-failure-mi2.yaml")
data = read_mapping(path.read_bytes(), path.name)
examples = [read_mapping(p.read_bytes(), p.name) for p in sorted(Path("examples/patients").glob("*.yaml"))]
patients = cohort(600)

def per_call(fn, n):
    best = float("inf")
    for _ in range(5):
        t = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, (time.process_time() - t) / n)
    return best

for _ in range(30):
    decision.recommend(kb, data)
answers = iter([decision.recommend(kb, data) for _ in range(1000)])
figures = {
    "validate (us)": per_call(lambda: decision.parse_patient(data), 300) * 1e6,
    "recommend (us)": per_call(lambda: decision.recommend(kb, data), 200) * 1e6,
    "to_json of a fresh answer (us)": per_call(lambda: next(answers).to_json(), 200) * 1e6,
    "all examples (ms)": per_call(lambda: [decision.recommend(kb, d) for d in examples], 3) * 1e3,
}
t = time.process_time()
list(run(from_mappings(patients), kb=kb))
figures["batch (patients/CPU-s)"] = len(patients) / (time.process_time() - t)
print(json.dumps(figures))
'''


def measure(where: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=where, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", help="the revision to compare the checkout with (a commit, tag or branch)")
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-") as tmp:
        other = Path(tmp) / "rev"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), args.rev], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            rounds: dict[str, list[dict[str, float]]] = {args.rev: [], "checkout": []}
            for _ in range(args.rounds):
                rounds[args.rev].append(measure(other))
                rounds["checkout"].append(measure(ROOT))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, capture_output=True)
    print(f"{'':34} {args.rev:>14} {'checkout':>14}   ratio (best of {args.rounds} rounds)")
    for key in rounds["checkout"][0]:
        pick = max if key.startswith("batch") else min
        before, after = (pick(r[key] for r in rounds[side]) for side in (args.rev, "checkout"))
        print(f"{key:34} {before:14,.1f} {after:14,.1f}   {after / before:.2f}×")


if __name__ == "__main__":
    main()
