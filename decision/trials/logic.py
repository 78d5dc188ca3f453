"""Trial criteria as conditions: exactly the walker's vocabulary (:mod:`decision.walk.conditions`).

Eligibility rules are full of "any 3 of the following" (IM101-611) and "at least 2 other abnormal core set
measures" (ProDERM); the shared vocabulary's ``{at_least: n, of: [...]}`` writes them as reviewable data. The
names below keep the trial modules' vocabulary (parse, run, describe, leaves) while the logic lives once.
"""

from __future__ import annotations

from decision.walk.conditions import AtLeast, Condition, evaluate, fields_of, parse_condition

TrialCondition = Condition
parse = parse_condition
run = evaluate
leaves = fields_of


def describe(cond: Condition) -> str:
    """A readable one-line rendering of a condition."""
    return cond.describe()


__all__ = ["AtLeast", "TrialCondition", "describe", "leaves", "parse", "run"]
