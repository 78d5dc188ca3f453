"""Room mode: a facilitator's live session on one local server, in memory only, safe across threads.

Streamlit runs each browser session in its own thread, so the sessions of a room (one facilitator, several
learners) meet in one shared :class:`Registry`. Every method takes the registry's lock and hands out frozen
copies, never the live dictionaries. Nothing is written to disk: rooms expire after ``ttl`` seconds without
activity, and learners are known only by a nickname, which the CSV export replaces with "learner N".
"""

from __future__ import annotations

import csv
import io
import math
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from decision.errors import Problem
from decision.teaching.scoring import AnswerError
from decision.teaching.staging import Question

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read aloud and typed without confusion
CODE_LENGTH = 4
NICKNAME = re.compile(r"^[\w .'-]{1,24}$")
DEFAULT_TTL = 4 * 3600.0


class RoomError(AnswerError):
    """A room action that cannot be done (unknown code, taken nickname, closed question): for the view."""

    audience = "room"


@dataclass
class _Room:
    code: str
    case_id: str
    touched: float
    learners: list[str] = field(default_factory=list)
    current: str | None = None  # question uid on screen
    open: bool = False
    revealed: set[str] = field(default_factory=set)
    answers: dict[str, dict[str, tuple[tuple[str, ...], str | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoomView:
    """A frozen copy of a room for rendering."""

    code: str
    case_id: str
    learners: tuple[str, ...]
    current: str | None
    open: bool
    revealed: frozenset[str]
    answers: dict[str, dict[str, tuple[tuple[str, ...], str | None]]]

    def tally(self, question: Question) -> dict[str, int]:
        """Answers per option (for a ranking: first choices; for checks: each tick)."""
        counts = dict.fromkeys(question.options, 0)
        for choice, _ in self.answers.get(question.uid, {}).values():
            for option in (choice if question.kind == "checks" else choice[:1]):
                counts[option] = counts.get(option, 0) + 1
        return counts


class Registry:
    """All live rooms of this server process. Thread-safe; ``clock`` is injectable for tests."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._rooms: dict[str, _Room] = {}
        self.ttl = ttl
        self._clock = clock

    def _expire(self) -> None:
        now = self._clock()
        for code in [c for c, r in self._rooms.items() if now - r.touched > self.ttl]:
            del self._rooms[code]

    def _room(self, code: str) -> _Room:
        self._expire()
        room = self._rooms.get(code.strip().upper())
        if room is None:
            raise RoomError([Problem("join code", "the code of a running session", repr(code))])
        room.touched = self._clock()
        return room

    def create(self, case_id: str) -> str:
        with self._lock:
            self._expire()
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if code not in self._rooms:
                    break
            self._rooms[code] = _Room(code, case_id, self._clock())
            return code

    def join(self, code: str, nickname: str) -> str:
        nickname = nickname.strip()
        if not NICKNAME.match(nickname):
            raise RoomError([Problem("nickname", "1 to 24 letters, digits, spaces or . ' - _", repr(nickname))])
        with self._lock:
            room = self._room(code)
            if nickname.lower() in (n.lower() for n in room.learners):
                raise RoomError([Problem("nickname", "a nickname nobody in the room uses yet", repr(nickname))])
            room.learners.append(nickname)
            return room.code

    def show(self, code: str, uid: str, is_open: bool) -> None:
        """Put question ``uid`` on screen, open (accepting answers) or closed."""
        with self._lock:
            room = self._room(code)
            room.current, room.open = uid, is_open

    def reveal(self, code: str, uid: str) -> None:
        with self._lock:
            room = self._room(code)
            room.open = False
            room.revealed.add(uid)

    def answer(self, code: str, nickname: str, question: Question, choice: tuple[str, ...],
               confidence: str | None = None) -> None:
        """Record (or replace) a learner's answer to the open question."""
        from decision.teaching.scoring import score_answer

        score_answer(question, choice, confidence=confidence)  # refuses an answer that does not fit
        with self._lock:
            room = self._room(code)
            if nickname not in room.learners:
                raise RoomError([Problem("nickname", "a learner who joined this room", repr(nickname))])
            if not (room.open and room.current == question.uid):
                raise RoomError([Problem(question.uid, "a question the facilitator has opened", "closed")])
            room.answers.setdefault(question.uid, {})[nickname] = (tuple(choice), confidence)

    def view(self, code: str) -> RoomView:
        with self._lock:
            r = self._room(code)
            return RoomView(r.code, r.case_id, tuple(r.learners), r.current, r.open, frozenset(r.revealed),
                            {uid: dict(a) for uid, a in r.answers.items()})

    def close(self, code: str) -> None:
        with self._lock:
            self._rooms.pop(code, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._rooms)


def split(counts: dict[str, int]) -> float:
    """How divided the room was on one question: normalised entropy, 0 (unanimous) to 1 (evenly split)."""
    total = sum(counts.values())
    used = [c for c in counts.values() if c]
    if total == 0 or len(used) < 2:
        return 0.0
    h = -sum(c / total * math.log(c / total) for c in used)
    return h / math.log(len(counts)) if len(counts) > 1 else 0.0


def most_split(view: RoomView, questions: list[Question]) -> Question | None:
    """The question the room split most on (ties: the earlier question); None before any answer."""
    scored = [(split(view.tally(q)), -i, q) for i, q in enumerate(questions) if view.answers.get(q.uid)]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def answers_csv(view: RoomView, questions: list[Question], recs: dict[int, Any] | None = None) -> str:
    """The session's answers, one row per learner and question, nicknames replaced by 'learner N'."""
    from decision.teaching.scoring import score_answer

    alias = {n: f"learner {i}" for i, n in enumerate(view.learners, 1)}
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["learner", "question", "ask", "choice", "confidence", "points", "key"])
    for q in questions:
        for nick, (choice, conf) in sorted(view.answers.get(q.uid, {}).items(), key=lambda kv: alias[kv[0]]):
            rec = (recs or {}).get(q.stage)
            pts = score_answer(q, choice, rec).points
            w.writerow([alias[nick], q.uid, q.ask, ";".join(choice), conf or "", pts, ";".join(q.key)])
    return out.getvalue()
