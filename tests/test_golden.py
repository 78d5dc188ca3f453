"""Golden outputs: the full JSON answer for every example patient, pinned byte for byte.

Refactoring and speed work must not change an answer by accident. When a change of answer is intended (a
clinical fix), regenerate with ``UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and name the change in
the commit message. The knowledge-base hash is masked: it changes with every edit of the YAML, answers do not.
"""

import json
import os
from pathlib import Path

import pytest

from decision import recommend
from decision.patient.files import load_patient

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples" / "patients"
GOLDEN = HERE / "golden"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


def golden_json(kb, path: Path) -> str:
    data = json.loads(recommend(kb, load_patient(path)).to_json())
    data["knowledge_base"]["sha256"] = "<masked>"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", NAMES)
def test_golden_output(kb, name):
    text = golden_json(kb, EXAMPLES / f"{name}.yaml")
    target = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        target.write_text(text, encoding="utf-8")
    assert target.exists(), f"no golden output for {name}: run with UPDATE_GOLDEN=1"
    assert text == target.read_text(encoding="utf-8"), f"the answer for {name} changed"


def test_no_orphan_golden_files():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == NAMES
