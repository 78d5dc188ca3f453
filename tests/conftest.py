"""Shared fixtures: the bundled knowledge base is loaded once per test session (it is immutable)."""

from pathlib import Path

import pytest

import decision

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "patients"


@pytest.fixture(scope="session")
def kb():
    return decision.load()
