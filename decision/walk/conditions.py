"""Conditions as data: a tiny declared vocabulary, evaluated in three-valued logic.

A branch in the pathway, a tailoring rule or a safety gate says *when* it applies with a condition written
in YAML: ``all`` / ``any`` / ``not`` over typed comparisons on declared patient facts. Nothing is ever
``eval``-ed and no function is looked up by a string from the file. Because patient data is usually
incomplete, a comparison on a fact that is not known yields **unknown** (``None``), and ``all``/``any``/
``not`` follow Kleene's strong three-valued logic. The evaluation returns which facts it read and which were
missing, so the trace can show the inputs that decided a branch and the interview can ask for what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from decision.memo import ByIdentity

OPS = {
    "is": "is (true/false)",
    "eq": "equals",
    "ne": "does not equal",
    "lt": "<",
    "le": "≤",
    "gt": ">",
    "ge": "≥",
    "in": "is one of",
    "not_in": "is none of",
    "contains": "includes",
    "contains_any": "includes any of",
    "known": "is known",
}
# Which operators make sense for which kind of fact (checked when the knowledge base loads).
OPS_BY_KIND = {
    "bool": {"is", "known"},
    "number": {"eq", "ne", "lt", "le", "gt", "ge", "known"},
    "enum": {"eq", "ne", "in", "not_in", "known"},
    "set": {"contains", "contains_any", "known"},
    "text": {"eq", "ne", "in", "not_in", "known"},
}


_DESCRIBED: ByIdentity[Any, str] = ByIdentity()


def _memo(method: Callable[[Any], str]) -> Callable[[Any], str]:
    """Describe each (immutable) condition once: the trace repeats the same descriptions for every patient."""

    def describe(self) -> str:
        text = _DESCRIBED.get(self)  # kept: no closure to build on the way
        return text if text is not None else _DESCRIBED.of(self, lambda: method(self))

    describe.__doc__ = method.__doc__
    return describe


@dataclass(frozen=True)
class Compare:
    field: str
    op: str
    value: Any = None

    @_memo
    def describe(self) -> str:
        if self.op == "known":
            return f"{self.field} is known" if self.value in (None, True) else f"{self.field} is unknown"
        if self.op == "is":
            return f"{self.field} is {'yes' if self.value else 'no'}"
        return f"{self.field} {OPS[self.op]} {_show(self.value)}"


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]

    @_memo
    def describe(self) -> str:
        return "(" + " and ".join(c.describe() for c in self.items) + ")"


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]

    @_memo
    def describe(self) -> str:
        return "(" + " or ".join(c.describe() for c in self.items) + ")"


@dataclass(frozen=True)
class Not:
    item: Condition

    @_memo
    def describe(self) -> str:
        return f"not {self.item.describe()}"


@dataclass(frozen=True)
class AtLeast:
    """At least ``n`` of the items are true (e.g. two of three signs of progressing lung disease)."""

    n: int
    items: tuple[Condition, ...]

    @_memo
    def describe(self) -> str:
        return f"at least {self.n} of (" + "; ".join(c.describe() for c in self.items) + ")"


Condition = Compare | All | AnyOf | Not | AtLeast


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


class ConditionSyntaxError(ValueError):
    """Raised while parsing; the message says what was expected. The loader adds file:line and key path."""


def parse_condition(obj: Any) -> Condition:
    """Build a condition from its YAML form; reject anything outside the vocabulary."""
    if isinstance(obj, (Compare, All, AnyOf, Not, AtLeast)):
        return obj
    if not isinstance(obj, Mapping):
        raise ConditionSyntaxError(
            f"a condition mapping ('all', 'any', 'not' or 'field'/'op'/'value'), found {type(obj).__name__} {obj!r}"
        )
    keys = set(obj)
    for combinator, cls in (("all", All), ("any", AnyOf)):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionSyntaxError(f"'{combinator}' alone in its mapping, found keys {sorted(keys)}")
            items = obj[combinator]
            if not isinstance(items, list) or not items:
                raise ConditionSyntaxError(f"'{combinator}' to hold a non-empty list of conditions, found {items!r}")
            return cls(tuple(parse_condition(i) for i in items))
    if "at_least" in keys:
        return _parse_at_least(obj, keys)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionSyntaxError(f"'not' alone in its mapping, found keys {sorted(keys)}")
        return Not(parse_condition(obj["not"]))
    if "field" in keys:
        return _parse_compare(obj, keys)
    raise ConditionSyntaxError(
        f"a condition with 'all', 'any', 'at_least', 'not' or 'field', found keys {sorted(keys)}")


def _parse_compare(obj: Mapping, keys: set) -> Compare:
    extra = keys - {"field", "op", "value"}
    if extra:
        raise ConditionSyntaxError(f"only 'field', 'op', 'value' in a comparison, found extra keys {sorted(extra)}")
    op = obj.get("op", "is")
    if op not in OPS:
        raise ConditionSyntaxError(f"'op' to be one of {sorted(OPS)}, found {op!r}")
    value = obj.get("value", True if op in ("is", "known") else None)
    if value is None and op not in ("known",):
        raise ConditionSyntaxError(f"a 'value' for op {op!r} on field {obj['field']!r}")
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(obj["field"], str):
        raise ConditionSyntaxError(f"'field' to be a fact name, found {obj['field']!r}")
    return Compare(obj["field"], op, value)


def _parse_at_least(obj: Mapping, keys: set) -> AtLeast:
    if keys != {"at_least", "of"}:
        raise ConditionSyntaxError(f"'at_least' with 'of' alone in its mapping, found keys {sorted(keys)}")
    n, items = obj["at_least"], obj["of"]
    if not isinstance(items, list) or len(items) < 2:
        raise ConditionSyntaxError(f"'of' to hold a list of at least two conditions, found {items!r}")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(items):
        raise ConditionSyntaxError(f"'at_least' to be a whole number from 1 to {len(items)}, found {n!r}")
    return AtLeast(n, tuple(parse_condition(i) for i in items))


def fields_of(cond: Condition) -> list[Compare]:
    """Every comparison inside a condition, in order (for load-time checks)."""
    if isinstance(cond, Compare):
        return [cond]
    if isinstance(cond, Not):
        return fields_of(cond.item)
    return [c for item in cond.items for c in fields_of(item)]


class Facts(dict):
    """Fact values by name, plus the evaluation behind each named definition (``derivations``).

    A definition ("the lung is active") is tested like a fact, but when it is unknown the questions are those
    of its own condition, and when it is known the inputs that decided it are shown with it.

    One patient's facts are built once and then only read, so each condition is evaluated once per ``Facts``
    (the walk, the preview walk and every ladder selection ask many of the same questions): ``evaluate``
    keeps its answers here, keyed by the condition, which the knowledge base keeps alive."""

    def __init__(self, values: Mapping[str, Any], derivations: Mapping[str, Evaluation] | None = None) -> None:
        super().__init__(values)
        self.derivations: dict[str, Evaluation] = dict(derivations or {})
        self.answers: dict[int, tuple[Condition, Evaluation]] = {}


class Evaluation:
    """The three-valued result of a condition, with the facts it read and those it lacked.

    The value is worked out at once, stopping as soon as it is settled. Which facts were read (``used``) and
    which were missing (``missing``) are worked out when first asked for: a gate that does not apply, or a
    rule whose therapies are not in play, never needs them. A known value has nothing missing: missing facts
    are reported only when the result stays unknown."""

    __slots__ = ("value", "_used", "_missing", "_cond", "_facts")

    def __init__(self, value: bool | None, used: tuple[tuple[str, Any], ...] = (),
                 missing: tuple[str, ...] = ()) -> None:
        self.value = value
        self._used: tuple[tuple[str, Any], ...] | None = used
        self._missing: tuple[str, ...] | None = missing
        self._cond: Condition | None = None
        self._facts: Mapping[str, Any] | None = None

    @property
    def used(self) -> tuple[tuple[str, Any], ...]:
        if self._used is None:  # what the full evaluation reads does not depend on how the items combine
            facts = self._facts
            assert facts is not None and self._cond is not None
            self._used = _reads(self._cond, facts, getattr(facts, "derivations", None) or _NONE)
            self._release()
        return self._used

    @property
    def missing(self) -> tuple[str, ...]:
        if self._missing is None:  # unknown: which facts matter depends on how the items combine
            facts = self._facts
            assert facts is not None and self._cond is not None
            missing: dict[str, None] = {}
            compiled(self._cond)(facts, getattr(facts, "derivations", None) or _NONE, missing)
            self._missing = tuple(missing)
            self._release()
        return self._missing

    def _release(self) -> None:
        if self._used is not None and self._missing is not None:  # nothing more to work out: let the facts go
            self._cond = self._facts = None

    def _key(self) -> tuple[Any, ...]:
        return self.value, self.used, self.missing

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Evaluation) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Evaluation(value={self.value!r}, used={self.used!r}, missing={self.missing!r})"


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> Evaluation:
    """The condition's three-valued value for these facts, with the inputs read and the facts missing."""
    key = id(cond)
    answers = facts.answers if isinstance(facts, Facts) else None
    if answers is not None:
        hit = answers.get(key)
        if hit is not None and hit[0] is cond:
            return hit[1]
    value = (_COMPILED.get(cond) or compiled(cond))(facts, _NONE, None)
    ev = _new(Evaluation)  # built without __init__: this runs about a hundred times per patient
    ev.value, ev._used, ev._missing, ev._cond, ev._facts = value, None, (None if value is None else ()), cond, facts
    if answers is not None:
        answers[key] = (cond, ev)
    return ev


