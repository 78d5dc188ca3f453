"""Cancer screening holds escalation where the guideline says to screen, and only there.

Brief §5, §8, §13.6 (IMACS 2023): in adult-onset myositis within 3 years of onset, cancer screening comes before
calling the disease an immune treatment failure, and escalation waits while screening is incomplete — unknown
screening is never read as done when the risk is high. Juvenile onset and disease past the 3-year window are
outside the schedule. The pathway's question and the answer's own screening block read one definition of that
scope (``cancer_screening_indicated``) and of the stratum, so they must agree on every patient. Variations on one
woman with refractory dermatomyositis ten months from onset, whose methotrexate has failed.
"""

from __future__ import annotations

import pytest

import decision

KB = decision.load()
IMMUNOSUPPRESSANTS = {t for t, therapy in KB.therapies.items() if therapy.immunosuppressive}
NOT_DONE = {"history": False, "screening": "not_done"}
UNKNOWN = {"history": False}
NEGATIVE = {"history": False, "active": False, "screening": "done", "screening_result": "negative",
            "red_flag_investigated": True}  # a red flag, where there is one, was part of what the screen looked at


def _patient(*, cancer: dict, antibody: str | None = "tif1g", age: float = 58, sex: str = "female",
             diagnosis: dict | None = None, dysphagia: str = "none", weight_loss: bool = False, **extra) -> dict:
    return {
        "age": age, "sex": sex,
        "pregnancy": {"status": "not_pregnant", "plans": "none", "breastfeeding": False, "contraception": True},
        "diagnosis": diagnosis or {"subtype": "dm", "ibm_features_excluded": True, "disease_duration_months": 10},
        "autoantibodies": ([{"name": antibody, "result": "positive"}] if antibody
                           else [{"name": n, "result": "negative"} for n in ("tif1g", "nxp2", "mi2", "jo1")]),
        "ild": {"present": False},
        "mri": {"oedema": True}, "labs": {"ck": {"value": 1400, "uln": 200}, "egfr": 90, "thyroid_function": "normal"},
        "muscle": {"active": True, "dysphagia": dysphagia, "weakness": {"proximal": True, "trend": "stable"}},
        "skin": {"ulcers": False},
        "cancer": {"unexplained_weight_loss": weight_loss, "constitutional_symptoms": False, **cancer},
        "therapies": [{"drug": "glucocorticoids", "weeks": 30, "current": True},
                      {"drug": "methotrexate", "weeks": 16, "current": True, "outcome": "failed",
                       "adequate_dose": True, "adherent": True}],
        **extra,
    }


def _since(months: float) -> dict:
    return {"subtype": "dm", "ibm_features_excluded": True, "disease_duration_months": months}


JUVENILE_ONSET = {"age": 24, "diagnosis": {"subtype": "dm", "ibm_features_excluded": True, "onset_age": 9}}
HIGH_RISK_MAN = {"age": 71, "sex": "male", "antibody": None, "diagnosis": _since(8), "dysphagia": "moderate",
                 "weight_loss": True}
LOW_RISK = {"age": 35, "antibody": "jo1", "diagnosis": {"subtype": "pm", "ibm_features_excluded": True,
                                                         "disease_duration_months": 10}}

# name → (patient, expected status, escalation offered?, screening block applies)
CASES = {
    "adult DM within 3 years, anti-TIF1γ, screening not done": (
        _patient(cancer=NOT_DONE), "alternative_diagnosis", False, True),
    "adult DM within 3 years, anti-TIF1γ, screening unknown": (
        _patient(cancer=UNKNOWN), "confirm_before_escalating", False, True),
    "adult DM within 3 years, anti-TIF1γ, screened negative": (
        _patient(cancer=NEGATIVE), "refractory_active", True, True),
    "adult DM within 3 years, screen positive, activity unknown": (
        _patient(cancer={"history": False, "screening": "done", "screening_result": "positive"}),
        "alternative_diagnosis", False, True),
    "adult DM within 3 years, screen positive, cancer not active": (
        _patient(cancer={**NEGATIVE, "screening_result": "positive"}), "refractory_active", True, True),
    "juvenile onset at 9, now 24, anti-TIF1γ, screening not done": (
        _patient(cancer=NOT_DONE, **JUVENILE_ONSET), "refractory_active", True, False),
    "juvenile onset, now 24, anti-TIF1γ, screening unknown": (
        _patient(cancer=UNKNOWN, **JUVENILE_ONSET), "refractory_active", True, False),
    "adult onset 10 years ago, anti-TIF1γ, screening not done": (
        _patient(cancer=NOT_DONE, diagnosis=_since(120)), "refractory_active", True, False),
    "high-risk man (DM, dysphagia, weight loss), seronegative, screening unknown": (
        _patient(cancer=UNKNOWN, **HIGH_RISK_MAN), "confirm_before_escalating", False, True),
    "high-risk man, seronegative, screening not done": (
        _patient(cancer=NOT_DONE, **HIGH_RISK_MAN), "alternative_diagnosis", False, True),
    "high-risk man, seronegative, screened negative": (
        _patient(cancer=NEGATIVE, **HIGH_RISK_MAN), "refractory_active", True, True),
    "low-risk (PM, anti-Jo-1, 35), screening unknown": (  # IMACS: every adult in scope is screened (round 9)
        _patient(cancer=UNKNOWN, **LOW_RISK), "confirm_before_escalating", False, True),
    "adult DM, anti-NXP2, screening unknown": (
        _patient(cancer=UNKNOWN, antibody="nxp2"), "confirm_before_escalating", False, True),
    "adult DM, seronegative woman (moderate risk), screening unknown": (
        _patient(cancer=UNKNOWN, antibody=None), "confirm_before_escalating", False, True),
    "adult DM, anti-TIF1γ, onset unknown, screening not done": (
        _patient(cancer=NOT_DONE, diagnosis={"subtype": "dm", "ibm_features_excluded": True}),
        "confirm_before_escalating", False, None),
}


