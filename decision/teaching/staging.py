"""Stage a case: build the patient at each reveal, walk it, and turn the walk into questions with their key.

The key of every question is read off the walker's answer for that stage — the branch taken at a decision
node, the therapies suggested now in rank order, the checks due before them — so the case file never holds
an answer and a change to the knowledge base changes the key everywhere at once.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from typing import Any

from decision.recommendation import Recommendation, TraceStep
from decision.teaching.models import SAFETY_CHECKS, THERAPY_CHOICE, Case
from decision.walk.walker import recommend

NONE_OF_THESE = "none of these"
HOLD = "hold — answer the open question first"
UNKNOWN = "cannot tell yet — examine first"
MAX_RANK = 3
SAFETY_SEVERITIES = ("contraindication", "caution", "screening_due")


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``patch`` laid over ``base``: mappings merge key by key, lists and values replace, ``null`` removes."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def stage_patients(case: Case) -> list[dict[str, Any]]:
    """The patient as known at each stage (stage 1 whole, each later stage merged onto the one before)."""
    staged: list[dict[str, Any]] = []
    for stage in case.stages:
        staged.append(dict(stage.patient or {}) if not staged else merge(staged[-1], stage.patch or {}))
    return staged


@dataclass(frozen=True)
class Question:
    """One question of one stage, with the options offered and the walker's key."""

    case: str
    stage: int  # 1-based
    ask: str  # a decision node id, therapy_choice or safety_checks
    kind: str  # "branch", "ranking" or "checks"
    prompt: str
    options: tuple[str, ...]
    key: tuple[str, ...]  # one label for a branch; therapies in rank order; the checks due
    labels: dict[str, str]  # option id → words shown (therapy names, check titles)

    @property
    def uid(self) -> str:
        return f"{self.case}/{self.stage}/{self.ask}"


@dataclass(frozen=True)
class StagedCase:
    case: Case
    patients: tuple[dict[str, Any], ...]
    recommendations: tuple[Recommendation, ...]
    questions: tuple[tuple[Question, ...], ...]  # per stage

    def all_questions(self) -> list[Question]:
        return [q for stage in self.questions for q in stage]


def step_at(rec: Recommendation, node: str) -> TraceStep | None:
    return next((s for s in rec.trace if s.node == node), None)


def branch_answer(step: TraceStep) -> str:
    """The answer a decision step gave, in the words offered to the learner."""
    label = step.taken_label or ""
    if label.startswith("hold:"):
        return HOLD
    if label.startswith("unknown:"):
        return UNKNOWN
    return NONE_OF_THESE if label in ("", "otherwise") else label


def branch_options(kb, node_id: str) -> tuple[str, ...]:
    node = kb.nodes[node_id]
    opts = [b.label for b in node.branches] + [NONE_OF_THESE]
    if node.unknown:
        opts.append(UNKNOWN)
    if node.hold:
        opts.append(HOLD)
    return tuple(opts)


def therapy_key(rec: Recommendation) -> tuple[str, ...]:
    """The therapies suggested now, in rank order (drugs and non-drug therapies alike), at most three."""
    now = [a.therapy for a in rec.actions if a.therapy and a.timing == "now" and a.kind != "stop"]
    return tuple(dict.fromkeys(now))[:MAX_RANK]


def safety_key(rec: Recommendation, kb) -> tuple[str, ...]:
    """The checks due before the therapies suggested now (warnings naming one of them), and contraindications."""
    chosen = set(therapy_key(rec))
    due = [w.id for w in rec.warnings
           if w.severity == "contraindication" or (chosen & set(w.therapies) and w.severity in SAFETY_SEVERITIES)]
    return tuple(dict.fromkeys(due))


def _distractors(pool: list[str], exclude: set[str], seed: str, n: int) -> list[str]:
    """A stable choice of ``n`` wrong options (same case, same distractors on every run)."""
    rest = sorted(x for x in dict.fromkeys(pool) if x not in exclude)
    rest.sort(key=lambda x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest())
    return rest[:n]


def _therapy_question(kb, case_id: str, stage: int, rec: Recommendation) -> Question:
    key = therapy_key(rec)
    ruled_out = [n.therapy for n in rec.not_suggested]
    pool = ruled_out + list(kb.therapies)
    options = list(key) + _distractors(ruled_out, set(key), case_id, 3)
    options += _distractors(pool, set(options), case_id + "/t", max(0, 7 - len(options)))
    options.sort(key=lambda t: kb.therapies[t].name.lower() if t in kb.therapies else t)
    labels = {t: kb.therapies[t].name if t in kb.therapies else t for t in options}
    return Question(case_id, stage, THERAPY_CHOICE, "ranking",
                    "Which therapies now? Rank up to three, best first.", tuple(options), key, labels)


def _safety_question(kb, case_id: str, stage: int, rec: Recommendation) -> Question:
    key = safety_key(rec, kb)
    titles = {r.id: r.title for r in kb.rules}
    titles.update({w.id: titles.get(w.id, w.message.split(".")[0]) for w in rec.warnings})
    warned = {w.id for w in rec.warnings}
    pool = [r.id for r in kb.rules if r.effect in ("warn", "exclude", "avoid")]
    options = sorted(list(key) + _distractors(pool, warned | set(key), case_id + "/s", 3))
    return Question(case_id, stage, SAFETY_CHECKS, "checks",
                    "Which safety checks are due before the therapies suggested now? Tick all that apply.",
                    tuple(options), key, {o: titles.get(o, o) for o in options})


def questions_for(kb, case: Case, stage: int, rec: Recommendation) -> tuple[Question, ...]:
    """The questions of one stage (1-based) with the walker's key; a node the walk did not reach has key ()."""
    out = []
    for ask in case.stages[stage - 1].ask:
        if ask == THERAPY_CHOICE:
            out.append(_therapy_question(kb, case.id, stage, rec))
        elif ask == SAFETY_CHECKS:
            out.append(_safety_question(kb, case.id, stage, rec))
        else:
            step = step_at(rec, ask)
            key = (branch_answer(step),) if step else ()
            opts = branch_options(kb, ask)
            out.append(Question(case.id, stage, ask, "branch", kb.nodes[ask].question or kb.nodes[ask].title,
                                opts, key, {o: o for o in opts}))
    return tuple(out)


def stage_case(kb, case: Case) -> StagedCase:
    """Walk every stage of ``case``; raises PatientInputError (naming the field) on a bad staged patient."""
    patients = stage_patients(case)
    recs = tuple(recommend(kb, p) for p in patients)
    questions = tuple(questions_for(kb, case, i + 1, rec) for i, rec in enumerate(recs))
    return StagedCase(case, tuple(patients), recs, questions)
