"""Per-process capacity for requests that wait: a waiting call never takes what /qbwc needs.

Under gunicorn's threaded workers every request holds a thread while it runs. API calls that
wait for QuickBooks, and warm Web Connector sessions holding sendRequestXML for new work, hold
theirs for seconds; if they could take every thread, the Web Connector calls that would finish
their jobs would queue behind them and the server would stall. So each kind has a fixed number
of slots per process, below the worker's thread count (config/gunicorn.conf.py sizes the pool
as waiting calls + holds + a reserve): past its slots an API call is answered 429 with
Retry-After at once, and a hold is skipped (NoOp at once). The reserve always serves /qbwc,
the portal and quick API calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app


class Slots:
    """A counter of requests of one kind in this process, with a hard ceiling."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._used = 0
        self.refused = 0  # times a request found every slot taken (for metrics and tests)
        # Told of every change: +1 taken, -1 released, 0 refused (nxus.metrics listens).
        self.observer: Callable[[int], None] | None = None

    @property
    def in_use(self) -> int:
        return self._used

    @contextmanager
    def take(self) -> Iterator[bool]:
        """Yields True with a slot held, False when all are taken (nothing is held then)."""
        with self._lock:
            got = self._used < self.size
            if got:
                self._used += 1
            else:
                self.refused += 1
        if self.observer is not None:
            self.observer(1 if got else 0)
        try:
            yield got
        finally:
            if got:
                with self._lock:
                    self._used -= 1
                if self.observer is not None:
                    self.observer(-1)


def limits(config: Any) -> tuple[int, int]:
    """(waiting API calls, QBWC holds) per process: the configured numbers, clamped to fit the
    worker's thread pool when it is known (WORKER_THREADS, set by config/gunicorn.conf.py)
    with at least an eighth of it (and 2 threads) kept free for everything else."""
    waiting = max(1, int(config["API_MAX_WAITING_CALLS"]))
    holds = max(0, int(config["QBWC_MAX_HOLDS"]))
    threads = int(config.get("WORKER_THREADS") or 0)
    if threads:
        room = max(2, threads - max(2, threads // 8))
        holds = min(holds, max(1, room // 5))
        waiting = min(waiting, max(1, room - holds))
    return waiting, holds


def init_app(app: Flask) -> None:
    waiting, holds = limits(app.config)
    app.extensions["nxus.slots.waiting"] = Slots(waiting)
    app.extensions["nxus.slots.holds"] = Slots(holds)


def waiting_calls(app: Flask | None = None) -> Slots:
    """Slots of API calls waiting for QuickBooks."""
    return (app or current_app).extensions["nxus.slots.waiting"]


def holds(app: Flask | None = None) -> Slots:
    """Slots of warm Web Connector sessions holding sendRequestXML for new work."""
    return (app or current_app).extensions["nxus.slots.holds"]
