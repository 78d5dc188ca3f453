"""Advice about a drug never contradicts a true gate on it, and a drug ruled out for a reason that applies to
continuing it is stopped when it is taken now.

The patient rows read like the clinic: a 45-year-old woman with anti-Mi-2 dermatomyositis, six weeks into
methotrexate (so not yet refractory), at several levels of kidney function; a child with the same history; and
a refractory patient on tofacitinib with a positive latent TB test.
"""

from pathlib import Path

import pytest

import decision
from decision.patient.files import load_patient
from decision.patient.model import parse_patient
from decision.walk.walker import facts_for

KB = decision.load()
EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "patients").glob("*.yaml"))

NOT_YET_MTX = {
    "age": 45, "sex": "female", "weight_kg": 65, "height_cm": 165,
    "pregnancy": {"status": "not_pregnant", "plans": "none", "contraception": True, "breastfeeding": False},
    "diagnosis": {"subtype": "dm", "ibm_features_excluded": True},
    "autoantibodies": [{"name": "mi2", "result": "positive"}, {"name": "hmgcr", "result": "negative"}],
    "muscle": {"active": True, "weakness": {"proximal": True, "trend": "stable"}},
    "mri": {"oedema": True}, "ild": {"present": False},
    "labs": {"ck": {"value": 3400, "uln": 200}},
    "hepatitis_b": {"hbsag": "negative", "anti_hbc": "negative"}, "tuberculosis": {"test": "negative"},
    "comorbidity": {"active_infection": False},
    "cancer": {"active": False, "screening": "done", "screening_result": "negative"},
    "therapies": [{"drug": "glucocorticoids", "weeks": 40, "current": True},
                  {"drug": "methotrexate", "weeks": 6, "current": True, "adequate_dose": True, "adherent": True}],
}
CHILD = {**{k: v for k, v in NOT_YET_MTX.items() if k != "pregnancy"}, "age": 12, "weight_kg": 40, "height_cm": 150}

ON_TOFACITINIB = {
    **NOT_YET_MTX,
    "therapies": [{"drug": "glucocorticoids", "weeks": 40, "current": True},
                  {"drug": "methotrexate", "weeks": 16, "outcome": "failed", "current": False},
                  {"drug": "mycophenolate_mofetil", "weeks": 16, "outcome": "failed", "current": False},
                  {"drug": "tofacitinib", "weeks": 6, "current": True, "adequate_dose": True, "adherent": True}],
}
MTX_ADVICE = {"not_yet_mtx", "not_yet_mtx_child", "not_yet_mtx_kidney"}


def _with(patient: dict, **changes) -> dict:
    out = {**patient, **changes}
    if "egfr" in changes:
        out.pop("egfr")
        out["labs"] = {**patient["labs"], "egfr": changes["egfr"]}
    return out


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


def _stops(rec) -> dict[str, object]:
    return {a.therapy: a for a in rec.actions if a.kind == "stop"}


@pytest.mark.parametrize("egfr", [25, 29.9])
def test_severely_reduced_kidney_function_stops_methotrexate_and_withdraws_the_advice_to_raise_it(egfr):
    rec = decision.recommend(KB, _with(NOT_YET_MTX, egfr=egfr))
    assert rec.status.code == "intolerance"  # replaced within its line, not continued (test_safety_stop_switch)
    assert not MTX_ADVICE & _ids(rec)
    stop = _stops(rec)["methotrexate"]
    assert stop.node == "methotrexate_kidney_severe" and rec.actions[0] is stop
    assert "eGFR below 30" in stop.text and "fda_label_methotrexate" in stop.basis.sources
    assert stop.inputs == {"labs.egfr": egfr}
    ruled_out = {n.therapy: n for n in rec.not_suggested}
    assert ruled_out["methotrexate"].by == "methotrexate_kidney_severe"


@pytest.mark.parametrize("egfr", [30, 45, 59])
def test_moderately_reduced_kidney_function_keeps_methotrexate_with_the_caution_on_the_advice(egfr):
    """Round-9 audit: 'optimise towards 20–25 mg/week' beside 'use a reduced dose' contradicted itself."""
    rec = decision.recommend(KB, _with(NOT_YET_MTX, egfr=egfr))
    assert "methotrexate" not in _stops(rec)
    assert "not_yet_mtx" not in _ids(rec)  # the dose is not raised
    advice = next(a for a in rec.actions if a.id == "not_yet_mtx_kidney")
    assert advice.text.startswith("kidney function reduced: do not raise methotrexate")
    assert "Caution — Methotrexate with reduced kidney function" in advice.text
    assert "at 30–59 use a reduced dose" in advice.text
    assert advice.inputs["labs.egfr"] == egfr
    assert "methotrexate" not in {n.therapy for n in rec.not_suggested}


@pytest.mark.parametrize("egfr", [60, 90, None])
def test_normal_or_unknown_kidney_function_leaves_the_advice_as_written(egfr):
    patient = NOT_YET_MTX if egfr is None else _with(NOT_YET_MTX, egfr=egfr)
    rec = decision.recommend(KB, patient)
    advice = next(a for a in rec.actions if a.id == "not_yet_mtx")
    assert advice.text == "optimise methotrexate towards 20–25 mg/week (with folic acid)"
    assert not _stops(rec)
    if egfr is None:  # unknown is never "no": the kidney check is due while methotrexate is taken
        check = next(w for w in rec.warnings if w.id == "methotrexate_kidney_severe")
        assert check.severity == "screening_due" and check.missing == ("labs.egfr",)


