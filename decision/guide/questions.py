"""Which questions to ask next, grouped the way a clinician gathers them.

A clinic visit starts with who the patient is (age, sex, subtype, antibodies, treatments so far, pregnancy when
it can apply), then the measurements that say whether the disease is active (CK with its upper limit of
normal, MMT, FVC and DLCO with their previous values, the trends). Only then do the walker's own open
questions follow, one *screen per decision*: every fact one decision still needs is asked together, in the
walker's order, so answering a screen moves the patient on by one decision.

* :func:`remaining_questions` / :func:`next_question` — the items of ``rec.missing`` still worth asking (not
  skipped, not answered: a derived fact lists several inputs, some of which may be known already).
* :func:`current_screen` — the screen to show now (intake, measurements, or the next decision's questions).
* :data:`STAGES` and :func:`stage_of` — the fixed progress indicator (a stage bar that never jumps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision.guide.answers import get_answer, is_answered
from decision.guide.history import Phase
from decision.recommendation import Missing, Recommendation

INTAKE_FIELDS: tuple[str, ...] = ("age", "sex", "diagnosis.subtype", "autoantibodies", "treatment_naive",
                                  "therapies", "pregnancy.status", "pregnancy.plans")
PREGNANCY_FIELDS: tuple[str, ...] = ("pregnancy.status", "pregnancy.plans")
MEASURE_FIELDS: tuple[str, ...] = (
    "labs.ck", "labs.ck_trend", "muscle.weakness.mmt8", "muscle.weakness.mmt8_max", "muscle.weakness.trend",
    "muscle.active", "skin.active", "ild.present", "ild.fvc_percent", "ild.fvc_previous_percent", "ild.dlco_percent",
    "ild.dlco_previous_percent", "ild.progressing")
ILD_DETAIL_FIELDS: tuple[str, ...] = ("ild.fvc_percent", "ild.fvc_previous_percent", "ild.dlco_percent",
                                      "ild.dlco_previous_percent", "ild.progressing")

# The fixed stages of the progress indicator: where a screen sits, whatever the patient's route.
STAGES: tuple[str, ...] = ("Intake", "Measurements", "Triage", "Refractory?", "Step 1 · activity",
                           "Step 2 · diagnosis", "Step 3 · therapy", "Safety checks", "Recommendation")
_STEP_STAGE = {"triage": "Triage", "refractory": "Refractory?", "activity": "Step 1 · activity",
               "diagnosis": "Step 2 · diagnosis", "therapy": "Step 3 · therapy", "outcome": "Recommendation"}
_GROUP_TITLES = {"safety gates": "Before a new drug: safety checks", "cancer screening": "Cancer screening",
                 "tailoring": "Choosing between therapies"}


@dataclass(frozen=True)
class Screen:
    """One screen of the interview: its title, the fields it asks, why they matter, and its stage."""

    key: str  # "intake", "measures", a decision node id, or a group such as "safety gates"
    title: str
    fields: tuple[str, ...]
    stage: str
    why: tuple[Missing, ...] = ()


def remaining_questions(rec: Recommendation, answers: Mapping[str, Any] | None = None,
                        skipped: tuple[str, ...] | frozenset[str] = ()) -> list[Missing]:
    """Every item of ``rec.missing`` still to ask, in the walker's order."""
    return [item for item in rec.missing
            if item.field not in skipped and not (answers is not None and is_answered(answers, item.field))]


def next_question(rec: Recommendation, answers: Mapping[str, Any] | None = None,
                  skipped: tuple[str, ...] | frozenset[str] = ()) -> Missing | None:
    """The first item of ``rec.missing`` to ask, or ``None`` when nothing is left to ask."""
    remaining = remaining_questions(rec, answers, skipped)
    return remaining[0] if remaining else None


def pregnancy_relevant(answers: Mapping[str, Any] | None) -> bool:
    """Pregnancy is asked unless the patient is recorded as male (unknown sex: asked)."""
    return get_answer(answers, "sex") != "male"


def intake_fields(answers: Mapping[str, Any] | None) -> tuple[str, ...]:
    return tuple(f for f in INTAKE_FIELDS if f not in PREGNANCY_FIELDS or pregnancy_relevant(answers))


def measure_fields(answers: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The activity measurements; the ILD details only when ILD is not recorded as absent."""
    no_ild = get_answer(answers, "ild.present") is False
    return tuple(f for f in MEASURE_FIELDS if not (no_ild and f in ILD_DETAIL_FIELDS))


def stage_of(kb: Any, needed_at: str) -> str:
    if needed_at in _GROUP_TITLES:
        return "Safety checks"
    node = kb.nodes.get(needed_at) if kb is not None else None
    return _STEP_STAGE.get(node.step, "Triage") if node is not None else "Triage"


def screen_title(kb: Any, needed_at: str) -> str:
    if needed_at in _GROUP_TITLES:
        return _GROUP_TITLES[needed_at]
    node = kb.nodes.get(needed_at) if kb is not None else None
    if node is None:
        return needed_at.replace("_", " ").capitalize()
    return node.question or node.title


def current_screen(kb: Any, rec: Recommendation, answers: Mapping[str, Any] | None,
                   skipped: tuple[str, ...], phase: Phase) -> Screen | None:
    """The screen to show now, or ``None`` when the walk needs nothing more."""
    if phase == "intake":
        return Screen("intake", "Who is the patient?", intake_fields(answers), "Intake")
    if phase == "measures":
        return Screen("measures", "Current activity: the measurements", measure_fields(answers), "Measurements")
    remaining = remaining_questions(rec, answers, skipped)
    if not remaining:
        return None
    group = remaining[0].needed_at
    items = tuple(m for m in remaining if m.needed_at == group)
    fields = tuple(dict.fromkeys(m.field for m in items))
    return Screen(group, screen_title(kb, group), fields, stage_of(kb, group), items)
