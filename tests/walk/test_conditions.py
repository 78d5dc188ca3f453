"""decision.walk.conditions: the declared vocabulary, three-valued (Kleene) evaluation, and its bookkeeping."""

import pytest

from decision.walk.conditions import (
    AtLeast,
    ConditionSyntaxError,
    Evaluation,
    Facts,
    evaluate,
    fields_of,
    parse_condition,
)

T, F, U = True, False, None


def leaf(name: str) -> dict:
    return {"field": name, "op": "is", "value": True}


@pytest.mark.parametrize(("a", "b", "all_", "any_"), [
    (T, T, T, T), (T, F, F, T), (F, F, F, F), (T, U, U, T), (F, U, F, U), (U, U, U, U),
])
def test_all_and_any_follow_kleene_logic(a, b, all_, any_):
    facts = {"a": a, "b": b}
    assert evaluate(parse_condition({"all": [leaf("a"), leaf("b")]}), facts).value is all_
    assert evaluate(parse_condition({"any": [leaf("a"), leaf("b")]}), facts).value is any_


@pytest.mark.parametrize(("value", "expected"), [(T, F), (F, T), (U, U)])
def test_not_keeps_unknown_unknown(value, expected):
    assert evaluate(parse_condition({"not": leaf("a")}), {"a": value}).value is expected


@pytest.mark.parametrize(("values", "expected"), [
    ((T, T, F), T), ((T, F, F), F), ((T, U, F), U), ((U, U, U), U), ((F, F, U), F), ((T, T, U), T),
])
def test_at_least_two_of_three(values, expected):
    cond = parse_condition({"at_least": 2, "of": [leaf("a"), leaf("b"), leaf("c")]})
    assert isinstance(cond, AtLeast)
    assert evaluate(cond, dict(zip("abc", values, strict=True))).value is expected


def test_known_is_never_unknown_and_records_what_it_read():
    ev = evaluate(parse_condition({"field": "x", "op": "known"}), {"x": None})
    assert ev.value is False and ev.missing == () and ev.used == (("x", None),)


def test_missing_and_used_facts_are_reported_in_order():
    cond = parse_condition({"all": [{"field": "age", "op": "gt", "value": 50}, leaf("b"), leaf("c")]})
    ev = evaluate(cond, {"age": 63, "b": None, "c": True})
    assert ev == Evaluation(None, (("age", 63), ("c", True)), ("b",))


@pytest.mark.parametrize(("op", "value", "actual", "expected"), [
    ("eq", "dm", "dm", T), ("ne", "dm", "pm", T), ("lt", 12, 11.9, T), ("le", 12, 12, T), ("gt", 40, 40, F),
    ("ge", 3, 3, T), ("in", ["a", "b"], "b", T), ("not_in", ["a"], "a", F),
    ("contains", "mda5", frozenset({"mda5"}), T), ("contains_any", ["tif1g", "nxp2"], frozenset({"sae"}), F),
])
def test_every_operator(op, value, actual, expected):
    assert evaluate(parse_condition({"field": "x", "op": op, "value": value}), {"x": actual}).value is expected


def test_a_definition_asks_for_its_own_inputs_and_shows_them():
    inner = evaluate(parse_condition({"any": [leaf("mri"), leaf("biopsy")]}), {"mri": None, "biopsy": None})
    facts = Facts({"active": None}, {"active": inner})
    ev = evaluate(parse_condition(leaf("active")), facts)
    assert ev.value is None and ev.missing == ("mri", "biopsy")  # never the definition's own name
    known = evaluate(parse_condition({"any": [leaf("mri"), leaf("biopsy")]}), {"mri": True, "biopsy": None})
    ev = evaluate(parse_condition(leaf("active")), Facts({"active": True}, {"active": known}))
    assert ev.value is True and ("mri", True) in ev.used and ("active", True) in ev.used


@pytest.mark.parametrize(("raw", "message"), [
    ({"every": []}, "'all', 'any', 'at_least', 'not' or 'field'"),
    ({"all": []}, "non-empty list"),
    ({"all": [leaf("a")], "any": [leaf("b")]}, "alone in its mapping"),
    ({"field": "x", "op": "approx", "value": 1}, "'op' to be one of"),
    ({"field": "x", "op": "gt"}, "a 'value' for op 'gt'"),
    ({"at_least": 3, "of": [leaf("a"), leaf("b")]}, "whole number from 1 to 2"),
    ({"at_least": 1, "of": [leaf("a")]}, "at least two conditions"),
    ("mri.oedema", "a condition mapping"),
])
def test_syntax_errors_say_what_was_expected(raw, message):
    with pytest.raises(ConditionSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_condition(raw)


def test_fields_of_walks_every_form():
    cond = parse_condition({"all": [leaf("a"), {"not": leaf("b")}, {"at_least": 1, "of": [leaf("c"), leaf("d")]}]})
    assert [c.field for c in fields_of(cond)] == ["a", "b", "c", "d"]
