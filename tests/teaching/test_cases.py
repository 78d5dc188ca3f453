"""Teaching cases as data: they load, every answer matches the snapshot, and a knowledge-base edit is caught."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import decision
from decision.reader import read_yaml
from decision.teaching import CaseError, case_schema, check_cases, load_cases, snapshot, stage_case
from decision.teaching.check import LOCK_NAME, read_lock
from decision.teaching.loader import default_cases_path
from decision.teaching.staging import merge

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken"




def test_at_least_24_cases_span_the_pathway(kb, cases):
    assert len(cases) >= 24
    asked = {a for c in cases.values() for s in c.stages for a in s.ask}
    decisions = {n for n, node in kb.nodes.items() if node.kind == "decision"}
    assert decisions <= asked, f"decision nodes no case asks: {sorted(decisions - asked)}"
    tags = {t for c in cases.values() for t in c.tags}
    for needed in ("ibm", "jdm", "mda5", "pregnancy", "mimic", "held", "line:1", "line:2", "line:3"):
        assert needed in tags
    statuses = {r.status.code for c in cases.values() for r in stage_case(kb, c).recommendations}
    for needed in ("emergency", "pregnancy", "ibm", "initial_therapy", "intolerance", "not_yet_refractory",
                   "second_examination_needed", "damage", "steroid_myopathy", "alternative_diagnosis",
                   "refractory_active", "confirm_before_escalating", "add_steroid_sparing"):
        assert needed in statuses


def test_every_ladder_domain_is_taught(kb, cases):
    domains = {t.split(":")[1] for c in cases.values() for t in c.tags if t.startswith("ladder:")}
    assert set(kb.ladders) <= domains


def test_bundled_cases_match_the_committed_snapshot(kb, cases):
    assert check_cases(kb, cases, read_lock(default_cases_path() / LOCK_NAME)) == []


def _kb_copy(tmp_path: Path, old: str, new: str):
    target = tmp_path / "algorithms"
    shutil.copytree(ROOT / "algorithms", target)
    pathway = target / "pathway.yaml"
    text = pathway.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)  # every place: the refractory threshold is one number
    if "weeks_adequate_therapy, op: lt, value: 20" in new:  # the threshold is declared once: move both
        text = text.replace("refractory_min_weeks: 12", "refractory_min_weeks: 20")
    pathway.write_text(text, encoding="utf-8")
    return decision.load(target)


def test_a_kb_edit_that_changes_an_answer_fails_the_check_and_names_it(tmp_path, cases):
    edited = _kb_copy(tmp_path, "- {field: weeks_adequate_therapy, op: lt, value: 12}",
                      "- {field: weeks_adequate_therapy, op: lt, value: 20}")
    problems = check_cases(edited, cases, read_lock(default_cases_path() / LOCK_NAME))
    text = "\n".join(map(str, problems))
    assert "case F-first-line-failure-mi2 stage 1 (The visit) status" in text
    assert "'refractory_active' as in the snapshot; found 'not_yet_refractory'" in text
    assert "case F-first-line-failure-mi2 stage 1 (The visit) decision check_domain" in text


def test_cli_check_passes_and_fails_on_an_edited_kb(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "check"], capture_output=True, text=True,
                        cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("ok: ")
    _kb_copy(tmp_path, "label: skin leads", "label: skin first")
    bad = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "check", "--kb", str(tmp_path / "algorithms")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "case D-dm-refractory-skin stage 1 (The visit) decision check_domain: expected ['skin leads']" in bad.stderr


def test_check_update_writes_the_snapshot(tmp_path, kb):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(default_cases_path() / "H-not-yet-refractory.yaml", folder)
    r = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "check", "--cases", str(folder)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "new case? run teach check --update" in r.stderr
    subprocess.run([sys.executable, "-m", "decision.cli", "teach", "check", "--update", "--cases", str(folder)],
                   check=True, capture_output=True, cwd=ROOT)
    assert json.loads((folder / LOCK_NAME).read_text())["cases"] == snapshot(kb, load_cases(kb, folder))["cases"]


def test_cli_list_and_show(cases):
    out = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "list"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert len(out.splitlines()) == len(cases)
    show = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "show", "G-pregnancy", "--answers"],
                          capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "# Active dermatomyositis and a positive pregnancy test" in show
    assert "Answer: pregnant" in show
    page = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "show", "G-pregnancy", "--format", "html"],
                          capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert page.startswith("<!doctype html>") and "Answer:" not in page
    bad = subprocess.run([sys.executable, "-m", "decision.cli", "teach", "show", "nope"], capture_output=True,
                         text=True, cwd=ROOT)
    assert bad.returncode == 2 and "found 'nope'" in bad.stderr and "Traceback" not in bad.stderr


def test_published_schema_matches_the_model_and_every_case(cases):
    published = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    assert published == case_schema()
    for path in default_cases_path().glob("*.yaml"):
        data, _, _ = read_yaml(path.read_text(encoding="utf-8"), path.name)
        jsonschema.validate(data, published)


def test_stage_patches_merge_and_remove():
    base = {"mri": {"oedema": True, "atrophy": True}, "age": 50, "therapies": [1]}
    assert merge(base, {"mri": {"oedema": False}, "age": None, "therapies": [2]}) == {
        "mri": {"oedema": False, "atrophy": True}, "therapies": [2]}
    assert base["mri"]["oedema"] is True


@pytest.mark.parametrize("name, expected", [
    ("unknown_key.yaml", "unknown_key.yaml:2 (colour): expected no such field"),
    ("no_first_patient.yaml", "the first stage needs 'patient'"),
    ("bad_node.yaml", "stages[0].ask: expected a decision node id or one of ('therapy_choice', 'safety_checks'); "
                      "found 'check_everything'"),
    ("bad_source.yaml", "teaching_points[0].sources: expected a source id from sources.yaml; found made_up_2099"),
    ("bad_patient.yaml", "stage 1 patient age"),
    ("answer_in_case.yaml", "(stages[0].answer): expected no such field"),
])
def test_broken_cases_name_the_problem(kb, tmp_path, name, expected):
    folder = tmp_path / "c"
    folder.mkdir()
    shutil.copy(BROKEN / name, folder / ("x.yaml"))
    with pytest.raises(CaseError) as err:
        load_cases(kb, folder)
    assert expected.replace("unknown_key.yaml", "x.yaml") in str(err.value)
