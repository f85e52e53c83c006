"""The delivery worker thread: one per server process (gunicorn worker), started by the
process's first request, running `webhook_delivery.run_pass` until stopped. Nothing to run
beside the server: `make run` delivers. Tests run passes themselves (`TESTING`)."""

from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from nxus.extensions import on_every_request
from nxus.services.webhook_delivery import run_pass

log = logging.getLogger("nxus.webhooks")


class Worker:
    """The per-process delivery thread (daemon): passes until stopped."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="nxus-webhooks", daemon=True)

    def start(self) -> Worker:
        self.thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        idle = float(self.app.config["WEBHOOK_POLL_SECONDS"])
        share = min(1.0, max(0.01, float(self.app.config["WEBHOOK_BUSY_SHARE"])))
        # Not during the process's first request (the one that started this thread).
        self.stop_event.wait(idle)
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                busy = run_pass(self.app)
            except Exception:  # noqa: BLE001 - the thread must outlive a bad pass
                log.exception("webhook delivery pass failed")
                busy = 0
            # Work at most `share` of the time: the API calls of this process come first.
            took = time.monotonic() - started
            self.stop_event.wait(took * (1 / share - 1) if busy else idle)


_workers: dict[tuple[int, int], Worker] = {}
_workers_lock = threading.Lock()


def ensure_worker(app: Flask) -> Worker | None:
    """Start this process's worker for `app` once (after a fork too); None when disabled."""
    if not app.config["WEBHOOK_WORKER_ENABLED"]:
        return None
    key = (id(app), os.getpid())
    worker = _workers.get(key)
    if worker is not None:
        return worker
    with _workers_lock:
        if key not in _workers:
            _workers[key] = Worker(app).start()
        return _workers[key]


def worker_running(app: Flask) -> bool:
    worker = _workers.get((id(app), os.getpid()))
    return worker is not None and worker.thread.is_alive()


def register(app: Flask, worker: Worker) -> None:
    """Adopt a worker started by hand (tests, benchmarks) as this process's worker."""
    _workers[(id(app), os.getpid())] = worker


def init_app(app: Flask) -> None:
    """Start the worker with the process's first request (after gunicorn forks), unless
    TESTING (tests run passes themselves) or WEBHOOK_WORKER_ENABLED is false."""
    if app.testing:
        return
    on_every_request(app, lambda: ensure_worker(app) and None)
