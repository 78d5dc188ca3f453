"""Compiled conditions answer exactly as the recursive definition: value, inputs read and facts missing.

The value comes from a short-circuiting closure and the inputs read from each condition's list of facts, so
both are held to the plain recursive definition here, on conditions typed as the loader allows them (each
fact has one kind, and each comparison an operator of that kind: the load checks refuse any other)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from decision.walk.conditions import All, AnyOf, AtLeast, Compare, Evaluation, Facts, Not, evaluate, evaluate_reference

KINDS = {"n": "number", "m": "number", "b": "bool", "d": "bool", "e": "enum", "s": "set"}
FACT_VALUES = {
    "number": st.integers(-3, 3),
    "bool": st.booleans(),
    "enum": st.sampled_from(["x", "y", "z"]),
    "set": st.frozensets(st.sampled_from(["x", "y", "z"]), max_size=2),
}


def _compare():
    def known(field):
        return st.builds(Compare, st.just(field), st.just("known"), st.sampled_from([None, True, False]))

    by_kind = {
        "number": lambda f: st.builds(Compare, st.just(f), st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
                                      st.integers(-3, 3)),
        "bool": lambda f: st.builds(Compare, st.just(f), st.just("is"), st.booleans()),
        "enum": lambda f: st.one_of(st.builds(Compare, st.just(f), st.sampled_from(["in", "not_in"]),
                                              st.just(("x", "y"))),
                                    st.builds(Compare, st.just(f), st.sampled_from(["eq", "ne"]), st.just("x"))),
        "set": lambda f: st.builds(Compare, st.just(f), st.sampled_from(["contains", "contains_any"]),
                                   st.sampled_from(["x", ("x", "z")])),
    }
    return st.one_of(*(st.one_of(by_kind[kind](f), known(f)) for f, kind in KINDS.items()))


CONDITIONS = st.recursive(_compare(), lambda inner: st.one_of(
    st.builds(All, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    st.builds(AnyOf, st.lists(inner, min_size=1, max_size=3).map(tuple)),
    st.builds(Not, inner),
    st.lists(inner, min_size=2, max_size=4).flatmap(
        lambda items: st.builds(AtLeast, st.integers(1, len(items)), st.just(tuple(items))))), max_leaves=8)
FACTS = st.fixed_dictionaries({}, optional={f: st.one_of(st.none(), FACT_VALUES[k]) for f, k in KINDS.items()})


def _whole(ev: Evaluation) -> tuple:
    return ev.value, ev.used, ev.missing


@settings(max_examples=400, deadline=None)
@given(CONDITIONS, FACTS, st.booleans())
def test_compiled_equals_reference(cond, values, with_definition):
    facts = Facts(values)
    if with_definition:  # 'd' as a named definition decided by other inputs
        facts.derivations["d"] = Evaluation(values.get("d"), (("n", values.get("n")),), ("m",))
    assert _whole(evaluate(cond, facts)) == _whole(evaluate_reference(cond, facts))


@settings(max_examples=100, deadline=None)
@given(CONDITIONS, FACTS)
def test_an_answer_is_kept_per_patient_and_is_the_same_when_asked_again(cond, values):
    facts = Facts(values)
    first = evaluate(cond, facts)
    assert evaluate(cond, facts) is first
    assert _whole(evaluate(cond, Facts(values))) == _whole(first)


def test_a_settled_value_lacks_nothing_and_an_unknown_one_names_what_it_lacks():
    cond = All((Compare("n", "gt", 1), Compare("b", "is", True)))
    assert evaluate(cond, Facts({"n": 0})).missing == ()  # false whatever b is
    assert evaluate(cond, Facts({"n": 2})).missing == ("b",)
    assert evaluate(cond, Facts({"n": 0})).used == (("n", 0),)
