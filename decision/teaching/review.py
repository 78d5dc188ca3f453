"""A small spaced-repetition queue (Leitner boxes) for missed decisions, counted in questions, not days.

A fellow studying a few cases in one sitting should meet a missed decision again a few questions later, then
less and less often as they get it right. Days-based schedulers (FSRS) fit a deck studied over weeks; this
queue is pure data kept in the browser session, so nothing about the learner is stored anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

LAST_BOX = 4  # right in box 4 → retired


@dataclass(frozen=True)
class ReviewItem:
    uid: str  # case/stage/ask
    box: int
    due: int  # the question count at which it is due again


def after_answer(queue: tuple[ReviewItem, ...], uid: str, correct: bool, now: int) -> tuple[ReviewItem, ...]:
    """The queue after answering ``uid`` at question count ``now``: a miss goes to box 1 (due in 2 questions);
    a right answer moves a queued item up one box (due in 2**box questions) and retires it after the last box."""
    rest = tuple(i for i in queue if i.uid != uid)
    current = next((i for i in queue if i.uid == uid), None)
    if not correct:
        return rest + (ReviewItem(uid, 1, now + 2),)
    if current is None or current.box >= LAST_BOX:
        return rest
    box = current.box + 1
    return rest + (ReviewItem(uid, box, now + 2 ** box),)


def due(queue: tuple[ReviewItem, ...], now: int) -> tuple[ReviewItem, ...]:
    return tuple(sorted((i for i in queue if i.due <= now), key=lambda i: (i.due, i.uid)))
