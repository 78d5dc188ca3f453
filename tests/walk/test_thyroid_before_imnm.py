"""Thyroid function is checked before a necrotising myopathy without its antibody is escalated.

Brief §3.2: hypothyroid myopathy (high CK) is misread as immune-mediated necrotising myopathy when TSH and free
T4 are not checked. Variations on a refractory seronegative IMNM patient: thyroid function unknown, normal,
raised; anti-HMGCR positive instead; and a dermatomyositis patient with thyroid function unknown.
"""

from __future__ import annotations

import decision

KB = decision.load()
IMNM = {
    "age": 55, "sex": "male", "diagnosis": {"subtype": "imnm", "ibm_features_excluded": True},
    "autoantibodies": [{"name": "hmgcr", "result": "negative"}, {"name": "srp", "result": "negative"}],
    "exposures": {"statin": "never"}, "ild": {"present": False}, "mri": {"oedema": True},
    "labs": {"ck": {"value": 6000, "uln": 200}, "egfr": 90},
    "muscle": {"active": True, "weakness": {"proximal": True, "trend": "stable"}},
    "cancer": {"active": False, "screening": "done", "screening_result": "negative"},
    "therapies": [{"drug": "glucocorticoids", "weeks": 30, "current": True},
                  {"drug": "methotrexate", "weeks": 16, "current": True, "outcome": "failed", "adequate_dose": True,
                   "adherent": True}],
}


def _with_labs(p: dict, **labs) -> dict:
    return {**p, "labs": {**p["labs"], **labs}}


def _escalated(rec) -> bool:
    return rec.status.code == "refractory_active"


def test_seronegative_imnm_with_thyroid_unknown_is_held_for_it():
    rec = decision.recommend(KB, IMNM)
    assert rec.status.code == "confirm_before_escalating"
    assert rec.missing[0].field in ("labs.thyroid_function", "labs.tsh")


def test_normal_thyroid_function_lets_it_escalate_and_raised_tsh_diverts():
    assert _escalated(decision.recommend(KB, _with_labs(IMNM, thyroid_function="normal")))
    raised = decision.recommend(KB, _with_labs(IMNM, tsh={"value": 20, "uln": 4.5}))
    assert raised.status.code == "alternative_diagnosis"


def test_anti_hmgcr_or_another_subtype_is_not_held_for_thyroid_function():
    hmgcr = {**IMNM, "autoantibodies": [{"name": "hmgcr", "result": "positive"}]}
    assert decision.recommend(KB, hmgcr).status.code != "confirm_before_escalating"
    dm = {**IMNM, "diagnosis": {"subtype": "dm", "ibm_features_excluded": True}}
    assert _escalated(decision.recommend(KB, dm))
