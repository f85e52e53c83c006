"""A brand-new connection: the Web Connector's first visit opens a session even with nothing
queued, so the company is known (and the status says connected) without any workaround."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection, Job, QbwcSession
from nxus.services import api_keys, jobs
from tests.integration.qbwc.conftest import FILE_A, Conn, Soap, answer_for, customer_query


def _status(app: Flask, client: FlaskClient, conn: Conn) -> dict[str, object]:
    with new_session(app) as db:
        row = db.get(Connection, conn.id)
        assert row is not None
        key = api_keys.create_api_key(db, row.organization_id, "status", "live").secret
        db.commit()
    response = client.get(
        f"/api/v1/qwc-auth-setup/{conn.id}/status", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200, response.get_data()
    body = response.get_json()
    return body.get("data", body) if isinstance(body, dict) else {}


def test_first_visit_opens_a_session_reads_the_company_and_ends_cleanly(
    app: Flask, client: FlaskClient, soap: Soap, conn: Conn, hcp: str
) -> None:
    assert _status(app, client, conn)["isConnected"] is False
    ticket, path, *_ = soap.authenticate(conn)
    assert ticket and path == ""  # not "none": no file bound yet, QBWC uses the open one
    final = soap.send(ticket, hcp=hcp, path=FILE_A)
    assert "HostQueryRq" in final and "nxus-end" in final  # nothing queued: the clean end
    assert soap.receive(ticket, answer_for(final)) == 100
    assert soap.call("closeConnection", ticket=ticket) == "OK"
    status = _status(app, client, conn)
    assert status["isConnected"] is True and status["companyName"] == "Orchard Lane Farm"
    with new_session(app) as db:
        row = db.get(Connection, conn.id)
        assert row is not None and row.company_file == FILE_A and row.qbxml_version == "13.0"
        assert db.scalars(select(Job)).all() == []  # no job was needed
    # From now on an idle connection is left alone.
    assert soap.authenticate(conn)[1] == "none"


def test_unbound_company_file_still_counts_as_work(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        row = db.get(Connection, conn.id)
        assert row is not None
        row.last_connected_at = row.created_at  # connected once, but no file name was given
        db.commit()
    ticket, path, *_ = soap.authenticate(conn)
    assert ticket and path == ""
    assert "HostQueryRq" in soap.send(ticket, hcp=hcp, path=FILE_A)
    with new_session(app) as db:
        row = db.get(Connection, conn.id)
        assert row is not None and row.company_file == FILE_A


def test_work_queued_during_the_first_session_is_sent_in_it(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    ticket = soap.authenticate(conn)[0]
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query())
    request = soap.send(ticket, hcp=hcp)
    assert job.id.hex in request
    soap.receive(ticket, answer_for(request))
    with new_session(app) as db:
        done = db.get(Job, job.id)
        assert done is not None and done.state == "done"
        session = db.scalars(select(QbwcSession)).one()
        assert session.jobs_done == 1
