"""The command line: thin over the library, exit 2 with one clear line per problem, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from decision.cli import main

ROOT = Path(__file__).resolve().parent.parent
F = ROOT / "examples" / "patients" / "F-first-line-failure-mi2.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "broken"


def run(*args):
    return subprocess.run([sys.executable, "-m", "decision.cli", *map(str, args)], capture_output=True, text=True)


def test_validate_bundled(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: lundberg_refractory_iim")


def test_validate_broken_fixture_exits_2_without_traceback():
    out = run("validate", BROKEN / "04-dangling-edge.yaml")
    assert out.returncode == 2
    assert "04-dangling-edge.yaml:" in out.stderr and "unknown node 'treatment'" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


@pytest.mark.parametrize("fmt,marker", [("text", "status: refractory_active"), ("markdown", "## Actions"),
                                        ("json", '"code": "refractory_active"')])
def test_recommend_formats(capsys, fmt, marker):
    assert main(["recommend", str(F), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert marker in out
    assert "lundberg_refractory_iim" in out


def test_bad_patient_names_every_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("age: -3\nsex: woman\nlabs: {ck: {value: -1, uln: 200}}\nmuscel: {}\n")
    out = run("recommend", bad)
    assert out.returncode == 2 and out.stdout == ""
    for field in ("age", "sex", "labs.ck.value", "muscel"):
        assert field in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_therapy_id_is_named(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"therapies": [{"drug": "methotrexat", "current": True}]}))
    out = run("recommend", bad)
    assert out.returncode == 2 and "therapies[0].drug" in out.stderr and "methotrexate" in out.stderr


def test_yaml_errors_in_patient_file(tmp_path):
    bad = tmp_path / "dup.yaml"
    bad.write_text("age: 40\nage: 41\n")
    out = run("recommend", bad)
    assert out.returncode == 2 and "dup.yaml:2" in out.stderr and "duplicate key 'age'" in out.stderr
    missing = run("recommend", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_graph_highlights_the_walked_path(capsys):
    assert main(["graph", "--patient", str(F)]) == 0
    dot = capsys.readouterr().out
    assert dot.startswith("digraph")
    assert '"check_domain" -> "act_ladder_muscle" [label="muscle leads / otherwise", penwidth=3' in dot
    assert main(["graph", "--format", "mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")


def test_schema_commands(capsys):
    assert main(["schema", "patient"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "myositis-cds patient state"
    assert main(["schema", "algorithm"]) == 0
    assert "pathway" in json.loads(capsys.readouterr().out)["properties"]


def test_basis_command(capsys):
    assert main(["basis"]) == 0
    assert capsys.readouterr().out.startswith("# Clinical basis")


@pytest.mark.parametrize("content,name", [
    (b"- just\n- a list\n", "list.yaml"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image.yaml"),
    (b"{not json", "broken.json"),
    (b"", "empty.yaml"),
    (b"a: [unclosed\n", "syntax.yaml"),
    (b"age: 40\n" * 40000, "huge.yaml"),
], ids=["list", "binary", "bad-json", "empty", "syntax", "huge"])
def test_garbage_patient_files_fail_cleanly(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    out = run("recommend", path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("myositis-cds: ") and "Traceback" not in out.stderr


def test_score_commands():
    tis = run("score", "tis", ROOT / "examples" / "measures" / "tis-adult-t1.yaml", "--format", "json")
    assert tis.returncode == 0 and json.loads(tis.stdout)["total"] == 62.5
    e1 = run("score", "classify", ROOT / "examples" / "measures" / "classify-e1.yaml")
    assert e1.returncode == 0 and "9.8" in e1.stdout and "definite" in e1.stdout.lower()
    bad = run("score", "tis", ROOT / "tests" / "measures" / "broken" / "negative-enzyme.yaml")
    assert bad.returncode == 2 and "followup.ck.value" in bad.stderr and "Traceback" not in bad.stderr
