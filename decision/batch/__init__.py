"""Batch over a registry: the pathway for every patient of a file or iterable, one result row each.

A registry (EuroMyositis holds about 3,000 patients; a health system's EHR cohort far more) needs the same
pure ``recommend`` call run many times, with bad rows reported rather than fatal. This package reads patients
(:mod:`~decision.batch.readers`), runs them serially, on a process pool or over a Dask bag
(:mod:`~decision.batch.engine`), and writes compact rows (:mod:`~decision.batch.rows`) that the pathway
census (:mod:`decision.census`) summarises::

    >>> import decision
    >>> from decision.batch import run_mappings
    >>> rows = run_mappings(decision.load(), [{"id": "p1", "age": 45, "diagnosis": {"subtype": "dm"}}, {"age": -1}])
    >>> [(r["id"], r["ok"]) for r in rows]
    [('p1', True), ('#2', False)]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from decision.batch.engine import dask_bag, lines_of_partition, process, run, run_dask
from decision.batch.readers import from_mappings, read_patients
from decision.batch.rows import TOP_ACTIONS, encode, error_row, result_row


def run_mappings(kb, patients: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The result rows (as dicts) for an iterable of patient mappings, serially, in input order."""
    return [json.loads(line) for line, _ in run(from_mappings(patients), kb=kb)]


__all__ = ["TOP_ACTIONS", "dask_bag", "encode", "error_row", "from_mappings", "lines_of_partition", "process",
           "read_patients", "result_row", "run", "run_dask", "run_mappings"]
