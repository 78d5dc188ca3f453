"""What a reader sees first, shared by the terminal text, the handouts and the app.

One recommendation, read the same way everywhere: the position on the Lundberg steps, the route as a sequence
of decisions (the question, the branch taken, the branches not taken with their value), the first actions with
why this patient is on them, the cautions that apply, and the checks still due before starting a drug — worded
conditionally, because an untested hepatitis B status is not a positive one. Sources are citations a reader
can look up, never the knowledge base's keys. Every field and value goes through :mod:`decision.labels`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision.guide.answers import plain
from decision.guide.describe import describe_value
from decision.labels import field_label
from decision.patient.facts import CATALOGUE
from decision.recommendation import ActionView, Recommendation, Warning
from decision.walk.rules import check_when

# The Lundberg steps in reading order, with triage and the outcome, for the compact map.
STEPS: tuple[tuple[str, str], ...] = (
    ("triage", "Triage"), ("refractory", "Refractory?"), ("activity", "Step 1 · active or damage?"),
    ("diagnosis", "Step 2 · right diagnosis?"), ("therapy", "Step 3 · change therapy"), ("outcome", "Outcome"),
)
UNATTRIBUTED = "knowledge_brief_unattributed"
UNATTRIBUTED_TEXT = "No published source named: the project's clinical knowledge brief gives this without one."


def md_escape(text: Any) -> str:
    """Escape text for Markdown (control characters, HTML brackets and the ``$`` that would start LaTeX)."""
    out = str(text)
    for ch in "\\`*_[]<>#|$~":
        out = out.replace(ch, "\\" + ch)
    return out


# --- sources ------------------------------------------------------------------------------------------


def citation(kb: Any, source_id: str) -> str:
    """One readable citation (with DOI and URL when given); never the internal key."""
    if source_id == UNATTRIBUTED:
        return UNATTRIBUTED_TEXT
    s = kb.sources.get(source_id) if kb is not None else None
    if s is None:
        return "a source not in the knowledge base's list"
    text = " ".join(s.citation.split())
    if s.unstated(s.doi):
        text += f" doi:{s.doi}"
    if s.unstated(s.url):
        text += f" {s.url}"
    return text


def citations(kb: Any, source_ids: tuple[str, ...] | list[str]) -> list[str]:
    return [citation(kb, s) for s in dict.fromkeys(source_ids)]


# --- inputs, why, warnings -------------------------------------------------------------------------------


def inputs_text(inputs: Mapping[str, Any], kb: Any = None) -> str:
    """``{"ild.present": True}`` → ``Interstitial lung disease (ILD): yes``."""
    return "; ".join(f"{field_label(k)}: {describe_value(plain(v), k, kb)}" for k, v in inputs.items())


def action_name(a: ActionView) -> str:
    return a.therapy_name or a.kind.capitalize()


def action_text(a: ActionView) -> str:
    """The action's own instruction; empty for a ladder therapy whose text only repeats its name and line name.

    A ladder line's name ("second line after first-line failure") describes the ladder, not this patient, so
    views show the line number and :func:`action_why` instead.
    """
    if a.therapy_name and a.text.startswith(f"{a.therapy_name}:"):
        return ""
    return a.text


def action_why(a: ActionView, kb: Any = None) -> str:
    """Why this patient is on this action, from the inputs that decided it (empty if none were recorded)."""
    return inputs_text(a.inputs, kb)


def first_actions(rec: Recommendation, n: int = 3) -> list[ActionView]:
    """The actions to take now, in the order given (ranked therapies keep their rank order)."""
    now = [a for a in rec.actions if a.timing == "now"]
    return (now or list(rec.actions))[:n]


def _rules(kb: Any) -> dict[str, Any]:
    return {r.id: r for r in getattr(kb, "rules", ())} if kb is not None else {}


def missing_inputs(fields: tuple[str, ...], rec: Recommendation | None = None) -> list[str]:
    """Labels of the patient fields behind possibly derived facts (``hbv_exposed`` → HBsAg, anti-HBc).

    With ``rec``, inputs the recommendation does not list as missing (known already) are left out.
    """
    open_fields = {m.field for m in rec.missing} if rec is not None else None
    raws = [r for f in fields for r in (CATALOGUE[f].asks() if f in CATALOGUE else (f,))]
    unknown = [r for r in raws if open_fields is None or r in open_fields] or raws  # all known: say what was asked
    return list(dict.fromkeys(field_label(r) for r in unknown))


def is_check(w: Warning) -> bool:
    """A warning that only says something is not yet known (a check before starting), not a finding."""
    return bool(w.missing)


def warning_text(kb: Any, w: Warning, rec: Recommendation | None = None) -> str:
    """The warning in words; one raised on unknown data reads as a check to do, conditionally."""
    names = [kb.therapies[t].name if kb is not None and t in kb.therapies else t for t in w.therapies]
    drugs = ", ".join(names) or "the plan"
    rule = _rules(kb).get(w.id)
    if not is_check(w):
        return f"{rule.title} ({drugs}): {w.message}" if rule is not None else w.message
    unknown = ", ".join(missing_inputs(w.missing, rec))
    when = _check_when(kb, w, rec)
    if rule is None:
        return f"Not yet known: {unknown} — {when}."
    title = rule.title
    if title[1:2].islower():  # "Teratogenic drug…" → "teratogenic drug…", but "IVIG…" stays
        title = title[:1].lower() + title[1:]
    return f"Not yet known: {unknown} — {when}. If it turns out {title}: {rule.message}"


def _check_when(kb: Any, w: Warning, rec: Recommendation | None) -> str:
    """"check before starting" the drugs suggested now, "and while taking" those already taken, in the engine's
    words (round-10 audit: a teratogen taken now read as one still to start)."""
    def name(t: str) -> str:
        return kb.therapies[t].name if kb is not None and t in kb.therapies else t

    if not w.therapies:
        return "check before starting the plan"
    suggested = {a.therapy for a in rec.actions if a.kind == "therapy"} if rec is not None else set(w.therapies)
    text = check_when([name(t) for t in w.therapies if t in suggested],
                      [name(t) for t in w.therapies if t not in suggested])
    return text[:1].lower() + text[1:]


def checks_and_cautions(rec: Recommendation) -> tuple[list[Warning], list[Warning]]:
    """(findings: contraindications and cautions that apply, checks still due) in the walker's order."""
    found = [w for w in rec.warnings if not is_check(w)]
    due = [w for w in rec.warnings if is_check(w)]
    return found, due