@pytest.mark.parametrize(("egfr", "stopped"), [(25, True), (45, False), (90, False)])
def test_a_child_gets_the_same_protection_with_the_paediatric_advice(egfr, stopped):
    rec = decision.recommend(KB, _with(CHILD, egfr=egfr))
    assert rec.status.code == ("intolerance" if stopped else "not_yet_refractory")  # a stopped drug is replaced
    assert "not_yet_mtx" not in _ids(rec)  # never the adult dose
    assert ("methotrexate" in _stops(rec)) is stopped
    assert ("not_yet_mtx_child" in _ids(rec)) is (egfr >= 60)
    assert ("not_yet_mtx_kidney" in _ids(rec)) is (30 <= egfr < 60)


def test_methotrexate_not_taken_now_is_not_stopped_but_still_ruled_out():
    naive = _with(NOT_YET_MTX, egfr=25, therapies=[{"drug": "glucocorticoids", "weeks": 6, "current": True}])
    rec = decision.recommend(KB, naive)
    assert not _stops(rec)
    assert not MTX_ADVICE & _ids(rec)
    assert "methotrexate" not in {a.therapy for a in rec.actions}
    assert {n.therapy: n.by for n in rec.not_suggested}["methotrexate"] == "methotrexate_kidney_severe"


def test_another_steroid_sparing_drug_taken_now_is_not_stopped_by_the_kidney_gate():
    on_aza = _with(NOT_YET_MTX, egfr=25, therapies=[
        {"drug": "glucocorticoids", "weeks": 40, "current": True},
        {"drug": "azathioprine", "weeks": 6, "current": True, "adequate_dose": True, "adherent": True}])
    rec = decision.recommend(KB, on_aza)
    assert rec.status.code == "not_yet_refractory"
    assert not _stops(rec) and not MTX_ADVICE & _ids(rec)


@pytest.mark.parametrize("test", ["positive", "indeterminate"])
def test_untreated_latent_tb_stops_tofacitinib_taken_now(test):
    rec = decision.recommend(KB, _with(ON_TOFACITINIB, tuberculosis={"test": test, "treated": False}))
    stop = _stops(rec)["tofacitinib"]
    assert stop.node == "latent_tb_jak_tnf" and "treat latent TB first" in stop.text
    assert set(stop.basis.sources) == {"fda_label_tofacitinib", "eular_2022_infections"}
    assert "tofacitinib" not in {a.therapy for a in rec.actions if a.kind == "therapy"}
    assert any(w.id == "latent_tb_jak_tnf" and w.severity == "contraindication" for w in rec.warnings)


@pytest.mark.parametrize("tb", [{"test": "positive", "treated": True}, {"test": "negative"}])
def test_treated_or_negative_latent_tb_does_not_stop_tofacitinib(tb):
    rec = decision.recommend(KB, _with(ON_TOFACITINIB, tuberculosis=tb))
    assert not _stops(rec)


def test_tofacitinib_ruled_out_but_not_taken_is_not_suggested_and_not_stopped():
    not_taken = _with(ON_TOFACITINIB, tuberculosis={"test": "positive", "treated": False},
                      therapies=ON_TOFACITINIB["therapies"][:3])
    rec = decision.recommend(KB, not_taken)
    assert rec.status.code == "refractory_active"
    assert not _stops(rec)
    by = {n.therapy: n.by for n in rec.not_suggested}
    assert by["tofacitinib"] == by["tnf_inhibitor"] == "latent_tb_jak_tnf"
    assert not {"tofacitinib", "tnf_inhibitor"} & {a.therapy for a in rec.actions}


def test_both_stops_together_and_glucocorticoids_never_stopped():
    both = _with(ON_TOFACITINIB, egfr=20, tuberculosis={"test": "positive", "treated": False}, therapies=[
        {"drug": "glucocorticoids", "weeks": 40, "current": True},
        {"drug": "methotrexate", "weeks": 16, "outcome": "failed", "current": True},
        {"drug": "mycophenolate_mofetil", "weeks": 16, "outcome": "failed", "current": False},
        {"drug": "tofacitinib", "weeks": 6, "current": True}])
    rec = decision.recommend(KB, both)
    assert set(_stops(rec)) == {"methotrexate", "tofacitinib"}
    assert [a.id for a in rec.actions].count("stop_methotrexate") == 1


def test_no_gate_that_stops_a_drug_reaches_a_glucocorticoid():
    for rule in KB.rules:
        if rule.stop_if_current:
            assert rule.kind == "gate" and rule.effect == "exclude"
            assert all(KB.therapies[t].drug_class != "glucocorticoid" for t in KB.lookups.rule_targets[rule.id])


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_at_egfr_25_holds_no_methotrexate_advice_and_stops_a_current_course(path):
    patient = load_patient(path).model_dump(exclude_none=True)
    patient["labs"] = {**patient.get("labs", {}), "egfr": 25}
    rec = decision.recommend(KB, patient)
    concerning = {key for key, tid in KB.lookups.concerns.items() if tid == "methotrexate"}
    assert not {(a.node, a.id) for a in rec.actions} & concerning
    assert all(KB.therapies[a.therapy].drug_class != "glucocorticoid" for a in rec.actions if a.kind == "stop"
               and a.therapy)
    taking = bool({"methotrexate", "methotrexate_azathioprine"} & (facts_for(KB, parse_patient(patient))
                                                                    .get("current_drugs") or frozenset()))
    assert ("methotrexate" in _stops(rec) or "methotrexate_azathioprine" in _stops(rec)) is taking
