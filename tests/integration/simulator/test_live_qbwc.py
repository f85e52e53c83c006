"""The simulated Web Connector + QuickBooks against the real /qbwc on a live server: the
first session records the sample company, raw jobs make the round trip, and the failure
paths (nvu, none, QuickBooks not running, NoOp keep-warm, HTTP timeout) end as QBWC's would."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from nxus.db import new_session
from nxus.models import Connection
from nxus.models.qbwc import JobState
from nxus.services import connections, sample_company
from nxus.simulator.report import SessionState
from nxus.simulator.web_connector import SimulatedWebConnector
from tests.conftest import LiveServer

pytestmark = pytest.mark.slow

CUSTOMERS = (
    '<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML>'
    '<QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq><MaxReturned>3</MaxReturned>'
    "</CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)
CONNECTED = [
    "serverVersion",
    "clientVersion",
    "authenticate",
    "sendRequestXML",
    "receiveResponseXML",
    "closeConnection",
]


@pytest.fixture
def qbwc(live_server: LiveServer) -> LiveServer:
    return live_server


@pytest.fixture
def jobs() -> Any:
    from nxus.services import jobs as module

    return module


@pytest.fixture
def dev_connector(
    app: Flask, qbwc: LiveServer, make_connection: Callable[..., Connection]
) -> Callable[..., tuple[Connection, SimulatedWebConnector]]:
    """A development connection with a fresh password and its simulated Web Connector."""

    def make(**kwargs: Any) -> tuple[Connection, SimulatedWebConnector]:
        connection = make_connection()
        with app.app_context(), new_session(app) as session:
            row = session.get(Connection, connection.id)
            assert row is not None
            password = connections.generate_password(session, row)
            kwargs.setdefault("records", 200)
            kwargs.setdefault("noop_pause", 0.02)
            connector = sample_company.build_connector(row, password, qbwc.url, **kwargs)
        return connection, connector

    return make


def _connection(app: Flask, connection_id: uuid.UUID) -> Connection:
    with new_session(app) as session:
        row = session.get(Connection, connection_id)
        assert row is not None
        return row


def _queue(app: Flask, jobs: Any, connection_id: uuid.UUID, qbxml: str) -> uuid.UUID:
    with app.app_context(), new_session(app) as session:
        return jobs.submit_qbxml(session, connection_id, qbxml).id  # type: ignore[no-any-return]


def test_first_session_records_the_sample_company(
    app: Flask, jobs: Any, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector()
    with app.app_context(), new_session(app) as session:
        row = session.get(Connection, connection.id)
        assert row is not None and connections.queue_first_exchange(session, row)

    report = connector.run_once()

    assert report.state is SessionState.COMPLETED, report.summary()
    assert report.methods == CONNECTED and report.hcp_sent and report.progress == [100]
    assert report.warnings == [] and report.errors == []
    assert "<CompanyQueryRs" in report.exchanges[0].response
    row = _connection(app, connection.id)
    assert row.company_name == "Sample Rock Castle Construction" and row.is_sample_file is True
    assert row.last_connected_at is not None
    assert row.company_file == connector.quickbooks.company_file

    again = connector.run_once()
    assert again.state is SessionState.NO_WORK and again.methods == CONNECTED[:3]
    assert again.auth is not None and again.auth.status == "none"


def test_raw_job_round_trip(
    app: Flask, jobs: Any, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector(qb_year=2014)
    job_id = _queue(app, jobs, connection.id, CUSTOMERS)
    report = connector.run_once()
    assert report.state is SessionState.COMPLETED, report.summary()
    exchange = report.exchanges[0]
    assert "<CustomerQueryRq" in exchange.request and 'version="13.0"' in exchange.request
    assert exchange.response.count("<CustomerRet>") == 3
    with new_session(app) as session:
        job = jobs.get_job(session, job_id)
        assert job is not None and job.state == JobState.DONE


def test_wrong_password_is_nvu(
    app: Flask, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector()
    connector.password = "not the password"
    report = connector.run_once()
    assert report.state is SessionState.INVALID_USER
    assert report.methods == CONNECTED[:3] and report.auth is not None
    assert report.auth.raw[:2] == ["", "nvu"]
    assert _connection(app, connection.id).last_connected_at is None


def test_quickbooks_not_running(
    app: Flask, jobs: Any, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector()
    job_id = _queue(app, jobs, connection.id, CUSTOMERS)
    connector.quickbooks.running = False
    report = connector.run_once()
    assert report.state is SessionState.CONNECTION_ERROR
    assert report.methods == [*CONNECTED[:3], "connectionError", "getLastError", "closeConnection"]
    assert report.call("connectionError").result == "done"
    assert report.connection_error is not None and report.connection_error[0] == "0x80040408"
    assert report.last_errors and report.last_errors[0]
    with new_session(app) as session:
        job = jobs.get_job(session, job_id)
        assert job is not None and job.state != JobState.DONE
    connector.quickbooks.running = True
    assert connector.run_once().state is SessionState.COMPLETED


@pytest.mark.parametrize(
    "qbwc_overrides", [{"QBWC_KEEP_WARM_SECONDS": 2.0, "QBWC_HOLD_SECONDS": 0.05}]
)
def test_keep_warm_noop_pauses(
    app: Flask, jobs: Any, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector()
    _queue(app, jobs, connection.id, CUSTOMERS)
    report = connector.run_once()
    assert report.state is SessionState.COMPLETED, report.summary()
    assert report.noop_pauses >= 1 and "NoOp" in report.last_errors
    assert report.progress[-1] == 100 and report.closed


@pytest.mark.parametrize(
    "qbwc_overrides", [{"QBWC_KEEP_WARM_SECONDS": 60, "QBWC_HOLD_SECONDS": 30}]
)
def test_http_timeout(
    app: Flask, jobs: Any, dev_connector: Callable[..., tuple[Connection, SimulatedWebConnector]]
) -> None:
    connection, connector = dev_connector(http_timeout=2.0)
    _queue(app, jobs, connection.id, CUSTOMERS)
    report = connector.run_once()  # the server holds the 2nd sendRequestXML for new work
    assert report.state is SessionState.TRANSPORT_ERROR, report.summary()
    failed = report.calls[-1]
    assert failed.method == "sendRequestXML" and failed.error_kind == "timeout"
    assert report.requests == 1 and not report.closed
    # New work ends the server's hold, so no request is left running when the server stops.
    job_id = _queue(app, jobs, connection.id, CUSTOMERS)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with new_session(app) as session:
            job = jobs.get_job(session, job_id)
            if job is not None and job.state != JobState.QUEUED:
                break
        time.sleep(0.02)


def test_cli_connects_a_development_connection(
    app: Flask,
    jobs: Any,
    qbwc: LiveServer,
    runner: FlaskCliRunner,
    make_connection: Callable[..., Connection],
) -> None:
    connection = make_connection(external_id="sample-dev")
    args = ["nxus", "simulate", "sample-dev", "--url", qbwc.url, "--records", "100"]
    result = runner.invoke(args=[*args, "--once"])
    assert result.exit_code == 0, result.output
    assert "Session completed" in result.output
    assert "connected to 'Sample Rock Castle Construction' (sample file: yes)" in result.output
    assert _connection(app, connection.id).is_sample_file is True


def test_attach_serves_the_connection_until_detached(
    app: Flask, jobs: Any, qbwc: LiveServer, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection()
    run = sample_company.attach(app, connection.id, qbwc.url, every_seconds=3600, records=100)
    deadline = time.monotonic() + 30
    while run.last_report is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sample_company.detach(connection.id)
    assert run.last_report is not None and run.last_report.state is SessionState.COMPLETED
    row = _connection(app, connection.id)
    assert row.company_name == "Sample Rock Castle Construction" and row.is_sample_file
