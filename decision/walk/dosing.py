"""Glucocorticoid plan from the patient's weight, under a named regimen from the knowledge base.

The brief asks for the steroid regimen to be a parameter of the knowledge base: the seed regimen (Cavagna
2017 / Oddis 1993) is the default and the BSR 2022 regimen a named alternative. This module only does the
arithmetic (mg/kg × weight, capped at the regimen's maximum) and shows both, with their basis; the taper
and target come from the YAML as written.
"""

from __future__ import annotations

from typing import Any

from decision.walk.rules import basis_view


def _start(regimen, weight: float) -> dict[str, Any]:
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
        "basis": basis_view(regimen.basis).__dict__,
    }


def glucocorticoid_plan(kb, patient, actions, regimen_id: str | None = None) -> dict[str, Any] | None:
    """A start/taper/target plan when a glucocorticoid is among the suggested actions (adults only)."""
    if not kb.steroid_regimens:
        return None
    if not any(a.therapy and "glucocorticoid" in kb.therapies[a.therapy].tags for a in actions):
        return None
    if patient.diagnosis.subtype == "jdm" or (patient.age is not None and patient.age < 18):
        return None  # juvenile dosing is given on the therapy action itself (SHARE)
    regimens = list(kb.steroid_regimens.values())
    chosen = kb.steroid_regimens.get(regimen_id) if regimen_id else regimens[0]
    if chosen is None:
        return None
    if patient.weight_kg is None:
        return {"regimen": chosen.id, "missing": ["weight_kg"],
                "note": "weight is needed to calculate the starting dose"}
    return {
        "default": _start(chosen, patient.weight_kg),
        "alternatives": [_start(r, patient.weight_kg) for r in regimens if r.id != chosen.id],
    }
