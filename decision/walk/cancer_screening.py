"""Cancer screening: the IMACS 2023 risk stratum and the panels due, from the knowledge base's feature list.

Adult-onset myositis carries a raised cancer risk in the three years around onset (IMACS 2023), and screening
comes *before* a patient is labelled an immune treatment failure. ``algorithms/screening.yaml`` is the only
definition of the strata: this module counts the features listed there that are present, says which are
unknown and what stratum they could lift the patient to, and lists the panels for the stratum. Outside the
guideline's scope (juvenile onset, or more than 3 years after onset) it says so, but a red-flag panel whose
condition holds is still shown.
"""

from __future__ import annotations

from decision.recommendation import CancerScreeningPlan, PanelDict
from decision.walk.conditions import evaluate
from decision.walk.rules import MissingBook, basis_view


def cancer_screening(kb, facts, book: MissingBook) -> CancerScreeningPlan | None:
    cs = kb.cancer_screening
    if cs is None:
        return None
    applies = evaluate(cs.applies_when, facts)
    if applies.value is False:
        flags = [p for p in cs.panels
                 if p.when is not None and p.id.startswith("red_flag") and evaluate(p.when, facts).value]
        return {"applies": False, "note": cs.not_applicable, "basis": basis_view(cs.basis).plain(),
                "panels": [_panel(p) for p in flags]}
    if applies.value is None:
        book.add(tuple(applies.missing), "cancer screening",
                 "decides whether the IMACS screening schedule applies (adults within 3 years of onset)")
    present: list[str] = []
    unknown: list[str] = []
    missing: list[str] = []
    for feature in cs.higher_risk_features:
        ev = evaluate(feature.when, facts)
        if ev.value:
            present.append(feature.label)
        elif ev.value is None:
            unknown.append(feature.label)
            missing.extend(ev.missing)
    lower = [f.label for f in cs.lower_risk_features if evaluate(f.when, facts).value]
    stratum = next(s for s in cs.strata if len(present) >= s.min_higher_risk_features)
    could_be = next(s for s in cs.strata if len(present) + len(unknown) >= s.min_higher_risk_features)
    if could_be.id != stratum.id:
        book.add(tuple(dict.fromkeys(missing)), "cancer screening",
                 f"could raise the cancer-screening stratum from {stratum.label} to {could_be.label}")
    due = [p for p in cs.panels if p.id in stratum.panels]
    due += [p for p in cs.panels if p.when is not None and p.id not in stratum.panels
            and evaluate(p.when, facts).value]
    return {
        "applies": applies.value,
        "stratum": stratum.id,
        "stratum_label": stratum.label,
        "could_be": could_be.id if could_be.id != stratum.id else None,
        "higher_risk_features": present,
        "unknown_features": unknown,
        "lower_risk_features": lower,
        "panels": [_panel(p) for p in due],
        "screening_status": facts.get("cancer.screening"),
        "basis": basis_view(cs.basis).plain(),
    }


def _panel(p) -> PanelDict:
    return {"id": p.id, "text": p.text, "basis": basis_view(p.basis).plain()}

