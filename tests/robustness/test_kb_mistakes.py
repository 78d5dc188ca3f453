"""Knowledge-base mistakes: ``load`` raises only KnowledgeBaseError naming file:line; ``validate`` exits 2.

Each case in :data:`cases.KB_CASES` is one authoring mistake in the minimal fixture. The expensive ones (alias
bomb, densely linked nodes, too many entries, an oversized file) also run through ``python -m decision.cli
validate`` under hard CPU and memory limits; and the cycle named must not depend on ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import pytest

import decision
import decision.cli as cli
from decision.errors import KnowledgeBaseError
from decision.kb.checks import find_cycles

from .cases import KB_CASES, MINIMAL
from .limits import run_cli

IDS = [c[0] for c in KB_CASES]
HOSTILE = {"billion-laughs", "dense-cycles", "too-many-sources", "file-too-large", "deep-nesting", "recursive-alias"}


def _folder(tmp_path, text):
    (tmp_path / "kb.yaml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def test_the_table_is_large_enough():
    assert len(KB_CASES) >= 30 and len(set(IDS)) == len(IDS)


def test_the_minimal_fixture_itself_loads(tmp_path):
    assert decision.load(_folder(tmp_path, MINIMAL)).metadata.id == "minimal"


@pytest.mark.parametrize(("cid", "text", "fragment"), KB_CASES, ids=IDS)
def test_load_raises_knowledge_base_error_with_its_message(cid, text, fragment, tmp_path):
    with pytest.raises(KnowledgeBaseError) as info:
        decision.load(_folder(tmp_path, text))
    assert fragment in str(info.value)


@pytest.mark.parametrize(("cid", "text", "fragment"), KB_CASES, ids=IDS)
def test_validate_exits_2_with_the_message(cid, text, fragment, tmp_path, capsys):
    assert cli.main(["validate", str(_folder(tmp_path, text))]) == 2
    out = capsys.readouterr()
    assert fragment in out.err and "Traceback" not in out.err and out.out == ""


@pytest.mark.parametrize(("cid", "text", "fragment"), [c for c in KB_CASES if c[0] in HOSTILE],
                         ids=sorted(HOSTILE, key=IDS.index))
def test_validate_subprocess_fails_fast_and_small(cid, text, fragment, tmp_path):
    result = run_cli("validate", str(_folder(tmp_path, text)))
    assert result.returncode == 2, result.stderr[-500:]
    assert "Traceback" not in result.stderr and fragment in result.stderr


def test_the_cycle_named_does_not_depend_on_the_hash_seed(tmp_path):
    text = dict((c[0], c[1]) for c in KB_CASES)["dense-cycles"]
    folder = str(_folder(tmp_path, text))
    runs = [run_cli("validate", folder, env={"PYTHONHASHSEED": seed}).stderr for seed in ("1", "2")]
    assert runs[0] == runs[1]
    assert "node n0: expected cycles only through a declared 'reassess' loop; found cycle n0 → n1 → n0" in runs[0]


def test_cycle_search_is_bounded_on_a_complete_graph():
    forward = {f"n{i}": [f"n{j}" for j in range(40) if j != i] for i in range(40)}
    cycles = find_cycles(forward)
    assert 1 <= len(cycles) <= 10
    assert all(c[0] == min(c, key=lambda n: int(n[1:])) for c in cycles)


def test_bundled_knowledge_base_passes_the_new_checks(kb):
    statuses = {n.status for n in kb.nodes.values() if n.kind == "outcome"}
    assert statuses <= set(kb.statuses)