_new = object.__new__


# Compiled conditions. Each condition is turned once into a closure that does what ``_eval`` below states (the
# reference semantics, kept for reading and for the tests that hold them equal), without dispatching on its type
# at every node of every call. It stops as soon as the value is settled, since a settled value lacks nothing;
# handed a dict, it records the facts missing that matter (those below an item whose own result stays unknown),
# handed ``None``, it gives the value alone. What was read comes from the condition's list of facts
# (``_reads``). Each is kept per condition (decision.memo).
Compiled = Callable[[Mapping[str, Any], Mapping[str, "Evaluation"], "dict[str, None] | None"], bool | None]
_NONE: Mapping[str, Evaluation] = {}
_COMPILED: ByIdentity[Condition, Compiled] = ByIdentity()
_READ_PLANS: ByIdentity[Condition, tuple[tuple[str, bool], ...]] = ByIdentity()


def compiled(cond: Condition) -> Compiled:
    """The closure evaluating ``cond`` (built on first use, then reused)."""
    return _COMPILED.get(cond) or _COMPILED.of(cond, lambda: _compile(cond))


def _read_plan(cond: Condition) -> tuple[tuple[str, bool], ...]:
    """Each fact the condition compares, once, with whether any comparison asks only if it is known."""
    def make() -> tuple[tuple[str, bool], ...]:
        plan: dict[str, bool] = {}
        for c in fields_of(cond):
            plan[c.field] = plan.get(c.field, False) or c.op == "known"
        return tuple(plan.items())

    return _READ_PLANS.of(cond, make)


