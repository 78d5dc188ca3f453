"""Census counts add up, the HTML page is self-contained, and the CLI's batch and census commands work end to end."""

import json
import subprocess
import sys
from collections import Counter

from decision.census import census, to_html
from tests.batch.conftest import ROOT, rows


def test_the_census_counts_what_the_rows_say(serial_lines):
    result = census(serial_lines)
    parsed = rows(serial_lines)
    answered = [r for r in parsed if r["ok"]]
    assert result["rows"] == len(parsed) and result["errors"] == len(parsed) - len(answered) > 0
    assert {o["status"]: o["patients"] for o in result["outcomes"]} == Counter(r["status"] for r in answered)
    nodes = {n["node"]: n["patients"] for n in result["nodes"]}
    assert nodes["check_ibm"] == len(answered)  # the entry: every answered patient passes it
    for u in result["undecided"]:
        assert 0 < u["patients"] <= nodes[u["node"]] and sum(u["how"].values()) == u["patients"]
        assert u["patients"] == sum(1 for r in answered if any(x["node"] == u["node"] for x in r["undecided"]))
    firsts = Counter(r["next_question"]["field"] for r in answered if r["next_question"])
    ranked = sorted(firsts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    assert [(q["field"], q["patients"]) for q in result["next_questions"]] == ranked
    leads = Counter(t["registry_id"] for r in answered for t in r["trial_leads"])
    assert {t["registry_id"]: t["patients"] for t in result["trial_leads"]} == leads


def test_the_html_report_needs_nothing_outside_itself(serial_lines):
    page = to_html(census(serial_lines))
    assert page.startswith("<!doctype html>") and "<svg" in page and "<script" not in page
    assert "src=" not in page and "href=" not in page and "@import" not in page
    assert "P00000" not in page  # counts only: no row id is copied into the report


def test_cli_batch_then_census(tmp_path, cohort_jsonl, serial_lines):
    out, report, data = tmp_path / "rows.jsonl", tmp_path / "census.html", tmp_path / "census.json"
    run = subprocess.run([sys.executable, "-m", "decision.cli", "batch", str(cohort_jsonl), "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").splitlines() == serial_lines
    assert "120 rows" in run.stderr and "error rows" in run.stderr and run.stdout == ""
    run = subprocess.run([sys.executable, "-m", "decision.cli", "census", str(out), "-o", str(report),
                          "--json", str(data)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert json.loads(data.read_text(encoding="utf-8")) == census(serial_lines)
    assert "Pathway census" in report.read_text(encoding="utf-8")


def test_cli_batch_of_a_missing_file_is_one_clear_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "decision.cli", "batch", str(tmp_path / "nope.jsonl"), "-o",
                          str(tmp_path / "o.jsonl")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and "nope.jsonl" in run.stderr and "Traceback" not in run.stderr


def test_cli_batch_of_an_unknown_format_names_the_suffix(tmp_path):
    source = tmp_path / "p.xlsx"
    source.write_text("x", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "decision.cli", "batch", str(source), "-o", str(tmp_path / "o.jsonl")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and ".xlsx" in run.stderr and "Traceback" not in run.stderr


def test_pipeline_groups_of_the_cli_match_the_trials_model():
    from decision.cli import PIPELINE_GROUPS
    from decision.trials.models import GROUP_TEXT

    assert PIPELINE_GROUPS == tuple(sorted(GROUP_TEXT))


def test_help_does_not_import_the_walker_or_pydantic():
    code = ("import sys; from decision.cli import build_parser; build_parser(); "
            "print(sorted(m for m in sys.modules if m in ('pydantic', 'networkx', 'yaml', 'decision.walk.walker')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip() == "[]", run.stderr


def test_cli_census_of_something_else_is_one_clear_line(tmp_path):
    bad = tmp_path / "notes.jsonl"
    bad.write_text("this is not a batch result\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "decision.cli", "census", str(bad)], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 2 and "notes.jsonl" in run.stderr and "Traceback" not in run.stderr


def test_cli_batch_of_latin1_bytes_is_one_clear_line(tmp_path):
    bad = tmp_path / "p.jsonl"
    bad.write_bytes(b'{"label": "caf\xe9"}\n')
    run = subprocess.run([sys.executable, "-m", "decision.cli", "batch", str(bad), "-o", str(tmp_path / "o.jsonl")],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2 and "UTF-8" in run.stderr and "Traceback" not in run.stderr
