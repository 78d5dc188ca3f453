"""Lines that said something untrue of the patient in front of them (round-11 safety and phenotype audits)."""

from __future__ import annotations

import decision
from tests.walk.patients import ACTIVE_DM, active_dm, course

KB = decision.load()
PREGNANT = {"status": "pregnant", "gestation_weeks": 12, "breastfeeding": False}


def _ids(rec) -> set[str]:
    return {a.id for a in rec.actions}


def test_hydroxychloroquine_for_skin_disease_only_with_a_skin_that_may_be_active():
    pm = decision.recommend(KB, active_dm(course("azathioprine", 16, None, current=True), pregnancy=PREGNANT,
                                          diagnosis={"subtype": "pm", "ibm_features_excluded": True}))
    assert "pregnancy_hcq" not in _ids(pm)
    dm = decision.recommend(KB, active_dm(course("azathioprine", 16, None, current=True), pregnancy=PREGNANT,
                                          skin={"active": True, "gottron_papules": True}))
    assert "pregnancy_hcq" in _ids(dm)


def test_the_cancer_and_infection_holds_do_not_promise_ivig():
    for changes in ({"cancer": {"active": True}}, {"comorbidity": {"active_infection": True}}):
        rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), **changes))
        said = " ".join([w.message for w in rec.warnings] + [n.reason for n in rec.not_suggested])
        assert "is not held back" not in said


def test_a_child_in_an_emergency_is_not_told_2_g_per_kg_in_the_action_line():
    child = {**ACTIVE_DM, "age": 9, "diagnosis": {"subtype": "jdm"}, "pregnancy": {},
             "muscle": {**ACTIVE_DM["muscle"], "dysphagia": "severe"}, "therapies": []}
    rec = decision.recommend(KB, child)
    ivig = next(a for a in rec.actions if a.therapy == "ivig")
    assert "2 g/kg now" not in ivig.text


def test_the_disabling_arthritis_note_only_for_disabling_arthritis():
    from example_patients import example
    p25 = example("P25")
    p25 = {**p25, "therapies": [*p25["therapies"][:1], course("azathioprine", 16, "failed")]}  # no methotrexate yet
    assert "arthritis_note" in _ids(decision.recommend(KB, p25))
    not_disabling = {**p25, "arthritis": {**p25["arthritis"], "disabling": False}}
    assert "arthritis_note" not in _ids(decision.recommend(KB, not_disabling))


def test_the_disabling_arthritis_note_not_once_methotrexate_has_failed_round_12():
    from example_patients import example
    p25 = example("P25")  # methotrexate failed
    assert "arthritis_note" not in _ids(decision.recommend(KB, p25))


def test_what_a_question_would_change_names_drugs_not_ids_round_13():
    rec = decision.recommend(KB, active_dm(course("methotrexate", 16, "failed"), course("mycophenolate_mofetil",
                                                                                        16, "failed"), ild={}))
    said = " ".join(w for m in rec.missing for w in m.would_change)
    ids = [t for t in KB.therapies if "_" in t and t in said.split(", ") + said.split(" ")]
    assert not ids, ids
