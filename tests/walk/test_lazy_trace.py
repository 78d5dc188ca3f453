"""Worked out when first read, the same as worked out at once.

An evaluation keeps the patient's facts and works out the inputs it read and the facts it lacked only when
asked. That is sound only if the facts do not change after the evaluation (definitions are judged in file
order, each using only those above it). Here every evaluation of the walk, the rules, cancer screening and
trial leads is forced at once, and the whole answer must come out byte for byte the same as the lazy one.
"""

import importlib
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from strategies import patients, refractory_patients

import decision
from decision.patient.files import load_patient
from decision.walk import conditions
from tests.example_patients import EXAMPLES

KB = decision.load()
# the modules that evaluate conditions, and the name each calls the evaluation by
USERS = (("decision.walk.decide", "evaluate"), ("decision.walk.walker", "evaluate"),
         ("decision.walk.rules", "evaluate"),
         ("decision.walk.cancer_screening", "evaluate"), ("decision.trials.eligibility", "run"))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _at_once(cond, facts):
    ev = conditions.evaluate(cond, facts)
    ev.used, ev.missing  # noqa: B018  (forces both)
    return ev


@contextmanager
def _forced():
    modules = [(importlib.import_module(m), name) for m, name in USERS]
    before = [getattr(m, name) for m, name in modules]
    try:
        for m, name in modules:
            setattr(m, name, _at_once)
        yield
    finally:
        for (m, name), fn in zip(modules, before, strict=True):
            setattr(m, name, fn)


def _both(data) -> tuple[str, str]:
    lazy = decision.recommend(KB, data).to_json()
    with _forced():
        eager = decision.recommend(KB, data).to_json()
    return lazy, eager


def test_every_example_reads_the_same_worked_out_at_once():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        lazy, eager = _both(load_patient(path))
        assert lazy == eager, path.name


def test_forcing_reaches_every_evaluation():
    calls = []
    with _forced():
        for m, name in USERS:
            assert getattr(importlib.import_module(m), name) is _at_once
        calls.append(True)
    assert calls and all(getattr(importlib.import_module(m), name) is not _at_once for m, name in USERS)


@SETTINGS
@given(patients)
def test_generated_patients_read_the_same_worked_out_at_once(data):
    lazy, eager = _both(data)
    assert lazy == eager


@SETTINGS
@given(refractory_patients)
def test_refractory_patients_read_the_same_worked_out_at_once(data):
    lazy, eager = _both(data)
    assert lazy == eager
