"""Query iterators: Start / Continue / Stop, remaining counts, session end and idle expiry.

QuickBooks keeps an iterator for the session that started it and drops it when the session
ends or after it has been idle a while; a Continue after that (or with an unknown ID, or for a
different request type, or after the last page) is answered with statusCode 3391.
"""

from __future__ import annotations

import random
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from .schema import Record
from .status import status

# Idle seconds before an iterator expires. QuickBooks documents no figure; ten minutes is
# longer than any QBWC request/response round trip and short enough to matter in tests.
DEFAULT_ITERATOR_TTL = 600.0


@dataclass
class Iterator:
    iterator_id: str
    request: str  # "CustomerQueryRq": a Continue must be the same request type
    keys: list[str]  # ListID/TxnID of every match, fixed at Start
    expires_at: float | None
    position: int = 0
    query: Record = field(default_factory=dict)

    @property
    def remaining(self) -> int:
        return len(self.keys) - self.position


class Iterators:
    """The live iterators of one company file; callers hold the company lock."""

    def __init__(self, clock: Callable[[], float], ttl: float | None, seed: int) -> None:
        self.clock = clock
        self.ttl = ttl  # None: only the end of the session ends them
        self._rng = random.Random(seed)
        # In the order they expire: every touch moves an iterator to the end (its expiry is
        # then the latest), so the sweep stops at the first live one (thousands of abandoned
        # list iterators cost nothing per request).
        self._live: OrderedDict[str, Iterator] = OrderedDict()

    def __len__(self) -> int:
        return len(self._live)

    def start(self, request: str, keys: list[str], query: Record) -> Iterator:
        self._sweep()
        iterator_id = "{" + str(uuid.UUID(int=self._rng.getrandbits(128), version=4)) + "}"
        iterator = Iterator(iterator_id, request, keys, self._expiry(), query=query)
        self._live[iterator_id] = iterator
        return iterator

    def get(self, iterator_id: str, request: str) -> Iterator:
        """The live iterator, or 3391 for an unknown, expired or mismatched one."""
        self._sweep()
        iterator = self._live.get(iterator_id)
        deadline = iterator.expires_at if iterator is not None else None
        if deadline is not None and self.clock() > deadline:
            iterator = None  # (a shorter TTL set meanwhile can leave one behind the sweep)
        if iterator is None or iterator.request != request:
            self._live.pop(iterator_id, None)
            raise status(3391, value=iterator_id)
        return iterator

    def take(self, iterator: Iterator, max_returned: int | None) -> list[str]:
        """The next page of keys; the last page closes the iterator."""
        end = len(iterator.keys) if max_returned is None else iterator.position + max_returned
        chunk = iterator.keys[iterator.position : end]
        iterator.position += len(chunk)
        iterator.expires_at = self._expiry()
        if iterator.remaining == 0:
            self._live.pop(iterator.iterator_id, None)
        elif iterator.iterator_id in self._live:
            self._live.move_to_end(iterator.iterator_id)
        return chunk

    def stop(self, iterator: Iterator) -> None:
        self._live.pop(iterator.iterator_id, None)

    def clear(self) -> None:
        self._live.clear()

    def _sweep(self) -> None:
        """Drop iterators idle longer than the TTL."""
        now = self.clock()
        while self._live:
            key, oldest = next(iter(self._live.items()))
            if oldest.expires_at is None or now <= oldest.expires_at:
                break
            del self._live[key]

    def _expiry(self) -> float | None:
        return None if self.ttl is None else self.clock() + self.ttl
