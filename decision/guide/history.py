"""The interview's history: immutable (answers, skipped, phase) states with a back/forward cursor.

A reload of the page or a "back" must never lose an answer, so every change pushes a new state instead of
editing one; back and forward move the cursor, and a new step after going back truncates what came after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from decision.guide.answers import Answers, plain, set_answer
from decision.guide.describe import describe_value
from decision.labels import field_label

Phase = Literal["intake", "measures", "decisions"]
PHASES: tuple[Phase, ...] = ("intake", "measures", "decisions")


@dataclass(frozen=True)
class State:
    answers: Answers = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    note: str = "Start"  # what led to this state, for the history list (in words)
    phase: Phase = "intake"


@dataclass(frozen=True)
class Interview:
    """An immutable answer history with a cursor: back and forward move the cursor, a new step truncates."""

    states: tuple[State, ...] = (State(),)
    position: int = 0

    @property
    def current(self) -> State:
        return self.states[self.position]

    @property
    def answers(self) -> Answers:
        return self.current.answers

    @property
    def skipped(self) -> tuple[str, ...]:
        return self.current.skipped

    @property
    def phase(self) -> Phase:
        return self.current.phase

    @property
    def can_go_back(self) -> bool:
        return self.position > 0

    @property
    def can_go_forward(self) -> bool:
        return self.position < len(self.states) - 1

    def _push(self, state: State) -> Interview:
        states = self.states[: self.position + 1] + (state,)
        return Interview(states, len(states) - 1)

    def answer(self, dotted_field: str, value: Any) -> Interview:
        answers = set_answer(self.answers, dotted_field, value)
        skipped = tuple(s for s in self.skipped if s != dotted_field)
        shown = "unknown" if value is None else describe_value(plain(value), dotted_field)
        return self._push(State(answers, skipped, f"{field_label(dotted_field)}: {shown}", self.phase))

    def submit(self, values: Mapping[str, Any], title: str) -> Interview:
        """Answer one screen: every value given is set, every field left empty is skipped (unknown).

        The phase moves on (intake → measurements → decisions), so the next screen is the next one.
        """
        answers, skipped = dict(self.answers), list(self.skipped)
        for dotted, value in values.items():
            answers = set_answer(answers, dotted, value)
            if value is None and dotted not in skipped:
                skipped.append(dotted)
            elif value is not None and dotted in skipped:
                skipped.remove(dotted)
        given = sum(v is not None for v in values.values())
        nxt = PHASES[min(PHASES.index(self.phase) + 1, len(PHASES) - 1)]
        note = f"{title}: {given} answered, {len(values) - given} not known"
        return self._push(State(answers, tuple(skipped), note, nxt))

    def replace_answers(self, answers: Mapping[str, Any], note: str) -> Interview:
        """Start from a whole patient (a reference file or an export): the intake is then behind us."""
        return self._push(State(plain(dict(answers)), (), note, "decisions"))

    def skip(self, dotted_field: str) -> Interview:
        if dotted_field in self.skipped:
            return self
        return self._push(State(self.answers, self.skipped + (dotted_field,),
                                f"{field_label(dotted_field)}: not known", self.phase))

    def back(self) -> Interview:
        return replace(self, position=max(0, self.position - 1))

    def forward(self) -> Interview:
        return replace(self, position=min(len(self.states) - 1, self.position + 1))

    def restart(self) -> Interview:
        return Interview()
