"""Invariants over generated patients: eligibility never crashes, and its verdict follows its criteria."""

from hypothesis import HealthCheck, given, settings
from strategies import patients  # the shared patient strategy of tests/

from decision.trials import bundled_trials, eligibility

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(patients)
def test_verdict_follows_the_criteria(kb, patient):
    for r in eligibility(kb, patient, trials=bundled_trials()):
        outcomes = {c.outcome for c in r.criteria}
        if "fails" in outcomes:
            assert r.verdict == "not_eligible" and r.failed
        elif outcomes & {"unknown", "adjudication"}:
            assert r.verdict == "possibly_eligible" and r.unknown
        else:
            assert r.verdict == "eligible"
        for c in r.criteria:
            assert (c.status == "unknown") == (c.outcome == "unknown")
            if c.status == "unknown":
                assert c.missing and c.asks, f"{r.trial_id}.{c.id} is unknown but names nothing to settle it"
