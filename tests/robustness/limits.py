"""Run the CLI in a subprocess under hard resource limits: the proof that hostile input fails fast and small.

The issue's target is 2 s and 200 MB for a malformed file, and the child gets exactly that: 2 s of CPU
(RLIMIT_CPU) and 200 MB of address space (RLIMIT_AS, which bounds virtual memory, so it is stricter than
resident size). Measured on the development machine: a valid patient needs about 0.5 s of CPU and 50 MB
resident, and runs under an address-space limit as low as 150 MB; every hostile case here costs the same
(the interpreter's start-up dominates). A bomb that expanded, or a search that blew up, would be killed by the
limit and fail the test.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CPU_SECONDS = 2
ADDRESS_SPACE = 200 * 1024 * 1024


def _limit() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "decision.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=_limit, env={**os.environ, **(env or {})}, timeout=60)
