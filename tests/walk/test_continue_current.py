"""A regimen a node names never starts again a drug the patient takes now: the advice is to continue it.

Audit finding (tenth round): a patient with anti-MDA5 rapidly progressive ILD already on tacrolimus was told to
"add a calcineurin inhibitor (tacrolimus or cyclosporine) at once". The principle, for every node's therapy
action: a systemic drug taken now is continued, not started; another drug that does what the action is named
for (``satisfied_by``: cyclosporine for tacrolimus) counts as taking it, so no second drug of the same kind is
added; and the drug's safety gates still apply to the advice to continue it.
"""

from __future__ import annotations

from example_patients import example

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
PREGNANT = {"pregnancy": {"status": "pregnant", "gestation_weeks": 14}}


def _offered(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"}


def _continued(rec) -> dict[str, str]:
    return {a.id: a.text for a in rec.actions if a.kind == "plan" and "_continue_" in a.id}


def _mda5_taking(*courses: dict) -> dict:
    e = example("E")
    return {**e, "therapies": [*e["therapies"], *courses]}


def test_an_emergency_regimen_continues_the_calcineurin_inhibitor_taken_now():
    rec = decision.recommend(KB, _mda5_taking(course("tacrolimus", 4, None, True)))
    assert rec.status.code == "emergency"
    assert "tacrolimus" not in _offered(rec)
    assert {"pulse_methylprednisolone", "cyclophosphamide"} <= _offered(rec)  # the rest of the regimen stands
    text = _continued(rec)["mda5_cni_continue_tacrolimus"]
    assert text.startswith("continue Tacrolimus (taken now)")
    assert not any(w.id == "urgent_regimen_incomplete" for w in rec.warnings)


def test_another_drug_of_the_same_kind_is_continued_not_doubled():
    rec = decision.recommend(KB, _mda5_taking(course("cyclosporine", 4, None, True)))
    assert not {"tacrolimus", "cyclosporine"} & _offered(rec)
    assert "not doubled" in _continued(rec)["mda5_cni_continue_cyclosporine"]


def test_a_stopped_course_is_not_taken_now():
    rec = decision.recommend(KB, _mda5_taking(course("tacrolimus", 8, "responded")))
    assert "tacrolimus" in _offered(rec) and not _continued(rec)


def test_the_pregnancy_regimen_continues_azathioprine_taken_now():
    rec = decision.recommend(KB, active_dm(course("azathioprine", 8, None, True), **PREGNANT))
    assert rec.status.code == "pregnancy"
    assert "azathioprine" not in _offered(rec)
    assert "pregnancy_aza_continue_azathioprine" in _continued(rec)
    taking = active_dm(course("cyclosporine", 8, None, True), **PREGNANT)
    rec = decision.recommend(KB, taking)
    assert "tacrolimus" not in _offered(rec) and "azathioprine" not in _offered(rec)  # it fills the place (round 28)
    assert "pregnancy_aza_continue_cyclosporine" in _continued(rec)


def test_a_gate_that_stops_the_drug_withdraws_the_advice_to_continue_it():
    pregnant = {**_mda5_taking(course("tofacitinib", 4, None, True)), **PREGNANT}
    rec = decision.recommend(KB, pregnant)
    assert "stop_tofacitinib" in {a.id for a in rec.actions}
    assert not any("tofacitinib" in i for i in _continued(rec))
    assert "tofacitinib" in {n.therapy for n in rec.not_suggested}


def test_glucocorticoid_dose_plans_stay_as_written_for_a_patient_on_glucocorticoids():
    rec = decision.recommend(KB, example("E"))  # on prednisone 40 mg/day: the pulse is still advised
    assert "pulse_methylprednisolone" in _offered(rec) and not _continued(rec)
