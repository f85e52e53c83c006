"""Missed polls become a diagnostic where the status is read; a session that died does not
hold the connection's lane for the whole idle window when QBWC comes back sooner."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import Connection, Job, QbwcDiagnostic, QbwcSession
from nxus.models.qbwc import JobState
from nxus.services import api_keys, jobs
from tests.integration.qbwc.conftest import FILE_A, Conn, Soap, answer_for, customer_query

WRITE = (
    '<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerAddRq>'
    "<CustomerAdd><Name>Takeover</Name></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>"
)


def _connected(app: Flask, conn: Conn, last_poll_ago: timedelta) -> str:
    """Mark the connection connected, last polled `last_poll_ago`; an API key of its org."""
    with new_session(app) as db:
        row = db.get(Connection, conn.id)
        assert row is not None
        row.company_file, row.last_connected_at = FILE_A, utcnow() - last_poll_ago
        row.last_poll_at = utcnow() - last_poll_ago
        key = api_keys.create_api_key(db, row.organization_id, "status", "live").secret
        db.commit()
    return key


def _status(client: FlaskClient, conn: Conn, key: str) -> dict[str, object]:
    response = client.get(
        f"/api/v1/qwc-auth-setup/{conn.id}/status", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200, response.get_data()
    return response.get_json()  # type: ignore[no-any-return]


def _missed(app: Flask) -> list[QbwcDiagnostic]:
    with new_session(app) as db:
        return list(db.scalars(select(QbwcDiagnostic).where(QbwcDiagnostic.code == "missed_polls")))


def test_missed_polls_are_recorded_once_and_resolved_by_the_next_visit(
    app: Flask, client: FlaskClient, soap: Soap, conn: Conn
) -> None:
    key = _connected(app, conn, timedelta(hours=2))  # idle pace 60 s: far more than 3 polls
    first = _status(client, conn, key)
    diagnostic = first["diagnostic"]
    assert isinstance(diagnostic, dict) and diagnostic["code"] == "missed_polls"
    assert diagnostic["supportUrl"] == "/support#not-connected"
    _status(client, conn, key)
    assert len(_missed(app)) == 1  # once per silence, not once per look
    assert soap.authenticate(conn)[1] == "none"  # the Web Connector is back
    [row] = _missed(app)
    assert row.resolved_at is not None
    assert _status(client, conn, key)["diagnostic"] is None


def test_polling_on_time_records_nothing(app: Flask, client: FlaskClient, conn: Conn) -> None:
    key = _connected(app, conn, timedelta(seconds=30))
    assert _status(client, conn, key)["diagnostic"] is None
    assert _missed(app) == []


def _stall(app: Flask, seconds: int) -> None:
    with new_session(app) as db:
        qs = db.scalars(select(QbwcSession)).one()
        qs.last_call_at = utcnow() - timedelta(seconds=seconds)
        db.commit()


def test_a_silent_session_is_taken_over_before_the_idle_window(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        read = jobs.submit_qbxml(db, conn.id, customer_query())
        write = jobs.submit_qbxml(db, conn.id, WRITE)
    old = soap.authenticate(conn)[0]
    soap.receive(old, answer_for(soap.send(old, hcp=hcp)))
    assert write.id.hex in soap.send(old)  # the write is with QuickBooks when QBWC dies
    _stall(app, 10)  # within the grace: still busy
    assert soap.authenticate(conn)[1] == "busy"
    _stall(app, 45)  # past the grace (30 s), well within the idle window (120 s)
    with new_session(app) as db:
        third = jobs.submit_qbxml(db, conn.id, customer_query())
    ticket, path, *_ = soap.authenticate(conn)
    assert ticket and path == FILE_A
    assert third.id.hex in soap.send(ticket, hcp=hcp)
    with new_session(app) as db:
        assert sorted(s.state for s in db.scalars(select(QbwcSession))) == ["closed", "open"]
        assert db.get(Job, read.id).state == JobState.DONE  # type: ignore[union-attr]
        assert db.get(Job, write.id).state == JobState.UNKNOWN  # type: ignore[union-attr]
    assert soap.call("getLastError", ticket=old).startswith("This Web Connector session")
    assert soap.receive(old, answer_for(customer_query())) == 100  # a late answer is harmless
