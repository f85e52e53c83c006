"""What the database keeps, and for how long: the purge that keeps storage flat.

Kept (defaults in config/default.py, costs in docs/storage.md):
- a job's qbXML (request and answer): while it is queued or sent; then
  JOB_PAYLOAD_RETENTION_SECONDS after it finished (the waiting call read it at once; an
  Idempotency-Key replay reads the answer stored in its own record), or
  JOB_DETACHED_PAYLOAD_RETENTION_SECONDS when nobody waited for it (`Job.detached`: read later
  through GET /api/v1/jobs/{id}). Kept longer: the job of an Idempotency-Key whose answer is not
  stored yet, and the request of an `unknown` write (kept with its row);
- exchange bodies: QBWC_EXCHANGE_BODY_RETENTION_DAYS, problems
  QBWC_EXCHANGE_FAILURE_BODY_RETENTION_DAYS (`QbwcExchange.kept` says which);
- rows: finished jobs JOB_ROW_RETENTION_DAYS, exchanges QBWC_EXCHANGE_ROW_RETENTION_DAYS,
  expired Idempotency-Key records not at all, list cursors nobody finished 5 minutes after
  they expired (until then a late page is told "expired", after it "unknown cursor").

The purge runs in the server itself: `maybe_purge` after a /qbwc call, at most once per
RETENTION_PURGE_INTERVAL_SECONDS per process, in transactions of at most
RETENTION_PURGE_BATCH_ROWS rows (so it never holds SQLite's write lock long), for at most
PURGE_BUDGET_SECONDS. On SQLite it then hands freed pages back to the file system
(`PRAGMA incremental_vacuum`, for files made with auto_vacuum=INCREMENTAL: nxus.db).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete, false, func, select, text, true, update
from sqlalchemy.orm import Session

from nxus.db import engine_for, new_session, utcnow
from nxus.models.api_state import ApiCursor, IdempotencyRecord
from nxus.models.qbwc import Job, QbwcExchange

log = logging.getLogger("nxus.retention")

# One run of the purge stops starting batches after this long (the next run goes on).
PURGE_BUDGET_SECONDS = 1.0
# A job's qbXML is never dropped sooner than this after it finished (a waiting call reads it
# right after it sees the job finished).
MIN_PAYLOAD_SECONDS = 60
# SQLite: free pages kept for new rows (the purge frees about what new work takes), and the
# most handed back to the file system per run (16 MiB pages: 64 MiB).
FREE_PAGES_KEPT = 256
VACUUM_PAGES_PER_RUN = 4096
# An abandoned list cursor is deleted this long after it expired (each list call that is not
# paged to its end leaves one: ~0.4 KB).
CURSOR_GRACE = timedelta(minutes=5)
_FINISHED = ("done", "failed", "cancelled")  # `unknown` keeps its request until the row goes


@dataclass(frozen=True)
class Policy:
    job_payload: timedelta
    detached_payload: timedelta
    job_rows: timedelta | None  # None: rows are never deleted
    exchange_bodies: timedelta
    failure_bodies: timedelta
    exchange_rows: timedelta | None
    batch: int
    interval: float

    @classmethod
    def from_config(cls, config: Any) -> Policy:
        def days(key: str) -> timedelta | None:
            value = int(config[key])
            return timedelta(days=value) if value > 0 else None

        payload = max(int(config["JOB_PAYLOAD_RETENTION_SECONDS"]), MIN_PAYLOAD_SECONDS)
        detached = max(int(config["JOB_DETACHED_PAYLOAD_RETENTION_SECONDS"]), payload)
        return cls(
            job_payload=timedelta(seconds=payload),
            detached_payload=timedelta(seconds=detached),
            job_rows=days("JOB_ROW_RETENTION_DAYS"),
            exchange_bodies=timedelta(
                days=max(int(config["QBWC_EXCHANGE_BODY_RETENTION_DAYS"]), 0)
            ),
            failure_bodies=timedelta(
                days=max(int(config["QBWC_EXCHANGE_FAILURE_BODY_RETENTION_DAYS"]), 0)
            ),
            exchange_rows=days("QBWC_EXCHANGE_ROW_RETENTION_DAYS"),
            batch=max(int(config["RETENTION_PURGE_BATCH_ROWS"]), 1),
            interval=float(config["RETENTION_PURGE_INTERVAL_SECONDS"]),
        )


@dataclass
class Purged:
    """What one run did (rows per kind, pages given back)."""

    job_payloads: int = 0
    exchange_bodies: int = 0
    exchanges: int = 0
    jobs: int = 0
    idempotency: int = 0
    cursors: int = 0
    pages_freed: int = 0
    complete: bool = True  # False: the budget ran out with work left

    def total(self) -> int:
        return self.job_payloads + self.exchange_bodies + self.exchanges + self.jobs


def policy_of(app: Flask) -> Policy:
    policy = app.extensions.get("nxus.retention.policy")
    if policy is None:
        policy = app.extensions["nxus.retention.policy"] = Policy.from_config(app.config)
    return policy


# --- the steps: each one batch, in the caller's transaction ------------------------------


def _job_payloads(db: Session, now: datetime, policy: Policy) -> int:
    pending = select(IdempotencyRecord.job_id).where(
        IdempotencyRecord.job_id.is_not(None),
        IdempotencyRecord.response_status.is_(None),
        IdempotencyRecord.expires_at > now,
    )
    due = (
        select(Job.id)
        .where(
            Job.payload_purged_at.is_(None),
            Job.finished_at < now - policy.job_payload,
            Job.state.in_(_FINISHED),
            (Job.detached == false()) | (Job.finished_at < now - policy.detached_payload),
            Job.id.not_in(pending),
        )
        .limit(policy.batch)
    )
    purged = {"request_body": "", "response_body": None, "operation": None}
    if db.get_bind().dialect.name == "sqlite":
        return _slim_rows(db, list(db.scalars(due)), purged | {"payload_purged_at": now})
    return _rowcount(
        db.execute(
            update(Job)
            .where(Job.id.in_(due), Job.payload_purged_at.is_(None))
            .values(**purged, payload_purged_at=now)
            .execution_options(synchronize_session=False)
        )
    )


def _slim_rows(db: Session, ids: list[uuid.UUID], values: dict[str, Any]) -> int:
    """SQLite: the rows again without their qbXML, deleted and inserted anew rather than
    updated. A row of a few KB updated to a few hundred bytes leaves that space unused inside
    its page, for as long as the row lives (new rows go at the end of the table): measured,
    half of the jobs table. Deleted in the order they finished (the order they were added, about),
    whole pages fall free for the incremental vacuum, and the slim rows pack together."""
    if not ids:
        return 0
    table = Job.__table__
    kept = [column for column in table.c if column.name not in values]
    rows = [dict(row._mapping) for row in db.execute(select(*kept).where(table.c.id.in_(ids)))]
    if not rows:
        return 0
    db.execute(delete(table).where(table.c.id.in_([row["id"] for row in rows])))
    db.execute(table.insert(), [row | values for row in rows])
    return len(rows)


def _exchange_bodies(db: Session, now: datetime, policy: Policy) -> int:
    cleared = 0
    for kept, keep_for in (("ok", policy.exchange_bodies), ("failure", policy.failure_bodies)):
        due = (
            select(QbwcExchange.id)
            .where(QbwcExchange.kept == kept, QbwcExchange.started_at < now - keep_for)
            .limit(policy.batch)
        )
        cleared += _rowcount(
            db.execute(
                update(QbwcExchange)
                .where(QbwcExchange.id.in_(due))
                .values(request_body=None, response_body=None, kept=None, body_ref=None)
                .execution_options(synchronize_session=False)
            )
        )
    return cleared


def _exchange_rows(db: Session, now: datetime, policy: Policy) -> int:
    if policy.exchange_rows is None:
        return 0
    due = (
        select(QbwcExchange.id)
        .where(QbwcExchange.started_at < now - policy.exchange_rows)
        .limit(policy.batch)
    )
    return _rowcount(
        db.execute(
            delete(QbwcExchange)
            .where(QbwcExchange.id.in_(due))
            .execution_options(synchronize_session=False)
        )
    )


def _job_rows(db: Session, now: datetime, policy: Policy) -> int:
    if policy.job_rows is None:
        return 0
    due = (
        select(Job.id)
        .where(
            Job.finished_at < now - policy.job_rows,
            Job.state.not_in(("queued", "sent")),
        )
        .limit(policy.batch)
    )
    return _rowcount(
        db.execute(delete(Job).where(Job.id.in_(due)).execution_options(synchronize_session=False))
    )


def _idempotency_rows(db: Session, now: datetime, policy: Policy) -> int:
    due = (
        select(IdempotencyRecord.id).where(IdempotencyRecord.expires_at <= now).limit(policy.batch)
    )
    return _rowcount(
        db.execute(
            delete(IdempotencyRecord)
            .where(IdempotencyRecord.id.in_(due))
            .execution_options(synchronize_session=False)
        )
    )


def _cursor_rows(db: Session, now: datetime, policy: Policy) -> int:
    due = select(ApiCursor.id).where(ApiCursor.expires_at < now - CURSOR_GRACE).limit(policy.batch)
    return _rowcount(
        db.execute(
            delete(ApiCursor)
            .where(ApiCursor.id.in_(due))
            .execution_options(synchronize_session=False)
        )
    )


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


_STEPS: tuple[tuple[str, Callable[[Session, datetime, Policy], int]], ...] = (
    ("job_payloads", _job_payloads),
    ("exchange_bodies", _exchange_bodies),
    ("exchanges", _exchange_rows),
    ("jobs", _job_rows),
    ("idempotency", _idempotency_rows),
    ("cursors", _cursor_rows),
)


# --- a run ---------------------------------------------------------------------------------


def purge(
    app: Flask,
    now: datetime | None = None,
    budget: float | None = PURGE_BUDGET_SECONDS,
    policy: Policy | None = None,
) -> Purged:
    """One run: every step in batches (one short transaction each) until nothing is due or
    the budget (seconds; None: no limit) is spent; then SQLite's incremental vacuum."""
    policy = policy or policy_of(app)
    now = now or utcnow()
    deadline = None if budget is None else time.monotonic() + budget
    done = Purged()
    with new_session(app) as db:
        for name, step in _STEPS:
            while True:
                if deadline is not None and time.monotonic() > deadline:
                    done.complete = False
                    break
                count = step(db, now, policy)
                db.commit()
                setattr(done, name, getattr(done, name) + count)
                if count < policy.batch:
                    break
    done.pages_freed = vacuum_free_pages(app, keep=FREE_PAGES_KEPT)
    if done.total() or done.pages_freed:
        log.debug("retention: purged %s", done)
    return done


