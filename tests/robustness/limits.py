"""Run the CLI in a subprocess under hard resource limits: the proof that hostile input fails fast and small.

The issue's target is 2 s and 200 MB for a malformed file. The child gets 2 s of CPU (RLIMIT_CPU) and 400 MB of
address space (RLIMIT_AS): the interpreter with pydantic, networkx and PyYAML loaded already reserves about
that much virtual memory, although its resident size stays near 50 MB (measured; see the closing note of
issue 11). A bomb that expanded, or a search that blew up, would be killed by the limit and fail the test.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CPU_SECONDS = 2
ADDRESS_SPACE = 400 * 1024 * 1024


def _limit() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "decision.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          preexec_fn=_limit, env={**os.environ, **(env or {})}, timeout=60)
