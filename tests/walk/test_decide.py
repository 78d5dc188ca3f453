"""decision.walk.decide: every branch evaluated; holds with clues; first true; unknown and otherwise targets."""

import decision
from decision.walk.decide import decide
from decision.walk.rules import MissingBook
from decision.walk.walker import facts_for

KB = decision.load()
ACTIVE_PM = {"age": 63, "sex": "male", "diagnosis": {"subtype": "pm"}, "mri": {"oedema": True},
             "ild": {"present": False}, "labs": {"ck": {"value": 2000, "uln": 200}}}


def run(node_id, patient, *, preview=False):
    p = decision.parse_patient(patient)
    book = MissingBook()
    return decide(KB, KB.nodes[node_id], facts_for(KB, p), book, preview=preview), book


def test_every_branch_is_evaluated_and_traced_even_after_a_true_one():
    d, _ = run("check_activity", ACTIVE_PM)
    assert [b.label for b in d.step.branches] == ["active disease", "IBM suspected", "steroid myopathy", "damage"]
    assert d.step.branches[0].outcome == "true" and d.to == "check_mimics"
    assert all(b.outcome in ("true", "false", "unknown") for b in d.step.branches)


def test_a_held_branch_with_a_clue_stops_the_walk_and_asks_first():
    patient = {**ACTIVE_PM, "muscle": {"weakness": {"finger_flexors": True}}}
    d, book = run("check_mimics", patient)
    assert d.to == "act_confirm" and d.held is not None and d.held.branch == "IBM suspected"
    assert d.held.clues == {"age": 63.0, "muscle.weakness.finger_flexors": True}  # the pattern counts past 50
    assert "diagnosis.ibm_features_excluded" in d.held.ask
    asked = [m.field for m in book.entries(KB.lookups.fact_specs)]
    assert set(asked[:len(d.held.ask)]) == set(d.held.ask)  # the deciding questions come first


def test_a_held_branch_without_a_clue_only_lists_its_question():
    d, book = run("check_mimics", ACTIVE_PM)
    ibm = d.step.branches[0]
    assert ibm.outcome == "unknown" and ibm.clues == {} and d.held is None
    assert "diagnosis.ibm_features_excluded" in [m.field for m in book.entries(KB.lookups.fact_specs)]


def test_a_true_branch_before_the_held_one_wins():
    patient = {**ACTIVE_PM, "labs": {**ACTIVE_PM["labs"], "thyroid_function": "hypothyroid"},
               "muscle": {"weakness": {"finger_flexors": True}}, "diagnosis": {"subtype": "pm",
                                                                                "ibm_features_excluded": True}}
    d, _ = run("check_mimics", patient)
    assert d.to == "act_mimic_thyroid" and d.held is None


def test_unknown_goes_to_the_examination_and_the_preview_assumes_the_declared_branch():
    patient = {"age": 50, "sex": "male", "diagnosis": {"subtype": "pm"}, "ild": {"present": False}}
    d, _ = run("check_activity", patient)
    assert d.to == "act_second_exam" and d.took_unknown and d.step.taken_label.startswith("unknown")
    ahead, _ = run("check_activity", patient, preview=True)
    assert ahead.to == "check_mimics" and ahead.step.taken_label == "assumed: active disease"


def test_preview_passes_over_holds():
    patient = {**ACTIVE_PM, "muscle": {"weakness": {"finger_flexors": True}}}
    d, _ = run("check_mimics", patient, preview=True)
    assert d.held is None and d.to != "act_confirm"


def test_branch_inputs_read_like_the_dict_they_stand_for_and_copy_as_one():
    import copy
    import json
    import pickle

    d, _ = run("check_mimics", {**ACTIVE_PM, "muscle": {"weakness": {"finger_flexors": True}}})
    inputs = d.step.branches[0].inputs
    plain = dict(inputs)
    assert plain["muscle.weakness.finger_flexors"] is True and plain["age"] == 63
    assert inputs == plain and plain == inputs and len(inputs) == len(plain) and repr(inputs) == repr(plain)
    assert pickle.loads(pickle.dumps(inputs)) == plain and type(pickle.loads(pickle.dumps(inputs))) is dict
    assert copy.deepcopy(inputs) == plain
    assert json.loads(json.dumps(dict(inputs))) == plain
