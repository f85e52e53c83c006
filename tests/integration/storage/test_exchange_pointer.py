"""The exchange log keeps no copy of a job's qbXML: its rows point at the job, and the portal
shows the bodies from the job while the job keeps them."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import Job, QbwcExchange
from nxus.qbwc import log_view
from nxus.services import jobs, retention
from tests.integration.qbwc.conftest import Conn, Soap, answer_for, customer_query


def _two_jobs_answered(app: Flask, soap: Soap, conn: Conn, hcp: str) -> tuple[str, list[uuid.UUID]]:
    with new_session(app) as db:
        ids = [jobs.submit_qbxml(db, conn.id, customer_query()).id for _ in range(2)]
    ticket = soap.authenticate(conn)[0]
    soap.receive(ticket, answer_for(soap.send(ticket, hcp=hcp)))  # first call: general path
    soap.receive(ticket, answer_for(soap.send(ticket)))  # the steady state: the fast path
    return ticket, ids


def test_job_exchanges_keep_no_copy_and_the_portal_shows_the_job(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    ticket, ids = _two_jobs_answered(app, soap, conn, hcp)
    with new_session(app) as db:
        rows = db.scalars(select(QbwcExchange).where(QbwcExchange.job_id.in_(ids))).all()
        assert sorted(r.method for r in rows) == ["receiveResponseXML"] * 2 + ["sendRequestXML"] * 2
        for row in rows:
            stored = (row.request_body or "") + (row.response_body or "")
            assert "CustomerQuery" not in stored and ticket not in stored
            assert row.kept == "ok"
            if row.method == "sendRequestXML":
                assert (row.body_ref, row.response_body) == ("response", None)
                assert row.request_body and "sendRequestXML" in row.request_body
            else:
                assert (row.body_ref, row.request_body) == ("request", None)
                assert row.response_body and "receiveResponseXMLResult" in row.response_body
            request, response = log_view.exchange_bodies(db, row)
            assert request is not None and response is not None
            shown = (
                request.text + response.text + "".join(i for _, i in request.inner + response.inner)
            )
            assert ticket not in shown
            assert row.job_id is not None and row.job_id.hex in shown
            if row.method == "sendRequestXML":
                assert [name for name, _ in response.inner] == ["sendRequestXMLResult"]
                assert "<CustomerQueryRq" in response.inner[0][1]
            else:
                assert [name for name, _ in request.inner] == ["response"]
                assert "<CustomerQueryRs" in request.inner[0][1]
                assert "[ticket " in request.text


def test_once_the_job_drops_its_qbxml_the_portal_says_so(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    _, ids = _two_jobs_answered(app, soap, conn, hcp)
    retention.purge(app, now=utcnow() + timedelta(hours=1))
    with new_session(app) as db:
        assert all(db.get(Job, i).payload_purged_at is not None for i in ids)  # type: ignore[union-attr]
        for row in db.scalars(select(QbwcExchange).where(QbwcExchange.job_id.in_(ids))):
            request, response = log_view.exchange_bodies(db, row)
            if row.method == "sendRequestXML":
                assert request is not None and response is None
            else:
                assert request is None and response is not None


def test_a_failed_answer_keeps_its_own_copy_under_the_failure_retention(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        job_id = jobs.submit_qbxml(db, conn.id, customer_query()).id
    ticket = soap.authenticate(conn)[0]
    soap.send(ticket, hcp=hcp)
    assert soap.receive(ticket, hresult="0x80040400", message="QuickBooks found an error") == -101
    with new_session(app) as db:
        row = db.scalars(
            select(QbwcExchange).where(
                QbwcExchange.job_id == job_id, QbwcExchange.method == "receiveResponseXML"
            )
        ).one()
        assert (row.kept, row.body_ref) == ("failure", None)
        assert row.request_body and "0x80040400" in row.request_body


def test_a_qbxml_error_answer_keeps_its_own_copy(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        job_id = jobs.submit_qbxml(db, conn.id, customer_query()).id
    ticket = soap.authenticate(conn)[0]
    request = soap.send(ticket, hcp=hcp)
    soap.receive(ticket, answer_for(request, status=3120, message="Object not found"))
    with new_session(app) as db:
        row = db.scalars(
            select(QbwcExchange).where(
                QbwcExchange.job_id == job_id, QbwcExchange.method == "receiveResponseXML"
            )
        ).one()
        assert (row.kept, row.body_ref, row.status_code) == ("failure", None, 3120)
        assert row.request_body and "Object not found" in row.request_body
