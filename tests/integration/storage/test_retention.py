"""The purge: job qbXML only while someone may read it, exchange bodies for their retention
(problems longer), old rows deleted, in small transactions, throttled, and the space given
back (SQLite's incremental vacuum; PostgreSQL's autovacuum settings)."""

from __future__ import annotations

import os
import re
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select, text

from nxus import create_app
from nxus.db import Base, engine_for, new_session, utcnow
from nxus.models import Connection, IdempotencyRecord, Job, QbwcExchange
from nxus.services import api_keys, disk_space, jobs, retention
from tests.integration.qbwc.conftest import Conn, customer_query

NOW = utcnow()


def _job(
    app: Flask,
    conn: Conn,
    state: str,
    finished_ago: timedelta | None,
    *,
    detached: bool = False,
    answer: str | None = "<QBXML><CustomerQueryRs/></QBXML>",
) -> uuid.UUID:
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query(), commit=False)
        job.state = state
        job.detached = detached
        job.is_write = state == "unknown"
        job.response_body = answer if state in ("done", "failed") else None
        job.finished_at = NOW - finished_ago if finished_ago is not None else None
        db.commit()
        return job.id


def _payload(app: Flask, job_id: uuid.UUID) -> tuple[str, str | None, datetime | None] | None:
    with new_session(app) as db:
        job = db.get(Job, job_id)
        return None if job is None else (job.request_body, job.response_body, job.payload_purged_at)


def _idempotency(app: Flask, conn: Conn, job_id: uuid.UUID, answered: bool) -> None:
    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
        key_id = api_keys.create_api_key(db, org_id, f"k{uuid.uuid4().hex[:6]}", "test").api_key.id
        db.add(
            IdempotencyRecord(
                api_key_id=key_id,
                connection_id=conn.id,
                key=uuid.uuid4().hex,
                fingerprint="f" * 64,
                message_set_id=uuid.uuid4().hex,
                job_id=job_id,
                response_status=201 if answered else None,
                response_body='{"id":"1"}' if answered else None,
                expires_at=NOW + timedelta(hours=1),
            )
        )
        db.commit()


def test_job_qbxml_is_kept_while_someone_may_read_it(app: Flask, conn: Conn) -> None:
    hour, minute = timedelta(hours=1), timedelta(minutes=1)
    queued = _job(app, conn, "queued", None)
    sent = _job(app, conn, "sent", None)
    old = _job(app, conn, "done", hour)
    recent = _job(app, conn, "done", minute)
    failed = _job(app, conn, "failed", hour)
    cancelled = _job(app, conn, "cancelled", hour)
    detached = _job(app, conn, "done", hour, detached=True)
    detached_old = _job(app, conn, "done", timedelta(days=2), detached=True)
    unknown = _job(app, conn, "unknown", timedelta(days=2))
    pending_replay = _job(app, conn, "done", hour)
    answered_replay = _job(app, conn, "done", hour)
    _idempotency(app, conn, pending_replay, answered=False)
    _idempotency(app, conn, answered_replay, answered=True)

    done = retention.purge(app, now=NOW)

    purged = {old, failed, cancelled, detached_old, answered_replay}
    assert done.job_payloads == len(purged)
    for job_id in purged:
        assert _payload(app, job_id) == ("", None, NOW)
    for job_id in (queued, sent, recent, detached, unknown, pending_replay):
        request, _, purged_at = _payload(app, job_id)  # type: ignore[misc]
        assert "CustomerQueryRq" in request and purged_at is None
    assert _payload(app, pending_replay)[1] == "<QBXML><CustomerQueryRs/></QBXML>"  # type: ignore[index]
    assert retention.purge(app, now=NOW).job_payloads == 0  # nothing twice


def _exchange(app: Flask, conn: Conn, kept: str | None, age: timedelta) -> int:
    with new_session(app) as db:
        row = QbwcExchange(
            connection_id=conn.id,
            method="getLastError",
            started_at=NOW - age,
            request_body="<Envelope>request</Envelope>",
            response_body="<Envelope>response</Envelope>",
            kept=kept,
            http_status=200 if kept == "ok" else 500,
        )
        db.add(row)
        db.commit()
        return row.id


