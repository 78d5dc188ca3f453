"""Anti-HMGCR and anti-SRP necrotising myopathy: the serotype step at the start of therapy and later.

Brief §5 (IMNM rows) and §13.5: anti-HMGCR → stop the statin (never rechallenge), IVIG early, rituximab if the
response is insufficient; anti-SRP → early, intense therapy including rituximab, IVIG, check the heart. Brief
§3.2 (statin row): stop the statin whether the myopathy is toxic or autoimmune, and test anti-HMGCR. Variations
on one new patient (66-year-old man with a necrotising myopathy, untreated) and on the same man treated and
responding; a dermatomyositis patient on a statin as a control.
"""

from __future__ import annotations

import decision

KB = decision.load()
ADD_ON = {"ivig", "rituximab"}


def _new(*antibodies: tuple[str, str], statin: str | None = "current", **extra) -> dict:
    patient = {
        "age": 66, "sex": "male",
        "diagnosis": {"subtype": "imnm", "ibm_features_excluded": True}, "ild": {"present": False},
        "mri": {"oedema": True}, "labs": {"ck": {"value": 4200, "uln": 200}, "egfr": 85},
        "muscle": {"active": True, "weakness": {"proximal": True, "trend": "worsening"}},
        "treatment_naive": True,
        **extra,
    }
    if antibodies:
        patient["autoantibodies"] = [{"name": n, "result": r} for n, r in antibodies]
    if statin is not None:
        patient["exposures"] = {"statin": statin}
    return patient


def _treated(*antibodies: tuple[str, str], outcome: str = "responded", **extra) -> dict:
    patient = _new(*antibodies, **extra)
    del patient["treatment_naive"]
    patient["therapies"] = [
        {"drug": "glucocorticoids", "weeks": 20, "current": True},
        {"drug": "methotrexate", "weeks": 20, "current": True, "outcome": outcome,
         "adequate_dose": True, "adherent": True},
    ]
    patient["muscle"] = {"weakness": {"proximal": True, "trend": "improving"}}
    return patient


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


def _therapies(rec) -> dict[str, str]:
    """Suggested therapy → its timing."""
    return {a.therapy: a.timing for a in rec.actions if a.kind == "therapy" and a.therapy}


def _warnings(rec) -> set[str]:
    return {w.id for w in rec.warnings}


# --- new (untreated) patients ----------------------------------------------------------------------------------


def test_new_anti_hmgcr_on_a_statin_stops_it_and_adds_ivig_early_to_the_initial_regimen():
    rec = decision.recommend(KB, _new(("hmgcr", "positive")))
    assert rec.status.code == "initial_therapy"
    assert "act_initial_hmgcr" in rec.path and "act_initial_muscle" in rec.path
    assert "hmgcr_stop_statin" in _ids(rec)
    therapies = _therapies(rec)
    assert therapies["ivig"] == "now"
    assert therapies["rituximab"] == "if_insufficient"  # not now: only if the response is insufficient
    assert "glucocorticoids" in therapies and {"methotrexate", "azathioprine"} & set(therapies)
    assert "statin_still_taken" in _warnings(rec)
    assert "statin_hmgcr_untested" not in _warnings(rec)  # it was tested


def test_new_anti_hmgcr_after_a_past_statin_is_told_never_to_rechallenge():
    rec = decision.recommend(KB, _new(("hmgcr", "positive"), statin="past"))
    assert "hmgcr_no_rechallenge" in _ids(rec)
    assert "hmgcr_stop_statin" not in _ids(rec)  # nothing to stop: it was stopped before (variation audit)
    assert "statin_still_taken" not in _warnings(rec)  # nothing taken now
    assert _therapies(rec)["ivig"] == "now"


def test_new_anti_hmgcr_without_a_statin_has_no_statin_advice_but_ivig_early():
    rec = decision.recommend(KB, _new(("hmgcr", "positive"), statin="never"))
    assert "hmgcr_stop_statin" not in _ids(rec)
    assert not {"statin_still_taken", "statin_hmgcr_untested"} & _warnings(rec)
    assert _therapies(rec)["ivig"] == "now"


