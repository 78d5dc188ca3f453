"""Doses for this patient: the glucocorticoid plan under a named regimen, and paediatric doses per kg or per m².

Two rules from the specialist review drive this module. First, a high-dose glucocorticoid plan always says which
regimen it follows: the knowledge base's default (BSR 2022 for adults) with the other regimens shown as named
alternatives. Second, a child is never shown an adult absolute dose: where a paediatric source gives a dose per
kg or per m² (SHARE 2017, BSR 2022) it is calculated from weight and height — body-surface area by the
Mosteller formula — and capped at the stated maximum; where no paediatric source gives one, the dose reads
"paediatric dose: specialist advice" (oral glucocorticoids point to the plan's paediatric regimen; exercise and
sun protection keep their own words). This module only does arithmetic on doses declared with their sources.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from decision.patient.facts import is_juvenile
from decision.recommendation import GlucocorticoidPlan, RegimenStart
from decision.walk.rules import basis_view

PAEDIATRIC_SUFFIX = "_paediatric"
SPECIALIST = "paediatric dose: specialist advice (no per-kg or per-m² dose in SHARE 2017 or BSR 2022)"


@dataclass(frozen=True)
class PaediatricDose:
    """A paediatric dose per kg or per m², its maximum, and where it comes from."""

    low: float
    high: float
    per: str  # "kg" or "m2"
    max_mg: float
    how: str  # route and frequency, e.g. "once weekly subcutaneously"
    sources: tuple[str, ...]


# Only doses a paediatric source states, with its maximum. Oral prednisolone for children is a regimen in
# steroids.yaml (bsr_2022_paediatric). Every other therapy gets SPECIALIST for a child.
PAEDIATRIC_DOSES: dict[str, PaediatricDose] = {
    "methotrexate": PaediatricDose(15, 20, "m2", 40, "once weekly subcutaneously", ("share_jdm_2017",)),
    "pulse_methylprednisolone": PaediatricDose(30, 30, "kg", 1000, "IV daily (pulse)", ("bsr_2022", "share_jdm_2017")),
}


def mosteller_bsa(height_cm: float, weight_kg: float) -> float:
    """Body-surface area in m²: √(height cm × weight kg / 3600) (Mosteller 1987)."""
    return math.sqrt(height_cm * weight_kg / 3600)


def paediatric_dose(patient, therapy_id: str) -> dict[str, Any]:
    """The dose of one therapy for a child: calculated, or what is missing, or specialist advice."""
    spec = PAEDIATRIC_DOSES.get(therapy_id)
    if spec is None:
        return {"therapy": therapy_id, "text": SPECIALIST, "sources": []}
    unit = "mg/kg" if spec.per == "kg" else "mg/m²"
    rate = f"{spec.low:g}–{spec.high:g}" if spec.low != spec.high else f"{spec.low:g}"
    stated = f"{rate} {unit} {spec.how}, maximum {spec.max_mg:g} mg"
    need = ["weight_kg"] if spec.per == "kg" else ["height_cm", "weight_kg"]
    missing = [f for f in need if getattr(patient, f) is None]
    if missing:
        return {"therapy": therapy_id, "text": f"Child: {stated}; give {' and '.join(missing)} to calculate it",
                "missing": missing, "sources": list(spec.sources)}
    if spec.per == "kg":
        size, calc = patient.weight_kg, f"× {patient.weight_kg:g} kg"
    else:
        size = mosteller_bsa(patient.height_cm, patient.weight_kg)
        calc = f"× {size:.2f} m² (Mosteller: √({patient.height_cm:g} cm × {patient.weight_kg:g} kg / 3600))"
    lo, hi = (min(round(x * size, 1), spec.max_mg) for x in (spec.low, spec.high))
    capped = spec.high * size > spec.max_mg
    amount = f"{lo:g}–{hi:g} mg" if lo != hi else f"{lo:g} mg"
    text = f"Child: {amount} {spec.how} ({rate} {unit} {calc}{', capped at the maximum' if capped else ''}; " \
           f"maximum {spec.max_mg:g} mg)"
    return {"therapy": therapy_id, "text": text, "dose_mg": [lo, hi], "max_mg": spec.max_mg,
            "sources": list(spec.sources)}


def personalise_doses(kb, patient, actions) -> tuple:
    """The actions with each therapy's dose made safe for this patient: a child never sees an adult dose.

    Adults (and patients of unknown age who are not juvenile DM) keep the knowledge base's dose text.
    """
    if not is_juvenile(patient):
        return tuple(actions)
    return tuple(replace(a, dose=_child_dose(kb, patient, a.therapy)) if a.therapy and a.dose is not None else a
                 for a in actions)


PLAN = "Child: the paediatric regimen of the glucocorticoid plan (calculated per kg, with its maximum)"


def _child_dose(kb, patient, therapy_id: str) -> str:
    """A child's dose text: calculated where a paediatric source gives one; the plan's paediatric regimen for oral
    glucocorticoids; the knowledge base's own words for what is not a drug (exercise, sun protection)."""
    therapy = kb.therapies[therapy_id]
    if "non_drug" in therapy.tags:
        return therapy.dose.text
    if therapy.drug_class == "glucocorticoid" and therapy_id not in PAEDIATRIC_DOSES and kb.steroid_regimens:
        return PLAN
    return str(paediatric_dose(patient, therapy_id)["text"])


