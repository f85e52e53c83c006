"""QBWC's scheduler: run an update session every N seconds, as the server paces it.

authenticate may return two optional numbers after the ticket and status: the seconds to
postpone the next update (3rd item) and a minimum for "run every N seconds" (4th item). The
scheduler honours both: a postpone replaces the next interval once; a minimum raises the
interval from then on. The next session starts N seconds after the previous one ended.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable

from nxus.simulator.report import SessionReport
from nxus.simulator.web_connector import SimulatedWebConnector

log = logging.getLogger("nxus.simulator.scheduler")


class WebConnectorScheduler:
    def __init__(
        self,
        connector: SimulatedWebConnector,
        every_seconds: float = 60.0,
        *,
        keep_reports: int = 100,
        on_report: Callable[[SessionReport], None] | None = None,
    ) -> None:
        self.connector = connector
        self.every_seconds = every_seconds
        self.min_run_every_seconds: int | None = None
        self.reports: deque[SessionReport] = deque(maxlen=keep_reports)
        self.delays: deque[float] = deque(maxlen=keep_reports)  # pauses chosen, in order
        self.sessions_run = 0
        self.on_report = on_report

    def next_delay(self, report: SessionReport) -> float:
        """Seconds to wait after `report`'s session before the next one."""
        auth = report.auth
        if auth is not None and auth.min_run_every_seconds is not None:
            self.min_run_every_seconds = auth.min_run_every_seconds
        interval = max(self.every_seconds, float(self.min_run_every_seconds or 0))
        if auth is not None and auth.postpone_seconds is not None:
            return float(max(auth.postpone_seconds, 0))
        return interval

    def _one(self) -> float:
        report = self.connector.run_once()
        self.sessions_run += 1
        self.reports.append(report)
        if self.on_report is not None:
            self.on_report(report)
        delay = self.next_delay(report)
        self.delays.append(delay)
        log.debug("session %s; next in %.1f s", report.state.value, delay)
        return delay

    def run(
        self, n_sessions: int, stop_event: threading.Event | None = None
    ) -> list[SessionReport]:
        """Run `n_sessions` sessions (fewer if stopped) and return their reports."""
        stop = stop_event or self.connector.stop_event
        reports: list[SessionReport] = []
        for index in range(n_sessions):
            if stop.is_set():
                break
            delay = self._one()
            reports.append(self.reports[-1])
            if index + 1 < n_sessions and stop.wait(delay):
                break
        return reports

    def run_forever(
        self, stop_event: threading.Event | None = None, every_seconds: float | None = None
    ) -> None:
        """Run sessions until `stop_event` is set (it also interrupts pauses)."""
        stop = stop_event or self.connector.stop_event
        if every_seconds is not None:
            self.every_seconds = every_seconds
        while not stop.is_set():
            try:
                delay = self._one()
            except Exception:  # keep polling like QBWC does; the error is in the log
                log.exception("simulated Web Connector session failed")
                delay = self.every_seconds
            if stop.wait(delay):
                break
