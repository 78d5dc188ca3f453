"""docs/measures-examples.md shows real output: each `$ myositis-cds score KIND FILE` block must equal what
render_text gives for that file today, and each YAML block must be the file that follows it."""

import re
from pathlib import Path

import pytest
import yaml

from decision.measures import render_text, score

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "measures-examples.md"
BLOCK = re.compile(r"```(yaml|text)\n(.*?)```", re.S)
COMMAND = re.compile(r"\$ myositis-cds score (\w+) (\S+)\n")


def _blocks():
    return BLOCK.findall(DOC.read_text())


def _commands():
    return [(COMMAND.match(body), body) for lang, body in _blocks() if lang == "text"]


def test_the_doc_has_an_example_of_each_score():
    kinds = {match.group(1) for match, _ in _commands()}
    assert {"tis", "doi", "classify"} <= kinds


@pytest.mark.parametrize("match, body", _commands(), ids=[m.group(0).strip() for m, _ in _commands()])
def test_shown_output_is_the_real_output(match, body):
    kind, path = match.groups()
    expected = render_text(score(kind, yaml.safe_load((ROOT / path).read_text())))
    assert body[match.end():] == expected


def test_yaml_blocks_are_the_files_they_introduce():
    blocks = _blocks()
    for i, (lang, body) in enumerate(blocks):
        if lang == "yaml":
            following = next(b for lang2, b in blocks[i + 1:] if lang2 == "text")
            path = COMMAND.match(following).group(2)
            assert body == (ROOT / path).read_text()


def _update() -> None:
    """Rewrite the output blocks from today's rendering: ``python -m tests.measures.test_measures_docs``."""
    def fill(block: re.Match) -> str:
        command = COMMAND.match(block.group(2))
        if block.group(1) != "text" or not command:
            return block.group(0)
        kind, path = command.groups()
        output = render_text(score(kind, yaml.safe_load((ROOT / path).read_text())))
        return f"```text\n{command.group(0)}{output}```"

    DOC.write_text(BLOCK.sub(fill, DOC.read_text()))


if __name__ == "__main__":
    _update()
