"""A batch from file to file, with a progress bar and a summary: what ``myositis-cds batch`` runs.

The progress bar is tqdm's when tqdm is installed and standard error is a terminal; on a plain terminal it is
a one-line counter; in CI or a pipe there is none (only the final summary). Nothing about a patient is ever
printed: the summary counts rows and statuses.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from decision.batch.engine import run
from decision.batch.readers import read_patients


@dataclass
class Summary:
    rows: int = 0
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    workers: int = 1
    peak_rss_mb: float = 0.0

    def text(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0.0
        per_cpu = self.rows / self.cpu_seconds if self.cpu_seconds else 0.0
        statuses = ", ".join(f"{code} {n}" for code, n in self.statuses.most_common())
        return (f"batch: {self.rows} rows in {self.seconds:.1f} s ({rate:,.0f} patients/s wall, "
                f"{per_cpu:,.0f} per CPU-second, {self.workers} worker{'s' if self.workers != 1 else ''}); "
                f"{self.rows - self.errors} answered, {self.errors} error rows; peak memory of the largest process "
                f"{self.peak_rss_mb:.0f} MB\nstatuses: {statuses or 'none'}")


class _Sink:
    def __init__(self, path: Path) -> None:
        self._parquet: Any = None
        self._fh: IO[str] | None = None
        if path.suffix.lower() == ".parquet":
            from decision.batch.parquet import ParquetSink

            self._parquet = ParquetSink(path)
        else:
            self._fh = open(path, "w", encoding="utf-8")

    def write(self, line: str) -> None:
        if self._parquet is not None:
            self._parquet.write(line)
        elif self._fh is not None:
            self._fh.write(line + "\n")

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        elif self._fh is not None:
            self._fh.close()


class Progress:
    """tqdm on a terminal when installed, else a plain counter on a terminal, else silence."""

    def __init__(self, enabled: bool, stream: IO[str] = sys.stderr) -> None:
        self._stream, self._bar, self._n = stream, None, 0
        self._on = enabled and stream.isatty()
        if self._on:
            try:
                from tqdm import tqdm

                self._bar = tqdm(unit=" patients", file=stream, mininterval=0.5)
            except ImportError:
                self._bar = None

    def update(self) -> None:
        self._n += 1
        if self._bar is not None:
            self._bar.update(1)
        elif self._on and self._n % 1000 == 0:
            self._stream.write(f"\r{self._n:,} patients")
            self._stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self._on and self._n >= 1000:
            self._stream.write("\n")


def batch_file(source: str | Path, out: str | Path, *, workers: int = 1, kb_path: str | None = None,
               progress: bool = True, engine: str = "pool") -> Summary:
    """Read patients from ``source``, write one result row each to ``out`` (.jsonl or .parquet).

    ``engine="dask"`` computes the rows on a local Dask bag of ``workers`` processes instead of the pool."""
    summary = Summary(workers=workers)
    t0, c0 = time.perf_counter(), _cpu()
    sink, bar = _Sink(Path(out)), Progress(progress)
    try:
        for line, status in _results(source, kb_path, workers, engine):
            sink.write(line)
            summary.rows += 1
            summary.errors += status == "error"
            summary.statuses[status] += 1
            bar.update()
    finally:
        sink.close()
        bar.close()
    summary.seconds, summary.cpu_seconds = time.perf_counter() - t0, _cpu() - c0
    summary.peak_rss_mb = max(resource.getrusage(who).ru_maxrss for who in
                              (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return summary


def _results(source, kb_path: str | None, workers: int, engine: str) -> Iterator[tuple[str, str]]:
    if engine != "dask":
        yield from run(read_patients(source), kb_path=kb_path, workers=workers)
        return
    from decision.batch.engine import run_dask

    for line in run_dask(read_patients(source), kb_path=kb_path, workers=max(workers, 1)):
        yield line, _status_of(line)


def _status_of(line: str) -> str:
    import json

    row = json.loads(line)
    return row["status"] if row["ok"] else "error"


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers are joined before reading)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
