"""Property tests: the walker never crashes, always walks a valid path, and keeps the safety invariants."""

import json

from hypothesis import HealthCheck, given, settings
from strategies import patients

import decision
from decision.patient.facts import CATALOGUE, compute_facts
from decision.walk.walker import context_for

KB = decision.load()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def walk(data):
    patient = decision.parse_patient(data)
    rec = decision.recommend(KB, patient)
    facts = compute_facts(context_for(KB, patient))
    return patient, rec, facts


def therapy_actions(rec):
    return [a for a in rec.actions if a.kind == "therapy"]


@SETTINGS
@given(patients)
def test_valid_path_and_status(data):
    _, rec, _ = walk(data)
    assert rec.path[0] == KB.pathway.entry
    for u, v in zip(rec.path, rec.path[1:], strict=False):
        assert KB.graph.has_edge(u, v) and not KB.graph.edges[u, v]["loop"]
    last = KB.nodes[rec.path[-1]]
    assert last.kind == "outcome" and rec.status.code == last.status
    assert rec.status.code in KB.statuses
    assert rec.knowledge_base["sha256"] == KB.sha256


@SETTINGS
@given(patients)
def test_deterministic_and_serialisable(data):
    first = decision.recommend(KB, data).to_json()
    second = decision.recommend(KB, json.loads(json.dumps(data))).to_json()
    assert first == second
    json.loads(first)


@SETTINGS
@given(patients)
def test_no_teratogen_in_pregnancy(data):
    _, rec, facts = walk(data)
    if facts["pregnant"] or facts["pregnancy_possible_soon"]:
        teratogens = set(KB.tagged("teratogenic"))
        assert not teratogens & {a.therapy for a in therapy_actions(rec)}


@SETTINGS
@given(patients)
def test_rituximab_always_with_hbv_warning_unless_known_negative(data):
    _, rec, facts = walk(data)
    if "rituximab" in {a.therapy for a in therapy_actions(rec)} and facts["hbv_exposed"] is not False:
        assert any("rituximab" in w.therapies for w in rec.warnings)


@SETTINGS
@given(patients)
def test_jak_inhibitor_always_with_tb_warning_unless_known_negative(data):
    _, rec, facts = walk(data)
    jak = set(KB.tagged("jak_inhibitor"))
    for a in therapy_actions(rec):
        if a.therapy in jak and facts["latent_tb_untreated"] is not False:
            assert any(a.therapy in w.therapies and ("tb" in w.id or "tuberc" in w.message.lower())
                       for w in rec.warnings), [w.id for w in rec.warnings]


@SETTINGS
@given(patients)
def test_no_immunosuppressive_escalation_in_ibm(data):
    patient, rec, _ = walk(data)
    if patient.diagnosis.subtype == "ibm":
        for a in therapy_actions(rec):
            t = KB.therapies[a.therapy]
            assert not (t.immunosuppressive or "escalation" in t.tags), a.therapy


@SETTINGS
@given(patients)
def test_no_escalation_past_first_line_before_12_weeks(data):
    """Under 12 weeks of adequate therapy nothing climbs above the first line (or above the line the patient
    has already reached, e.g. a switch within line 2 after intolerance), unless the disease is organ- or
    life-threatening. Contingency options ("if insufficient") are plans, not suggestions for now."""
    patient, rec, facts = walk(data)
    weeks = facts["weeks_adequate_therapy"]
    if weeks is not None and weeks < 12 and facts["treated"] and rec.status.code != "emergency":
        reached = max([KB.therapy_line(c.drug, "muscle") or 1 for c in patient.therapies], default=1)
        tried = {c.drug for c in patient.therapies}
        for a in therapy_actions(rec):
            if a.timing == "if_insufficient":
                continue
            if a.node == "act_pregnancy" and a.line is None:  # the pregnancy-compatible regimen names its agents
                continue  # by compatibility, not by ladder line (tacrolimus when azathioprine is not tolerated)
            line = a.line if a.line is not None else KB.therapy_line(a.therapy, "muscle")
            select = KB.nodes[a.node].select if a.node in KB.nodes else None
            first = KB.ladders[select.ladder].steps[0].options if select is not None else ()
            used_up = bool(first) and all(o in tried for o in first)  # its ladder's first line is used up: the
            allowed = max(1, reached) + (1 if used_up else 0)  # switch is to the next (arthritis: methotrexate only)
            assert line is None or line <= allowed, (a.therapy, line, rec.status.code)


@SETTINGS
@given(patients)
def test_every_action_and_warning_cites_existing_sources(data):
    _, rec, _ = walk(data)
    for item in list(rec.actions) + list(rec.warnings) + list(rec.not_suggested):
        assert item.basis.sources and set(item.basis.sources) <= set(KB.sources)


@SETTINGS
@given(patients)
def test_missing_names_patient_fields_and_what_they_change(data):
    _, rec, _ = walk(data)
    from decision.patient.model import Patient

    for m in rec.missing:  # a catalogue fact, a list, a section, or a top-level date such as as_of
        assert m.field in CATALOGUE or m.field in {"therapies", "autoantibodies", "assessments"} \
            or any(k.startswith(m.field + ".") for k in CATALOGUE) or m.field in Patient.model_fields
        assert m.would_change and m.question
