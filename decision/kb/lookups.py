"""Tables derived from a loaded knowledge base, built once so that no walk rebuilds them.

The walker, the rules and the loader's checks all need the same few look-ups: which line of which ladder a
therapy sits on, what each rule targets once tags and combinations are expanded, which facts a condition may
name (the patient facts, the IMACS screening scope and stratum, and the pathway's named definitions). They
depend on the knowledge base only, never on the patient, so they live here and are computed when
:func:`decision.load` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision.kb.models import Definition
from decision.patient.facts import CATALOGUE, FactSpec
from decision.walk.cancer_screening import screening_specs
from decision.walk.conditions import fields_of
from decision.walk.ladder_facts import ladder_fact_specs
from decision.walk.repeats import continue_id
from decision.walk.safety_stops import safety_stop_specs

#: The tag of a therapy given with or without any line, which neither makes a line nor counts as the steroid-
#: sparing agent refractoriness needs (IVIG: "all three lines include glucocorticoids with or without IVIG").
ADD_ON = "add_on_any_line"


@dataclass(frozen=True)
class Lookups:
    therapy_lines: dict[str, int]  # therapy id → its line (the muscle ladder wins; else the first ladder)
    antibody_thresholds: dict[str, float]
    non_gc_ids: frozenset[str]  # steroid-sparing or escalation therapies (glucocorticoids and add-ons excluded)
    glucocorticoid_ids: frozenset[str]  # drug class glucocorticoid (oral courses and pulses)
    add_on_ids: frozenset[str]  # added at any line without defining one (IVIG): tag add_on_any_line
    immunosuppressive: frozenset[str]
    sparing_immunosuppressants: frozenset[str]  # immunosuppressive, neither a glucocorticoid nor an add-on
    rule_targets: dict[str, frozenset[str]]
    definitions: dict[str, Definition]
    fact_specs: dict[str, FactSpec]  # every name a condition may test
    escalating_statuses: frozenset[str]
    min_weeks: float  # pathway.parameters.refractory_min_weeks
    concerns: dict[tuple[str, str], str]  # (node id, action id) → the therapy that advice concerns
    continued_as: dict[tuple[str, str], tuple[str, ...]]  # (node, therapy action) → drugs that, taken now, it continues
    combinations: dict[str, frozenset[str]]  # combination therapy id → its component therapy ids
    redose_weeks: dict[str, float]  # therapy given in cycles → weeks after which a cycle has lapsed
    stop_gates: tuple  # the rules marked stop_if_current, in file order
    exclude_gates: tuple  # the exclude gates that rule a drug out, not a hold on every immunosuppressant
    lasting_rule_ids: frozenset[str]  # exclude/avoid rules (gates or tailoring) that rule their drugs out, not a hold
    dose_gates: tuple  # the gates that, true, keep a drug taken now from being raised: exclude/avoid, or caps_dose
    ladder_options: dict[str, frozenset[str]]  # ladder → every option on it, add-ons excluded
    with_agent: frozenset[tuple[str, str]]  # (node, action) said only when the node's selection starts an agent now
    switch_decisions: tuple  # decisions whose every target switches within the line reached: which ladder it uses

    def parts_of(self, drugs) -> frozenset[str]:
        """The components of the combinations among these drugs (methotrexate + azathioprine → both)."""
        return frozenset().union(*(self.combinations[d] for d in drugs if d in self.combinations))


def build_lookups(kb) -> Lookups:
    definitions = {d.name: d for d in kb.pathway.definitions}
    add_ons = frozenset(t.id for t in kb.therapies.values() if ADD_ON in t.tags)
    continued = {(n.id, a.id): tids for n in kb.pathway.nodes for a in n.actions if (tids := _continued_as(kb, a))}
    # a rule that rules its drugs out for this patient, not a hold on every immunosuppressant that waits on
    # something to settle (an active infection or cancer)
    lasting = frozenset(r.id for r in kb.rules if r.effect in ("exclude", "avoid")
                        and not (r.targets is not None and "immunosuppressant" in r.targets.tags))
    return Lookups(
        therapy_lines=_therapy_lines(kb),
        antibody_thresholds=({t.antibody: t.min_intensity for t in kb.antibody_thresholds.thresholds}
                             if kb.antibody_thresholds else {}),
        non_gc_ids=frozenset(t.id for t in kb.therapies.values()
                             if (t.immunosuppressive or "escalation" in t.tags) and t.drug_class != "glucocorticoid"
                             and ADD_ON not in t.tags),
        glucocorticoid_ids=frozenset(t.id for t in kb.therapies.values() if t.drug_class == "glucocorticoid"),
        add_on_ids=add_ons,
        immunosuppressive=frozenset(t.id for t in kb.therapies.values() if t.immunosuppressive),
        sparing_immunosuppressants=frozenset(t.id for t in kb.therapies.values() if t.immunosuppressive
                                             and t.drug_class != "glucocorticoid" and ADD_ON not in t.tags),
        rule_targets={r.id: frozenset(_targets(kb, r)) for r in kb.rules},
        definitions=definitions,
        fact_specs={**CATALOGUE, **screening_specs(kb.cancer_screening), **safety_stop_specs(kb),
                    **ladder_fact_specs(kb), **_definition_specs(definitions)},
        escalating_statuses=frozenset(s.code for s in kb.pathway.statuses if s.escalates),
        min_weeks=kb.pathway.parameters.refractory_min_weeks,
        concerns={**{(n.id, a.id): a.concerns for n in kb.pathway.nodes for a in n.actions if a.concerns},
                  **{(node, continue_id(action, tid)): tid for (node, action), tids in continued.items()
                     for tid in tids}},
        continued_as=continued,
        combinations={t.id: frozenset(t.components) for t in kb.therapies.values() if t.components},
        redose_weeks={t.id: t.redose_after_weeks for t in kb.therapies.values() if t.redose_after_weeks},
        stop_gates=tuple(r for r in kb.rules if r.stop_if_current),
        exclude_gates=tuple(r for r in kb.rules if r.kind == "gate" and r.effect == "exclude" and r.id in lasting),
        lasting_rule_ids=lasting,
        dose_gates=tuple(r for r in kb.rules if r.kind == "gate" and not r.stop_if_current
                         and (r.caps_dose or r.effect in ("exclude", "avoid"))),
        ladder_options={name: frozenset(o for s in ladder.steps for o in s.options) - add_ons
                        for name, ladder in kb.ladders.items()},
        with_agent=frozenset((n.id, a.id) for n in kb.pathway.nodes for a in n.actions if a.with_agent),
        switch_decisions=tuple(n for n in kb.pathway.nodes if _chooses_switch_ladder(kb, n)),
    )


def _chooses_switch_ladder(kb, node) -> bool:
    """A decision whose every branch (and ``otherwise``) leads to a switch within the line reached, on some ladder:
    the one that picks the ladder a replacement comes from."""
    if node.kind != "decision" or not node.branches:
        return False
    targets = [b.to for b in node.branches] + ([node.otherwise] if node.otherwise else [])
    selects = [kb.nodes[t].select if t in kb.nodes else None for t in targets]
    return all(s is not None and s.line == "same" for s in selects)


_KEPT_AS_WRITTEN = frozenset({"glucocorticoid", "procedure", "topical"})


def _continued_as(kb, action) -> tuple[str, ...]:
    """The drugs that, taken now, make a node's therapy action advice to continue them (an advice whose id
    names the drug, :func:`~decision.walk.repeats.continue_id`, and which concerns it): its own drug and those
    that already do what it is named for. Systemic drugs only: a glucocorticoid action is a dose plan (a pulse, a
    starting dose), and a measure (exercise, photoprotection) or a topical is advice that holds whether or not it
    is under way, so these stay as written."""
    therapy = kb.therapies.get(action.therapy) if action.therapy else None
    if therapy is None or therapy.drug_class in _KEPT_AS_WRITTEN:  # an unknown id is the checks' to report
        return ()
    return (action.therapy, *action.satisfied_by)


def _therapy_lines(kb) -> dict[str, int]:
    lines: dict[str, int] = {}
    for ladder in kb.ladders.values():
        for step in ladder.steps:
            for option in step.options:
                lines.setdefault(option, step.line)
    if "muscle" in kb.ladders:
        muscle: dict[str, int] = {}
        for step in kb.ladders["muscle"].steps:
            for option in step.options:
                muscle.setdefault(option, step.line)
        lines.update(muscle)
    return lines


def _targets(kb, rule) -> set[str]:
    if rule.targets is None:
        return set()
    ids = set(rule.targets.therapies)
    for tag in rule.targets.tags:
        ids |= {t.id for t in kb.therapies.values() if tag in t.tags}
    for t in kb.therapies.values():  # a combination is hit when any of its components is
        if t.components and ids & set(t.components):
            ids.add(t.id)
    return ids


def _definition_specs(definitions: dict[str, Definition]) -> dict[str, FactSpec]:
    """Each definition as a derived boolean fact whose questions are the patient fields its condition reads."""

    def inputs(name: str, seen: frozenset[str]) -> list[str]:
        out: list[str] = []
        for cmp in fields_of(definitions[name].when):
            if cmp.field in definitions and cmp.field not in seen:
                out += inputs(cmp.field, seen | {cmp.field})
            elif cmp.field in CATALOGUE:
                out += list(CATALOGUE[cmp.field].asks())
        return list(dict.fromkeys(out))

    return {name: FactSpec(name, "bool", d.description, inputs=tuple(inputs(name, frozenset({name}))), derived=True)
            for name, d in definitions.items()}
