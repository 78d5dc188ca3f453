"""Issue 3 details: cancer-screening strata, the glucocorticoid plan, and the autoantibody testing caveat."""

from pathlib import Path

import yaml

import decision
from decision.patient.files import load_patient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "patients"


def rec_for(kb, name, **changes):
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
    data.update(changes)
    return decision.recommend(kb, data)


def test_cancer_screening_high_risk_dm(kb):
    cs = decision.recommend(kb, load_patient(EXAMPLES / "J-refractory-dm-abatacept.yaml")).cancer_screening
    assert cs["stratum"] == "high"
    assert {p["id"] for p in cs["panels"]} >= {"basic", "enhanced", "pet_ct"}
    assert cs["basis"]["expert_opinion"] is True


def test_cancer_screening_not_routine_in_juvenile_onset(kb):
    cs = decision.recommend(kb, load_patient(EXAMPLES / "K-new-jdm.yaml")).cancer_screening
    assert cs["applies"] is False and "juvenile" in cs["note"]


def test_cancer_screening_standard_risk_and_unknowns(kb):
    known = {"age": 35, "sex": "female", "diagnosis": {"subtype": "pm"}, "muscle": {"dysphagia": "none"},
             "skin": {"ulcers": False}, "autoantibodies": [{"name": "jo1", "result": "positive"}],
             "cancer": {"unexplained_weight_loss": False, "constitutional_symptoms": False}}
    cs = decision.recommend(kb, known).cancer_screening
    assert cs["stratum"] == "standard" and cs["could_be"] is None
    assert [p["id"] for p in cs["panels"]] == ["basic"]
    assert "antisynthetase syndrome / anti-Jo-1 or anti-EJ" in cs["lower_risk_features"]
    rec = decision.recommend(kb, {"diagnosis": {"subtype": "pm"}})
    assert rec.cancer_screening["could_be"] == "high"  # age, sex, dysphagia, ulcers, antibodies unknown
    assert any("cancer-screening stratum" in c for m in rec.missing for c in m.would_change)


def test_single_pet_ct_for_tif1g_dm_over_40_with_another_feature(kb):
    data = {"age": 62, "sex": "female", "diagnosis": {"subtype": "dm"}, "skin": {"ulcers": True},
            "autoantibodies": [{"name": "tif1g", "result": "positive"}]}
    panels = {p["id"] for p in decision.recommend(kb, data).cancer_screening["panels"]}
    assert "pet_single_tif1g" in panels or "pet_ct" in panels


def test_glucocorticoid_plan_from_weight_bsr_default_and_seed_alternative(kb):
    # issue 10: BSR 2022 is the default; the seed regimen is the named alternative
    new = {"age": 50, "sex": "male", "weight_kg": 70, "diagnosis": {"subtype": "pm"}, "treatment_naive": True,
           "ild": {"present": False}}
    plan = decision.recommend(kb, new).glucocorticoid_plan
    assert plan["default"]["regimen"] == "bsr_2022" and plan["default"]["start_mg_day"] == [35.0, 60.0]
    alt = plan["alternatives"][0]
    assert alt["regimen"] == "seed_cavagna"
    assert alt["start_mg_day"] == [70.0, 100.0]  # 1-2 mg/kg x 70 kg, capped at 100 mg/day


def test_glucocorticoid_plan_asks_for_weight(kb):
    plan = decision.recommend(kb, {"age": 50, "diagnosis": {"subtype": "pm"}, "treatment_naive": True,
                                   "ild": {"present": False}}).glucocorticoid_plan
    assert plan["missing"] == ["weight_kg"]


def test_weak_line_blot_band_is_uncertain_not_acted_on(kb):
    # issue 10: anti-Mi-2 raises rituximab among third-line options (second line failed), so test it there
    base = yaml.safe_load((EXAMPLES / "F-first-line-failure-mi2.yaml").read_text())
    third = [*base["therapies"], {"drug": "mycophenolate_mofetil", "weeks": 16, "current": False, "outcome": "failed"}]
    strong = rec_for(kb, "F-first-line-failure-mi2", therapies=third)
    weak = rec_for(kb, "F-first-line-failure-mi2", therapies=third,
                   autoantibodies=[{"name": "mi2", "result": "positive", "intensity": 10}])
    rank = next(a for a in strong.actions if a.therapy == "rituximab")
    assert any("HR 2.5" in r for r in rank.ranking)
    assert not any("HR 2.5" in r for a in weak.actions for r in a.ranking)  # not acted on when uncertain
    assert any(w.id == "uncertain_antibody" for w in weak.warnings)
    assert not any(w.id == "uncertain_antibody" for w in strong.warnings)


def test_every_therapy_action_carries_dose_and_response_time(kb):
    rec = rec_for(kb, "J-refractory-dm-abatacept")
    for a in rec.actions:
        if a.kind == "therapy" and "non_drug" not in kb.therapies[a.therapy].tags:  # exercise, sun protection
            assert a.dose and a.response_time, a.therapy


def test_unconfirmed_facts_are_presented_as_expert_opinion(kb):
    rec = rec_for(kb, "B-hmgcr-statin")
    stop = next(a for a in rec.actions if a.id == "hmgcr_stop_statin")
    assert stop.basis.expert_opinion and stop.basis.evidence == "expert_opinion"
    for node in kb.nodes.values():
        for basis in [node.basis, *(a.basis for a in node.actions)]:
            if basis.confidence == "opinion":
                assert basis.evidence == "expert_opinion"
