"""The jobs service: submit, claim across sessions, wait without holding a transaction."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

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


def test_every_change_a_waiter_waits_for_wakes_another_process(
    app: Flask, conn: Conn, app_factory: Any
) -> None:
    """A job queued, sent back to the queue, cancelled, answered or failed, and a session
    that failed, each wake a waiter in another app (process) with the key its writer marked:
    on PostgreSQL announced by the tables' triggers (nxus.wakeup.POSTGRES_TRIGGERS; the writer
    sends none of these), on SQLite by the writer's datagrams."""
    from datetime import timedelta

    from nxus import wakeup
    from nxus.db import wakeup_bus
    from nxus.models import QbwcSession

    waiter = app_factory()
    sid = _qbwc_session(app, conn)
    queued = wakeup.queue_key(conn.id)

    def woken_by(change: Any, *keys: str) -> None:
        with wakeup_bus(waiter).subscribe(*keys) as sub:
            with new_session(app) as db:
                change(db)
                db.commit()
            got: set[str] = set()
            deadline = time.monotonic() + 20
            while got != set(keys) and time.monotonic() < deadline:
                got |= sub.wait(deadline - time.monotonic())
            assert got == set(keys)

    made: list[uuid.UUID] = []

    def submit(db: Any) -> None:
        made.append(jobs.submit_qbxml(db, conn.id, customer_query(), commit=False).id)

    woken_by(submit, queued)
    woken_by(lambda db: jobs.cancel_job(db, made[0], commit=False), wakeup.job_key(made[0]))
    with new_session(app) as db:
        second = jobs.submit_qbxml(db, conn.id, customer_query()).id
        third = jobs.submit_qbxml(db, conn.id, customer_query()).id

    def claim_and_answer(db: Any) -> None:
        claimed = job_claims.claim_next(db, conn.id, sid, "13.0", utcnow())
        assert claimed is not None and claimed.id == second
        ok = dict(status_code=0, status_severity="Info", status_message="OK", now=utcnow())
        assert job_claims.complete_if_sent(db, second, sid, "<QBXML/>", **ok)  # type: ignore[arg-type]

    woken_by(claim_and_answer, wakeup.job_key(second))

    def claim(db: Any) -> None:
        assert job_claims.claim_next(db, conn.id, sid, "13.0", utcnow()) is not None

    with new_session(app) as db:
        claim(db)
        db.commit()
    woken_by(lambda db: job_claims.recover_orphaned_jobs(db, conn.id, utcnow()), queued)
    with new_session(app) as db:
        claim(db)
        db.commit()

    def fail(db: Any) -> None:
        job = db.get(Job, third)
        job_claims.fail_job(db, job, error="QuickBooks is not running", now=utcnow())

    woken_by(fail, wakeup.job_key(third))

    def session_failed(db: Any) -> None:  # as connectionError does (nxus.qbwc.close)
        qs = db.get(QbwcSession, sid)
        qs.state, qs.closed_at = "error", utcnow() + timedelta(seconds=1)
        wakeup.mark(db, wakeup.failure_key(conn.id))

    woken_by(session_failed, wakeup.failure_key(conn.id))
