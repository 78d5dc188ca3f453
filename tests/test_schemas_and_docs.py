"""Published artefacts stay in step with the code: JSON Schemas, the clinical-basis document, the README."""

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest

from decision.kb.models import FileKinds
from decision.reader import read_yaml
from decision.schemas import algorithm_schema, patient_schema
from decision.views.basis_doc import render_clinical_basis

ROOT = Path(__file__).resolve().parent.parent


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _yaml(path):
    data, _, problems = read_yaml(path.read_text(), path.name)
    assert not problems
    return _plain(data)


def test_published_schemas_are_current():
    assert json.loads((ROOT / "schemas" / "patient.schema.json").read_text()) == patient_schema()
    assert json.loads((ROOT / "schemas" / "algorithm.schema.json").read_text()) == algorithm_schema()


@pytest.mark.parametrize("path", sorted((ROOT / "algorithms").glob("*.yaml")), ids=lambda p: p.name)
def test_every_algorithm_file_matches_the_schema(path):
    jsonschema.validate(_yaml(path), algorithm_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "examples" / "patients").glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_patient_matches_the_schema(path):
    jsonschema.validate(_yaml(path), patient_schema())


def test_schema_rejects_what_the_model_rejects():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"age": 40, "agee": 41}, patient_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pathway": {"entry": "x", "nodes": [{"id": "x", "kind": "bogus"}]}}, algorithm_schema())


def test_schema_declares_every_file_section():
    assert set(algorithm_schema()["properties"]) == set(FileKinds.keys)


def test_clinical_basis_document_is_current(kb):
    committed = (ROOT / "docs" / "clinical-basis.md").read_text()
    assert committed == render_clinical_basis(kb), "run: myositis-cds basis > docs/clinical-basis.md"


def test_clinical_basis_marks_expert_opinion(kb):
    text = render_clinical_basis(kb)
    for node in kb.nodes.values():
        assert f"`{node.id}`" in text
    assert "**Expert opinion.**" in text


def test_readme_documents_every_cli_command():
    from decision.cli import build_parser

    readme = (ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert re.search(rf"myositis-cds {name}\b", readme), f"README does not show `myositis-cds {name}`"
