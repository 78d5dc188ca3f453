"""Sixth variation audit, on the answer's consistency with itself: a drug stopped now is not then checked or
cautioned 'while taking' it; IBM on immunosuppression is told to withdraw it; a cancer known to be active is
treated, not searched for.
"""

from __future__ import annotations

from example_patients import example

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()


def test_a_drug_stopped_now_gets_no_check_or_caution_about_taking_it():
    breastfeeding = active_dm(course("methotrexate", 30, "responded", True),
                              pregnancy={"status": "not_pregnant", "plans": "none", "breastfeeding": True},
                              labs={**active_dm()["labs"], "egfr": 50})
    rec = decision.recommend(KB, breastfeeding)
    assert "methotrexate" in {a.therapy for a in rec.actions if a.kind == "stop"}
    about = [w for w in rec.warnings if "methotrexate" in w.therapies]
    assert about and all(w.severity == "contraindication" or w.id == "regimen_incomplete" for w in about), \
        [(w.id, w.severity) for w in about]


def test_ibm_on_immunosuppression_is_told_to_withdraw_it_gradually():
    rec = decision.recommend(KB, example("M"))
    assert rec.status.code == "ibm"
    withdraw = next(a for a in rec.actions if a.id == "ibm_withdraw")
    assert "taper" in withdraw.text and "never stopped abruptly" in withdraw.text
    untreated = {**example("M"), "therapies": [], "treatment_naive": True, "glucocorticoid": {}}
    assert "ibm_withdraw" not in {a.id for a in decision.recommend(KB, untreated).actions}


def test_a_known_active_cancer_is_treated_not_searched_for():
    rec = decision.recommend(KB, example("P26"))
    ids = {a.id for a in rec.actions}
    assert "mimic_cancer_treat" in ids and "mimic_cancer_screen" not in ids
