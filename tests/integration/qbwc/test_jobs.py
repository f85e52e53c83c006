"""The jobs service: submit, claim across sessions, wait without holding a transaction."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from flask import Flask

from nxus.db import new_session, utcnow
from nxus.models import Job
from nxus.models.qbwc import JobState
from nxus.services import job_claims, jobs
from nxus.services.errors import NotFound, ValidationFailed
from tests.integration.qbwc.conftest import Conn, customer_query


def _qbwc_session(app: Flask, conn: Conn) -> int:
    from datetime import timedelta

    from nxus.models import QbwcSession

    with new_session(app) as db:
        qs = QbwcSession(
            ticket_hash=uuid.uuid4().hex,
            connection_id=conn.id,
            expires_at=utcnow() + timedelta(hours=1),
        )
        db.add(qs)
        db.commit()
        return qs.id


def test_submit_validates_and_stamps_request_ids(app: Flask, conn: Conn) -> None:
    two = customer_query().replace(
        "</QBXMLMsgsRq>", '<VendorQueryRq requestID="x"/><CustomerAddRq/></QBXMLMsgsRq>'
    )
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, two)
        assert job.state == JobState.QUEUED and job.is_write
        assert job.min_qbxml_version == "13.0"
        assert f'requestID="{job.id.hex}-0"' in job.request_body
        assert f'requestID="{job.id.hex}-2"' in job.request_body
        for bad in (
            "<nope",
            "<QBXML/>",
            "<QBXML><QBXMLMsgsRq/></QBXML>",
            '<!DOCTYPE x [<!ENTITY a "b">]><QBXML/>',
        ):
            with pytest.raises(ValidationFailed):
                jobs.submit_qbxml(db, conn.id, bad)


def test_claim_is_ordered_and_exclusive(app: Flask, conn: Conn) -> None:
    sid = _qbwc_session(app, conn)
    with new_session(app) as db:
        first = jobs.submit_qbxml(db, conn.id, customer_query())
        second = jobs.submit_qbxml(db, conn.id, customer_query())
        claimed = job_claims.claim_next(db, conn.id, sid, "13.0", utcnow())
        db.commit()
        assert claimed is not None and claimed.id == first.id
        job = db.get(Job, first.id, populate_existing=True)
        assert job is not None and job.attempts == 1 and job.state == JobState.SENT
        assert job.session_id == sid and job.qbxml_version == "13.0"
        assert claimed.request_body == job.request_body
        again = job_claims.claim_next(db, conn.id, sid, "13.0", utcnow())
        db.commit()
        assert again is not None and again.id == second.id
        assert job_claims.claim_next(db, conn.id, sid, "13.0", utcnow()) is None


def test_wait_for_job_sees_completion(app: Flask, conn: Conn) -> None:
    sid = _qbwc_session(app, conn)
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query())

    def finish() -> None:
        time.sleep(0.1)
        with new_session(app) as db:
            claimed = job_claims.claim_next(db, conn.id, sid, "13.0", utcnow())
            assert claimed is not None
            assert not job_claims.complete_if_sent(  # only the session it was sent to answers it
                db,
                claimed.id,
                sid + 1,
                "<QBXML/>",
                status_code=0,
                status_severity="Info",
                status_message="OK",
                now=utcnow(),
            )
            assert job_claims.complete_if_sent(
                db,
                claimed.id,
                sid,
                "<QBXML/>",
                status_code=0,
                status_severity="Info",
                status_message="OK",
                now=utcnow(),
            )
            db.commit()

    worker = threading.Thread(target=finish)
    worker.start()
    result = jobs.wait_for_job(app, job.id, timeout_s=10)
    worker.join()
    assert result.state == JobState.DONE and result.finished
    assert result.response_qbxml == "<QBXML/>" and result.status_code == 0


def test_wait_timeout_cancels_a_queued_job(app: Flask, conn: Conn) -> None:
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query())
    result = jobs.wait_for_job(app, job.id, timeout_s=0.05)
    assert result.state == JobState.CANCELLED


def test_wait_timeout_reports_a_sent_job_as_sent(app: Flask, conn: Conn) -> None:
    sid = _qbwc_session(app, conn)
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query())
        job_claims.claim_next(db, conn.id, sid, "13.0", utcnow())
        db.commit()
    result = jobs.wait_for_job(app, job.id, timeout_s=0.05)
    assert result.state == JobState.SENT and not result.finished


def test_wait_for_unknown_job(app: Flask) -> None:
    with pytest.raises(NotFound):
        jobs.wait_for_job(app, uuid.uuid4(), timeout_s=0)
