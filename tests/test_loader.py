"""Loader and graph checks: the bundled knowledge base loads; every kind of authoring mistake is caught.

Each file in fixtures/broken/ is the minimal knowledge base with one mistake and a ``# expect:`` line giving
the message it must produce (with its file:line).
"""

import re
from pathlib import Path

import pytest

import decision
from decision.errors import KnowledgeBaseError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))


def test_minimal_fixture_loads():
    kb = decision.load(FIXTURES / "minimal")
    assert set(kb.nodes) == {"start", "treat", "done"}
    assert kb.graph.has_edge("done", "start") and kb.graph.edges["done", "start"]["loop"]


def test_bundled_knowledge_base_loads(kb):
    assert kb.metadata.id == "lundberg_refractory_iim"
    assert len(kb.sha256) == 64
    outcomes = [n for n in kb.nodes.values() if n.kind == "outcome"]
    assert {n.status for n in outcomes} >= {"emergency", "damage", "refractory_active", "not_yet_refractory"}
    assert {n.status for n in outcomes} <= set(kb.statuses)


def test_at_least_twelve_kinds_of_mistake():
    assert len(BROKEN) >= 12


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_fails_with_its_message(path):
    expect = re.search(r"^# expect: (.+)$", path.read_text(), re.M).group(1)
    with pytest.raises(KnowledgeBaseError) as info:
        decision.load(path)
    message = str(info.value)
    assert expect in message
    assert re.search(rf"{re.escape(path.name)}:\d+", message) or "pathway.entry" in message


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = (FIXTURES / "minimal" / "kb.yaml").read_text()
    text = text.replace("options: [drug_a]", "options: [drug_b]").replace("to: treat\n", "to: nowhere\n")
    (tmp_path / "kb.yaml").write_text(text)
    with pytest.raises(KnowledgeBaseError) as info:
        decision.load(tmp_path)
    assert len(info.value.problems) >= 2


def test_yes_no_on_off_stay_strings():
    from decision.reader import read_yaml

    data, lines, problems = read_yaml("a: yes\nb: no\nc: on\nd: off\ne: true\n", "x.yaml")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True}
    assert lines[("c",)] == 3 and not problems


def test_graph_is_frozen(kb):
    import networkx as nx

    with pytest.raises(nx.NetworkXError):
        kb.graph.add_node("x")


def test_the_refractory_threshold_is_declared_once(tmp_path):
    """pathway.parameters.refractory_min_weeks feeds the facts and the response judgement; a condition that
    uses another number is an authoring error naming the node."""
    import shutil

    folder = tmp_path / "kb"
    shutil.copytree(Path(decision.__file__).resolve().parents[1] / "algorithms", folder)
    pathway = folder / "pathway.yaml"
    pathway.write_text(pathway.read_text().replace("refractory_min_weeks: 12", "refractory_min_weeks: 16"))
    with pytest.raises(KnowledgeBaseError, match=r"node check_duration.*refractory_min_weeks \(16\)"):
        decision.load(folder)
