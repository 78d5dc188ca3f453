"""The fast ``to_dict``/``to_json`` give exactly the bytes of the reference (``asdict`` + ``json.dumps``)."""

import json
from dataclasses import asdict

import pytest

from decision import recommend
from decision.patient.files import load_patient
from tests.batch.conftest import ROOT

EXAMPLES = sorted((ROOT / "examples" / "patients").glob("*.yaml"))


def _reference_plain(value):
    if isinstance(value, dict):
        return {str(k): _reference_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_reference_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_reference_plain(v) for v in value)
    return value


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_to_json_is_byte_identical_to_the_reference(kb, path):
    rec = recommend(kb, load_patient(path))
    reference = _reference_plain(asdict(rec))
    assert rec.to_dict() == reference
    for indent in (2, None, 4):
        assert rec.to_json(indent=indent) == json.dumps(reference, indent=indent, ensure_ascii=False)


def test_the_encoder_matches_json_on_awkward_values():
    from decision.recommendation import _encode

    value = {"é\n\"": [1.5, 1e16, -0.0, float("nan"), float("inf"), float("-inf"), True, False, None, 10**20, [], {},
                        {"a": [{}]}], "ü": "\u2028 ✓"}
    out: list[str] = []
    _encode(value, out, "\n", "  ")
    assert "".join(out) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("path", EXAMPLES[::7], ids=lambda p: p.stem)
def test_an_answer_pickles_and_copies_to_an_equal_answer(kb, path):
    """Trace inputs worked out on first reading travel as plain dicts (a session store, a worker process)."""
    import copy
    import pickle

    rec = recommend(kb, load_patient(path))
    for other in (pickle.loads(pickle.dumps(recommend(kb, load_patient(path)))),
                  copy.deepcopy(recommend(kb, load_patient(path)))):
        assert other == rec and other.to_json() == rec.to_json()