# --- route and position --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Branch:
    label: str
    outcome: str  # true, false, unknown (or "not evaluated" from an older walker)
    decided_by: str  # inputs in words
    unknown: str  # missing inputs in words
    held: str = ""  # a held branch left unknown: the clue present, in words (the walk stopped for it)


@dataclass(frozen=True)
class Decision:
    """One decision on the patient's route: its question, the branch taken, and every branch with its value."""

    node: str
    step: str
    question: str
    taken: str
    branches: tuple[Branch, ...]

    @property
    def not_taken(self) -> tuple[Branch, ...]:
        return tuple(b for b in self.branches if b.label != self.taken)


def route(rec: Recommendation, kb: Any = None) -> list[Decision]:
    """The patient's route as decisions, built from ``rec.trace`` (actions and outcomes are left out)."""
    out = []
    for s in rec.trace:
        if s.kind != "decision":
            continue
        branches = tuple(Branch(b.label, b.outcome, inputs_text(b.inputs, kb), ", ".join(missing_inputs(b.missing)),
                                inputs_text(b.clues, kb) if b.clues else "")
                         for b in s.branches)
        out.append(Decision(s.node, s.step, s.question or s.title, s.taken_label or "none of the branches",
                            branches))
    return out


def position(rec: Recommendation) -> str:
    """The step where the route was decided: the step of the last decision on it (triage if none)."""
    decisions = [s for s in rec.trace if s.kind == "decision"]
    return decisions[-1].step if decisions else "triage"


