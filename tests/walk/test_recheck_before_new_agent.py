"""The diagnosis is re-checked before any new immunosuppressant, not only before the ladder.

A switch after intolerance and a steroid-sparing agent added to glucocorticoids alone both start a new
immunosuppressive drug. Lundberg step 2 (brief §3.2) comes before every change of therapy: IBM does not respond
to immunosuppression, and hypothyroidism or an unscreened cancer is settled first. Variations of scenario I
(intolerance) and of P18 (glucocorticoids alone), each with one mimic added, and each unchanged.
"""

from __future__ import annotations

import pytest
from example_patients import example

import decision

KB = decision.load()
IMMUNOSUPPRESSANTS = {t for t, therapy in KB.therapies.items() if therapy.immunosuppressive}


def _new_agents(rec) -> set[str]:
    return {a.therapy for a in rec.actions if a.kind == "therapy"} & IMMUNOSUPPRESSANTS


def _ibm_pattern(p: dict) -> dict:
    return {**p, "age": 68, "diagnosis": {"subtype": "pm"},
            "muscle": {**p["muscle"], "weakness": {**p["muscle"]["weakness"], "finger_flexors": True}}}


def _raised_tsh(p: dict) -> dict:
    return {**p, "labs": {**p.get("labs", {}), "tsh": {"value": 18, "uln": 4.5}}}


def _tif1g_unscreened(p: dict) -> dict:
    # within the IMACS window (a year from onset): the screening is due, so an unscreened cancer is settled first
    return {**p, "diagnosis": {"subtype": "dm", "ibm_features_excluded": True, "disease_duration_months": 12},
            "autoantibodies": [{"name": "tif1g", "result": "positive"}], "cancer": {"screening": "not_done"}}


MIMICS = {"IBM pattern at 68, IBM not excluded": (_ibm_pattern, "confirm_before_escalating"),
          "TSH four times the upper limit": (_raised_tsh, "alternative_diagnosis"),
          "anti-TIF1γ, cancer screening not done": (_tif1g_unscreened, "alternative_diagnosis")}
PATHS = {"intolerance (scenario I)": ("I", "intolerance"),
         "glucocorticoids alone (P18)": ("P18", "add_steroid_sparing")}


@pytest.mark.parametrize("path", PATHS)
def test_without_a_mimic_the_new_agent_is_suggested(path):
    letter, status = PATHS[path]
    rec = decision.recommend(KB, example(letter))
    assert rec.status.code == status
    assert _new_agents(rec)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("mimic", MIMICS)
def test_a_mimic_stops_the_new_agent_until_it_is_settled(path, mimic):
    letter, _ = PATHS[path]
    change, status = MIMICS[mimic]
    rec = decision.recommend(KB, change(example(letter)))
    assert rec.status.code == status, (path, mimic)
    assert not _new_agents(rec), (path, mimic, _new_agents(rec))


def test_ibm_excluded_by_the_clinician_lets_the_switch_go_ahead():
    p = _ibm_pattern(example("I"))
    rec = decision.recommend(KB, {**p, "diagnosis": {"subtype": "pm", "ibm_features_excluded": True}})
    assert rec.status.code == "intolerance"
    assert _new_agents(rec)