def vacuum_free_pages(app: Flask, keep: int = 0, most: int = VACUUM_PAGES_PER_RUN) -> int:
    """SQLite with auto_vacuum=INCREMENTAL: give free pages beyond `keep` back to the file
    system (at most `most`); returns how many. 0 elsewhere."""
    engine = engine_for(app)
    if engine.dialect.name != "sqlite":
        return 0
    raw = engine.raw_connection()  # the pragma's own statement, no BEGIN around it
    try:
        sqlite = raw.driver_connection
        assert sqlite is not None
        if _pragma(sqlite, "auto_vacuum") != 2:
            return 0  # a file made before auto_vacuum: `flask nxus compact` converts it
        free = _pragma(sqlite, "freelist_count")
        pages = min(free - keep, most)
        if pages <= 0:
            return 0
        # executescript steps the pragma to its end (execute() frees one page per call).
        sqlite.executescript(f"PRAGMA incremental_vacuum({int(pages)});")
        return free - _pragma(sqlite, "freelist_count")
    finally:
        raw.close()


def _pragma(sqlite: Any, name: str) -> int:
    return int(sqlite.execute(f"PRAGMA {name}").fetchone()[0] or 0)


@dataclass
class _Throttle:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")


def maybe_purge(app: Flask) -> None:
    """Run the purge unless this process ran it within the interval or runs it right now
    (never raises: a failed purge is logged and tried again next interval). The first call
    of a process starts the clock: its first purge comes an interval later."""
    interval = policy_of(app).interval
    if interval <= 0:
        return
    state = app.extensions.get("nxus.retention.throttle")
    if state is None:
        state = app.extensions.setdefault(
            "nxus.retention.throttle", _Throttle(last=time.monotonic())
        )
    if time.monotonic() - state.last < interval or not state.lock.acquire(blocking=False):
        return
    try:
        if time.monotonic() - state.last < interval:
            return
        state.last = time.monotonic()
        purge(app)
    except Exception:
        log.exception("retention: the purge failed; it runs again in %s s", interval)
    finally:
        state.lock.release()