def test_exchange_bodies_go_after_their_retention_and_rows_after_theirs(
    app: Flask, conn: Conn
) -> None:
    fresh = _exchange(app, conn, "ok", timedelta(days=1))
    stale = _exchange(app, conn, "ok", timedelta(days=8))
    failure = _exchange(app, conn, "failure", timedelta(days=8))
    old_failure = _exchange(app, conn, "failure", timedelta(days=29, hours=23))
    ancient = _exchange(app, conn, "failure", timedelta(days=31))
    old_job = _job(app, conn, "done", timedelta(days=31))
    old_unknown = _job(app, conn, "unknown", timedelta(days=31))
    never_finished = _job(app, conn, "queued", None)

    done = retention.purge(app, now=NOW)

    assert (done.exchanges, done.jobs) == (1, 2)
    with new_session(app) as db:
        bodies = {
            row.id: (row.request_body is not None, row.kept)
            for row in db.scalars(select(QbwcExchange))
        }
        assert bodies == {
            fresh: (True, "ok"),
            stale: (False, None),
            failure: (True, "failure"),
            old_failure: (True, "failure"),
        }
        assert ancient not in bodies
    assert _payload(app, old_job) is None and _payload(app, old_unknown) is None
    assert _payload(app, never_finished) is not None


def test_the_purge_works_in_small_transactions(app_factory: Any, conn: Conn) -> None:
    app = app_factory(RETENTION_PURGE_BATCH_ROWS=2)
    ids = [_job(app, conn, "done", timedelta(hours=1)) for _ in range(5)]
    commits: list[int] = []
    event.listen(engine_for(app), "commit", lambda _conn: commits.append(1))
    done = retention.purge(app, now=NOW)
    assert done.job_payloads == 5 and done.complete
    assert len(commits) >= 3 + 4  # 3 batches of jobs, then one per other step
    assert all(_payload(app, i)[2] == NOW for i in ids)  # type: ignore[index]
    out_of_time = retention.purge(app, now=NOW + timedelta(days=40), budget=0)
    assert not out_of_time.complete and out_of_time.jobs == 0


