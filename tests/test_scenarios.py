"""The reference patients of shared/clinical/scenarios.md, through the library and through the CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from decision import recommend
from decision.patient.files import load_patient

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples" / "patients"
EXPECTED = yaml.safe_load((HERE / "scenarios.yaml").read_text())


def test_every_example_has_expectations():
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario(kb, name):
    exp = EXPECTED[name]
    rec = recommend(kb, load_patient(EXAMPLES / f"{name}.yaml"))
    therapies = [a.therapy for a in rec.actions if a.kind == "therapy"]
    action_ids = {a.id for a in rec.actions}
    assert rec.status.code == exp["status"], rec.path
    for t in exp.get("suggest", []):
        assert t in therapies, f"{t} missing from {therapies}"
    for a in exp.get("actions", []):
        assert a in action_ids, f"{a} missing from {sorted(action_ids)}"
    for t in exp.get("not", []):
        assert t not in therapies, f"{t} must not be suggested"
    listed = {n.therapy for n in rec.not_suggested}
    for t in exp.get("not_suggested", []):
        assert t in listed, f"{t} should be listed as not suggested with a reason; listed {sorted(listed)}"
    if "first" in exp:
        ranked = [a for a in rec.actions if a.rank]
        assert ranked and ranked[0].therapy == exp["first"], [a.therapy for a in ranked]
    for t in exp.get("if_insufficient", []):
        assert any(a.therapy == t and a.timing == "if_insufficient" for a in rec.actions)
    for t in exp.get("warnings_for", []):
        assert any(t in w.therapies for w in rec.warnings), f"no warning concerns {t}"
    for t, text in exp.get("ranking_mentions", {}).items():
        assert any(text in r for a in rec.actions if a.therapy == t for r in a.ranking)
    assert [h.branch for h in rec.held] == exp.get("held", []), "held branches"
    preview = rec.next_if_confirmed
    if "preview" in exp:
        assert preview is not None, "a plan-ahead preview was expected"
        ahead = [t.therapy for t in preview.therapies]
        for t in exp["preview"]:
            assert t in ahead, f"{t} missing from the preview {ahead}"
    if "domains" in exp:
        assert list(rec.status.domains) == exp["domains"], rec.status.domains
    asked = [m.field for m in rec.missing]
    for f in exp.get("missing", []):
        assert f in asked, f"{f} should be asked; asked {asked}"
    for kind, word in exp.get("no_action_kinds_mentioning", {}).items():
        assert not any(a.kind == kind and word in a.text.lower() for a in rec.actions)


@pytest.mark.parametrize("name", ["F-first-line-failure-mi2", "H-not-yet-refractory", "I-intolerance"])
def test_scenario_through_cli(name):
    out = subprocess.run([sys.executable, "-m", "decision.cli", "recommend", str(EXAMPLES / f"{name}.yaml"),
                          "--format", "json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["status"]["code"] == EXPECTED[name]["status"]
    assert data["knowledge_base"]["sha256"]


def test_a_drug_to_stop_is_not_among_the_therapies_suggested(kb):
    rec = recommend(kb, load_patient(EXAMPLES / "G-pregnancy.yaml"))
    stops = [a.therapy for a in rec.actions if a.kind == "stop"]
    assert "methotrexate" in stops
    assert "methotrexate" not in rec.therapy_ids() and "methotrexate" not in rec.therapy_ids("now")