def _reads(cond: Condition, facts: Mapping[str, Any], derivations: Mapping[str, Evaluation]) -> tuple:
    """The ``used`` of the full evaluation without evaluating: it visits every comparison, and each records its
    fact when the fact is known (or is only tested for being known), after a definition's own inputs."""
    used: dict[str, Any] = {}
    for name, known in _read_plan(cond):
        behind = derivations.get(name)
        if behind is not None:
            used.update(behind.used)
        actual = facts.get(name)
        if known or actual is not None:
            used[name] = _jsonable(actual)
    return tuple(sorted(used.items()))


def _compile(cond: Condition) -> Compiled:
    if isinstance(cond, Compare):
        return _compile_compare(cond)
    if isinstance(cond, Not):
        inner = compiled(cond.item)

        def negate(facts, derivations, missing):
            r = inner(facts, derivations, missing)
            return None if r is None else not r

        return negate
    return _compile_items(cond, tuple(compiled(c) for c in cond.items))


def _compile_items(cond: All | AnyOf | AtLeast, fns: tuple[Compiled, ...]) -> Compiled:
    if isinstance(cond, AtLeast):
        def at_least(facts, derivations, missing):
            unsettled: dict[str, None] | None = None if missing is None else {}  # matter only if still unknown
            value = _combine(cond, [fn(facts, derivations, unsettled) for fn in fns])
            if value is None and unsettled:
                missing.update(unsettled)
            return value

        return at_least
    stop = isinstance(cond, AnyOf)  # the item value that settles the whole: true for 'any', false for 'all'

    def combined(facts, derivations, missing):
        unsettled: dict[str, None] | None = None if missing is None else {}
        value: bool | None = not stop
        for fn in fns:
            r = fn(facts, derivations, unsettled)
            if r is stop:
                return stop
            if r is None:
                value = None
        if value is None and unsettled:
            missing.update(unsettled)
        return value

    return combined