def _escalated(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"} & IMMUNOSUPPRESSANTS


def _cancer_branch(rec):
    step = next(s for s in rec.trace if s.node == "check_mimics")
    return next(b for b in step.branches if b.label == "cancer not excluded")


@pytest.mark.parametrize("name", CASES)
def test_status_and_escalation(name):
    patient, status, escalates, _ = CASES[name]
    rec = decision.recommend(KB, patient)
    assert rec.status.code == status, name
    assert bool(_escalated(rec)) is escalates, (name, _escalated(rec))


@pytest.mark.parametrize("name", CASES)
def test_the_pathway_and_the_screening_block_agree(name):
    patient, _, _, applies = CASES[name]
    rec = decision.recommend(KB, patient)
    assert rec.cancer_screening["applies"] is applies, name
    branch = _cancer_branch(rec)
    assert dict(branch.inputs).get("cancer_screening_indicated") is applies, name  # the same fact, read by both
    screening_question = rec.path[-2] == "act_mimic_cancer" or any(h.branch == "cancer not excluded"
                                                                  for h in rec.held)
    if applies is False:  # outside the schedule the pathway asks for no screening either
        assert not screening_question, name
    if patient["cancer"].get("screening") == "not_done" and applies:
        assert rec.path[-2] == "act_mimic_cancer", name


def test_a_high_risk_stratum_holds_for_the_screening_status():
    rec = decision.recommend(KB, CASES["high-risk man (DM, dysphagia, weight loss), seronegative, "
                                       "screening unknown"][0])
    assert rec.cancer_screening["stratum"] == "high"
    (held,) = rec.held
    assert held.branch == "cancer not excluded"
    assert "cancer.screening" in held.ask
    assert held.clues.get("cancer_risk_stratum") == "high" or held.clues.get("cancer.unexplained_weight_loss")


def test_a_low_or_moderate_stratum_with_screening_unrecorded_holds_until_it_is_recorded():
    """Round-9 audit (SAFETY): a 78-year-old with DM for 14 months, screening not recorded, was escalated. IMACS
    2023 screens every adult within 3 years of onset, and 'not done' would forbid escalation: it is asked first."""
    for name in ("low-risk (PM, anti-Jo-1, 35), screening unknown",
                 "adult DM, seronegative woman (moderate risk), screening unknown"):
        rec = decision.recommend(KB, CASES[name][0])
        assert rec.cancer_screening["stratum"] in ("standard", "moderate"), name
        (held,) = rec.held
        assert held.branch == "cancer not excluded" and "cancer.screening" in held.ask, name


def test_a_positive_screen_with_activity_unknown_is_worked_up():
    rec = decision.recommend(KB, CASES["adult DM within 3 years, screen positive, activity unknown"][0])
    assert "mimic_cancer_positive_screen" in {a.id for a in rec.actions}
    assert _cancer_branch(rec).outcome == "true"


def test_an_unknown_onset_asks_for_it_before_escalating():
    rec = decision.recommend(KB, CASES["adult DM, anti-TIF1γ, onset unknown, screening not done"][0])
    (held,) = rec.held
    assert {"diagnosis.disease_duration_months", "diagnosis.onset_age"} <= set(held.ask)
    assert "age" not in held.ask and "diagnosis.subtype" not in held.ask  # known: not asked again


def test_a_known_active_cancer_diverts_whatever_the_window():
    for diagnosis in (_since(120), JUVENILE_ONSET["diagnosis"]):
        rec = decision.recommend(KB, _patient(cancer={"active": True}, diagnosis=diagnosis, age=40))
        assert rec.status.code == "alternative_diagnosis"
        assert not _escalated(rec)


def test_a_red_flag_outside_the_window_holds_for_active_cancer():
    rec = decision.recommend(KB, _patient(cancer={"history": False, "screening": "not_done"},
                                          diagnosis=_since(120), weight_loss=True))
    assert rec.cancer_screening["applies"] is False
    assert "red_flag_review" in {p["id"] for p in rec.cancer_screening["panels"]}
    # screening recorded as not done with a red flag: investigate (round 10), not merely ask about active cancer
    assert rec.status.code == "alternative_diagnosis" and "mimic_cancer_screen" in {a.id for a in rec.actions}
