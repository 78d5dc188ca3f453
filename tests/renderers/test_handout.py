"""decision.views.handout: printable handouts and the JSON export name their knowledge base and escape input."""

import datetime as dt
import json
import re
from html.parser import HTMLParser

from example_patients import example

import decision
from decision.guide.interview import plain
from decision.patient.files import read_mapping
from decision.recommendation import DISCLAIMER
from decision.views.handout import cited_sources, export_json, handout_html, handout_markdown, reference
from decision.views.reading import action_name, missing_inputs

DAY = dt.date(2026, 11, 23)


def _rec(kb, answers):
    return decision.recommend(kb, answers)


def test_markdown_handout_names_kb_date_answers_path_actions_sources_and_disclaimer(kb):
    f = example("F")
    rec = _rec(kb, f)
    text = handout_markdown(kb, f, rec, today=DAY)
    for needle in (kb.metadata.id, kb.metadata.version, kb.sha256, "2026-11-23", DISCLAIMER,
                   "## Actions", "## Check before starting", "## Route", "## References", "**Clinician:**",
                   f"**Patient:** {rec.patient_label}"):
        assert needle in text, needle
    assert text.index("## Actions") < text.index("## Check before starting")
    for node in rec.path:
        assert f"`{node}`" not in text and node not in text.split("## References")[0]
    assert "- Muscle oedema on MRI: yes" in text and "- CK: 3400 U/L (upper limit of normal 200)" in text
    assert text.rstrip().endswith(f"sha256 {kb.sha256}*")  # the version line is the footer
    due = next(w for w in rec.warnings if w.severity == "screening_due")  # checks worded conditionally
    assert "Not yet known: " + ", ".join(missing_inputs(due.missing, rec)) in text
    first = rec.actions[0]
    assert action_name(first) in text
    for sid in cited_sources(kb, rec):
        assert sid not in text
        if sid != "knowledge_brief_unattributed":
            assert " ".join(kb.sources[sid].citation.split())[:40] in text


def test_expert_opinion_is_marked_in_both_handouts(kb):
    from example_patients import EXAMPLES

    marked = 0
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = plain(read_mapping(path.read_bytes(), path.name))  # each file (names need not be one letter)
        rec = _rec(kb, answers)
        items = list(rec.actions) + list(rec.warnings) + list(rec.not_suggested)
        opinions = sum(x.basis.expert_opinion for x in items)
        md, page = handout_markdown(kb, answers, rec, today=DAY), handout_html(kb, answers, rec, today=DAY)
        assert md.count("EXPERT OPINION") == opinions, path.name
        assert page.count('class="opinion"') == opinions, path.name
        marked += opinions
    assert marked, "no example has an expert-opinion item: the test proves nothing"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_handout_escapes_patient_input_and_is_self_contained(kb):
    evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    answers = {**example("H"), "label": evil[:80]}
    answers["therapies"] = [dict(c, dose='<b>15</b> mg "weekly"') for c in answers["therapies"]]
    rec = _rec(kb, answers)
    page = handout_html(kb, answers, rec, today=DAY)
    assert "<script" not in page and "<img" not in page and "<b>15</b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;15&lt;/b&gt;" in page
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no external resources
    text = "".join(parser.text)
    assert evil[:80] in text  # shown to the reader as text
    for needle in (kb.metadata.id, kb.metadata.version, kb.sha256, "2026-11-23", DISCLAIMER):
        assert needle in text
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_markdown_handout_neutralises_markup_in_answers(kb):
    answers = {**example("H"), "label": "[click](http://x) <b>bold</b>"}
    text = handout_markdown(kb, answers, _rec(kb, answers), today=DAY)
    assert "[click](http://x)" not in text and "<b>" not in text
    assert r"\[click\](http://x) \<b\>bold\</b\>" in text


def test_json_export_round_trips_inputs_path_recommendation_and_version(kb):
    i = example("I")
    rec = _rec(kb, i)
    data = json.loads(export_json(kb, i, rec, today=DAY))
    assert data["format"] == "myositis-cds/recommendation-export" and data["exported"] == "2026-11-23"
    assert data["knowledge_base"]["id"] == kb.metadata.id
    assert data["knowledge_base"]["version"] == kb.metadata.version
    assert data["knowledge_base"]["sha256"] == kb.sha256
    assert data["inputs"] == i
    assert data["path"] == list(rec.path)
    assert data["recommendation"] == json.loads(rec.to_json())
    assert data["recommendation"]["status"]["code"] == "intolerance"
    # the exported inputs reproduce the same recommendation
    assert decision.recommend(kb, data["inputs"]).to_dict() == rec.to_dict()
    assert export_json(kb, i, rec, today=DAY) == export_json(kb, i, rec, today=DAY)


def test_reference_is_readable_and_tolerates_unknown_ids(kb):
    sid = next(iter(kb.sources))
    assert reference(kb, sid).startswith(" ".join(kb.sources[sid].citation.split())[:30])
    assert "not in the knowledge base" in reference(kb, "no_such_source")


def test_every_reference_gives_its_doi_and_url_once(kb):
    """A citation that already carries its DOI is not followed by it again (the text view, the handouts and the
    clinical-basis document read the same list)."""
    from decision.views.basis_doc import render_clinical_basis

    document = render_clinical_basis(kb)
    for sid, s in kb.sources.items():
        text = reference(kb, sid)
        for link in (s.doi, s.url):
            if link:
                assert text.count(link) == 1, (sid, link)
        if s.doi:
            line = next(ln for ln in document.splitlines() if ln.startswith(f"- `{sid}`:"))
            assert line.count(s.doi) == 1, sid