_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "is": lambda actual, v: bool(actual) is bool(v),
    "eq": lambda actual, v: actual == v,
    "ne": lambda actual, v: actual != v,
    "lt": lambda actual, v: actual < v,
    "le": lambda actual, v: actual <= v,
    "gt": lambda actual, v: actual > v,
    "ge": lambda actual, v: actual >= v,
    "in": lambda actual, v: actual in v,
    "not_in": lambda actual, v: actual not in v,
    "contains": lambda actual, v: v in actual,
    "contains_any": lambda actual, v: any(x in actual for x in v),
}


def _compile_compare(cond: Compare) -> Compiled:
    name, op, v = cond.field, cond.op, cond.value
    known = op == "known"
    want = v in (None, True)
    test = _TESTS.get(op, _TESTS["is"])  # 'known' never reaches its test

    def compare(facts, derivations, missing):
        actual = facts.get(name)
        if known:
            return (actual is not None) == want
        if actual is None:
            if missing is not None:
                behind = derivations.get(name)  # a named definition: its own inputs are the questions
                missing.update(dict.fromkeys(behind.missing) if behind is not None else {name: None})
            return None
        return test(actual, v)

    return compare


def evaluate_reference(cond: Condition, facts: Mapping[str, Any]) -> Evaluation:
    """:func:`evaluate` by the plain recursive definition (the specification the compiled form must match)."""
    used: dict[str, Any] = {}
    missing: dict[str, None] = {}
    value = _eval(cond, facts, used, missing)
    return Evaluation(value, tuple(sorted(used.items())), tuple(missing))


def _eval(cond: Condition, facts, used, missing) -> bool | None:
    if isinstance(cond, Compare):
        return _compare(cond, facts, used, missing)
    if isinstance(cond, Not):
        inner = _eval(cond.item, facts, used, missing)
        return None if inner is None else not inner
    unsettled: dict[str, None] = {}  # facts missing below: they matter only if this result stays unknown
    results = [_eval(c, facts, used, unsettled) for c in cond.items]
    value = _combine(cond, results)
    if value is None:
        missing.update(unsettled)
    return value


def _combine(cond: All | AnyOf | AtLeast, results: list[bool | None]) -> bool | None:
    if isinstance(cond, AtLeast):
        true, unknown = results.count(True), results.count(None)
        if true >= cond.n:
            return True
        return None if true + unknown >= cond.n else False
    if isinstance(cond, All):
        if any(r is False for r in results):
            return False
        return None if any(r is None for r in results) else True
    if any(r is True for r in results):
        return True
    return None if any(r is None for r in results) else False


def _compare(cond: Compare, facts, used, missing) -> bool | None:
    actual = facts.get(cond.field)
    behind = getattr(facts, "derivations", {}).get(cond.field)
    if behind is not None:  # a named definition: its own inputs decide it, and are asked for when missing
        used.update(behind.used)
        if actual is None and cond.op != "known":
            missing.update(dict.fromkeys(behind.missing))
            return None
    if cond.op == "known":
        used[cond.field] = _jsonable(actual)
        return (actual is not None) == (cond.value in (None, True))
    if actual is None:
        missing[cond.field] = None
        return None
    used[cond.field] = _jsonable(actual)
    return _TESTS[cond.op](actual, cond.value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (frozenset, set)):
        return sorted(value)
    return value
