"""Parquet in and out through pyarrow, imported only here and only when a ``.parquet`` path is used.

pyarrow is an optional extra (``pip install 'myositis-cds[parquet]'``); without it a Parquet path fails with
the install command instead of a traceback. The output table has one typed column per row field that a
registry analyst filters on (status, severity, lists of domains, therapies, warning ids, missing fields) and
``row``: the row's full JSON line, so that the census reads a Parquet result exactly as it reads JSONL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from decision.errors import PatientInputError, Problem

ROWS_PER_GROUP = 10_000


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise PatientInputError([Problem("parquet", "pyarrow installed: pip install 'myositis-cds[parquet]'",
                                         "pyarrow is not installed")]) from None
    return pa, pq


def read_parquet_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    _, pq = _pyarrow()
    for batch in pq.ParquetFile(path).iter_batches(batch_size=ROWS_PER_GROUP):
        yield from batch.to_pylist()


def _schema(pa):
    text, texts = pa.string(), pa.list_(pa.string())
    return pa.schema([("id", text), ("ok", pa.bool_()), ("status", text), ("severity", text), ("domains", texts),
                      ("therapies", texts), ("warnings", texts), ("missing", texts), ("trial_leads", texts),
                      ("errors", texts), ("kb_version", text), ("kb_sha256", text), ("row", text)])


def _columns(line: str) -> dict[str, Any]:
    row = json.loads(line)
    return {
        "id": row["id"], "ok": row["ok"], "status": row.get("status"), "severity": row.get("severity"),
        "domains": row.get("domains", []),
        "therapies": [a["therapy"] for a in row.get("actions", []) if a["therapy"]],
        "warnings": [w["id"] for w in row.get("warnings", [])], "missing": row.get("missing", []),
        "trial_leads": [t["registry_id"] for t in row.get("trial_leads", [])],
        "errors": [f"{e['field']}: expected {e['expected']}; found {e['found']}" for e in row.get("errors", [])],
        "kb_version": row["kb"]["version"], "kb_sha256": row["kb"]["sha256"], "row": line,
    }


class ParquetSink:
    """Writes encoded rows to a Parquet file in row groups of :data:`ROWS_PER_GROUP`."""

    def __init__(self, path: str | Path) -> None:
        pa, pq = _pyarrow()
        self._pa, self._schema = pa, _schema(pa)
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._pending: list[dict[str, Any]] = []

    def write(self, line: str) -> None:
        self._pending.append(_columns(line))
        if len(self._pending) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(self._pa.Table.from_pylist(self._pending, schema=self._schema))
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def read_result_lines(path: str | Path) -> Iterable[str]:
    """The JSON lines of a Parquet batch result (its ``row`` column)."""
    _, pq = _pyarrow()
    for batch in pq.ParquetFile(path).iter_batches(batch_size=ROWS_PER_GROUP, columns=["row"]):
        yield from batch.column(0).to_pylist()