def test_the_purge_runs_after_qbwc_calls_at_most_once_per_interval(
    app_factory: Any, conn: Conn, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_factory(RETENTION_PURGE_INTERVAL_SECONDS=2)
    runs: list[Flask] = []
    monkeypatch.setattr(retention, "purge", lambda a: runs.append(a))
    client = app.test_client()

    def calls(n: int) -> None:
        for _ in range(n):
            response = client.post("/qbwc", data=SERVER_VERSION, content_type="text/xml")
            assert response.status_code == 200
            response.close()  # as the WSGI server does once the answer is sent

    calls(3)
    assert runs == []  # the first call starts the clock
    time.sleep(2.1)
    calls(3)
    assert runs == [app]
    off = app_factory(RETENTION_PURGE_INTERVAL_SECONDS=0)
    retention.maybe_purge(off)
    time.sleep(0.01)
    retention.maybe_purge(off)
    assert runs == [app]


def test_a_due_job_is_purged_by_a_qbwc_call(app_factory: Any, conn: Conn) -> None:
    app = app_factory(RETENTION_PURGE_INTERVAL_SECONDS=0.2, JOB_PAYLOAD_RETENTION_SECONDS=60)
    job_id = _job(app, conn, "done", timedelta(minutes=5))
    client = app.test_client()
    client.post("/qbwc", data=SERVER_VERSION, content_type="text/xml").close()
    time.sleep(0.3)
    client.get("/qbwc?wsdl").close()
    assert _payload(app, job_id)[2] is None  # type: ignore[index]  # a GET purges nothing
    client.post("/qbwc", data=SERVER_VERSION, content_type="text/xml").close()
    assert _payload(app, job_id)[2] is not None  # type: ignore[index]


SERVER_VERSION = (
    b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap='
    b'"http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><serverVersion '
    b'xmlns="http://developer.intuit.com/" /></soap:Body></soap:Envelope>'
)


def test_space_goes_back_to_the_file_system(app: Flask, conn: Conn, tmp_path: Path) -> None:
    engine = engine_for(app)
    if engine.dialect.name != "sqlite":
        with engine.connect() as c:
            options = c.execute(
                text(
                    "SELECT c.reloptions, t.reloptions FROM pg_class c"
                    " JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = 'jobs'::regclass"
                )
            ).one()
        assert "autovacuum_vacuum_scale_factor=0.02" in options[0]
        assert "autovacuum_vacuum_scale_factor=0.02" in options[1]
        return
    with engine.connect() as c:
        assert c.execute(text("PRAGMA auto_vacuum")).scalar() == 2  # incremental, new file
    noise = os.urandom(600_000).hex()  # 1.2 MB of text that compresses only 2x
    for _ in range(30):
        _job(app, conn, "done", timedelta(hours=1), answer=f"<QBXML>{noise}</QBXML>")
    _checkpoint(engine)
    database = Path(engine.url.database or "")
    before = database.stat().st_size
    done = retention.purge(app, now=NOW)
    _checkpoint(engine)
    assert done.job_payloads == 30 and done.pages_freed > 0
    after = database.stat().st_size
    assert after < before - 10_000_000, (before, after)  # ~18 MB freed, 4 MiB kept free


def _checkpoint(engine: Any) -> None:
    raw = engine.raw_connection()  # outside a transaction (SQLAlchemy's would BEGIN)
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


def test_an_old_database_file_is_not_vacuumed_until_compacted(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE t (x)")  # auto_vacuum NONE, as before this release
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{path}", "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x"}
    )
    Base.metadata.create_all(engine_for(app))
    try:
        assert disk_space.vacuum_free_pages(app) == 0
    finally:
        engine_for(app).dispose()


def test_a_call_that_gives_up_on_a_sent_job_leaves_it_for_get_jobs(app: Flask, conn: Conn) -> None:
    from nxus.quickbooks import calls as quickbooks
    from nxus.quickbooks.errors import QuickBooksCallError
    from nxus.resources.operation import Operation
    from nxus.services.jobs import JobResult

    job_id = _job(app, conn, "sent", None)
    with new_session(app) as db:
        result = JobResult.of(db.get(Job, job_id))  # type: ignore[arg-type]
    with pytest.raises(QuickBooksCallError) as raised:
        quickbooks.outcome(app, Operation("customers", "retrieve", object_id="1"), result, 5.0)
    assert raised.value.code == "REQUEST_TIMEOUT"
    with new_session(app) as db:
        assert db.get(Job, job_id).detached  # type: ignore[union-attr]


def test_abandoned_list_cursors_go_minutes_after_they_expired(app: Flask, conn: Conn) -> None:
    from nxus.models import ApiCursor

    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
        key_id = api_keys.create_api_key(db, org_id, "cursors", "test").api_key.id
        for n, expired in enumerate((timedelta(minutes=6), timedelta(minutes=4), -timedelta(1))):
            db.add(
                ApiCursor(
                    token_hash=f"{n:064d}",
                    api_key_id=key_id,
                    connection_id=conn.id,
                    resource="customers",
                    iterator_id=f"it-{n}",
                    page_size=10,
                    expires_at=NOW - expired,
                )
            )
        db.commit()
    assert retention.purge(app, now=NOW).cursors == 1
    with new_session(app) as db:
        assert sorted(c.iterator_id for c in db.scalars(select(ApiCursor))) == ["it-1", "it-2"]


def test_purged_rows_leave_whole_pages_free_on_sqlite(app: Flask, conn: Conn) -> None:
    """Rows slimmed in place would leave their old size unused inside each page for as long
    as they live; rewritten, whole pages fall free (and the vacuum can hand them back)."""
    engine = engine_for(app)
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL writes a new row version anyway; autovacuum reuses the old one
    ids = [
        _job(
            app, conn, "done", timedelta(hours=1), answer=f"<QBXML>{os.urandom(1500).hex()}</QBXML>"
        )
        for _ in range(300)
    ]
    with engine.connect() as c:
        free_before = c.execute(text("PRAGMA freelist_count")).scalar()
    assert retention.purge(app, now=NOW).job_payloads == 300
    with engine.connect() as c:
        free_after = c.execute(text("PRAGMA freelist_count")).scalar()
    assert free_after - free_before >= 15, (free_before, free_after)  # ~300 x 1.5 KB freed
    with new_session(app) as db:
        job = db.get(Job, ids[0])
        assert job is not None and job.state == "done" and job.payload_purged_at == NOW
        assert job.request_names == "CustomerQueryRq" and job.operation is None


_PLACEHOLDERS = re.compile(r"\((?:\s*(?:\?|%\([^)]*\)s)\s*,?)+\)")


def test_purges_of_every_size_run_a_few_statement_texts(app: Flask, conn: Conn) -> None:
    """Each connection keeps the statements it ran prepared (Python's sqlite3: 128 of them;
    psycopg in the server), and an IN list of n ids is another text for every n. Purges of 2
    to 24 rows must not each leave new texts: the batches are padded to powers of two."""
    texts: set[str] = set()
    engine = engine_for(app)

    def seen(_c: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        texts.add(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for size in range(2, 25):
            for _ in range(size):
                _job(app, conn, "done", timedelta(hours=1))
            assert retention.purge(app, now=NOW).job_payloads == size
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    lengths: dict[str, int] = {}
    for statement in texts:  # texts that differ only in how many placeholders a list has
        shape = _PLACEHOLDERS.sub("(...)", statement)
        lengths[shape] = lengths.get(shape, 0) + 1
    # 2..24 rows fall in 5 sizes (2, 4, 8, 16, 32); unpadded, each of 23 sizes was a text
    assert lengths and max(lengths.values()) <= 5, sorted(lengths.values())