def test_new_anti_srp_gets_rituximab_and_ivig_from_the_start_and_a_cardiac_check():
    rec = decision.recommend(KB, _new(("srp", "positive"), ("hmgcr", "negative"), statin="never"))
    assert rec.status.code == "initial_therapy"
    assert "act_initial_srp" in rec.path
    therapies = _therapies(rec)
    assert therapies["rituximab"] == "now" and therapies["ivig"] == "now"
    assert "glucocorticoids" in therapies
    assert "srp_cardiac" in _ids(rec)


def test_new_seronegative_necrotising_myopathy_keeps_the_plain_initial_regimen():
    rec = decision.recommend(KB, _new(("hmgcr", "negative"), ("srp", "negative"), statin="never"))
    assert rec.status.code == "initial_therapy"
    assert rec.path[-3:] == ("check_initial_kind", "act_initial_muscle", "out_initial")
    assert not {"act_initial_hmgcr", "act_initial_srp"} & set(rec.path)
    assert not ADD_ON & set(_therapies(rec))


def test_new_patient_with_antibodies_unknown_is_not_given_serotype_therapy():
    rec = decision.recommend(KB, _new(statin="never"))
    assert rec.status.code == "initial_therapy"
    assert not {"act_initial_hmgcr", "act_initial_srp"} & set(rec.path)
    assert any(m.field == "autoantibodies" for m in rec.missing)  # asked for, not assumed negative


# --- treated patients --------------------------------------------------------------------------------------------


def test_responding_anti_hmgcr_continues_without_new_add_on_therapy():
    rec = decision.recommend(KB, _treated(("hmgcr", "positive"), statin="past"))
    assert rec.status.code == "responding"
    assert not ADD_ON & set(_therapies(rec))
    assert {"hmgcr_no_rechallenge", "responding_continue"} <= _ids(rec)
    assert not {a.id for a in rec.actions if a.kind == "stop"}


def test_responding_anti_srp_continues_without_rituximab_now_and_keeps_the_cardiac_check():
    rec = decision.recommend(KB, _treated(("srp", "positive"), statin="never"))
    assert rec.status.code == "responding"
    assert not ADD_ON & set(_therapies(rec))
    assert "srp_cardiac" in _ids(rec)


def test_anti_hmgcr_not_yet_responding_still_gets_ivig_early():
    rec = decision.recommend(KB, _treated(("hmgcr", "positive"), outcome="partial", statin="past"))
    assert rec.status.code != "responding"
    assert _therapies(rec).get("ivig") == "now"


def test_statin_taken_with_anti_hmgcr_untested_is_stopped_and_the_test_asked_for():
    rec = decision.recommend(KB, _treated(outcome="ongoing"))  # no antibody panel at all
    assert {"statin_still_taken", "statin_hmgcr_untested"} <= _warnings(rec)
    assert not ADD_ON & set(_therapies(rec))  # no serotype therapy on an unknown antibody


def test_statin_taken_with_anti_hmgcr_negative_is_stopped_without_asking_for_the_test_again():
    rec = decision.recommend(KB, _treated(("hmgcr", "negative"), outcome="ongoing"))
    assert "statin_still_taken" in _warnings(rec)
    assert "statin_hmgcr_untested" not in _warnings(rec)
    assert "hmgcr_stop_statin" not in _ids(rec)


# --- a control: dermatomyositis on a statin ----------------------------------------------------------------------


def test_dermatomyositis_on_a_statin_is_told_to_stop_it_and_nothing_of_imnm():
    patient = _new(("mi2", "positive"), ("hmgcr", "negative"), diagnosis={"subtype": "dm",
                                                                            "ibm_features_excluded": True})
    rec = decision.recommend(KB, patient)
    assert rec.status.code == "initial_therapy"
    assert "statin_still_taken" in _warnings(rec)
    assert "statin_hmgcr_untested" not in _warnings(rec)
    assert not {"act_initial_hmgcr", "act_initial_srp"} & set(rec.path)
    assert not {"hmgcr_stop_statin", "srp_cardiac"} & _ids(rec)
    assert not ADD_ON & set(_therapies(rec))