def detach(app: Flask, job_id: uuid.UUID) -> None:
    """Nobody waits for this job any more (the call gave up, or never waited): its answer is
    kept for GET /api/v1/jobs/{id} (JOB_DETACHED_PAYLOAD_RETENTION_SECONDS)."""
    with new_session(app) as db:
        db.execute(
            update(Job)
            .where(Job.id == job_id, Job.detached == false())
            .values(detached=true())
            .execution_options(synchronize_session=False)
        )
        db.commit()


def database_bytes(app: Flask) -> int:
    """The database's size on disk: SQLite's file and WAL, or PostgreSQL's database."""
    engine = engine_for(app)
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as conn:
        size = conn.execute(select(func.pg_database_size(func.current_database()))).scalar()
        conn.rollback()
    return int(size or 0)


def compact(app: Flask) -> tuple[int, int]:
    """Give the space of purged rows back; (bytes before, bytes after).

    SQLite: VACUUM rewrites the file (it needs as much free disk again, and the write lock for
    the while), first turning on incremental auto-vacuum for a file made before it (the purge
    then gives space back by itself). PostgreSQL: VACUUM (ANALYZE) of the purged tables makes
    their space reusable (it goes back to the system only with VACUUM FULL, which locks them:
    left to the operator)."""
    before = database_bytes(app)
    engine = engine_for(app)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            sqlite = raw.driver_connection
            assert sqlite is not None
            sqlite.executescript(
                "PRAGMA auto_vacuum=INCREMENTAL; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"
            )
        finally:
            raw.close()
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("jobs", "qbwc_exchanges", "api_idempotency"):
                conn.execute(text(f'VACUUM (ANALYZE) "{table}"'))
    return before, database_bytes(app)
