"""Cancer screening: the IMACS 2023 risk stratum and the panels due, from the knowledge base's feature list.

Adult-onset myositis carries a raised cancer risk in the three years around onset (IMACS 2023), and screening
comes *before* a patient is labelled an immune treatment failure. ``algorithms/screening.yaml`` is the only
definition of the scope and the strata: this module counts the features listed there that are present, says
which are unknown and what stratum they could lift the patient to, and lists the panels for the stratum. Outside
the guideline's scope (juvenile onset, or more than 3 years after onset) it says so, but a red-flag panel whose
condition holds is still shown.

The same assessment is published as two facts, so the pathway's cancer question and the screening block can
never disagree on who needs screening or how high the risk is: ``cancer_screening_indicated`` (the scope) and
``cancer_risk_stratum`` (known only when no unknown feature could change it). The walker adds them before the
pathway's definitions (:func:`screening_facts`); the block reads them back.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.kb.models import RiskStratum
from decision.patient.facts import FactSpec
from decision.recommendation import CancerScreeningPlan, PanelDict
from decision.walk.conditions import Evaluation, evaluate, fields_of
from decision.walk.rules import MissingBook, basis_view

INDICATED = "cancer_screening_indicated"
STRATUM = "cancer_risk_stratum"


@dataclass(frozen=True)
class Assessment:
    """One patient's place in the IMACS scheme, worked out once from ``screening.yaml``."""

    applies: Evaluation
    present: tuple[str, ...]  # labels of the higher-risk features present
    unknown: tuple[str, ...]  # labels of those that cannot be judged
    missing: tuple[str, ...]  # the facts the unknown ones lack
    used: tuple[tuple[str, object], ...]  # the facts behind the features present (shown with the stratum)
    lower: tuple[str, ...]
    stratum: RiskStratum  # from the present features alone
    could_be: RiskStratum  # if every unknown feature were present


def assess(cs, facts) -> Assessment:
    applies = evaluate(cs.applies_when, facts)
    present: list[str] = []
    unknown: list[str] = []
    missing: list[str] = []
    used: dict[str, object] = {}
    for feature in cs.higher_risk_features:
        ev = evaluate(feature.when, facts)
        if ev.value:
            present.append(feature.label)
            used.update(ev.used)
        elif ev.value is None:
            unknown.append(feature.label)
            missing.extend(ev.missing)
    lower = tuple(f.label for f in cs.lower_risk_features if evaluate(f.when, facts).value)
    stratum = next(s for s in cs.strata if len(present) >= s.min_higher_risk_features)
    could_be = next(s for s in cs.strata if len(present) + len(unknown) >= s.min_higher_risk_features)
    return Assessment(applies, tuple(present), tuple(unknown), tuple(dict.fromkeys(missing)),
                      tuple(sorted(used.items())), lower, stratum, could_be)


def screening_specs(cs) -> dict[str, FactSpec]:
    """The two facts as conditions may name them, with the patient fields to ask when they are unknown."""
    if cs is None:
        return {}
    from decision.patient.facts import CATALOGUE

    def asks(*conds) -> tuple[str, ...]:
        out = [q for c in conds for cmp in fields_of(c) if cmp.field in CATALOGUE for q in CATALOGUE[cmp.field].asks()]
        return tuple(dict.fromkeys(out))

    return {
        INDICATED: FactSpec(INDICATED, "bool", f"the IMACS cancer-screening schedule applies: "
                            f"{cs.applies_when.describe()} (screening.yaml)", inputs=asks(cs.applies_when),
                            derived=True),
        STRATUM: FactSpec(STRATUM, "enum", "the IMACS cancer-risk stratum counted from the features in "
                          "screening.yaml (unknown while an unknown feature could change it)",
                          choices=tuple(s.id for s in cs.strata),
                          inputs=asks(*(f.when for f in cs.higher_risk_features)), derived=True),
    }


def screening_facts(kb, facts) -> None:
    """Add the scope and the stratum to ``facts`` (with what decided them, or what they lack)."""
    cs = kb.cancer_screening
    if cs is None:
        return
    a = assess(cs, facts)
    facts[INDICATED] = a.applies.value
    facts.derivations[INDICATED] = a.applies
    settled = a.could_be.id == a.stratum.id
    facts[STRATUM] = a.stratum.id if settled else None
    facts.derivations[STRATUM] = Evaluation(True if settled else None, a.used, () if settled else a.missing)


def cancer_screening(kb, facts, book: MissingBook) -> CancerScreeningPlan | None:
    cs = kb.cancer_screening
    if cs is None:
        return None
    a = assess(cs, facts)
    applies: bool | None = facts.get(INDICATED, a.applies.value)  # the fact the pathway reads: one scope for both
    if applies is False:
        flags = [p for p in cs.panels
                 if p.when is not None and p.id.startswith(("red_flag", "outside_window"))
                 and evaluate(p.when, facts).value]
        return {"applies": False, "note": cs.not_applicable, "basis": basis_view(cs.basis).plain(),
                "panels": [_panel(p) for p in flags]}
    if applies is None:
        book.add(tuple(a.applies.missing), "cancer screening",
                 "decides whether the IMACS screening schedule applies (adults within 3 years of onset)")
    stratum, could_be = a.stratum, a.could_be
    if could_be.id != stratum.id:
        book.add(a.missing, "cancer screening",
                 f"could raise the cancer-screening stratum from {stratum.label} to {could_be.label}")
    due = [p for p in cs.panels if p.id in stratum.panels]
    due += [p for p in cs.panels if p.when is not None and p.id not in stratum.panels
            and evaluate(p.when, facts).value]
    return {
        "applies": applies,
        "stratum": stratum.id,
        "stratum_label": stratum.label,
        "could_be": could_be.id if could_be.id != stratum.id else None,
        "higher_risk_features": list(a.present),
        "unknown_features": list(a.unknown),
        "lower_risk_features": list(a.lower),
        "panels": [_panel(p) for p in due],
        "screening_status": facts.get("cancer.screening"),
        "basis": basis_view(cs.basis).plain(),
    }


def _panel(p) -> PanelDict:
    return {"id": p.id, "text": p.text, "basis": basis_view(p.basis).plain()}
