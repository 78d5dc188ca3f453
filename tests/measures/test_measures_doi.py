"""IMACS definition of improvement: the measures.md vectors, inclusive boundaries and missing data."""

import pytest

from decision.errors import PatientInputError
from decision.measures import definition_of_improvement, percent_changes_doi

from .helpers import core, row

D1 = dict(pga=30, ptga=20, haq=25, mmt=5, enzyme=-10, extramuscular=0)


@pytest.mark.parametrize("vid, changes, met, reason", [
    ("D1", D1, True, None),
    ("D2", {**D1, "mmt": -25}, False, "MMT worsened"),
    ("D5", dict(pga=30, ptga=20, haq=19.9, mmt=5, enzyme=10, extramuscular=0), False, "2 measure(s) improved"),
    ("D6", dict(pga=20.0, ptga=25, haq=40, mmt=0, enzyme=0, extramuscular=0), True, None),
])
def test_measures_md_vectors(vid, changes, met, reason):
    result = percent_changes_doi(changes)
    assert result.met is met
    assert result.status == ("met" if met else "not_met")
    if reason:
        assert any(reason in n for n in result.notes)


def test_d1_counts():
    result = percent_changes_doi(D1)
    assert (result.improved, result.worsened, result.mmt_worsened) == (3, 0, False)
    assert row(result, "enzyme").state == "neither"


def test_d6_pga_exactly_20_is_improved():
    assert row(percent_changes_doi(dict(pga=20.0)), "pga").state == "improved"


@pytest.mark.parametrize("change, state", [
    (20.0, "improved"), (19.999999, "neither"), (-25.0, "worsened"), (-24.999999, "neither"), (0, "neither"),
])
def test_boundaries_are_inclusive(change, state):
    assert row(percent_changes_doi({"haq": change}), "haq").state == state


def test_three_worsened_is_not_met_two_is_met():
    three_up = dict(pga=30, ptga=30, haq=30)
    assert percent_changes_doi({**three_up, "mmt": 0, "enzyme": -25, "extramuscular": -25}).met
    assert not percent_changes_doi({**three_up, "mmt": -25, "enzyme": -25, "extramuscular": 0}).met
    three_down = percent_changes_doi({"pga": 30, "ptga": -25, "haq": 30, "mmt": 30, "enzyme": -25,
                                      "extramuscular": -30})
    assert three_down.worsened == 3 and not three_down.met and three_down.status == "not_met"


def test_from_core_sets_relative_change_and_mmt_direction():
    b = core(pga=5, ptga=4, mmt=100, mmt_max=150, haq=1.0, extramuscular=2, ck=(1000, 200))
    f = core(pga=4, ptga=5, mmt=75, mmt_max=150, haq=0.5, extramuscular=1, ck=(500, 200))
    result = definition_of_improvement(b, f)
    changes = {m.measure: m.percent_change for m in result.measures}
    assert changes == {"pga": 20.0, "ptga": -25.0, "mmt": -25.0, "haq": 50.0, "enzyme": 50.0,
                       "extramuscular": 50.0}
    assert result.improved == 4 and result.worsened == 2
    assert result.mmt_worsened is True and not result.met and result.status == "not_met"


def test_baseline_zero_counts_neither_way_with_a_note():
    b = core(pga=0, ptga=5, mmt=60, mmt_max=80, haq=1.0, extramuscular=4, ck=(400, 200))
    f = core(pga=3, ptga=3, mmt=70, mmt_max=80, haq=0.5, extramuscular=2, ck=(400, 200))
    result = definition_of_improvement(b, f)
    assert row(result, "pga").state == "baseline_zero" and row(result, "pga").percent_change is None
    assert result.worsened == 0 and result.improved == 3 and result.met
    assert any("0 at baseline" in n and "Physician global" in n for n in result.notes)


def test_enzyme_followed_is_the_most_abnormal_at_baseline():
    b = core(ck=(250, 200), ldh=(600, 200), ast=(30, 40))  # LDH 3 x ULN is the most abnormal
    f = core(ck=(100, 200), ldh=(570, 200), ast=(20, 40))
    result = definition_of_improvement(b, f)
    assert result.enzyme == "LDH"
    assert row(result, "enzyme").percent_change == 5.0 and row(result, "enzyme").state == "neither"


def test_missing_measures_are_not_assessed_and_make_the_result_indeterminate():
    b = core(pga=6, ptga=6, haq=1.5)
    f = core(pga=3, ptga=3, haq=0.5)
    result = definition_of_improvement(b, f)
    assert result.met is True  # on the three measures that were assessed
    assert result.status == "indeterminate"  # MMT could have worsened
    assert set(result.not_assessed) == {"mmt", "enzyme", "extramuscular"}
    assert result.mmt_worsened is None
    assert any("Do not read this as 'DOI not met'" in n for n in result.notes)


def test_fewer_than_three_assessable_is_said_and_never_met():
    result = definition_of_improvement(core(pga=6, mmt=60, mmt_max=80), core(pga=3, mmt=70, mmt_max=80))
    assert result.assessable_count == 2 and not result.assessable
    assert result.met is False and result.status == "indeterminate"
    assert any("fewer than the 3 needed" in n for n in result.notes)


def test_missing_measures_that_cannot_change_the_answer_give_a_definite_status():
    # 4 assessed incl. MMT, all improved; 2 missing could at most be 2 worsened: still met.
    met = percent_changes_doi(dict(pga=30, ptga=30, haq=30, mmt=30))
    assert met.status == "met" and met.met
    # MMT worsened: not met whatever the missing measures did.
    not_met = percent_changes_doi(dict(pga=30, mmt=-30))
    assert not_met.status == "not_met"


def test_percent_changes_reject_unknown_measures_and_non_numbers():
    with pytest.raises(PatientInputError) as err:
        percent_changes_doi({"pga": 30, "cdasi": 20, "haq": "a lot"})
    assert {p.where for p in err.value.problems} == {"changes.cdasi", "changes.haq"}
