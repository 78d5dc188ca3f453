"""Batch: every row answered or reported, the same answer as one ``recommend`` call, and no engine disagrees."""

import json
import sys
import types

import pytest

from decision import recommend
from decision.batch import from_mappings, read_patients, run, run_mappings
from decision.batch.readers import read_csv, read_jsonl, typed_cell, unflatten_text
from tests.batch.conftest import rows


def test_a_row_carries_the_recommendation_it_summarises(kb, cohort):
    patient = next(p for p in cohort if p.get("age", 0) > 0 and "unknown_subtype" not in json.dumps(p))
    row = run_mappings(kb, [patient])[0]
    rec = recommend(kb, {k: v for k, v in patient.items() if k != "id"})
    assert row["id"] == patient["id"] and row["ok"] is True
    assert row["status"] == rec.status.code and row["domains"] == list(rec.status.domains)
    assert [a["id"] for a in row["actions"]] == [a.id for a in rec.actions[:5]]
    assert row["missing"] == [m.field for m in rec.missing]
    assert row["path"] == list(rec.path)
    assert row["kb"] == kb.version


def test_a_bad_row_names_every_problem_and_the_run_goes_on(kb):
    out = run_mappings(kb, [{"age": -1, "sex": "x"}, {"age": 50}, {"ages": 3}])
    assert [r["ok"] for r in out] == [False, True, False]
    assert {e["field"] for e in out[0]["errors"]} == {"age", "sex"}
    assert out[2]["errors"][0]["field"] == "ages"
    assert "status" not in out[0] and "actions" not in out[0]  # nothing partial for a bad row
    assert [r["id"] for r in out] == ["#1", "#2", "#3"]


def test_bad_jsonl_lines_become_error_rows(kb, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "age": 40}\n{not json\n\n[1, 2]\n{"age": 41}\n', encoding="utf-8")
    out = rows(line for line, _ in run(read_jsonl(path), kb=kb))
    assert [(r["id"], r["ok"]) for r in out] == [("a", True), ("#2", False), ("#4", False), ("#5", True)]
    assert out[1]["errors"][0]["field"] == "line 2"


def test_csv_cells_are_typed_by_the_patient_schema():
    assert typed_cell("age", "45") == 45 and typed_cell("labs.ck.value", "3400.5") == 3400.5
    assert typed_cell("muscle.active", "TRUE") is True and typed_cell("muscle.active", "maybe") == "maybe"
    assert typed_cell("muscle.weakness.mmt8_max", "150") == 150
    assert typed_cell("therapies.0.dose", "25") == "25"  # a text field keeps its text
    assert typed_cell("autoantibodies", '[{"name": "mi2", "result": "positive"}]')[0]["name"] == "mi2"
    header = ["id", "autoantibodies.0.name", "autoantibodies.0.result", "autoantibodies.1.name",
              "autoantibodies.1.result", "labs.ck.value", "sex"]
    patient, problems = unflatten_text(header, ["p", "", "", "jo1", "positive", "900", ""])
    assert problems == []
    assert patient == {"id": "p", "autoantibodies": [{"name": "jo1", "result": "positive"}],
                       "labs": {"ck": {"value": 900}}}


def test_a_cell_of_broken_json_is_an_error_row(kb, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('id,age,therapies\nx,40,"[{""drug"": "\ny,41,\n', encoding="utf-8")
    out = rows(line for line, _ in run(read_csv(path), kb=kb))
    assert [(r["id"], r["ok"]) for r in out] == [("x", False), ("y", True)]
    assert out[0]["errors"][0]["field"] == "therapies"


def test_csv_and_jsonl_give_the_same_rows(kb, cohort, make_cohort, tmp_path, serial_lines):
    path = tmp_path / "cohort.csv"
    make_cohort.write(path, cohort)
    assert [line for line, _ in run(read_patients(path), kb=kb)] == serial_lines


def test_a_process_pool_gives_the_serial_rows_in_order(cohort_jsonl, serial_lines):
    assert [line for line, _ in run(read_patients(cohort_jsonl), workers=2)] == serial_lines


def test_dask_on_two_local_workers_gives_byte_identical_rows(cohort_jsonl, serial_lines, monkeypatch):
    pytest.importorskip("dask.bag", reason="the [dask] extra is not installed: pip install 'myositis-cds[dask]'")
    from decision.batch import run_dask

    # Dask spawns its local workers, and a spawned worker re-imports __main__. An AppTest earlier in this
    # process leaves the Streamlit app installed as __main__, which would then run inside every worker; a
    # plain __main__ keeps this test independent of the order the suite runs in.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))

    assert run_dask(read_patients(cohort_jsonl), workers=2, partitions=4) == serial_lines


def test_parquet_round_trip(kb, cohort, tmp_path, serial_lines):
    pa = pytest.importorskip("pyarrow", reason="the [parquet] extra is not installed")
    import pyarrow.parquet as pq

    from decision.batch.parquet import ParquetSink, read_result_lines

    source = tmp_path / "in.parquet"
    structs = pa.array([_nested(p) for p in cohort])  # infers one struct type over every row
    pq.write_table(pa.Table.from_struct_array(structs), source)
    lines = [line for line, _ in run(read_patients(source), kb=kb)]
    assert lines == serial_lines
    out = tmp_path / "out.parquet"
    sink = ParquetSink(out)
    for line in lines:
        sink.write(line)
    sink.close()
    assert list(read_result_lines(out)) == serial_lines
    from decision.census import census, census_file

    assert census_file(out) == census(serial_lines)
    table = pq.read_table(out, columns=["id", "ok", "status"]).to_pylist()
    assert [r["id"] for r in table] == [json.loads(line)["id"] for line in serial_lines]


def _nested(value):
    return json.loads(json.dumps(value))


def test_from_mappings_takes_the_id_key_out_of_the_patient():
    assert list(from_mappings([{"id": 7, "age": 3}, {"age": 4}])) == [("7", {"age": 3}), ("#2", {"age": 4})]


def test_a_pool_uses_the_knowledge_base_it_is_given(kb, tmp_path):
    import shutil

    import decision
    from tests.batch.conftest import ROOT

    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "algorithms", folder)
    meta = folder / "knowledge-base.yaml"
    version = decision.load().version["version"]
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"version: {version}", "version: 0.0.0-test", 1),
                    encoding="utf-8")
    other = decision.load(folder)
    assert other.version["version"] == "0.0.0-test"
    patients = [{"age": 40 + i} for i in range(6)]
    for engine_kb, engine_path in ((other, None), (None, str(folder))):
        out = rows(line for line, _ in run(from_mappings(patients), kb=engine_kb, kb_path=engine_path, workers=2))
        assert {r["kb"]["version"] for r in out} == {"0.0.0-test"}
