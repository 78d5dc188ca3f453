"""An urgent regimen cut short by a safety gate says so first; what remains is not presented as the regimen.

Anti-MDA5 rapidly progressive ILD needs pulse steroids with combination immunosuppression, never steroids
alone; severe dysphagia needs pulse steroids with IVIG (brief §5). An active infection or cancer holds those
drugs back. The answer must put the conflict first, naming what was withheld and why (variation audit).
"""

from __future__ import annotations

from example_patients import example

import decision

KB = decision.load()


def _first(rec):
    return rec.warnings[0] if rec.warnings else None


def test_scenario_e_alone_has_no_conflict():
    assert "urgent_regimen_incomplete" not in {w.id for w in decision.recommend(KB, example("E")).warnings}


def test_an_infection_or_a_cancer_cutting_the_combination_is_the_first_warning():
    for comorbidity, cancer, gate in (({"active_infection": True}, {}, "active_infection_hold_escalation"),
                                      ({}, {"active": True}, "active_cancer_hold_escalation")):
        rec = decision.recommend(KB, {**example("E"), "comorbidity": comorbidity, "cancer": cancer})
        assert rec.status.code == "emergency"
        first = _first(rec)
        assert first.id == "urgent_regimen_incomplete" and first.severity == "contraindication"
        assert {"tacrolimus", "cyclophosphamide"} <= set(first.therapies)
        assert gate in {w.id for w in rec.warnings}
        assert "not the regimen" in first.message


def test_severe_dysphagia_with_cancer_keeps_ivig():
    """IVIG is not immunosuppressive: an active cancer holds immunosuppression, not IVIG (round-10 audit; before,
    the cancer withheld IVIG and left a pulse alone, which this test then pinned)."""
    p = {"age": 60, "sex": "male", "diagnosis": {"subtype": "dm"}, "muscle": {"dysphagia": "severe"},
         "cancer": {"active": True}, "therapies": [{"drug": "glucocorticoids", "weeks": 3, "current": True}]}
    rec = decision.recommend(KB, p)
    assert rec.status.code == "emergency"
    assert "ivig" in {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert not any(w.id == "urgent_regimen_incomplete" and "ivig" in w.therapies for w in rec.warnings)


def test_a_refractory_patient_with_an_infection_gets_the_hold_not_the_urgent_conflict():
    f = example("F")
    rec = decision.recommend(KB, {**f, "comorbidity": {**f.get("comorbidity", {}), "active_infection": True}})
    assert rec.status.severity != "urgent"
    assert "urgent_regimen_incomplete" not in {w.id for w in rec.warnings}
