"""The steady state of a session: few Core statements, the same effects as ever."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, select

from nxus.db import engine_for, new_session
from nxus.models import Job, QbwcExchange, QbwcSession
from nxus.models.qbwc import JobState
from nxus.qbwc.common import hash_ticket
from nxus.qbwc.exchange import _SESSION_ROW_QUEUED, PROGRESS_QUEUE_CAP
from nxus.services import jobs
from tests.integration.qbwc.conftest import Conn, Soap, answer_for, customer_query


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        seen.append(sql.split()[0].upper())

    engine = engine_for(app)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_steady_pair_is_a_dozen_statements_with_the_same_effects(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    with new_session(app) as db:
        ids = [jobs.submit_qbxml(db, conn.id, customer_query()).id for _ in range(3)]
    ticket = soap.authenticate(conn)[0]
    soap.receive(ticket, answer_for(soap.send(ticket, hcp=hcp)))  # first call: general path
    with statements(app) as seen:
        request = soap.send(ticket)
        assert ids[1].hex in request and '<?qbxml version="13.0"?>' in request
        progress = soap.receive(ticket, answer_for(request, status=1, message="none found"))
    assert 0 < progress < 100
    # sendRequestXML: BEGIN, session row, UPDATE job (claim-next, RETURNING), UPDATE session,
    # INSERT exchange. receiveResponseXML: BEGIN, session row (with the queue's length),
    # UPDATE job (complete-if-sent, RETURNING what the job's event says), UPDATE session,
    # INSERT event, INSERT exchange. (+ the commits, not statements)
    assert len([s for s in seen if s not in ("COMMIT", "ROLLBACK")]) <= 11, seen
    with new_session(app) as db:
        job = db.get(Job, ids[1])
        assert job is not None and job.state == JobState.DONE
        assert (job.status_code, job.status_message, job.attempts) == (1, "none found", 1)
        assert job.qbxml_version == "13.0" and job.sent_at and job.finished_at
        assert job.response_body and "CustomerQueryRs" in job.response_body
        qs = db.scalars(select(QbwcSession)).one()
        assert qs.jobs_done == 2 and qs.current_job_id is None and not qs.ending
        logged = db.scalars(select(QbwcExchange).where(QbwcExchange.job_id == ids[1])).all()
        assert sorted(e.method for e in logged) == ["receiveResponseXML", "sendRequestXML"]
        assert all(e.session_id == qs.id and e.connection_id == conn.id for e in logged)


def test_the_last_answer_ends_the_session_when_not_warm(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    app.extensions["nxus.qbwc.settings"] = type(app.extensions["nxus.qbwc.settings"]).from_config(
        {**app.config, "QBWC_KEEP_WARM_SECONDS": 0}
    )
    with new_session(app) as db:
        for _ in range(2):
            jobs.submit_qbxml(db, conn.id, customer_query())
    ticket = soap.authenticate(conn)[0]
    assert soap.receive(ticket, answer_for(soap.send(ticket, hcp=hcp))) == 50
    assert soap.receive(ticket, answer_for(soap.send(ticket))) == 100  # fast path, then 100
    assert "HostQueryRq" in soap.send(ticket)  # ending: the final request


def test_progress_counts_a_long_queue_only_up_to_its_cap(
    app: Flask, soap: Soap, conn: Conn, hcp: str
) -> None:
    """A backlog of thousands of queued jobs must not cost every answer a count of them all:
    the progress reads at most PROGRESS_QUEUE_CAP queued jobs."""
    with new_session(app) as db:
        for _ in range(PROGRESS_QUEUE_CAP + 5):
            jobs.submit_qbxml(db, conn.id, customer_query(), commit=False)
        db.commit()
    ticket = soap.authenticate(conn)[0]
    with new_session(app) as db:
        row = db.connection().execute(_SESSION_ROW_QUEUED, {"b_hash": hash_ticket(ticket)}).one()
    assert row.queued == PROGRESS_QUEUE_CAP
    # The first answer: one done of at least a thousand more (the bar starts at 1).
    assert soap.receive(ticket, answer_for(soap.send(ticket, hcp=hcp))) == 1
