"""Every string the knowledge base shows a clinician speaks of the patient and the sources, not of how this tool
was built: provenance ("round-11 audit: …") belongs in YAML comments, which are not loaded."""

from __future__ import annotations

from pathlib import Path

import yaml

ALGORITHMS = Path(__file__).resolve().parent.parent / "algorithms"


def _strings(value, where: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def test_no_knowledge_base_text_speaks_of_audits():
    found = [(where, text[:80]) for path in sorted(ALGORITHMS.rglob("*.yaml"))
             for where, text in _strings(yaml.safe_load(path.read_text()), path.name)
             if "audit" in text.lower()]
    assert not found, found


def test_an_if_insufficient_action_reads_right_when_it_becomes_now(kb):
    """An 'if insufficient' action is given now once the node's own first agent has failed: its words must not
    make it conditional again ("add rituximab if the response remains insufficient", given now, beside a failed
    IVIG). The timing says when; the text says what."""
    conditional = [(node.id, a.id, a.text) for node in kb.nodes.values() for a in (node.actions or ())
                   if a.timing == "if_insufficient" and any(w in f" {a.text.lower()} " for w in (" if ", " when "))]
    assert not conditional, conditional
