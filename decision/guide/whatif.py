"""What if one answer were different? Two recommendations and exactly what changed between them.

Clinicians ask "what would an MRI with oedema change?" or "what if she is pregnant?" before ordering a test
or while counselling. The answer must come from the same pure walker, not from a second set of rules, so
:func:`what_if` runs :func:`decision.recommend` twice — on the answers as they are and with one field set
to a new value — and :func:`compare` lists the differences as data: the status, the nodes of the walked
path, the actions (keyed by therapy id, or by action id for non-drug actions), the warnings, the therapies
not suggested and the missing data. Views (the Streamlit page, a notebook) only render a
:class:`Comparison`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision.guide.answers import get_answer, set_answer
from decision.patient.facts import CATALOGUE
from decision.recommendation import ActionView, NotSuggested, Recommendation, Warning
from decision.views.reading import action_text, warning_text
from decision.walk.walker import recommend


def action_key(action: ActionView) -> str:
    """Actions are the same across two runs when they do the same thing: a stop, a therapy or an action id."""
    if action.therapy:
        return f"{'stop' if action.kind == 'stop' else 'therapy'}:{action.therapy}"
    return f"{action.kind}:{action.id}"


def warning_key(warning: Warning) -> str:
    return f"{warning.severity}:{warning.id}"


@dataclass(frozen=True)
class ActionChange:
    """An action present in both runs whose rank or timing moved."""

    key: str
    before: ActionView
    after: ActionView


@dataclass(frozen=True)
class Comparison:
    field: str
    old_value: Any
    new_value: Any
    before: Recommendation
    after: Recommendation
    path_added: tuple[str, ...]
    path_removed: tuple[str, ...]
    actions_added: tuple[ActionView, ...]
    actions_removed: tuple[ActionView, ...]
    actions_changed: tuple[ActionChange, ...]
    warnings_added: tuple[Warning, ...]
    warnings_removed: tuple[Warning, ...]
    not_suggested_added: tuple[NotSuggested, ...]
    not_suggested_removed: tuple[NotSuggested, ...]
    missing_added: tuple[str, ...]
    missing_resolved: tuple[str, ...]

    @property
    def status_changed(self) -> bool:
        return self.before.status.code != self.after.status.code

    @property
    def changed(self) -> bool:
        """Whether anything a clinician acts on differs (status, path, actions, warnings, not suggested)."""
        return bool(self.status_changed or self.path_added or self.path_removed or self.actions_added
                    or self.actions_removed or self.actions_changed or self.warnings_added
                    or self.warnings_removed or self.not_suggested_added or self.not_suggested_removed)

    def summary(self, kb: Any = None) -> list[str]:
        """One line per difference, in reading order (status first, warnings before actions).

        With ``kb``, steps are named by their titles and warnings worded as the views word them; without it
        (a terminal or a test), by their identifiers.
        """
        b, a = self.before, self.after
        lines = []
        if self.status_changed:
            codes = "" if kb is not None else f" ({b.status.code} → {a.status.code})"
            lines.append(f"Status: {b.status.title} → {a.status.title}{codes}")
        if self.path_added or self.path_removed:
            def name(n: str) -> str:
                return kb.nodes[n].title if kb is not None and n in kb.nodes else n
            changes = [f"+{name(n)}" for n in self.path_added] + [f"−{name(n)}" for n in self.path_removed]
            lines.append("Route: " + ", ".join(changes))
        lines += [f"New warning: {warning_text(kb, w, a)}" for w in self.warnings_added]
        lines += [f"Warning gone: {warning_text(kb, w, b)}" for w in self.warnings_removed]
        lines += [f"New action: {_action_name(x)}" for x in self.actions_added]
        lines += [f"Action gone: {_action_name(x)}" for x in self.actions_removed]
        lines += [f"Action moved: {_action_name(c.after)} (rank {c.before.rank} → {c.after.rank}"
                  + (f", {c.before.timing_note() or 'now'} → {c.after.timing_note() or 'now'})")
                  for c in self.actions_changed]
        lines += [f"Now not suggested: {n.therapy_name} — {n.reason}" for n in self.not_suggested_added]
        lines += [f"No longer ruled out: {n.therapy_name}" for n in self.not_suggested_removed]
        if not lines:
            lines.append("No difference in status, path, actions, warnings or therapies not suggested.")
        return lines


def _action_name(a: ActionView) -> str:
    return f"{a.therapy_name} ({a.kind})" if a.therapy_name else action_text(a) or a.kind


def _diff(before, after, key):
    kb_ = {key(x): x for x in before}
    ka_ = {key(x): x for x in after}
    added = tuple(x for k, x in ka_.items() if k not in kb_)
    removed = tuple(x for k, x in kb_.items() if k not in ka_)
    return added, removed, kb_, ka_


def compare(before: Recommendation, after: Recommendation, field: str = "", old_value: Any = None,
            new_value: Any = None) -> Comparison:
    """The differences between two recommendations (``before`` → ``after``)."""
    path_added = tuple(n for n in dict.fromkeys(after.path) if n not in before.path)
    path_removed = tuple(n for n in dict.fromkeys(before.path) if n not in after.path)
    act_added, act_removed, act_b, act_a = _diff(before.actions, after.actions, action_key)
    changed = tuple(ActionChange(k, act_b[k], act_a[k]) for k in act_a
                    if k in act_b and (act_b[k].rank, act_b[k].timing) != (act_a[k].rank, act_a[k].timing))
    warn_added, warn_removed, _, _ = _diff(before.warnings, after.warnings, warning_key)
    ns_added, ns_removed, _, _ = _diff(before.not_suggested, after.not_suggested, lambda n: n.therapy)
    missing_b = [m.field for m in before.missing]
    missing_a = [m.field for m in after.missing]
    return Comparison(
        field=field, old_value=old_value, new_value=new_value, before=before, after=after,
        path_added=path_added, path_removed=path_removed,
        actions_added=act_added, actions_removed=act_removed, actions_changed=changed,
        warnings_added=warn_added, warnings_removed=warn_removed,
        not_suggested_added=ns_added, not_suggested_removed=ns_removed,
        missing_added=tuple(f for f in missing_a if f not in missing_b),
        missing_resolved=tuple(f for f in missing_b if f not in missing_a),
    )


def what_if(kb, answers: Mapping[str, Any] | None, dotted_field: str, value: Any) -> Comparison:
    """Recommend for ``answers`` and for ``answers`` with ``dotted_field`` set to ``value``; compare.

    ``value`` ``None`` asks "what if this were unknown?". Bad input (either side) raises
    :class:`~decision.errors.PatientInputError` naming the field, exactly as :func:`decision.recommend` does.
    """
    answers = dict(answers or {})
    before = recommend(kb, answers)
    after = recommend(kb, set_answer(answers, dotted_field, value))
    return compare(before, after, dotted_field, get_answer(answers, dotted_field), value)


def askable_fields() -> list[str]:
    """The patient fields a what-if can change: every raw fact the pathway's conditions may test."""
    return sorted(name for name, spec in CATALOGUE.items()
                  if not spec.derived and spec.kind in ("bool", "number", "enum"))
