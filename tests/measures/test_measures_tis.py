"""Total Improvement Score: the measures.md vectors, every bin edge, missing data and the enzyme methods."""

import json

import pytest

from decision.errors import PatientInputError
from decision.measures import tis_points, total_improvement_score
from decision.measures.tis import BIN_EDGES, MMT_BIN_EDGES, POINTS, category_for

from .helpers import core, row

T1_BASE = dict(pga=6, ptga=7, mmt=60, mmt_max=80, haq=1.5, extramuscular=4, ck=(600, 200))
T1_FOLLOW = dict(pga=3, ptga=5, mmt=70, mmt_max=80, haq=1.0, extramuscular=2, ck=(600, 200))
T2_BASE = {**T1_BASE, "mmt": 110, "mmt_max": 150}
T2_FOLLOW = {**T1_FOLLOW, "mmt": 125, "mmt_max": 150}
# T4: every measure improves > 40% of its range (MMT > 30%), the enzyme too under either method.
T4_BASE = dict(pga=9, ptga=9, mmt=30, mmt_max=80, haq=2.5, extramuscular=9, ck=(2000, 200))
T4_FOLLOW = dict(pga=1, ptga=1, mmt=60, mmt_max=80, haq=0.5, extramuscular=1, ck=(200, 200))
# T5: every measure worsens by 10% of its range (CK 2 -> 3.5 x ULN is -10% of 15 x ULN).
T5_BASE = dict(pga=3, ptga=3, mmt=60, mmt_max=80, haq=1.0, extramuscular=2, ck=(400, 200))
T5_FOLLOW = dict(pga=4, ptga=4, mmt=52, mmt_max=80, haq=1.3, extramuscular=3, ck=(700, 200))

VECTORS = [
    ("T1", T1_BASE, T1_FOLLOW, 62.5, "major", "moderate"),
    ("T2", T2_BASE, T2_FOLLOW, 52.5, "moderate", "moderate"),
    ("T4", T4_BASE, T4_FOLLOW, 100.0, "major", "major"),
    ("T5", T5_BASE, T5_FOLLOW, 0.0, "none", "none"),
]


@pytest.mark.parametrize("method", ["uln_range", "relative"])
@pytest.mark.parametrize("vid, base, follow, total, adult, juvenile", VECTORS, ids=[v[0] for v in VECTORS])
def test_measures_md_vectors(vid, base, follow, total, adult, juvenile, method):
    b, f = core(**base), core(**follow)
    as_adult = total_improvement_score(b, f, "adult", method)
    as_child = total_improvement_score(b, f, "juvenile", method)
    assert as_adult.total == total and as_child.total == total
    assert as_adult.category == adult
    assert as_child.category == juvenile
    assert as_adult.complete and as_adult.missing == ()
    assert as_adult.enzyme_method == method


def test_t1_breakdown_per_measure():
    result = total_improvement_score(core(**T1_BASE), core(**T1_FOLLOW))
    points = {m.measure: m.points for m in result.measures}
    assert points == {"pga": 17.5, "ptga": 5, "mmt": 20, "haq": 7.5, "enzyme": 0, "extramuscular": 12.5}
    assert row(result, "mmt").percent_change == 12.5
    assert row(result, "mmt").range == "0-80"
    assert row(result, "haq").percent_change == pytest.approx(16.666667)
    assert result.instrument_ranges["enzyme"] == "15 x ULN (CK)"
    assert result.enzyme == "CK"


def test_t5_shows_worsening_as_negative_change_with_zero_points():
    result = total_improvement_score(core(**T5_BASE), core(**T5_FOLLOW))
    for m in result.measures:
        assert m.percent_change == pytest.approx(-10.0)
        assert m.points == 0 and m.bin.startswith("<=")
    assert any("Worsened" in n for n in result.notes)


# Every cut point of every measure, end to end: a follow-up that moves the measure by exactly e% of its
# range scores the lower bin; e + 0.000001% scores the next.
RANGES = {"pga": (10, 10.0), "ptga": (10, 10.0), "extramuscular": (10, 10.0), "haq": (3, 3.0)}


def _single(measure: str, change: float, method="uln_range"):
    """Baseline and follow-up with only ``measure`` present, follow-up better by ``change`` % of the range."""
    if measure in RANGES:
        base, span = RANGES[measure]
        return core(**{measure: base}), core(**{measure: base - change / 100 * span})
    if measure == "mmt":
        return core(mmt=100, mmt_max=150), core(mmt=100 + change / 100 * 150, mmt_max=150)
    if method == "uln_range":  # CK, range 15 x ULN = 1500
        return core(ck=(2000, 100)), core(ck=(2000 - change / 100 * 1500, 100))
    return core(ck=(2000, 100)), core(ck=(2000 - change / 100 * 2000, 100))


EDGE_CASES = [(m, i, e) for m in POINTS for i, e in enumerate(MMT_BIN_EDGES if m == "mmt" else BIN_EDGES)]


@pytest.mark.parametrize("measure, index, edge", EDGE_CASES)
def test_edge_exactly_on_the_cut_point_scores_the_lower_bin(measure, index, edge):
    assert tis_points(measure, edge) == (index, POINTS[measure][index])
    result = total_improvement_score(*_single(measure, edge))
    assert row(result, measure).percent_change == edge
    assert row(result, measure).points == POINTS[measure][index]


