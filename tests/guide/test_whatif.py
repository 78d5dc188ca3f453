"""decision.guide.whatif: one answer changed, two recommendations, and exactly what differs between them."""

import pytest
from example_patients import example

import decision
from decision.errors import PatientInputError
from decision.guide.whatif import action_key, askable_fields, compare, what_if


def test_mri_oedema_turns_damage_into_refractory_active_disease(kb):
    a = example("A")
    cmp = what_if(kb, a, "mri.oedema", True)
    assert cmp.old_value is False and cmp.new_value is True
    assert cmp.before.status.code == "damage" and cmp.after.status.code == "refractory_active"
    assert cmp.status_changed and cmp.changed
    assert "act_damage" in cmp.path_removed and "out_damage" in cmp.path_removed
    assert "out_refractory" in cmp.path_added
    assert not set(cmp.path_added) & set(cmp.before.path)
    # the escalation therapies the damage node withheld are no longer ruled out
    assert "rituximab" in {n.therapy for n in cmp.not_suggested_removed}
    added = {action_key(x) for x in cmp.actions_added}
    assert added and all(k not in {action_key(x) for x in cmp.before.actions} for k in added)
    assert cmp.summary()[0].startswith("Status: Damage")


def test_pregnancy_stops_methotrexate_and_rules_out_teratogens(kb):
    h = example("H")
    cmp = what_if(kb, h, "pregnancy.status", "pregnant")
    assert (cmp.before.status.code, cmp.after.status.code) == ("not_yet_refractory", "pregnancy")
    assert "act_pregnancy" in cmp.path_added and "act_not_yet" in cmp.path_removed
    assert "stop:methotrexate" in {action_key(x) for x in cmp.actions_added}
    assert {"methotrexate", "mycophenolate_mofetil"} <= {n.therapy for n in cmp.not_suggested_added}
    assert "contraindication" in {w.severity for w in cmp.warnings_added}
    assert not any(a.therapy == "methotrexate" and a.kind == "therapy" for a in cmp.after.actions)


def test_hbv_exposure_changes_a_warning_but_not_the_status(kb):
    # issue 10: F no longer suggests rituximab at second line; J (third line) does
    cmp = what_if(kb, example("J"), "hepatitis_b.anti_hbc", "positive")
    assert not cmp.status_changed and not cmp.path_added and not cmp.path_removed
    # before rituximab, and (round 32) beside the conventional agents and glucocorticoids
    assert {w.id: w.severity for w in cmp.warnings_added} == {"hepatitis_b_reactivation": "caution",
                                                               "hepatitis_b_core_positive": "caution"}
    assert "screening_due" in {w.severity for w in cmp.warnings_removed}
    assert "hepatitis_b.anti_hbc" in cmp.missing_resolved


def test_no_change_reports_no_difference_and_the_same_recommendation(kb):
    f = example("F")
    cmp = what_if(kb, f, "mri.oedema", True)  # already true
    assert not cmp.changed
    assert cmp.before.to_dict() == cmp.after.to_dict()
    assert cmp.summary() == ["No difference in status, path, actions, warnings or therapies not suggested."]


def test_what_if_unknown_and_input_is_not_modified(kb):
    f = example("F")
    snapshot = repr(f)
    cmp = what_if(kb, f, "therapies", None)
    assert repr(f) == snapshot
    assert cmp.after.status.code != "refractory_active"


def test_bad_value_raises_patient_input_error_naming_the_field(kb):
    with pytest.raises(PatientInputError) as err:
        what_if(kb, example("F"), "muscle.weakness.mmt8", 999)
    assert [p.where for p in err.value.problems] == ["muscle.weakness.mmt8"]


def test_compare_is_symmetric(kb):
    before = decision.recommend(kb, example("A"))
    after = decision.recommend(kb, {**example("A"), "mri": {"oedema": True}})
    forward, backward = compare(before, after), compare(after, before)
    assert forward.path_added == tuple(n for n in backward.path_removed)
    assert {action_key(x) for x in forward.actions_added} == {action_key(x) for x in backward.actions_removed}


def test_askable_fields_are_raw_patient_fields():
    fields = askable_fields()
    assert {"mri.oedema", "hepatitis_b.anti_hbc", "pregnancy.status", "labs.ferritin"} <= set(fields)
    assert "pregnant" not in fields and "antibodies" not in fields  # derived facts are not answers