def steps_reached(rec: Recommendation) -> set[str]:
    return {s.step for s in rec.trace}


def held_texts(rec: Recommendation, kb: Any = None) -> list[str]:
    """The questions the walk would not pass, each with the clue that made it stop and what to record."""
    return [f"{h.question} — '{h.branch}' is possible (clue: {inputs_text(h.clues, kb)}). Record: "
            f"{', '.join(field_label(f) for f in h.ask)}." for h in rec.held]


def preview_texts(rec: Recommendation, kb: Any = None) -> list[str]:
    """The plan-ahead preview in words: what is assumed, what would follow, the checks to order now."""
    p = rec.next_if_confirmed
    if p is None:
        return []
    therapies = ", ".join(t.therapy_name + ("" if t.timing == "now" else f" ({t.timing.replace('_', ' ')})")
                          for t in p.therapies)
    out = [p.note] + [f"Assuming: {a}" for a in p.assumes] + [f"Would most likely be: {p.title} — {therapies}"]
    return out + [f"Order now: {warning_text(kb, w, rec)}" for w in p.order_now]


def trial_texts(rec: Recommendation) -> list[str]:
    return [lead.text for lead in rec.trial_leads]


def steroid_texts(rec: Recommendation) -> list[str]:
    plan = rec.glucocorticoid_plan
    if not plan:
        return []
    if "default" not in plan:
        return [f"{plan['name']}: {plan['note']}."] if plan.get("note") else []
    g = plan["default"]
    out = [f"{g['name']}: start {g['start_mg_day'][0]:g}–{g['start_mg_day'][1]:g} mg/day ({g['calculation']}); "
           f"{g['high_dose_weeks']}; taper: {g['taper']}; target: {g['target']}"]
    return out + [f"Alternative, {a['name']}: {a['start_mg_day'][0]:g}–{a['start_mg_day'][1]:g} mg/day; "
                  f"taper: {a['taper']}" for a in plan.get("alternatives", [])]


def cancer_texts(rec: Recommendation) -> list[str]:
    cs = rec.cancer_screening
    if not cs:
        return []
    if cs["applies"] is False:  # outside the schedule, a red flag's panel still stands (round-10 audit)
        return [cs["note"]] + [p["text"] for p in cs.get("panels", ())]
    feats = ", ".join(cs["higher_risk_features"]) or "none"
    could = f"; could be {cs['could_be']} if the unknown features are present" if cs["could_be"] else ""
    status = str(cs["screening_status"] or "unknown").replace("_", " ")  # "not done", not "not_done"
    return [f"Stratum: {cs['stratum_label']} (higher-risk features: {feats}){could}; screening recorded as "
            f"{status}"] + [p["text"] for p in cs["panels"]]


def response_texts(rec: Recommendation) -> list[str]:
    return [rec.response["explanation"]] if rec.response else []


def plan_sections(rec: Recommendation, kb: Any = None) -> list[tuple[str, list[str]]]:
    """The parts of an answer beyond the actions and warnings, titled, in words — one rendering for every view
    (terminal, handouts, app), so no view can leave one out. Empty sections are dropped."""
    sections = [
        ("Notes on the input", list(rec.input_notes)),
        ("Answer first (each could forbid or redirect escalation, and a clue says it might)", held_texts(rec, kb)),
        ("Next if confirmed — not a suggestion yet", preview_texts(rec, kb)),
        ("Consider a clinical trial (after the ladder, not instead of it)", trial_texts(rec)),
        ("Glucocorticoid plan", steroid_texts(rec)),
        ("Cancer screening (IMACS 2023)", cancer_texts(rec)),
        ("Response on the current regimen", response_texts(rec)),
    ]
    return [(title, lines) for title, lines in sections if lines]
