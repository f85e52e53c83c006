"""The sample company service and `flask nxus simulate`, against a scripted SOAP server
(the database side is real; the /qbwc side is the fake of tests/unit/web_connector)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from nxus.db import new_session, utcnow
from nxus.models import Connection, SampleCompanyLease
from nxus.services import connections, sample_company
from nxus.services.errors import Conflict, NotFound
from nxus.simulator.report import SessionReport, SessionState
from tests.unit.web_connector.conftest import FakeQbwcService, FakeServer


def _hash(app: Flask, connection: Connection) -> str | None:
    with new_session(app) as session:
        row = session.get(Connection, connection.id)
        assert row is not None
        return row.qbwc_password_hash


def test_resolve_connection_by_every_kind_of_id(
    app: Flask, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection(external_id="shop-42")
    with new_session(app) as session:
        for ref in (connection.public_id, str(connection.id), " shop-42 "):
            assert connections.find_any(session, ref).id == connection.id
        with pytest.raises(NotFound):
            connections.find_any(session, "conn_" + "0" * 32)
        with pytest.raises(NotFound):
            connections.find_any(session, "nobody")
    make_connection(external_id="shop-42", organization="Other Org")
    with new_session(app) as session, pytest.raises(Conflict):
        connections.find_any(session, "shop-42")


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/qbwc"),
        ("https://qb.example.com/", "https://qb.example.com/qbwc"),
        ("https://qb.example.com/nxus/qbwc", "https://qb.example.com/nxus/qbwc"),
    ],
)
def test_qbwc_url(base: str, url: str) -> None:
    assert sample_company.qbwc_url(base) == url


def test_simulate_once_generates_a_password(
    app: Flask,
    runner: FlaskCliRunner,
    make_connection: Callable[..., Connection],
    fake_server: FakeServer,
    service: FakeQbwcService,
) -> None:
    connection = make_connection(external_id="dev-1")
    service.handlers["authenticate"] = lambda p: ["T", ""] if p["strPassword"] else ["", "nvu"]
    result = runner.invoke(
        args=["nxus", "simulate", "dev-1", "--url", fake_server.url, "--records", "50", "-v"]
    )
    assert result.exit_code == 0, result.output
    assert "Generated a new Web Connector password" in result.output
    assert "Session completed" in result.output and "authenticate →" in result.output
    assert _hash(app, connection) is not None
    sent = next(p for p in service.posted if p.method == "authenticate").params
    assert sent["strUserName"] == connection.qbwc_username
    assert sent["strPassword"] not in result.output
    hcp = next(p for p in service.posted if p.method == "sendRequestXML").params
    assert "<IsSampleCompany>true</IsSampleCompany>" in hcp["strHCPResponse"]
    assert sample_company.file_id_of(connection) in hcp["strHCPResponse"]


def test_simulate_fails_on_nvu_and_keeps_a_given_password(
    app: Flask,
    runner: FlaskCliRunner,
    make_connection: Callable[..., Connection],
    fake_server: FakeServer,
) -> None:
    connection = make_connection()
    args = ["nxus", "simulate", connection.public_id, "--url", fake_server.url]
    result = runner.invoke(args=[*args, "--password", "not the password", "--records", "20"])
    assert result.exit_code == 1
    assert "Session invalid_user" in result.output and "not connected yet" in result.output
    assert _hash(app, connection) is None


def test_simulate_production_needs_a_password(
    app: Flask, runner: FlaskCliRunner, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection(mode="production")
    result = runner.invoke(args=["nxus", "simulate", connection.public_id])
    assert result.exit_code != 0 and "explicit --password" in result.output
    assert _hash(app, connection) is None
    missing = runner.invoke(args=["nxus", "simulate", "no-such-connection"])
    assert missing.exit_code != 0 and "No connection" in missing.output


def test_simulate_rejects_bad_options(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["nxus", "simulate", "x", "--qb-year", "2005"])
    assert result.exit_code == 2 and "2006" in result.output


def test_attach_is_idempotent_and_stoppable(
    app: Flask,
    make_connection: Callable[..., Connection],
    fake_server: FakeServer,
    service: FakeQbwcService,
) -> None:
    connection = make_connection()
    done = threading.Event()
    service.handlers["authenticate"] = lambda _p: ["T", "none", "3600"]
    run = sample_company.attach(app, connection.id, fake_server.url, records=20)
    run.scheduler.on_report = lambda _r: done.set()
    assert sample_company.attach(app, connection.id, fake_server.url) is run
    assert sample_company.get_run(connection.id) is run
    assert done.wait(10) or run.last_report is not None
    report: SessionReport | None = run.last_report
    assert report is not None and report.state is SessionState.NO_WORK
    assert _hash(app, connection) is not None
    assert sample_company.detach(connection.id) is True
    assert not run.running and sample_company.get_run(connection.id) is None
    assert sample_company.detach(connection.id) is False


def test_attach_refuses_production(app: Flask, make_connection: Callable[..., Connection]) -> None:
    connection = make_connection(mode="production")
    with pytest.raises(sample_company.ProductionConnectionRefused):
        sample_company.attach(app, connection.id, "http://127.0.0.1:9")
    assert _hash(app, connection) is None and sample_company.get_run(connection.id) is None


# --- one run per connection across server processes (the lease) ----------------------------


def _lease(app: Flask, connection: Connection) -> SampleCompanyLease | None:
    with new_session(app) as session:
        lease = session.get(SampleCompanyLease, connection.id)
        session.expunge_all()
        return lease


def _other_process_holds(app: Flask, connection: Connection, age: float = 0.0) -> None:
    """Another worker's live (or, with an age, stale) run of this connection."""
    with new_session(app) as session:
        at = utcnow() - timedelta(seconds=age)
        session.add(
            SampleCompanyLease(
                connection_id=connection.id, holder="other-host:1:p:r", started_at=at,
                heartbeat_at=at,
            )
        )  # fmt: skip
        session.commit()


