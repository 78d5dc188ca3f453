"""Trial criteria as conditions: the walker's vocabulary plus one counting form, ``at_least n of``.

Eligibility rules are full of "any 3 of the following" (IM101-611) and "at least 2 other abnormal core set
measures" (ProDERM). Spelling those out as every combination of ``all``/``any`` would be correct but
unreviewable, so trial files may write ``{at_least: 3, of: [...]}``. Everything else is the walker's own
vocabulary: leaves are parsed and evaluated by :mod:`decision.walk.conditions` (typed comparisons on declared
facts, never ``eval``), and ``all``/``any``/``not`` follow the same Kleene three-valued logic. ``at_least``
is three-valued too: true once ``n`` items are true, false once too few can still be true, else unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Union

from decision.walk.conditions import (
    All,
    AnyOf,
    Compare,
    ConditionSyntaxError,
    Evaluation,
    Not,
    evaluate,
    parse_condition,
)


@dataclass(frozen=True)
class AtLeast:
    n: int
    items: tuple[TrialCondition, ...]

    def describe(self) -> str:
        return f"at least {self.n} of (" + "; ".join(describe(c) for c in self.items) + ")"


TrialCondition = Union[Compare, All, AnyOf, Not, AtLeast]  # noqa: UP007 - a runtime alias, as in conditions.py


def describe(cond: TrialCondition) -> str:
    """A readable one-line rendering of a condition (nested ``at_least`` included)."""
    if isinstance(cond, AtLeast):
        return cond.describe()
    if isinstance(cond, Not):
        return f"not {describe(cond.item)}"
    if isinstance(cond, (All, AnyOf)):
        joiner = " and " if isinstance(cond, All) else " or "
        return "(" + joiner.join(describe(c) for c in cond.items) + ")"
    return cond.describe()


def parse(obj: Any) -> TrialCondition:
    """Build a trial condition from its YAML form; reject anything outside the vocabulary."""
    if isinstance(obj, Mapping) and "at_least" in obj:
        if set(obj) != {"at_least", "of"}:
            raise ConditionSyntaxError(f"only 'at_least' and 'of' together, found keys {sorted(obj)}")
        n, items = obj["at_least"], obj["of"]
        if not isinstance(items, list) or len(items) < 2:
            raise ConditionSyntaxError(f"'of' to hold a list of at least two conditions, found {items!r}")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(items):
            raise ConditionSyntaxError(f"'at_least' to be a whole number from 1 to {len(items)}, found {n!r}")
        return AtLeast(n, tuple(parse(i) for i in items))
    if isinstance(obj, Mapping) and set(obj) in ({"all"}, {"any"}):
        key = next(iter(obj))
        items = obj[key]
        if not isinstance(items, list) or not items:
            raise ConditionSyntaxError(f"'{key}' to hold a non-empty list of conditions, found {items!r}")
        parsed = tuple(parse(i) for i in items)
        return All(parsed) if key == "all" else AnyOf(parsed)  # type: ignore[arg-type]
    if isinstance(obj, Mapping) and set(obj) == {"not"}:
        return Not(parse(obj["not"]))  # type: ignore[arg-type]
    return parse_condition(obj)


def leaves(cond: TrialCondition) -> list[Compare]:
    """Every comparison inside a condition, in order (for the load-time checks)."""
    if isinstance(cond, Compare):
        return [cond]
    if isinstance(cond, Not):
        return leaves(cond.item)
    return [c for item in cond.items for c in leaves(item)]


def run(cond: TrialCondition, facts: Mapping[str, Any]) -> Evaluation:
    """Evaluate three-valued; the result names the facts read and those missing, like the walker's."""
    used: dict[str, Any] = {}
    missing: dict[str, None] = {}
    value = _eval(cond, facts, used, missing)
    return Evaluation(value, tuple(sorted(used.items())), tuple(missing))


def _eval(cond: TrialCondition, facts: Mapping[str, Any], used: dict, missing: dict) -> bool | None:
    if isinstance(cond, Compare):
        leaf = evaluate(cond, facts)
        used.update(dict(leaf.used))
        missing.update(dict.fromkeys(leaf.missing))
        return leaf.value
    if isinstance(cond, Not):
        inner = _eval(cond.item, facts, used, missing)
        return None if inner is None else not inner
    results = [_eval(c, facts, used, missing) for c in cond.items]
    trues = sum(r is True for r in results)
    unknowns = sum(r is None for r in results)
    need = len(results) if isinstance(cond, All) else 1 if isinstance(cond, AnyOf) else cond.n
    if trues >= need:
        return True
    if trues + unknowns < need:
        return False
    return None
