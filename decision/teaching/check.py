"""``teach check``: every stage of every case walked again and compared with the committed answer snapshot.

The snapshot (``cases/answers.lock.json``) records what the walker answers to each question of each stage.
When a knowledge-base edit changes one of those answers, the teaching points built on it may no longer hold:
the check fails and names the case, the stage and the question, with the old and the new answer, so the case
author re-reads that case before regenerating the snapshot with ``teach check --update``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decision.errors import Problem
from decision.teaching.models import Case
from decision.teaching.staging import StagedCase, stage_case

LOCK_NAME = "answers.lock.json"


def answers_of(staged: StagedCase) -> list[dict[str, Any]]:
    """The snapshot of one case: per stage, the status and the key of every question."""
    return [{"stage": i + 1, "status": rec.status.code,
             "answers": {q.ask: list(q.key) for q in staged.questions[i]}}
            for i, rec in enumerate(staged.recommendations)]


def snapshot(kb, cases: dict[str, Case]) -> dict[str, Any]:
    return {"note": "Walker answers per case stage; regenerate with `myositis-cds teach check --update` after "
                    "re-reading every case the check named.",
            "cases": {cid: answers_of(stage_case(kb, cases[cid])) for cid in sorted(cases)}}


def _unanswerable(staged: StagedCase) -> list[Problem]:
    out = []
    for q in staged.all_questions():
        if not q.key:
            why = {"branch": "the walk does not reach this decision node",
                   "ranking": "the walk suggests no therapy now", "checks": "no safety check is due"}[q.kind]
            out.append(Problem(f"case {q.case} stage {q.stage} ({staged.case.stages[q.stage - 1].title}) "
                               f"question {q.ask}", "a question the walker answers", why))
    return out


def _compare(cid: str, case: Case, now: list[dict[str, Any]], then: list[dict[str, Any]] | None) -> list[Problem]:
    if then is None:
        return [Problem(f"case {cid}", "an entry in the answer snapshot", "none (new case? run teach check --update)")]
    out = []
    for stage_now, stage_then in zip(now, then + [{}] * (len(now) - len(then)), strict=False):
        n = stage_now["stage"]
        where = f"case {cid} stage {n} ({case.stages[n - 1].title})"
        if stage_then.get("status") != stage_now["status"]:
            out.append(Problem(f"{where} status", f"{stage_then.get('status')!r} as in the snapshot",
                               repr(stage_now["status"])))
        old = stage_then.get("answers", {})
        for ask, key in stage_now["answers"].items():
            if old.get(ask) != key:
                out.append(Problem(f"{where} decision {ask}", f"{old.get(ask)!r} as in the snapshot", repr(key)))
    return out


def check_cases(kb, cases: dict[str, Case], lock: dict[str, Any]) -> list[Problem]:
    """Every problem: unanswerable questions, cases missing from the snapshot, and answers that moved."""
    problems: list[Problem] = []
    locked = lock.get("cases", {})
    for cid in sorted(cases):
        staged = stage_case(kb, cases[cid])
        problems += _unanswerable(staged)
        problems += _compare(cid, cases[cid], answers_of(staged), locked.get(cid))
    problems += [Problem(f"case {cid}", "a case file for every snapshot entry", "no such case")
                 for cid in sorted(set(locked) - set(cases))]
    return problems


def read_lock(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"cases": {}}


def write_lock(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
