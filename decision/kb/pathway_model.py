"""The pathway's models: decision, action and outcome nodes, their branches, statuses and named definitions.

A decision's branches say what an unknown answer does (``on_unknown``: continue, or hold with the clues that
make it worth waiting for); outcomes name a declared status; definitions name findings judged from several
facts. The graph-wide checks (reachability, every path to escalation passing each held question) are in
:mod:`decision.kb.checks` and :mod:`decision.kb.hold_checks`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from decision.kb.basis import Basis, Domain, Id, When, _Model

ActionKind = Literal["therapy", "investigation", "referral", "supportive", "monitoring", "stop", "plan"]


class Action(_Model):
    """One step a node advises. ``therapy`` names a drug the action suggests starting; ``concerns`` names the
    drug a piece of advice is about without suggesting it anew (continue, optimise, keep): the safety gates on
    that drug then apply to the advice, so it never contradicts them (see :func:`decision.walk.rules.apply_rules`).

    A drug the patient takes now is not suggested anew: the walk turns the action into advice to continue it
    (:func:`decision.walk.repeats.drop_repeats`). ``satisfied_by`` names other drugs that already do what this one
    is named for ("a calcineurin inhibitor (tacrolimus or cyclosporine)"): taking one of them now is continued
    too, never doubled with a second drug of the same kind. ``with_agent`` marks advice about the agent the node's
    own selection starts ("judge the new agent at 12 weeks"): it is said only when one is started now."""

    id: Id
    kind: ActionKind
    text: str
    therapy: Id | None = None
    satisfied_by: tuple[Id, ...] = ()  # other drugs that already do what this one is named for (same kind)
    concerns: Id | None = None
    line: int | None = Field(None, ge=1, le=3)
    timing: Literal["now", "if_insufficient", "alternative"] = "now"
    when: When | None = None
    with_agent: bool = False  # said only when the node's selection starts an agent now
    basis: Basis

    @model_validator(mode="after")
    def _therapy_kind(self) -> Action:
        if self.kind == "therapy" and self.therapy is None:
            raise ValueError("a 'therapy' id for an action of kind 'therapy'")
        if self.satisfied_by and self.therapy is None:
            raise ValueError("'satisfied_by' only with a 'therapy' (the drugs that already do what it is named for)")
        if self.therapy is not None and self.concerns is not None:
            raise ValueError("'therapy' or 'concerns', not both (an action suggesting a therapy already concerns it)")
        return self


class Select(_Model):
    """Pick therapies from a ladder: the next line after the highest failed one, or the same line (a switch).
    ``kept``: the line of the drug a safety gate stops, never a higher one (a replacement on a path that
    escalates nothing). ``own``: the same line, climbing on when it is used up, as ``same`` does (a working regimen
    whose drug must stop still needs a replacement). ``when``: only for patients it holds for (a replacement for
    a drug a safety gate stops, on a path that otherwise changes no drug); unknown, it is asked about.
    ``kept_when``: the line is ``own`` instead for patients it holds for (a regimen that works keeps the line of
    the drug a gate stops); unknown or false, ``line`` stands. ``wait_when``: the options wait ("if insufficient")
    for patients it holds for (a regimen recorded as responding, beside a domain still judged active); unknown, it
    is asked about."""

    ladder: Domain
    line: Literal["next", "same", "first", "kept", "own"]
    max_options: int = Field(4, ge=1, le=10)
    when: When | None = None
    kept_when: When | None = None
    wait_when: When | None = None


class Withhold(_Model):
    """Therapies a node rules out for this situation (shown under *not suggested* with the reason)."""

    therapies: tuple[Id, ...] = Field(min_length=1)
    reason: str
    when: When | None = None
    basis: Basis
    new_only: bool = False  # withholds a start only: a drug taken now is continued, not listed as not suggested


class Branch(_Model):
    """One answer to a decision. ``on_unknown`` says what an unknown answer does: ``continue`` (list the
    question, go on) or ``hold`` (the answer could withhold or redirect escalation: when ``clues`` is true the
    walk stops at the decision's ``hold`` target until the question is answered)."""

    when: When
    to: Id
    label: str
    on_unknown: Literal["hold", "continue"] = "continue"
    clues: When | None = None

    @model_validator(mode="after")
    def _clues_with_hold(self) -> Branch:
        if self.on_unknown == "hold" and self.clues is None:
            raise ValueError("'clues' (the positive findings that make an unknown answer worth waiting for) "
                             "on a branch with on_unknown: hold")
        if self.on_unknown == "continue" and self.clues is not None:
            raise ValueError("no 'clues' on a branch with on_unknown: continue")
        return self


class Reassess(_Model):
    to: Id
    after: str


class Node(_Model):
    id: Id
    kind: Literal["decision", "action", "outcome"]
    step: Literal["triage", "refractory", "activity", "diagnosis", "therapy", "outcome"]
    title: str
    question: str | None = None
    explanation: str | None = None
    branches: tuple[Branch, ...] = ()
    otherwise: Id | None = None
    unknown: Id | None = None
    hold: Id | None = None
    preview: str | None = None
    actions: tuple[Action, ...] = ()
    select: Select | None = None
    withhold: tuple[Withhold, ...] = ()
    next: Id | None = None
    status: str | None = None
    reassess: Reassess | None = None
    basis: Basis

    @model_validator(mode="after")
    def _shape_by_kind(self) -> Node:
        wrong = []
        if self.kind == "decision":
            wrong += self._decision_shape()
        else:
            for key in ("branches", "otherwise", "unknown", "hold", "preview"):
                if getattr(self, key):
                    wrong.append(f"no '{key}' on an {self.kind} node")
        if self.kind == "action" and not self.next:
            wrong.append("a 'next' target on an action node")
        if any(a.with_agent for a in self.actions) and self.select is None:
            wrong.append("'with_agent' only on an action of a node with a 'select' (the agent it speaks of)")
        if self.kind == "outcome":
            if not self.status:
                wrong.append("a 'status' on an outcome node")
            if self.next:
                wrong.append("no 'next' on an outcome node (use 'reassess' for a declared loop)")
        if wrong:
            raise ValueError("; ".join(wrong))
        return self

    def _decision_shape(self) -> list[str]:
        wrong = []
        if not self.question:
            wrong.append("a 'question'")
        if not self.branches:
            wrong.append("at least one entry in 'branches'")
        if not self.otherwise:
            wrong.append("an 'otherwise' target")
        wrong += [f"no '{key}' on a decision node" for key in ("actions", "select", "next", "status", "reassess")
                  if getattr(self, key)]
        if any(b.on_unknown == "hold" for b in self.branches) != bool(self.hold):
            wrong.append("a 'hold' target exactly when a branch has on_unknown: hold")
        if self.preview and self.preview not in {b.label for b in self.branches}:
            wrong.append(f"'preview' naming one of the branch labels, not {self.preview!r}")
        return wrong

    def targets(self) -> list[tuple[str, str]]:
        """Outgoing edges as (target, label), in evaluation order; the reassessment loop is not included."""
        out = [(b.to, b.label) for b in self.branches]
        if self.hold:
            out.append((self.hold, "hold"))
        if self.unknown:
            out.append((self.unknown, "unknown"))
        if self.otherwise:
            out.append((self.otherwise, "otherwise"))
        if self.next:
            out.append((self.next, "next"))
        return out


class StatusDeclaration(_Model):
    """One status an outcome may name, with how loudly every view shows it (declared once, in the YAML)."""

    code: Id
    severity: Literal["urgent", "caution", "information", "on_track"]
    meaning: str
    escalates: bool = False  # an outcome with this status suggests new immunosuppression along the ladder


class Definition(_Model):
    """A named finding judged from several facts (e.g. "the lung is active"), reused by several decisions.

    Conditions test it like a fact (``{field: lung_active, op: is, value: true}``); it is three-valued, and when
    unknown the questions asked are those of its own condition. ``domain`` marks the activity of one organ
    domain, so the answer can name the active domains."""

    name: Id
    description: str
    domain: Literal["muscle", "lung", "skin", "joints"] | None = None
    when: When
    basis: Basis


class Parameters(_Model):
    """Numbers the walk and the fact derivations share, declared once in the YAML."""

    refractory_min_weeks: float = Field(12, gt=0, le=104)


class Pathway(_Model):
    entry: Id
    parameters: Parameters = Parameters()
    statuses: tuple[StatusDeclaration, ...] = Field(min_length=1)
    definitions: tuple[Definition, ...] = ()
    nodes: tuple[Node, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _outcomes_name_declared_statuses(self) -> Pathway:
        declared = {s.code for s in self.statuses}
        wrong = [f"{n.id}: {n.status!r}" for n in self.nodes if n.kind == "outcome" and n.status not in declared]
        if wrong:
            raise ValueError("outcome statuses must be declared under pathway.statuses ("
                             + ", ".join(sorted(declared)) + "); undeclared: " + "; ".join(wrong))
        return self
