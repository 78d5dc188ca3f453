"""An unassessed lung in a serotype that usually brings ILD is not "no ILD" when the first agent is chosen.

Round-10 audit: a new (or glucocorticoid-only) anti-PL-12 or anti-PL-7 patient with no lung assessment was given
methotrexate first, the muscle-only choice, as if ILD were absent — against "missing data is unknown, never
silently no" and the round-9 rule that antisynthetase with an unassessed lung asks first. The choice now goes to
the ILD-directed agents (which treat the muscle too) with HRCT and lung function asked for now; a lung known to
be clear keeps the muscle choice.
"""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM, GLUCOCORTICOIDS

KB = decision.load()


def _patient(antibody: str, ild: dict, therapies: list) -> dict:
    base = {**ACTIVE_DM, "diagnosis": {"subtype": "asys", "ibm_features_excluded": True},
            "autoantibodies": [{"name": antibody, "result": "positive"}], "ild": ild}
    return {**base, "therapies": therapies} if therapies else {**base, "treatment_naive": True}


def test_an_unassessed_lung_in_antisynthetase_syndrome_chooses_an_ild_directed_agent():
    for antibody in ("jo1", "pl7", "pl12"):
        for therapies, node in (([], "act_initial_ild"), ([GLUCOCORTICOIDS], "act_add_sparing_ild")):
            rec = decision.recommend(KB, _patient(antibody, {}, therapies))
            assert node in rec.path, (antibody, node)
            assert "ild_assess_now" in {a.id for a in rec.actions}
            assert "methotrexate" not in {a.therapy for a in rec.actions if a.kind == "therapy"}


def test_a_lung_known_to_be_clear_keeps_the_muscle_choice():
    for therapies, node in (([], "act_initial_muscle"), ([GLUCOCORTICOIDS], "act_add_sparing_muscle")):
        rec = decision.recommend(KB, _patient("jo1", {"present": False}, therapies))
        assert node in rec.path and "ild_assess_now" not in {a.id for a in rec.actions}


def test_the_same_holds_for_escalation_and_for_a_switch_round_11():
    """Round 11: after methotrexate failed (or was not tolerated), an unassessed lung in antisynthetase syndrome
    still sent the patient along the muscle ladder (methotrexate + azathioprine, abatacept). Anti-MDA5 with an
    unassessed lung is an urgent question before any of this (act_pace_now)."""
    from tests.walk.patients import course
    for antibody in ("jo1", "pl7", "pl12"):
        for outcome, node in (("failed", "act_ladder_ild"), ("intolerant", "act_intolerance_ild")):
            history = [GLUCOCORTICOIDS, course("methotrexate", 16 if outcome == "failed" else 3, outcome)]
            rec = decision.recommend(KB, _patient(antibody, {}, history))
            assert node in rec.path, (antibody, outcome, rec.path)
            assert "ild_assess_now" in {a.id for a in rec.actions}
            assert not {"methotrexate", "methotrexate_azathioprine", "abatacept"} & {
                a.therapy for a in rec.actions if a.kind == "therapy"}
        clear = _patient(antibody, {"present": False}, [GLUCOCORTICOIDS, course("methotrexate", 16, "failed")])
        assert "act_ladder_ild" not in decision.recommend(KB, clear).path


def test_a_held_re_check_still_asks_for_the_lung_round_12():
    """Round 12: with the thyroid re-check holding, the HRCT and lung function that an antisynthetase patient
    with an unassessed lung needs were not mentioned at all."""
    from tests.walk.patients import course
    hypo = {**ACTIVE_DM["labs"], "thyroid_function": "hypothyroid"}
    patient = {**_patient("jo1", {}, [GLUCOCORTICOIDS, course("methotrexate", 16, "failed")]), "labs": hypo}
    rec = decision.recommend(KB, patient)
    assert "act_mimic_thyroid" in rec.path and "lung_assess_meanwhile" in {a.id for a in rec.actions}
    clear = {**patient, "ild": {"present": False}}
    assert "lung_assess_meanwhile" not in {a.id for a in decision.recommend(KB, clear).actions}
