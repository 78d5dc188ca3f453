"""The three trial example patients, the trial leads of a refractory walk, and the CLI over both."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import decision
from decision.patient.files import load_patient
from decision.trials import bundled_trials, eligibility, trial_leads
from decision.trials.eligibility import LEAD_TRIAL_STATUSES
from decision.trials.models import STATUS_TEXT

LEAD_STATUS_TEXTS = {STATUS_TEXT[s] for s in LEAD_TRIAL_STATUSES}  # a result carries the status as text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "patients"
TR1 = EXAMPLES / "TR-1-eligible-im101-611.yaml"
TR2 = EXAMPLES / "TR-2-excluded-recent-antibiotics.yaml"
TR3 = EXAMPLES / "TR-3-possibly-eligible-two-unknowns.yaml"


def im101(kb, path):
    return next(r for r in eligibility(kb, load_patient(path)) if r.registry_id == "NCT02971683")


def test_tr1_is_eligible_for_im101_611_on_every_criterion(kb):
    r = im101(kb, TR1)
    assert r.verdict == "eligible" and not r.failed and not r.unknown
    assert all(c.outcome == "passes" for c in r.criteria)
    assert r.site_checks, "what the site checks is still listed"


def test_tr2_is_excluded_by_one_criterion(kb):
    r = im101(kb, TR2)
    assert r.verdict == "not_eligible"
    assert [c.id for c in r.failed] == ["recent_infection_antibiotics"]
    assert not r.unknown


def test_tr3_is_possibly_eligible_with_two_unknowns_named(kb):
    r = im101(kb, TR3)
    assert r.verdict == "possibly_eligible" and not r.failed
    assert {c.id: c.asks for c in r.unknown} == {"severe_damage": ("muscle.damage_mdi",),
                                                  "chronic_infection": ("comorbidity.chronic_infection",)}


def test_completed_trial_reads_would_have_qualified(kb):
    proderm = next(r for r in eligibility(kb, load_patient(TR1)) if r.trial_id == "proderm")
    assert proderm.completed and proderm.verdict_text == "would have qualified"


def test_every_criterion_result_names_its_facts_and_source(kb):
    for r in eligibility(kb, load_patient(TR3)):
        for c in r.criteria:
            assert c.source and c.settle and c.rule
            assert c.used or c.missing, f"{r.trial_id}.{c.id} read no fact"


def test_decision_exports_eligibility(kb):
    assert decision.eligibility is eligibility
    assert decision.eligibility(kb, load_patient(TR1))[0].verdict == "eligible"


def test_eligibility_accepts_a_trials_bundle_and_rejects_bad_input(kb):
    assert eligibility(bundled_trials(), {"age": 30})[0].trial_id == "im101_611"
    with pytest.raises(decision.PatientInputError, match="age"):
        eligibility(kb, {"age": -3})
    with pytest.raises(decision.PatientInputError, match="therapies\\[0\\].drug"):
        eligibility(kb, {"therapies": [{"drug": "unicorn_extract", "current": True}]})


def test_refractory_walk_gets_trial_leads_with_dated_status(kb):
    patient = load_patient(TR3)
    rec = decision.recommend(kb, patient)
    assert rec.status.code == "refractory_active"
    leads = trial_leads(None, patient, rec.status.code, kb=kb)
    assert rec.trial_leads == leads  # the recommendation carries them, after the ladder's therapies
    # ProDERM is completed and IM101-611 is not recruiting: a lead is a trial the patient could still enter
    assert [lead.registry_id for lead in leads] == ["NCT04946669"]
    assert "status unknown (not verified recently) as of 2025; check the registry" in leads[0].text
    im101 = next(r for r in eligibility(kb, patient) if r.registry_id == "NCT02971683")
    assert im101.verdict == "possibly_eligible"  # still judged in full on the trials page


def test_no_leads_outside_refractory_disease_or_when_excluded(kb):
    patient = load_patient(TR1)
    assert trial_leads(None, patient, "not_yet_refractory", kb=kb) == ()
    excluded = load_patient(TR2)
    assert "NCT02971683" not in [lead.registry_id for lead in trial_leads(None, excluded, "refractory_active", kb=kb)]
    assert trial_leads(None, {"age": 12}, "refractory_active", kb=kb) == ()


def cli(*args):
    return subprocess.run([sys.executable, "-m", "decision.cli", "trials", *map(str, args)],
                          capture_output=True, text=True)


def test_cli_trials_json_and_text():
    out = cli(TR3, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data[0]["verdict"] == "possibly_eligible" and data[0]["unknown"] == ["severe_damage", "chronic_infection"]
    text = cli(TR2).stdout
    assert "Verdict: NOT ELIGIBLE" in text and "[NO] exclusion recent_infection_antibiotics: present" in text
    assert "check the registry" in text


def test_cli_pipeline_filters():
    out = cli("pipeline", "--group", "ibm")
    assert out.returncode == 0
    assert "Bimagrumab" in out.stdout and "Rituximab" not in out.stdout
    assert "as of 2022" in out.stdout
    rows = json.loads(cli("pipeline", "--search", "kezar", "--format", "json").stdout)
    assert [r["agent"] for r in rows] == ["KZR-616"]


def test_cli_bad_input_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("age: -3\n")
    out = cli(bad)
    assert out.returncode == 2 and "age" in out.stderr and "Traceback" not in out.stderr
    out = cli(TR1, "--on", "June")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr


def test_leads_say_what_the_full_criteria_table_says_for_every_example(kb):
    """Leads are judged without the criteria table and stop at a failing criterion; they must agree with it."""
    checked = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        patient = load_patient(path)
        expected = [(r.trial_id, r.verdict, tuple(dict.fromkeys(q for c in r.unknown for q in c.asks or (c.settle,))))
                    for r in eligibility(kb, patient)
                    if not r.completed and r.verdict != "not_eligible" and r.status in LEAD_STATUS_TEXTS]
        leads = trial_leads(None, patient, "refractory_active", kb=kb)
        assert [(lead.trial_id, lead.verdict, lead.open_questions) for lead in leads] == expected, path
        checked += bool(expected)
    assert checked >= 2  # the examples include patients who are leads for some trial
