"""QBWC's "Run every N seconds", paced by authenticate's postpone and min-run-every items."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.report import AuthOutcome, SessionReport, SessionState
from nxus.simulator.scheduler import WebConnectorScheduler
from nxus.simulator.web_connector import SimulatedWebConnector

from .conftest import FakeQbwcService, FakeServer


def _report(postpone: int | None = None, min_run: int | None = None) -> SessionReport:
    report = SessionReport("u", "user", started_at=datetime.now(UTC), state=SessionState.NO_WORK)
    report.auth = AuthOutcome(["t", "none"], "t", "none", "", postpone, min_run)
    return report


@pytest.mark.parametrize(
    ("every", "reports", "delays"),
    [
        (60.0, [_report()], [60.0]),
        (60.0, [_report(postpone=5)], [5.0]),
        (60.0, [_report(min_run=300), _report()], [300.0, 300.0]),
        (600.0, [_report(min_run=300)], [600.0]),
        (60.0, [_report(postpone=2, min_run=300), _report()], [2.0, 300.0]),
    ],
)
def test_next_delay(every: float, reports: list[SessionReport], delays: list[float]) -> None:
    scheduler = WebConnectorScheduler(None, every)  # type: ignore[arg-type]
    assert [scheduler.next_delay(r) for r in reports] == delays


def _connector(url: str, quickbooks: SimulatedQuickBooks) -> SimulatedWebConnector:
    return SimulatedWebConnector(url, "nxus-user", "s3cret-password", quickbooks, noop_pause=0.01)


def test_run_n_sessions(
    fake_server: FakeServer, service: FakeQbwcService, quickbooks: SimulatedQuickBooks
) -> None:
    service.auth_tail = ["none", "0"]
    reports = WebConnectorScheduler(_connector(fake_server.url, quickbooks), 3600).run(3)
    assert [r.state for r in reports] == [SessionState.NO_WORK] * 3
    assert service.methods.count("authenticate") == 3


def test_run_forever_until_stopped(
    fake_server: FakeServer, service: FakeQbwcService, quickbooks: SimulatedQuickBooks
) -> None:
    service.auth_tail = ["none", "0"]
    stop = threading.Event()
    connector = _connector(fake_server.url, quickbooks)
    scheduler = WebConnectorScheduler(connector, every_seconds=3600)
    scheduler.on_report = lambda _r: stop.set() if scheduler.sessions_run >= 2 else None
    scheduler.run_forever(stop)
    assert scheduler.sessions_run == 2 and list(scheduler.delays) == [0.0, 0.0]


def test_stop_interrupts_the_interval(
    fake_server: FakeServer, service: FakeQbwcService, quickbooks: SimulatedQuickBooks
) -> None:
    connector = _connector(fake_server.url, quickbooks)
    service.auth_tail = ["none"]
    connector.stop_event.set()
    scheduler = WebConnectorScheduler(connector, 3600)
    assert scheduler.run(5, connector.stop_event) == []
    thread = threading.Thread(target=scheduler.run_forever, args=(connector.stop_event,))
    connector.stop_event.clear()
    thread.start()
    connector.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
