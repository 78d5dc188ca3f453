"""Running the pathway over many patients: serially, on a process pool, or over a Dask bag.

The unit of work is one pure function, :func:`process`: (knowledge base, row) → (encoded row, status). Every
engine calls exactly that, so they cannot disagree: the pool and Dask return the rows in input order and the
lines are byte-identical to the serial run (the tests check it). The knowledge base is loaded once per worker
process from its path, never pickled per task. The pool is fed in windows so that a 100,000-row file is never
held in memory whole.

The design follows the usual advice for a pure-Python per-row function: stdlib ``multiprocessing`` as the
default (no dependency), Dask's bag (a "Pythonic version of the PySpark RDD") as the optional route to a
cluster, and Spark's ``mapInPandas`` as a documented recipe rather than a dependency (see the README).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from decision.batch.readers import Item
from decision.batch.rows import encode, error_row, result_row

CHUNK = 64  # rows per task sent to a worker: large enough to amortise pickling, small enough to balance


def process(kb, item: Item) -> tuple[str, str]:
    """One row in, one encoded result row out, with its status code (or ``error``) for the summary."""
    row_id, payload = item
    row = error_row(kb, row_id, payload) if isinstance(payload, list) else result_row(kb, row_id, payload)
    return encode(row), row.get("status", "error")


@lru_cache(maxsize=4)
def worker_kb(kb_path: str | None):
    """The knowledge base of this process (loaded on first use, then reused by every task)."""
    from decision.kb.loader import load

    return load(kb_path)


def _work(item: Item) -> tuple[str, str]:
    kb = _INHERITED[0] if _INHERITED[0] is not None else worker_kb(_WORKER_PATH[0])
    return process(kb, item)


_WORKER_PATH: list[str | None] = [None]
_INHERITED: list[Any] = [None]  # a knowledge-base object handed to forked workers (never pickled)


def _init(kb_path: str | None) -> None:
    _WORKER_PATH[0] = kb_path
    if _INHERITED[0] is None:
        worker_kb(kb_path)


def run(items: Iterable[Item], *, kb=None, kb_path: str | None = None, workers: int = 1) -> Iterator[tuple[str, str]]:
    """Results in input order. ``workers > 1`` uses a process pool: forked workers share ``kb`` when one is given,
    else each loads ``kb_path`` (the bundled knowledge base when ``None``)."""
    if workers <= 1:
        kb = kb if kb is not None else worker_kb(kb_path)
        for item in items:
            yield process(kb, item)
        return
    method = _start_method()
    if kb is not None and method != "fork":
        raise ValueError("workers > 1 without fork: pass kb_path (each worker loads it) instead of a kb object")
    it = iter(items)
    window = workers * CHUNK * 8
    _INHERITED[0] = kb  # forked workers see the caller's knowledge base as it is
    try:
        with multiprocessing.get_context(method).Pool(workers, initializer=_init, initargs=(kb_path,)) as pool:
            while chunk := list(islice(it, window)):
                yield from pool.imap(_work, chunk, chunksize=CHUNK)
    finally:
        _INHERITED[0] = None


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods else "spawn"


def lines_of_partition(items: Iterable[Item], kb_path: str | None = None) -> list[str]:
    """The encoded rows of one partition: the function a Dask bag (or any other engine) maps over its parts."""
    kb = worker_kb(kb_path)
    return [process(kb, item)[0] for item in items]


def dask_bag(items, kb_path: str | None = None, partitions: int = 8) -> Any:
    """A Dask bag of encoded rows, in input order; ``.compute()`` it on any scheduler or cluster."""
    try:
        import dask.bag as db
    except ImportError:
        from decision.errors import PatientInputError, Problem

        raise PatientInputError([Problem("dask", "dask installed: pip install 'myositis-cds[dask]'",
                                         "dask is not installed")]) from None
    bag = items if isinstance(items, db.Bag) else db.from_sequence(list(items), npartitions=partitions)
    return bag.map_partitions(lines_of_partition, kb_path)


def run_dask(items: Iterable[Item], *, kb_path: str | None = None, workers: int = 2, partitions: int = 8,
             scheduler: str = "processes") -> list[str]:
    """The encoded rows computed by Dask on this machine (``workers`` local processes)."""
    return list(dask_bag(items, kb_path, partitions).compute(scheduler=scheduler, num_workers=workers))
