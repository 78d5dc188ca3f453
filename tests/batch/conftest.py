"""A small generated cohort (the benchmark's generator, 120 patients) shared by the batch tests."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_cohort", ROOT / "bench" / "make_cohort.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def make_cohort():
    return _generator()


@pytest.fixture(scope="session")
def cohort(make_cohort):
    return make_cohort.cohort(120, seed=7, bad_rate=0.05)


@pytest.fixture(scope="session")
def cohort_jsonl(tmp_path_factory, cohort, make_cohort):
    path = tmp_path_factory.mktemp("cohort") / "cohort.jsonl"
    make_cohort.write(path, cohort)
    return path


@pytest.fixture(scope="session")
def serial_lines(kb, cohort_jsonl):
    from decision.batch import read_patients, run

    return [line for line, _ in run(read_patients(cohort_jsonl), kb=kb)]


def rows(lines):
    return [json.loads(line) for line in lines]
