"""A drug a safety gate stops is replaced on every path, and gated options never take the places (round 10).

- On the damage, steroid-myopathy and second-examination paths the stop was said and nothing took its place
  (the switch was wired only into the duration and response checks). Those paths now offer the replacement
  within the line, and "keep the current maintenance" is not said of a regimen losing a drug.
- A node's options were cut to its number of places before the gates ran: two teratogens filled both places and a
  woman trying to conceive was left with no switch, while tacrolimus, compatible, was cut. Options a gate removes
  now give up their places; pregnant or trying, compatible options rank before rituximab ("only if no
  alternative", ACR 2020).
"""

from __future__ import annotations

import decision
from tests.walk.patients import active_dm, course

KB = decision.load()
DAMAGE = {"mri": {"oedema": False, "fatty_replacement": "marked"},
          "labs": {"ck": {"value": 150, "uln": 200}, "egfr": 25, "thyroid_function": "normal"},
          "muscle": {"active": False, "weakness": {"proximal": True, "trend": "stable"}}}
STEROID_MYOPATHY = {**DAMAGE, "mri": {"oedema": False}, "labs": {**DAMAGE["labs"], "crp_raised": False},
                    "muscle": {"active": False, "weakness": {"proximal": True, "trend": "worsening",
                                                             "hip_girdle_trend": "worsening"}},
                    "glucocorticoid": {"prednisone_mg_day": 60, "weeks_above_40mg": 10},
                    "comorbidity": {"cushingoid": True}}
SECOND_EXAM = {**DAMAGE, "mri": {}, "labs": {"egfr": 25, "thyroid_function": "normal"},
               "muscle": {"weakness": {"proximal": True}}}
TRYING = {"pregnancy": {"status": "not_pregnant", "plans": "trying", "breastfeeding": False}}


def _answer(*courses, **sections):
    rec = decision.recommend(KB, active_dm(*courses, **sections))
    return rec, {a.therapy for a in rec.actions if a.kind == "therapy" and a.line}, {a.id for a in rec.actions}


def test_a_stopped_drug_is_replaced_on_the_paths_that_change_no_other_drug():
    on_mtx = course("methotrexate", 20, "failed", True)
    for sections, status in ((DAMAGE, "damage"), (STEROID_MYOPATHY, "steroid_myopathy"),
                             (SECOND_EXAM, "second_examination_needed")):
        rec, offered, ids = _answer(on_mtx, **sections)  # eGFR 25: methotrexate must stop
        assert rec.status.code == status
        assert "stop_methotrexate" in ids and offered and "methotrexate" not in offered, status
        assert "damage_maintenance" not in ids
        assert not any(w.id == "regimen_incomplete" for w in rec.warnings), status


def test_nothing_is_replaced_when_nothing_must_stop():
    rec, offered, ids = _answer(course("methotrexate", 20, "failed", True), **{**DAMAGE, "labs": {
        **DAMAGE["labs"], "egfr": 90}})
    assert rec.status.code == "damage" and not offered and "damage_maintenance" in ids


def test_gated_options_give_up_their_places_to_compatible_ones():
    rec, offered, _ = _answer(course("methotrexate", 20, "failed", True), **DAMAGE | TRYING)
    assert offered and offered <= {t.id for t in KB.therapies.values() if "pregnancy_compatible" in t.tags}


def test_trying_to_conceive_ranks_compatible_options_before_rituximab():
    third = [course("methotrexate", 16, "failed"), course("mycophenolate_mofetil", 16, "failed", True)]
    pm = {"diagnosis": {"subtype": "pm", "ibm_features_excluded": True}}  # no preference for IVIG of its own
    rec, _, _ = _answer(*third, **pm, **TRYING)
    ranked = [a.therapy for a in rec.actions if a.kind == "therapy" and a.rank]
    assert ranked[0] == "ivig" and ranked.index("ivig") < ranked.index("rituximab")
    rec, _, _ = _answer(*third, **pm)  # not trying: the ladder's own order
    assert [a.therapy for a in rec.actions if a.kind == "therapy" and a.rank][0] == "rituximab"
