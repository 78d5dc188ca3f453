"""Compiled conditions answer exactly as the recursive definition: value, inputs read and facts missing."""

from hypothesis import given, settings
from hypothesis import strategies as st

from decision.walk.conditions import All, AnyOf, AtLeast, Compare, Evaluation, Facts, Not, evaluate, evaluate_reference

FIELDS = ("a", "b", "c", "d")
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["x", "y"]),
                   st.frozensets(st.sampled_from(["x", "y", "z"]), max_size=2))


def _compare():
    number = st.builds(Compare, st.sampled_from(FIELDS), st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
                       st.integers(-3, 3))
    boolean = st.builds(Compare, st.sampled_from(FIELDS), st.just("is"), st.booleans())
    known = st.builds(Compare, st.sampled_from(FIELDS), st.just("known"), st.sampled_from([None, True, False]))
    member = st.builds(Compare, st.sampled_from(FIELDS), st.sampled_from(["in", "not_in"]),
                       st.just(("x", "y")))
    sets = st.builds(Compare, st.sampled_from(FIELDS), st.sampled_from(["contains", "contains_any"]),
                     st.sampled_from(["x", ("x", "z")]))
    return st.one_of(number, boolean, known, member, sets)


CONDITIONS = st.recursive(_compare(), lambda inner: st.one_of(
    st.builds(All, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    st.builds(AnyOf, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    st.builds(Not, inner),
    st.lists(inner, min_size=2, max_size=4).flatmap(
        lambda items: st.builds(AtLeast, st.integers(1, len(items)), st.just(tuple(items))))), max_leaves=8)


def _safe(fn, cond, facts):
    try:
        return fn(cond, facts)
    except TypeError as exc:  # comparing a set with a number: both forms must fail alike
        return type(exc)


@settings(max_examples=300, deadline=None)
@given(CONDITIONS, st.dictionaries(st.sampled_from(FIELDS), VALUES), st.booleans())
def test_compiled_equals_reference(cond, values, with_definition):
    facts = Facts(values)
    if with_definition:  # 'd' as a named definition decided by other inputs
        facts.derivations["d"] = Evaluation(values.get("d") if isinstance(values.get("d"), bool) else None,
                                            (("a", values.get("a")),), ("b",))
    assert _safe(evaluate, cond, facts) == _safe(evaluate_reference, cond, facts)
