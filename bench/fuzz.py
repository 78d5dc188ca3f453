"""Fuzz job (run on demand, not in tests): hostile and random input through the CLI path, in-process.

    python bench/fuzz.py                       # 100,000 generated patients, 20,000 mutated YAML/JSON texts
    python bench/fuzz.py --patients 5000 --texts 2000 --seed 7

Two streams, both seeded so a failure can be replayed:

* **generated patients**: mappings built from the patient model itself (every field, each present with some
  probability, values drawn from its declared range or choices, sometimes just outside it), validated and
  walked with ``decision.recommend`` and rendered as the CLI renders them. Each answer is checked against the
  invariants of tests/test_properties.py: a valid path ending in an outcome whose status is declared, a
  deterministic and serialisable answer, no teratogen in pregnancy, no escalation in IBM, rituximab always
  with its hepatitis-B warning unless known negative, every cited source declared.
* **mutated texts**: the example patients (as YAML and as JSON) with random edits that a hurried clinician
  or a hostile user might make: deleted and inserted characters, YAML punctuation, tags, anchors and aliases,
  duplicated or swapped lines, odd values (``.inf``, ``1e999``, 5,000 digits, ``yes``, impossible dates),
  deep nesting, truncation. They go through ``read_patient`` → ``recommend`` → the text view.

Prints crashes (any exception other than ``PatientInputError``), invariant violations and throughput; exits 1
if there was any crash or violation. Nothing is written to disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
import traceback
import types
import typing
from collections import Counter
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import decision  # noqa: E402
import decision.views.text as render  # noqa: E402
from decision.errors import PatientInputError  # noqa: E402
from decision.patient.facts import compute_facts  # noqa: E402
from decision.patient.files import read_patient  # noqa: E402
from decision.patient.model import Patient  # noqa: E402
from decision.walk.walker import context_for  # noqa: E402

EXAMPLES = sorted((ROOT / "examples" / "patients").glob("*.yaml"))


# --- generated patients ---------------------------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _bounds(info) -> tuple[float, float]:
    lo, hi = 0.0, 200.0
    for meta in info.metadata:
        lo = float(getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else
                   getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else lo)
        hi = float(getattr(meta, "le", None) if getattr(meta, "le", None) is not None else
                   getattr(meta, "lt", None) if getattr(meta, "lt", None) is not None else hi)
    return lo, hi


class PatientGenerator:
    """Random mappings shaped by the patient model; mostly valid, sometimes a value just out of range."""

    def __init__(self, rng: random.Random, therapy_ids: list[str], presence: float = 0.3, wild: float = 0.01):
        self.rng, self.drugs, self.presence, self.wild = rng, therapy_ids, presence, wild

    def patient(self) -> dict[str, Any]:
        return self.model(Patient, top=True)

    def model(self, cls: type[BaseModel], top: bool = False) -> dict[str, Any]:
        out = {}
        for name, info in cls.model_fields.items():
            if self.rng.random() < (self.presence if top else 0.5) or info.is_required():
                out[name] = self.value(name, _unwrap(info.annotation), info)
        return out

    def value(self, name: str, ann: Any, info) -> Any:
        rng = self.rng
        origin = get_origin(ann)
        if origin is Literal:
            return rng.choice(get_args(ann))
        if origin is tuple:
            item = get_args(ann)[0]
            return [self.model(item) for _ in range(rng.randint(0, 3))] if isinstance(item, type) else []
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return self.model(ann)
        if ann is bool:
            return rng.random() < 0.5
        if ann is float:
            lo, hi = _bounds(info)
            if rng.random() < self.wild:
                return rng.choice([lo - 1, hi + 1])
            return round(rng.uniform(lo, hi), 1)
        if ann is dt.date:
            return (dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))).isoformat()
        if ann is str:
            return rng.choice(self.drugs) if name == "drug" else rng.choice(["a", "note", "x" * 10])
        return None


def check_invariants(kb, patient: Patient, rec) -> list[str]:
    bad = []
    if rec.path[0] != kb.pathway.entry:
        bad.append("path does not start at the entry")
    for u, v in zip(rec.path, rec.path[1:], strict=False):
        if not kb.graph.has_edge(u, v) or kb.graph.edges[u, v]["loop"]:
            bad.append(f"step {u}→{v} is not a forward edge")
    last = kb.nodes[rec.path[-1]]
    if last.kind != "outcome" or rec.status["code"] != last.status or rec.status["code"] not in decision.STATUSES:
        bad.append(f"ends at {last.id} with status {rec.status['code']}")
    facts = compute_facts(context_for(kb, patient))
    drugs = {a.therapy for a in rec.actions if a.kind == "therapy"}
    if (facts["pregnant"] or facts["pregnancy_possible_soon"]) and drugs & set(kb.tagged("teratogenic")):
        bad.append("teratogen suggested in pregnancy")
    if patient.diagnosis.subtype == "ibm" and any(
            kb.therapies[d].immunosuppressive or "escalation" in kb.therapies[d].tags for d in drugs if d):
        bad.append("escalation suggested in IBM")
    if "rituximab" in drugs and facts["hbv_exposed"] is not False and not any(
            "rituximab" in w.therapies for w in rec.warnings):
        bad.append("rituximab without its hepatitis-B warning")
    for item in (*rec.actions, *rec.warnings, *rec.not_suggested):
        if not item.basis.sources or not set(item.basis.sources) <= set(kb.sources):
            bad.append("an undeclared or missing source")
    return bad


# --- mutated texts --------------------------------------------------------------------------------------

PUNCTUATION = list(":-[]{},&*!|>#%@`'\"\t\n?") + ["  ", "\ufeff", "\x00", "\x07", "é"]
ODD_VALUES = [".inf", "-.inf", ".nan", "1e999", "9" * 5000, "-1", "yes", "off", "~", "2024-13-45", "20240101",
              "!!float abc", "!!binary x", "!foo 1", "&a 1", "*a", "[" * 200, "{a: 1, a: 2}", "'45'", "1_000",
              "0x1F", "2024-01-01 10:00:00", "<<: {}", "!!python/object:os.system ls", "true", "null"]


class Mutator:
    def __init__(self, rng: random.Random, texts: list[tuple[str, str]]):
        self.rng, self.texts = rng, texts

    def text(self) -> tuple[str, str]:
        name, text = self.rng.choice(self.texts)
        for _ in range(self.rng.randint(1, 4)):
            text = self.mutate(text)
        return name, text

    def mutate(self, text: str) -> str:
        rng = self.rng
        i = rng.randrange(len(text) + 1)
        kind = rng.randrange(8)
        if kind == 0 and text:
            return text[:i] + text[i + 1:]
        if kind == 1:
            return text[:i] + rng.choice(PUNCTUATION) + text[i:]
        if kind == 2:
            return _replace_value(rng, text)
        lines = text.split("\n")
        j = rng.randrange(len(lines))
        if kind == 3:
            lines.insert(j, lines[rng.randrange(len(lines))])
        elif kind == 4:
            k = rng.randrange(len(lines))
            lines[j], lines[k] = lines[k], lines[j]
        elif kind == 5:
            lines[j] = " " * rng.randint(1, 3) + lines[j]
        elif kind == 6:
            return text[:i]
        else:
            lines.insert(j, "nest: " + "[" * rng.choice([10, 40, 900]) + "]" * rng.choice([10, 40, 900]))
        return "\n".join(lines)


def _replace_value(rng: random.Random, text: str) -> str:
    starts = [k for k, ch in enumerate(text) if ch == ":" and k + 1 < len(text) and text[k + 1] == " "]
    if not starts:
        return text
    k = rng.choice(starts) + 2
    end = text.find("\n", k)
    end = len(text) if end < 0 else end
    return text[:k] + rng.choice(ODD_VALUES) + text[end:]


def example_texts() -> list[tuple[str, str]]:
    out = []
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text))
        data = decision.patient.files.read_mapping(text, path.name)
        out.append((path.stem + ".json", json.dumps(data, default=str, indent=1)))
    return out


# --- the run --------------------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.crashes: list[str] = []
        self.violations: list[str] = []
        self.slowest = (0.0, "")

    def crash(self, label: str, exc: BaseException) -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
        self.crashes.append(f"{label}: {type(exc).__name__} at {where}: {str(exc)[:120]!r}")

    def timed(self, seconds: float, label: str) -> None:
        if seconds > self.slowest[0]:
            self.slowest = (seconds, label)


def through_cli_path(kb, data_or_text: Any, name: str | None) -> Any:
    patient = read_patient(data_or_text, name) if name else decision.parse_patient(data_or_text)
    rec = decision.recommend(kb, patient)
    render.to_text(rec)
    return patient, rec


def run_patients(kb, n: int, seed: int, tally: Tally) -> float:
    gen = PatientGenerator(random.Random(seed), sorted(kb.therapies))
    t0 = time.perf_counter()
    for i in range(n):
        data = gen.patient()
        s = time.perf_counter()
        try:
            patient, rec = through_cli_path(kb, data, None)
        except PatientInputError:
            tally.counts["patients refused (PatientInputError)"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - the point of a fuzz job
            tally.crash(f"patient #{i} (seed {seed})", exc)
            continue
        tally.timed(time.perf_counter() - s, f"patient #{i}")
        tally.counts["patients walked"] += 1
        bad = check_invariants(kb, patient, rec)
        if i % 50 == 0 and decision.recommend(kb, json.loads(json.dumps(data))).to_json() != rec.to_json():
            bad.append("not deterministic")
        tally.violations += [f"patient #{i} (seed {seed}): {b}" for b in bad]
    return time.perf_counter() - t0


def run_texts(kb, n: int, seed: int, tally: Tally) -> float:
    mut = Mutator(random.Random(seed + 1), example_texts())
    t0 = time.perf_counter()
    for i in range(n):
        name, text = mut.text()
        s = time.perf_counter()
        try:
            through_cli_path(kb, text, name)
            tally.counts["texts accepted"] += 1
        except PatientInputError:
            tally.counts["texts refused (PatientInputError)"] += 1
        except Exception as exc:  # noqa: BLE001 - the point of a fuzz job
            tally.crash(f"text #{i} ({name}, seed {seed})", exc)
        tally.timed(time.perf_counter() - s, f"text #{i} ({name})")
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--patients", type=int, default=100_000)
    ap.add_argument("--texts", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    kb = decision.load()
    tally = Tally()
    tp = run_patients(kb, args.patients, args.seed, tally)
    tt = run_texts(kb, args.texts, args.seed, tally)
    print(f"generated patients: {args.patients:,} in {tp:.1f} s ({args.patients / max(tp, 1e-9):,.0f}/s)")
    print(f"mutated texts     : {args.texts:,} in {tt:.1f} s ({args.texts / max(tt, 1e-9):,.0f}/s)")
    for key, count in sorted(tally.counts.items()):
        print(f"  {key}: {count:,}")
    print(f"slowest single input: {tally.slowest[0] * 1e3:.1f} ms ({tally.slowest[1]})")
    print(f"crashes (exceptions other than PatientInputError): {len(tally.crashes)}")
    for line in tally.crashes[:20]:
        print("  " + line)
    print(f"invariant violations: {len(tally.violations)}")
    for line in tally.violations[:20]:
        print("  " + line)
    return 1 if tally.crashes or tally.violations else 0


if __name__ == "__main__":
    sys.exit(main())
