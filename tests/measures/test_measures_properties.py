"""Invariants over generated input (Hypothesis): bounds, monotonicity, the MMT rule, determinism, and
that the file edge never fails with anything but a PatientInputError."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from decision.errors import PatientInputError
from decision.measures import (
    ClassificationInput,
    CoreSet,
    Enzyme,
    classify_eular_acr,
    definition_of_improvement,
    percent_changes_doi,
    score,
    total_improvement_score,
)
from decision.measures.classification import ITEMS
from decision.measures.coreset import ENZYMES, MEASURE_KEYS, most_abnormal_enzyme

SETTINGS = settings(max_examples=200, deadline=None, database=None)
PAIR_SETTINGS = settings(SETTINGS, max_examples=100)  # core-set pairs are costlier to generate
# Values on the grid a clinic records them (0.1 cm, 0.125 HAQ, whole MMT points and enzyme units): integer
# draws keep generation fast.
vas = st.integers(0, 100).map(lambda v: v / 10)
haq = st.integers(0, 24).map(lambda v: v / 8)
enzyme = st.builds(lambda value, uln: Enzyme(value=value, uln=uln), st.integers(0, 20000), st.integers(1, 1000))
SCALES = (80, 150, 260)
# Strategies are built once: building them inside the composite re-validates them on every draw.
FIELDS = {"pga": vas, "ptga": vas, "haq": haq, "extramuscular": vas}
OPTIONAL = {name: st.none() | strategy for name, strategy in FIELDS.items()}
MMT = {scale: st.integers(0, scale) for scale in SCALES}
OPTIONAL_MMT = {scale: st.none() | strategy for scale, strategy in MMT.items()}
ENZYME_SETS = {complete: st.dictionaries(st.sampled_from(ENZYMES), enzyme, min_size=int(complete), max_size=2)
               for complete in (False, True)}


@st.composite
def pairs(draw, complete=False):
    """A baseline and follow-up on the same MMT scale; measures may be missing unless ``complete``."""
    scale = draw(st.sampled_from(SCALES))
    fields, mmt = (FIELDS, MMT) if complete else (OPTIONAL, OPTIONAL_MMT)

    def one():
        values = {name: draw(strategy) for name, strategy in fields.items()}
        return CoreSet(**values, mmt=draw(mmt[scale]), mmt_max=scale, **draw(ENZYME_SETS[complete]))

    baseline, followup = one(), one()
    if complete:  # the baseline's most abnormal enzyme must be measured at follow-up too
        followup = followup.model_copy(update={most_abnormal_enzyme(baseline): draw(enzyme)})
    return baseline, followup


population = st.sampled_from(["adult", "juvenile"])
method = st.sampled_from(["uln_range", "relative"])


@PAIR_SETTINGS
@given(pairs(), population, method)
def test_tis_is_within_0_and_100(pair, pop, how):
    result = total_improvement_score(*pair, pop, how)
    assert 0 <= result.total <= result.total_max_possible <= 100
    assert result.complete == (not result.missing)
    if result.complete:
        assert result.total == result.total_max_possible and result.category != "indeterminate"


def _improve(followup: CoreSet, key: str, fraction: float, enzyme_name: str | None) -> CoreSet:
    """Move one follow-up measure a ``fraction`` of the way towards its best value."""
    if key == "enzyme":
        e = followup.enzyme(enzyme_name)
        return followup.model_copy(update={enzyme_name: Enzyme(value=e.value * (1 - fraction), uln=e.uln)})
    value = getattr(followup, key)
    if key == "mmt":
        return followup.model_copy(update={"mmt": value + (followup.mmt_max - value) * fraction})
    return followup.model_copy(update={key: value * (1 - fraction)})


@PAIR_SETTINGS
@given(pairs(complete=True), st.sampled_from(MEASURE_KEYS), st.floats(0, 1, allow_nan=False), population, method)
def test_tis_never_falls_when_one_follow_up_measure_improves(pair, key, fraction, pop, how):
    baseline, followup = pair
    better = _improve(followup, key, fraction, most_abnormal_enzyme(baseline))
    before = total_improvement_score(baseline, followup, pop, how)
    after = total_improvement_score(baseline, better, pop, how)
    assert before.complete and after.total >= before.total


changes = st.floats(-200, 200, allow_nan=False)


@SETTINGS
@given(st.dictionaries(st.sampled_from(MEASURE_KEYS), changes), st.floats(-1000, -25, allow_nan=False))
def test_doi_never_met_when_mmt_worsened_by_25_percent_or_more(others, mmt):
    result = percent_changes_doi({**others, "mmt": mmt})
    assert result.mmt_worsened is True
    assert not result.met and result.status == "not_met"


@PAIR_SETTINGS
@given(pairs())
def test_doi_from_core_sets_never_met_when_mmt_worsened(pair):
    baseline, followup = pair
    result = definition_of_improvement(baseline, followup)
    if result.mmt_worsened:
        assert not result.met and result.status == "not_met"
    if result.status == "met":
        assert result.met
    if result.status == "not_met":
        assert not result.met


@PAIR_SETTINGS
@given(pairs(), population, method)
def test_results_are_deterministic_and_plain_json(pair, pop, how):
    for compute in (lambda: total_improvement_score(*pair, pop, how), lambda: definition_of_improvement(*pair)):
        first, second = compute().to_dict(), compute().to_dict()
        assert first == second
        assert json.loads(json.dumps(first)) == first


finding = st.sampled_from([True, False, None])


@SETTINGS
@given(st.booleans(), st.none() | st.floats(0, 100, allow_nan=False),
       st.fixed_dictionaries({i.key: finding for i in ITEMS}))
def test_classification_score_bounds_and_unknowns(biopsy, age, items):
    if not biopsy:
        items = {k: None if k.startswith("biopsy_") else v for k, v in items.items()}
    result = classify_eular_acr(ClassificationInput(biopsy_performed=biopsy, age_at_onset=age, **items))
    assert 0 <= result.score <= result.score_max
    assert result.complete == (not result.unknown_items)
    if result.complete:
        assert result.score == result.score_max and result.category != "indeterminate"
    if result.category in ("probable", "definite"):
        assert result.score_category == result.score_category_max == result.category
        assert result.rash_or_biopsy_rule == "satisfied"


junk = st.none() | st.booleans() | st.integers(-5, 500) | st.floats(allow_nan=True) | st.text(max_size=5)
keys = st.sampled_from(["baseline", "followup", "population", "enzyme_method", "pga", "mmt", "biopsy_performed",
                        "anti_jo1", "typo"])
mapping = st.recursive(st.dictionaries(keys, junk, max_size=6),
                       lambda inner: st.dictionaries(keys, inner | junk, max_size=6), max_leaves=12)


@SETTINGS
@given(st.sampled_from(["tis", "doi", "classify", "bohan_peter"]), mapping | junk)
def test_file_edge_fails_only_with_patient_input_errors(kind, data):
    try:
        score(kind, data)
    except PatientInputError as err:
        assert err.problems and all(p.where and p.expected for p in err.problems)
