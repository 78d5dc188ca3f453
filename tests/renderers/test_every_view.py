"""One rendering of each part of an answer: every view (terminal with details, Markdown and HTML handouts)
shows every section of every example patient — held questions, the preview, trial leads, the steroid plan,
cancer screening, the response judgement and notes on the input — with the same words."""

import html

import pytest
from example_patients import EXAMPLES

import decision
from decision.guide.answers import plain
from decision.patient.files import read_mapping
from decision.views.handout import handout_html, handout_markdown
from decision.views.reading import md_escape, plan_sections
from decision.views.text import to_text

KB = decision.load()
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


def answers_of(name: str) -> dict:
    path = EXAMPLES / f"{name}.yaml"
    return plain(read_mapping(path.read_bytes(), path.name))


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", NAMES)
def test_every_view_renders_every_section(name):
    answers = answers_of(name)
    rec = decision.recommend(KB, answers)
    terminal = _words(to_text(rec, kb=KB, details=True))
    markdown = _words(handout_markdown(KB, answers, rec))
    page = _words(handout_html(KB, answers, rec))
    for title, lines in plan_sections(rec, KB):
        assert _words(title.upper()) in terminal or _words(title) in terminal, (name, title)
        assert title in markdown and html.escape(title) in page, (name, title)
        for line in lines:
            assert _words(line) in terminal, (name, title, line)
            assert _words(md_escape(line)) in markdown, (name, title, line)
            assert _words(html.escape(line)) in page, (name, title, line)


def test_the_sections_cover_every_part_beyond_actions_and_warnings():
    """An example of each part exists, so the test above is not vacuous."""
    titles = {t for n in NAMES for t, _ in plan_sections(
        decision.recommend(KB, answers_of(n)), KB)}
    assert {"Answer first (each could forbid or redirect escalation, and a clue says it might)",
            "Next if confirmed — not a suggestion yet",
            "Consider a clinical trial (after the ladder, not instead of it)",
            "Glucocorticoid plan", "Cancer screening (IMACS 2023)", "Response on the current regimen"} <= titles