def test_attach_holds_a_lease_and_releases_it(
    app: Flask, make_connection: Callable[..., Connection], fake_server: FakeServer,
    service: FakeQbwcService, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(sample_company, "LEASE_HEARTBEAT_SECONDS", 0.05)
    connection = make_connection()
    service.handlers["authenticate"] = lambda _p: ["T", "none", "3600"]
    run = sample_company.attach(app, connection.id, fake_server.url, records=20)
    lease = _lease(app, connection)
    assert lease is not None and lease.holder == run.holder and not lease.stop_requested
    first_beat = lease.heartbeat_at
    deadline = time.monotonic() + 10
    while (lease := _lease(app, connection)) is not None and lease.heartbeat_at == first_beat:
        assert time.monotonic() < deadline, "no heartbeat"
        time.sleep(0.02)
    assert sample_company.detach(connection.id) is True
    assert _lease(app, connection) is None


def test_a_live_run_of_another_process_is_left_alone(
    app: Flask, make_connection: Callable[..., Connection]
) -> None:
    """A second worker must not start a second run: it would issue a new password and lock
    the first one out."""
    connection = make_connection()
    _other_process_holds(app, connection)
    with pytest.raises(sample_company.RunningElsewhere):
        sample_company.attach(app, connection.id, "http://127.0.0.1:9", records=20)
    assert _hash(app, connection) is None  # no new password
    with new_session(app) as session:
        remote = sample_company.get_run(connection.id, session)
    assert isinstance(remote, sample_company.RemoteRun) and remote.running
    assert sample_company.get_run(connection.id) is None  # this process runs nothing


def test_a_stale_lease_is_taken_over(
    app: Flask, make_connection: Callable[..., Connection], fake_server: FakeServer,
    service: FakeQbwcService,
) -> None:  # fmt: skip
    connection = make_connection()
    _other_process_holds(app, connection, age=sample_company.LEASE_STALE_SECONDS + 1)
    with new_session(app) as session:
        assert sample_company.get_run(connection.id, session) is None
    service.handlers["authenticate"] = lambda _p: ["T", "none", "3600"]
    run = sample_company.attach(app, connection.id, fake_server.url, records=20)
    try:
        lease = _lease(app, connection)
        assert lease is not None and lease.holder == run.holder
    finally:
        sample_company.detach(connection.id)


def test_detach_asks_the_holding_process_to_stop(
    app: Flask, make_connection: Callable[..., Connection], fake_server: FakeServer,
    service: FakeQbwcService, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Another worker's stop request (stop_requested) ends the run within a heartbeat, and
    the run then releases its lease."""
    monkeypatch.setattr(sample_company, "LEASE_HEARTBEAT_SECONDS", 0.05)
    connection = make_connection()
    service.handlers["authenticate"] = lambda _p: ["T", "none", "3600"]
    run = sample_company.attach(app, connection.id, fake_server.url, records=20)
    with new_session(app) as session:  # as another worker sees it
        lease = session.get(SampleCompanyLease, connection.id)
        assert lease is not None
        lease.stop_requested = True
        session.commit()
    run.thread.join(10)
    assert not run.running and _lease(app, connection) is None
    assert sample_company.detach(connection.id, app=app) is True  # the local bookkeeping


def test_detach_of_a_remote_run_sets_the_request(
    app: Flask, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection()
    _other_process_holds(app, connection)
    assert sample_company.detach(connection.id) is False  # without the app: local only
    assert sample_company.detach(connection.id, app=app) is True
    lease = _lease(app, connection)
    assert lease is not None and lease.stop_requested
    assert sample_company.detach(connection.id, app=app) is False  # already asked
    with new_session(app) as session:
        assert sample_company.get_run(connection.id, session) is None
