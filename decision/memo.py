"""Work done once per knowledge-base object, not once per patient.

Much of an answer depends only on the knowledge base: how a condition is evaluated, the words of a check, the
basis as the answer shows it. The knowledge base is immutable once loaded, so such work can be kept and
reused. The objects are frozen models and conditions whose hash would walk their whole structure on every
lookup, so they are keyed by identity instead; each entry keeps its object alive, so an id is never reused
while its entry exists. A cache that grows past its bound (conditions parsed in a loop, as property tests
do) is emptied and starts again: it never holds a patient's data, only what the knowledge base determines.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """``of(obj, make)`` → ``make(obj)``, worked out once per object (and per ``extra`` key, when given)."""

    __slots__ = ("_entries", "_bound")

    def __init__(self, bound: int = 50_000) -> None:
        self._entries: dict[Any, tuple[K, V]] = {}
        self._bound = bound

    def of(self, obj: K, make: Callable[[], V], *extra: Hashable) -> V:
        key = (id(obj), *extra) if extra else id(obj)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = make()
        if len(self._entries) >= self._bound:
            self._entries.clear()
        self._entries[key] = (obj, value)
        return value

    def get(self, obj: K) -> V | None:
        """The value kept for ``obj`` (no ``extra`` key), or ``None``: for the hottest paths, without a call."""
        hit = self._entries.get(id(obj))
        return hit[1] if hit is not None and hit[0] is obj else None

    def __len__(self) -> int:
        return len(self._entries)
