"""Generate a synthetic registry cohort for the batch and census benchmarks (generated, never committed).

Each patient is one of the example patients (``examples/patients``) with its values jittered and some sections
left out at random, as a registry export would be: ages, CK and MMT-8 moved within their ranges, whole
sections (labs, imaging, therapy history) missing for a share of patients, and a small share of rows made
invalid on purpose (a negative age, an unknown subtype) so that error rows are exercised. The same seed gives
the same file. Nothing here is a real patient.

    python bench/make_cohort.py 100000 -o /tmp/cohort.jsonl     # or .csv (dotted columns, lists as JSON cells)
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision.patient.files import read_mapping  # noqa: E402

DROPPABLE = ("labs", "mri", "emg", "biopsy", "therapies", "autoantibodies", "cancer", "pregnancy", "ild", "skin",
             "comorbidity", "glucocorticoid", "assessments")
LIST_FIELDS = ("autoantibodies", "therapies", "assessments")


def templates() -> list[dict[str, Any]]:
    out = []
    for path in sorted((ROOT / "examples" / "patients").glob("*.yaml")):
        data = read_mapping(path.read_bytes(), path.name)
        data.pop("label", None)
        out.append(json.loads(json.dumps(data, default=_iso)))
    return out


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def patient(rng: random.Random, base: list[dict[str, Any]], n: int, bad_rate: float) -> dict[str, Any]:
    p = copy.deepcopy(rng.choice(base))
    for section in DROPPABLE:
        if section in p and rng.random() < 0.08:
            del p[section]
    if isinstance(p.get("age"), (int, float)):
        p["age"] = max(18 if p["age"] >= 18 else 1, min(95, p["age"] + rng.randint(-8, 8)))
    ck = p.get("labs", {}).get("ck")
    if isinstance(ck, dict) and isinstance(ck.get("value"), (int, float)):
        ck["value"] = round(ck["value"] * rng.uniform(0.5, 1.5))
    weakness = p.get("muscle", {}).get("weakness", {})
    if isinstance(weakness.get("mmt8"), (int, float)) and weakness.get("mmt8_max"):
        weakness["mmt8"] = max(0, min(weakness["mmt8_max"], weakness["mmt8"] + rng.randint(-6, 6)))
    if rng.random() < bad_rate:
        if rng.random() < 0.5:
            p["age"] = -5
        else:
            p.setdefault("diagnosis", {})["subtype"] = "unknown_subtype"
    return {"id": f"P{n:07d}", **p}


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted columns; the list fields stay one JSON cell each (the other documented form is indexed columns)."""
    out: dict[str, Any] = {}
    for key, v in value.items():
        name = f"{prefix}{key}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "."))
        elif isinstance(v, list):
            out[name] = json.dumps(v, ensure_ascii=False)
        elif isinstance(v, bool):
            out[name] = "true" if v else "false"
        else:
            out[name] = v
    return out


def write(path: Path, patients: list[dict[str, Any]]) -> None:
    if path.suffix == ".csv":
        rows = [flatten(p) for p in patients]
        header = list(dict.fromkeys(k for r in rows for k in r))
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, header)
            w.writeheader()
            w.writerows(rows)
        return
    with open(path, "w", encoding="utf-8") as fh:
        for p in patients:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")


def cohort(size: int, seed: int = 15, bad_rate: float = 0.002) -> list[dict[str, Any]]:
    rng, base = random.Random(seed), templates()
    return [patient(rng, base, n, bad_rate) for n in range(1, size + 1)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", type=int)
    ap.add_argument("-o", "--out", required=True, type=Path, help=".jsonl or .csv")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--bad-rate", type=float, default=0.002, help="share of rows made invalid on purpose")
    args = ap.parse_args(argv)
    write(args.out, cohort(args.size, args.seed, args.bad_rate))
    print(f"wrote {args.size} synthetic patients to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
