"""Work kept per knowledge-base object: by identity, per extra key, bounded."""

from decision.memo import ByIdentity


class Thing:
    """Equal to every other Thing: identity, not equality, must decide."""

    def __eq__(self, other):
        return isinstance(other, Thing)

    __hash__ = object.__hash__


def test_worked_out_once_per_object_and_extra_key():
    calls = []
    memo: ByIdentity[Thing, int] = ByIdentity()
    a, b = Thing(), Thing()
    assert memo.of(a, lambda: calls.append("a") or 1) == 1
    assert memo.of(a, lambda: calls.append("again") or 2) == 1  # kept
    assert memo.of(b, lambda: calls.append("b") or 3) == 3  # an equal but different object is worked out anew
    assert memo.of(a, lambda: calls.append("a, x") or 4, "x") == 4  # another extra key
    assert calls == ["a", "b", "a, x"]
    assert memo.get(a) == 1 and memo.get(Thing()) is None


def test_the_bound_empties_the_cache_instead_of_growing():
    memo: ByIdentity[Thing, int] = ByIdentity(bound=3)
    things = [Thing() for _ in range(10)]
    for i, t in enumerate(things):
        memo.of(t, lambda i=i: i)
        assert len(memo) <= 3
    assert memo.of(things[-1], lambda: -1) == 9
