"""Every criterion of every trial: met, not met and unknown, from the spec table criteria_cases.yaml."""

import pytest

from decision.trials import bundled_trials

from .helpers import cases, criterion

CASES = cases()
ROWS = [(t, c, expected) for t, crits in CASES.items() for c, by in crits.items() for expected in by]


def test_the_table_covers_every_criterion_three_ways():
    for trial in bundled_trials().trials:
        table = CASES.get(trial.id, {})
        ids = [c.id for c in (*trial.inclusion, *trial.exclusion)]
        assert sorted(table) == sorted(ids), f"{trial.id}: table rows differ from the criteria"
        for cid in ids:
            assert sorted(table[cid]) == ["met", "not_met", "unknown"], f"{trial.id}.{cid}"


@pytest.mark.parametrize(("trial_id", "criterion_id", "expected"), ROWS,
                         ids=[f"{t}.{c}.{e}" for t, c, e in ROWS])
def test_criterion(kb, trial_id, criterion_id, expected):
    result = criterion(kb, trial_id, criterion_id, CASES[trial_id][criterion_id][expected])
    assert result.status == expected, (result.rule, result.used, result.missing)
    if expected == "unknown":
        assert result.missing and result.asks, "an unknown criterion must name what would settle it"
        assert result.outcome == "unknown"
    elif result.kind == "inclusion":
        assert result.outcome == ("passes" if expected == "met" else
                                  "adjudication" if criterion_id == "active_disease_shown" else "fails")
    else:
        assert result.outcome == ("fails" if expected == "met" else "passes")