def _start(regimen, weight: float) -> RegimenStart:
    lo, hi = regimen.start_mg_per_kg
    lo_mg, hi_mg = lo * weight, hi * weight
    capped = hi_mg > regimen.max_mg_day
    return {
        "regimen": regimen.id,
        "name": regimen.name,
        "start_mg_day": [round(min(lo_mg, regimen.max_mg_day), 1), round(min(hi_mg, regimen.max_mg_day), 1)],
        "calculation": f"{lo:g}–{hi:g} mg/kg/day × {weight:g} kg"
        + (f", capped at {regimen.max_mg_day:g} mg/day" if capped else ""),
        "high_dose_weeks": regimen.high_dose_weeks,
        "taper": regimen.taper,
        "target": regimen.target,
        "basis": basis_view(regimen.basis).plain(),
    }


def glucocorticoid_plan(kb, patient, actions, regimen_id: str | None = None) -> GlucocorticoidPlan | None:
    """A start/taper/target plan, naming its regimen, when a glucocorticoid is among the suggested actions.

    Adults get the default regimen (the first adult one in steroids.yaml) and the others as named alternatives;
    children get the paediatric regimen only, never an adult one; with the age unknown, the plan asks for it.
    """
    if not kb.steroid_regimens:
        return None
    if not any(a.therapy and "glucocorticoid" in kb.therapies[a.therapy].tags for a in actions):
        return None
    juvenile = is_juvenile(patient)
    if juvenile is None:  # an unknown age is not an adult one: a child never gets an adult dose
        return {"regimen": "", "name": "Glucocorticoid plan", "missing": ["age"],
                "note": "the age decides between the adult and the paediatric regimen"}
    child = juvenile
    regimens = [r for r in kb.steroid_regimens.values() if r.id.endswith(PAEDIATRIC_SUFFIX) == child]
    if not regimens:
        return None
    chosen = next((r for r in regimens if r.id == regimen_id), None) if regimen_id else regimens[0]
    if chosen is None:
        return None
    if patient.weight_kg is None:
        return {"regimen": chosen.id, "name": chosen.name, "missing": ["weight_kg"],
                "note": "weight is needed to calculate the starting dose"}
    plan: GlucocorticoidPlan = {
        "default": _start(chosen, patient.weight_kg),
        "alternatives": [_start(r, patient.weight_kg) for r in regimens if r.id != chosen.id],
    }
    if child:
        plan["pulse"] = paediatric_dose(patient, "pulse_methylprednisolone")
    return plan
