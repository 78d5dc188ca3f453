"""Treatment-history readings from the round-11 audit that each needed a principle of their own.

- Glucocorticoids are not judged as an agent that failed or was not tolerated: a past steroid psychosis at 60 mg
  left a pregnant woman with no prednisolone, and a 3-day pulse at onset recorded "failed" withheld the pulse
  for severe dysphagia.
- "Optimise methotrexate" is advice for a methotrexate still being judged, not for one that failed at an
  adequate dose while an agent added to it runs its clock.
- A switch with another steroid-sparing agent taken now (methotrexate and azathioprine started together, the
  methotrexate stopped at eGFR 25) keeps that agent; the ladder's options become "if insufficient".
"""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()


def _therapies(rec) -> dict[str, str]:
    return {a.therapy: a.timing for a in rec.actions if a.kind == "therapy"}


def test_a_past_glucocorticoid_intolerance_does_not_ban_glucocorticoids_in_pregnancy():
    rec = decision.recommend(KB, {**ACTIVE_DM, "therapies": [course("glucocorticoids", 6, "intolerant"),
                                                             course("azathioprine", 16, "failed", current=True)],
                                  "pregnancy": {"status": "pregnant", "gestation_weeks": 12, "breastfeeding": False}})
    assert "glucocorticoids" in _therapies(rec)
    gc = next(a for a in rec.actions if a.therapy == "glucocorticoids" and a.kind == "therapy")
    assert "not tolerated" in gc.text


def test_a_pulse_that_did_not_settle_an_earlier_flare_is_not_banned_from_an_emergency():
    rec = decision.recommend(KB, active_dm(course("pulse_methylprednisolone", 1, "failed"),
                                           course("methotrexate", 4, None, current=True),
                                           muscle={**ACTIVE_DM["muscle"], "dysphagia": "severe"}))
    assert rec.status.code == "emergency"
    assert "pulse_methylprednisolone" in _therapies(rec)


def test_optimise_methotrexate_only_while_it_is_being_judged():
    failed = decision.recommend(KB, active_dm(course("methotrexate", 24, "failed", current=True),
                                              course("azathioprine", 8, None, current=True)))
    assert "not_yet_mtx" not in {a.id for a in failed.actions}
    early = decision.recommend(KB, active_dm(course("methotrexate", 8, None, current=True)))
    assert "not_yet_mtx" in {a.id for a in early.actions}


def test_a_switch_keeps_the_other_steroid_sparing_agent_taken_now():
    both = decision.recommend(KB, active_dm(course("methotrexate", 6, None, current=True),
                                            course("azathioprine", 6, None, current=True),
                                            labs={**ACTIVE_DM["labs"], "egfr": 25}))
    plans = " ".join(a.text for a in both.actions if a.kind == "plan")
    assert "continue Azathioprine" in plans
    assert all(t == "if_insufficient" for d, t in _therapies(both).items() if d != "exercise_rehabilitation")
    alone = decision.recommend(KB, active_dm(course("methotrexate", 6, None, current=True),
                                             labs={**ACTIVE_DM["labs"], "egfr": 25}))
    assert _therapies(alone).get("azathioprine") == "now"


def test_a_response_stated_against_an_active_muscle_or_an_unjudged_lung_is_flagged():
    """Round 11: 'responded' with CK 12 times the limit and MRI oedema gave 'continue and taper' with no word of
    the contradiction; an ILD whose activity was never judged did not appear at all."""
    active = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True)))
    assert active.status.code == "responding"
    assert "responding_but_muscle_active" in {a.id for a in active.actions}
    quiet_muscle = {"active": False, "weakness": {"proximal": False, "trend": "improving"}}
    quiet = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True),
                                             muscle=quiet_muscle, mri={"oedema": False},
                                             labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}}))
    assert "responding_but_muscle_active" not in {a.id for a in quiet.actions}
    lung = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True),
                                            muscle=quiet_muscle, mri={"oedema": False},
                                            labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}},
                                            ild={"present": True, "rapidly_progressive": False}))
    assert "responding_lung_unjudged" in {a.id for a in lung.actions}


def test_a_response_beside_an_antisynthetase_lung_never_assessed_is_flagged_round_12():
    quiet_muscle = {"active": False, "weakness": {"proximal": False, "trend": "improving"}}
    rec = decision.recommend(KB, active_dm(course("methotrexate", 20, "responded", current=True),
                                           muscle=quiet_muscle, mri={"oedema": False}, ild={},
                                           labs={**ACTIVE_DM["labs"], "ck": {"value": 150, "uln": 200}},
                                           diagnosis={"subtype": "asys", "ibm_features_excluded": True},
                                           autoantibodies=[{"name": "jo1", "result": "positive"}]))
    assert rec.status.code == "responding" and "responding_lung_unjudged" in {a.id for a in rec.actions}


def test_a_pulse_after_oral_glucocorticoids_not_tolerated_says_so_round_12():
    rec = decision.recommend(KB, {**ACTIVE_DM, "muscle": {**ACTIVE_DM["muscle"], "dysphagia": "severe"},
                                  "therapies": [course("glucocorticoids", 3, "intolerant"),
                                                course("methotrexate", 4, None, current=True)]})
    pulse = next(a for a in rec.actions if a.therapy == "pulse_methylprednisolone")
    assert "not tolerated" in pulse.text
