"""A course under-dosed because a safety gate caps its dose is read at the dose the patient can take.

Refractoriness needs an adequate dose (brief §2), and a course recorded "not at an adequate dose" is not yet a
trial. But when a gate marked ``caps_dose`` holds the drug at a reduced dose (methotrexate or a calcineurin
inhibitor at eGFR below 60), no adequate dose in the usual sense can ever be reached: read literally, the course
would stay "not yet an adequate trial" for good, and the patient never reach the next step (round-27 audit:
methotrexate 10 mg/week for 16 weeks at eGFR 45, failed, was told to wait another 12 weeks). The dose the gate
allows is the adequate dose for this patient, so such a course taken now is read as adequate, and the answer says
so. Taking it as prescribed is still asked: the cap says nothing of adherence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from decision.patient.model import Patient
from decision.recommendation import Warning
from decision.walk.conditions import Facts, evaluate
from decision.walk.rules import basis_view


def read_capped_as_adequate(kb, patient: Patient, facts_of: Callable[[Patient], Mapping[str, Any]]
                            ) -> tuple[Patient, Warning | None]:
    """The patient with each course taken now that is recorded under-dosed, of a drug a true ``caps_dose`` gate
    holds, read as at an adequate dose; and the caution that says which and why (``None`` when there is none).
    ``facts_of`` gives the patient's facts as the walk computes them (only asked for when such a course exists)."""
    gates = [r for r in kb.lookups.dose_gates if r.caps_dose]
    under = [i for i, c in enumerate(patient.therapies) if c.current and c.adequate_dose is False
             and any(c.drug in kb.lookups.rule_targets[g.id] for g in gates)]
    if not under:
        return patient, None
    lk = kb.lookups
    facts = Facts(facts_of(patient))
    holding = [(g, evaluate(g.when, facts)) for g in gates]
    holding = [(g, ev) for g, ev in holding if ev.value is True]
    held = {t for g, _ in holding for t in lk.rule_targets[g.id]}
    # not a drug a gate stops (it is replaced, as after intolerance), nor a combination with a part no cap holds
    # (its azathioprine can still be raised)
    stopped = {t for r in lk.stop_gates if evaluate(r.when, facts).value is True for t in lk.rule_targets[r.id]}
    capped = [i for i in under if (drug := patient.therapies[i].drug) in held and drug not in stopped
              and lk.combinations.get(drug, frozenset()) <= held]
    if not capped:
        return patient, None
    courses = list(patient.therapies)
    for i in capped:
        courses[i] = courses[i].model_copy(update={"adequate_dose": True})
    names = ", ".join(dict.fromkeys(kb.therapies[patient.therapies[i].drug].name for i in capped))
    gate, ev = next((g, ev) for g, ev in holding if any(patient.therapies[i].drug in lk.rule_targets[g.id]
                                                        for i in capped))
    caution = Warning("dose_capped_adequate", "caution",
                      f"{names}: recorded below the usual dose, which a safety caution holds down ({gate.title}) — "
                      "the reduced dose is read as the adequate dose for this patient, so its response is judged at "
                      "it (taking it as prescribed still counts).", tuple(patient.therapies[i].drug for i in capped),
                      basis_view(gate.basis),
                      "This answer has judged the response at the recorded dose: if a higher dose was possible at "
                      "this kidney function, it was no adequate trial — raise it and judge again rather than take "
                      "the next step.", (), dict(ev.used))
    return patient.model_copy(update={"therapies": courses}), caution
