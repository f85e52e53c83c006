"""Content-model automata: check a sequence of child names against a compiled model.

A model (nested sequence/choice with occurrence bounds) becomes a Glushkov position automaton;
a lazily built subset construction turns it into a DFA, so checking n children costs n dict
lookups once the states are warm.  Bounded repeats (maxOccurs="8") are expanded into copies,
which is why the subset step is needed (copies make the position automaton non-deterministic).
Elements the target qbXML version lacks are compiled as "absent" (epsilon): they can no longer
be required, and an occurrence is reported by the caller with a better message.
"""

from __future__ import annotations

from dataclasses import dataclass

from nxus.qbxml.model import Particle

State = frozenset[int]
START = -1


@dataclass(frozen=True, slots=True)
class _Info:
    nullable: bool
    first: frozenset[int]
    last: frozenset[int]


_EMPTY = _Info(True, frozenset(), frozenset())


class ContentAutomaton:
    def __init__(self, model: Particle | None, absent: frozenset[str] = frozenset()) -> None:
        self._names: list[str] = []
        self._follow: list[set[int]] = []
        self._absent = absent
        info = self._expand(model) if model is not None else _EMPTY
        self._last = info.last
        self._start_accepts = info.nullable
        self._next: dict[int, dict[str, frozenset[int]]] = {START: self._by_name(info.first)}
        for pos, follow in enumerate(self._follow):
            self._next[pos] = self._by_name(follow)
        self._cache: dict[tuple[State, str], State | None] = {}
        self.start: State = frozenset((START,))

    def _by_name(self, positions: set[int] | frozenset[int]) -> dict[str, frozenset[int]]:
        out: dict[str, set[int]] = {}
        for pos in positions:
            out.setdefault(self._names[pos], set()).add(pos)
        return {name: frozenset(found) for name, found in out.items()}

    # -- Glushkov construction ------------------------------------------------------------------
    def _expand(self, p: Particle) -> _Info:
        """The particle with its own occurrence bounds applied."""
        low, high = p.min_occurs, p.max_occurs
        if high == 0:
            return _EMPTY
        if high is None:
            parts = [self._once(p) for _ in range(max(low - 1, 0))]
            parts.append(self._repeat(self._once(p), optional=low == 0))
        else:
            parts = [self._once(p) for _ in range(low)]
            parts += [self._optional(self._once(p)) for _ in range(high - low)]
        return self._sequence(parts)

    def _once(self, p: Particle) -> _Info:
        if p.kind == "element":
            if p.name in self._absent:
                return _EMPTY
            pos = len(self._names)
            self._names.append(p.name)
            self._follow.append(set())
            return _Info(False, frozenset((pos,)), frozenset((pos,)))
        infos = [self._expand(c) for c in p.children]
        if p.kind == "sequence":
            return self._sequence(infos)
        return _Info(
            any(i.nullable for i in infos) or not infos,
            frozenset().union(*(i.first for i in infos)),
            frozenset().union(*(i.last for i in infos)),
        )

    def _sequence(self, infos: list[_Info]) -> _Info:
        acc = _EMPTY
        for info in infos:
            for pos in acc.last:
                self._follow[pos] |= info.first
            acc = _Info(
                acc.nullable and info.nullable,
                acc.first | info.first if acc.nullable else acc.first,
                info.last | acc.last if info.nullable else info.last,
            )
        return acc

    def _repeat(self, info: _Info, optional: bool) -> _Info:
        for pos in info.last:
            self._follow[pos] |= info.first
        return _Info(info.nullable or optional, info.first, info.last)

    @staticmethod
    def _optional(info: _Info) -> _Info:
        return _Info(True, info.first, info.last)

    # -- running --------------------------------------------------------------------------------
    def step(self, state: State, name: str) -> State | None:
        """The state after child `name`, or None if `name` is not allowed here."""
        key = (state, name)
        try:
            return self._cache[key]
        except KeyError:
            pass
        found: set[int] = set()
        for pos in state:
            found |= self._next[pos].get(name, frozenset())
        result = frozenset(found) if found else None
        self._cache[key] = result
        return result

    def accepts(self, state: State) -> bool:
        if START in state and self._start_accepts:
            return True
        return not self._last.isdisjoint(state)

    def expected(self, state: State) -> list[str]:
        """Names allowed next (for error messages), in schema order."""
        names: set[str] = set()
        for pos in state:
            names.update(self._next[pos])
        return sorted(names, key=self._first_position)

    def _first_position(self, name: str) -> int:
        return self._names.index(name)