@pytest.mark.parametrize("measure, index, edge", EDGE_CASES)
def test_edge_just_above_the_cut_point_scores_the_next_bin(measure, index, edge):
    assert tis_points(measure, edge + 0.000001) == (index + 1, POINTS[measure][index + 1])
    result = total_improvement_score(*_single(measure, edge + 0.000001))
    assert row(result, measure).percent_change == pytest.approx(edge + 0.000001, abs=1e-9)
    assert row(result, measure).points == POINTS[measure][index + 1]


@pytest.mark.parametrize("edge", BIN_EDGES)
def test_relative_enzyme_method_edges(edge):
    below = total_improvement_score(*_single("enzyme", edge, "relative"), enzyme_method="relative")
    above = total_improvement_score(*_single("enzyme", edge + 0.000001, "relative"), enzyme_method="relative")
    i = BIN_EDGES.index(edge)
    assert row(below, "enzyme").points == POINTS["enzyme"][i]
    assert row(above, "enzyme").points == POINTS["enzyme"][i + 1]


def test_haq_floating_point_case_from_the_spec_scores_zero():
    assert (3 - 2.85) / 3 * 100 == 4.9999999999999964  # the raw float, as measures.md says
    result = total_improvement_score(core(haq=3), core(haq=2.85))
    assert row(result, "haq").percent_change == 5.0
    assert row(result, "haq").points == 0


def test_unrounded_value_just_above_edge_would_otherwise_flip_bins():
    # (10 - 8.5) / 10 * 100 is exactly 15.0; 15.0000000001 rounds to 15.0 and stays in >5-15.
    assert tis_points("pga", 15.0000000001) == (1, 7.5)
    assert tis_points("pga", 15.000001) == (2, 15)


@pytest.mark.parametrize("population, total, expected", [
    ("adult", 19.99, "none"), ("adult", 20, "minimal"), ("adult", 40, "moderate"), ("adult", 60, "major"),
    ("juvenile", 29.99, "none"), ("juvenile", 30, "minimal"), ("juvenile", 45, "moderate"),
    ("juvenile", 70, "major"), ("juvenile", 69.99, "moderate"),
])
def test_category_thresholds_are_inclusive(population, total, expected):
    assert category_for(total, population) == expected


def test_missing_measure_is_listed_and_the_total_is_a_lower_bound():
    base = {k: v for k, v in T1_BASE.items() if k != "haq"}
    result = total_improvement_score(core(**base), core(**T1_FOLLOW))
    assert not result.complete
    assert result.missing == ("haq",)
    assert row(result, "haq").points is None and row(result, "haq").status == "missing"
    assert "baseline" in row(result, "haq").note
    assert result.total == 55.0
    assert result.total_max_possible == 65.0
    assert result.category_lower == "moderate" and result.category_upper == "major"
    assert result.category == "indeterminate"
    assert any("Incomplete TIS" in n for n in result.notes)


def test_missing_measure_that_cannot_change_the_category_keeps_the_category():
    follow = {k: v for k, v in T4_FOLLOW.items() if k != "ptga"}
    result = total_improvement_score(core(**T4_BASE), core(**follow))
    assert result.total == 90 and not result.complete and result.category == "major"


def test_enzyme_is_the_most_abnormal_at_baseline_and_not_substituted_when_missing_later():
    b = core(pga=5, ck=(300, 200), aldolase=(20, 8))  # CK 1.5 x ULN, aldolase 2.5 x ULN
    f = core(pga=5, ck=(100, 200))
    result = total_improvement_score(b, f)
    assert result.enzyme == "aldolase"
    assert row(result, "enzyme").status == "missing"
    assert "not substituted" in row(result, "enzyme").note
    assert "enzyme" in result.missing


def test_aldolase_range_is_three_uln_and_flagged():
    result = total_improvement_score(core(aldolase=(40, 8)), core(aldolase=(16, 8)))
    assert row(result, "enzyme").percent_change == 100.0  # (5 - 2) / 3 x 100
    assert row(result, "enzyme").points == 7.5
    assert any("Aldolase range taken as 3 x ULN [O]" in n for n in result.notes)


def test_enzyme_methods_differ_and_the_choice_is_shown():
    b, f = core(ck=(1000, 200)), core(ck=(700, 200))  # 5 -> 3.5 x ULN
    uln = total_improvement_score(b, f, enzyme_method="uln_range")
    rel = total_improvement_score(b, f, enzyme_method="relative")
    assert row(uln, "enzyme").percent_change == 10.0 and row(uln, "enzyme").points == 2.5
    assert row(rel, "enzyme").percent_change == 30.0 and row(rel, "enzyme").points == 7.5
    assert uln.enzyme_method == "uln_range" and "15 for CK" in uln.enzyme_method_formula
    assert rel.enzyme_method == "relative" and row(rel, "enzyme").range == "baseline value"


def test_enzyme_compared_in_multiples_of_each_visits_uln():
    # Lab changed: same 4 x ULN at both visits, so no change even though the numbers differ.
    result = total_improvement_score(core(ck=(800, 200)), core(ck=(680, 170)))
    assert row(result, "enzyme").percent_change == 0.0


def test_mmt_scale_change_between_visits_is_an_input_error():
    with pytest.raises(PatientInputError) as err:
        total_improvement_score(core(mmt=60, mmt_max=80), core(mmt=120, mmt_max=150))
    assert [p.where for p in err.value.problems] == ["followup.mmt_max"]


def test_result_is_plain_json_data():
    data = total_improvement_score(core(**T1_BASE), core(**T1_FOLLOW)).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data)[:4] == ["population", "measures", "total", "total_max_possible"]
