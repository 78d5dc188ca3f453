"""decision.patient.facts: derived facts count, compare and look up; unknown inputs give unknown facts."""

import pytest

import decision
from decision.walk.walker import facts_for

KB = decision.load()


def facts(patient):
    return facts_for(KB, decision.parse_patient(patient))


@pytest.mark.parametrize(("patient", "juvenile", "onset"), [
    ({"age": 8, "diagnosis": {"subtype": "jdm"}}, True, True),
    ({"age": 25, "diagnosis": {"subtype": "jdm", "onset_age": 9}}, False, True),  # adult now: adult pathway
    ({"age": 17}, True, True),
    ({"age": 40, "diagnosis": {"onset_age": 39}}, False, False),
    ({"diagnosis": {"subtype": "dm"}}, None, None),
    ({"diagnosis": {"subtype": "jdm"}}, True, True),
    ({"age": 24, "diagnosis": {"subtype": "dm", "disease_duration_months": 180}}, False, True),  # onset at 9
    ({"age": 50, "diagnosis": {"subtype": "dm", "disease_duration_months": 10}}, False, False),
    ({"diagnosis": {"subtype": "dm", "disease_duration_months": 10}}, None, None),  # no age: onset unknown
])
def test_juvenile_is_derived_once_from_current_age(patient, juvenile, onset):
    f = facts(patient)
    assert f["juvenile"] is juvenile and f["juvenile_onset"] is onset


def test_lung_function_change_is_absolute_and_unknown_without_both_tests():
    f = facts({"ild": {"present": True, "fvc_percent": 68, "fvc_previous_percent": 76, "dlco_percent": 50}})
    assert f["fvc_change"] == -8 and f["dlco_change"] is None


@pytest.mark.parametrize(("therapies", "naive", "gc", "sparing"), [
    ([{"drug": "glucocorticoids", "weeks": 20, "current": True}], None, True, False),
    ([{"drug": "glucocorticoids", "weeks": 20, "current": True},
      {"drug": "methotrexate", "weeks": 20, "current": True}], None, True, True),
    ([{"drug": "methotrexate", "weeks": 20, "current": False}], None, None, False),
    ([], True, False, False),
    ([], None, None, None),
])
def test_on_glucocorticoids_and_on_steroid_sparing(therapies, naive, gc, sparing):
    patient = {"therapies": therapies} if naive is None else {"therapies": therapies, "treatment_naive": naive}
    f = facts(patient)
    assert f["on_glucocorticoids"] is gc and f["on_steroid_sparing"] is sparing


def test_failed_line_and_weeks_read_the_whole_history():
    f = facts({"therapies": [
        {"drug": "methotrexate", "weeks": 16, "outcome": "failed", "current": False},
        {"drug": "mycophenolate_mofetil", "weeks": 20, "outcome": "failed", "current": False},
        {"drug": "rituximab", "weeks": 4, "outcome": "intolerant", "current": False}]})
    assert f["failed_line"] == 2 and f["weeks_adequate_therapy"] == 20 and f["intolerance_latest"] is True


def test_named_definitions_are_facts_with_their_evaluation_behind_them():
    f = facts({"diagnosis": {"subtype": "dm"}, "skin": {"cdasi_activity": 22}, "ild": {"present": False}})
    assert f["skin_active"] is True and f["lung_active"] is False
    assert ("skin.cdasi_activity", 22.0) in f.derivations["skin_active"].used
    unknown = facts({"diagnosis": {"subtype": "pm"}})
    assert unknown["muscle_active"] is None and "mri.oedema" in unknown.derivations["muscle_active"].missing
