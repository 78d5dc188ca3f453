"""Loading trial files: the bundled ones load; every kind of authoring mistake is a fixture with its message."""

import json
from pathlib import Path

import jsonschema
import pytest

from decision.errors import KnowledgeBaseError
from decision.reader import read_yaml
from decision.trials import load_trials
from decision.trials.loader import TRIALS_DIR
from decision.trials.logic import AtLeast, parse, run
from decision.trials.schema import trials_schema

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).resolve().parent / "broken"
EXPECTED = {
    "01-undeclared-fact.yaml": ":17 trial.inclusion[0].condition: expected a declared fact",
    "02-operator-for-kind.yaml": "expected an operator for a bool fact (is, known); found 'gt' on mri.oedema",
    "03-unknown-key.yaml": ":17 trial.inclusion[0].conditon: expected only the declared keys (unknown key)",
    "04-at-least-too-many.yaml": "expected 'at_least' to be a whole number from 1 to 2, found 3",
    "05-status-undated.yaml": "trial.status_as_of: expected the required key 'status_as_of'",
    "06-yes-is-not-a-boolean.yaml": "expected true or false for mri.oedema (yes/no are not booleans here)",
}


def test_bundled_trials_load():
    trials = load_trials()
    assert [t.registry_id for t in trials.trials] == ["NCT02971683", "NCT04946669", "NCT02728752"]
    assert trials.get("proderm").completed and not trials.get("NCT02971683").completed
    assert all(t.status_as_of for t in trials.trials)
    assert trials.pipeline is not None and len(trials.pipeline.entries) >= 30


def test_every_broken_fixture_has_its_message():
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture(name):
    with pytest.raises(KnowledgeBaseError) as err:
        load_trials(BROKEN / name)
    assert EXPECTED[name] in str(err.value)
    assert name in str(err.value)


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="nothing there"):
        load_trials(tmp_path / "nope")


def test_published_schema_is_current_and_matches_every_file():
    assert json.loads((ROOT / "schemas" / "trials.schema.json").read_text()) == trials_schema()
    for path in sorted(TRIALS_DIR.glob("*.yaml")):
        data, _, problems = read_yaml(path.read_text(encoding="utf-8"), path.name)
        assert not problems
        jsonschema.validate(json.loads(json.dumps(data, default=str)), trials_schema())


@pytest.mark.parametrize(("values", "expected"), [
    ((True, True, False), True), ((True, None, False), None), ((True, False, False), False),
    ((None, None, None), None), ((True, True, True), True),
])
def test_at_least_is_three_valued(values, expected):
    cond = parse({"at_least": 2, "of": [{"field": f"f{i}", "op": "is", "value": True} for i in range(3)]})
    assert isinstance(cond, AtLeast)
    facts = {f"f{i}": v for i, v in enumerate(values)}
    result = run(cond, facts)
    assert result.value is expected
    assert set(result.missing) == {f"f{i}" for i, v in enumerate(values) if v is None}
