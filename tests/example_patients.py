"""The example patient files (examples/patients/), read as plain answers — shared by library and app tests."""

from __future__ import annotations

from pathlib import Path

from decision.guide.answers import plain
from decision.patient.files import read_mapping

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "patients"


def example_path(letter: str) -> Path:
    matches = sorted(EXAMPLES.glob(f"{letter}-*.yaml"))
    assert matches, f"no example patient {letter}-*.yaml in {EXAMPLES}"
    return matches[0]


def example(letter: str) -> dict:
    path = example_path(letter)
    return plain(read_mapping(path.read_bytes(), path.name))


def all_letters() -> list[str]:
    return sorted(p.name.split("-", 1)[0] for p in EXAMPLES.glob("*.yaml"))
