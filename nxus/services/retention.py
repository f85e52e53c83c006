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
  events EVENTS_RETENTION_DAYS, the request log REQUEST_LOG_RETENTION_DAYS, expired
  Idempotency-Key records not at all, list cursors nobody finished 5 minutes after they
  expired (until then a late page is told "expired", after it "unknown cursor");
- and at most the newest JOB_MAX_ROWS jobs, QBWC_EXCHANGE_MAX_ROWS exchange rows,
  EVENTS_MAX_ROWS events and REQUEST_LOG_MAX_ROWS request-log rows (0: no ceiling), whatever
  their age: a busy integration's history is bounded by count, so the database stops growing
  however many calls a day it makes. Never over the ceiling: jobs queued, sent or `unknown`,
  a job an Idempotency-Key record still waits for, exchange rows of problems (kept for their
  failure retention), events not yet handed to every webhook endpoint or still being delivered.

The purge runs in the server itself: `maybe_purge` after a /qbwc call, at most once per
RETENTION_PURGE_INTERVAL_SECONDS per process, and from the webhook worker's housekeeping
(about once a minute, nxus.services.webhook_delivery), in transactions of at most
RETENTION_PURGE_BATCH_ROWS rows (so it never holds SQLite's write lock long), for at most
PURGE_BUDGET_SECONDS. On SQLite it then hands freed pages back to the file system
(`PRAGMA incremental_vacuum`, for files made with auto_vacuum=INCREMENTAL: nxus.db;
nxus.services.disk_space).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, exists, false, func, or_, select, true, update
from sqlalchemy.orm import Session

from nxus.db import in_list, new_session, read_session, utcnow
from nxus.models.api_state import ApiCursor, IdempotencyRecord
from nxus.models.events import Event, RequestLogEntry, WebhookDelivery
from nxus.models.qbwc import Job, QbwcExchange
from nxus.services import disk_space

log = logging.getLogger("nxus.retention")

# One run of the purge stops starting batches after this long (the next run goes on).
PURGE_BUDGET_SECONDS = 1.0
# A job's qbXML is never dropped sooner than this after it finished (a waiting call reads it
# right after it sees the job finished).
MIN_PAYLOAD_SECONDS = 60
# An abandoned list cursor is deleted this long after it expired (each list call that is not
# paged to its end leaves one: ~0.4 KB).
CURSOR_GRACE = timedelta(minutes=5)
_FINISHED = ("done", "failed", "cancelled")  # `unknown` keeps its request until the row goes


@dataclass(frozen=True)
class Policy:
    job_payload: timedelta
    detached_payload: timedelta
    job_rows: timedelta | None  # None: rows are never deleted for their age
    exchange_bodies: timedelta
    failure_bodies: timedelta
    exchange_rows: timedelta | None
    event_rows: timedelta
    request_log_rows: timedelta
    batch: int
    interval: float
    # The most rows kept of each (0: no ceiling).
    max_jobs: int = 0
    max_exchanges: int = 0
    max_events: int = 0
    max_request_log: int = 0

    @classmethod
    def from_config(cls, config: Any) -> Policy:
        def days(key: str) -> timedelta | None:
            value = int(config[key])
            return timedelta(days=value) if value > 0 else None

        def count(key: str) -> int:
            return max(int(config[key]), 0)

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
            # Fractions of days allowed; the request log's 0 means "not recorded": none kept.
            event_rows=timedelta(days=max(float(config["EVENTS_RETENTION_DAYS"]), 0.0)),
            request_log_rows=timedelta(days=max(float(config["REQUEST_LOG_RETENTION_DAYS"]), 0.0)),
            batch=max(int(config["RETENTION_PURGE_BATCH_ROWS"]), 1),
            interval=float(config["RETENTION_PURGE_INTERVAL_SECONDS"]),
            max_jobs=count("JOB_MAX_ROWS"),
            max_exchanges=count("QBWC_EXCHANGE_MAX_ROWS"),
            max_events=count("EVENTS_MAX_ROWS"),
            max_request_log=count("REQUEST_LOG_MAX_ROWS"),
        )


@dataclass
class Purged:
    """What one run did (rows per kind, pages given back)."""

    job_payloads: int = 0
    exchange_bodies: int = 0
    exchanges: int = 0
    jobs: int = 0
    events: int = 0
    request_log: int = 0
    idempotency: int = 0
    cursors: int = 0
    pages_freed: int = 0
    complete: bool = True  # False: the budget ran out with work left

    def total(self) -> int:
        return (
            self.job_payloads
            + self.exchange_bodies
            + self.exchanges
            + self.jobs
            + self.events
            + self.request_log
        )


def policy_of(app: Flask) -> Policy:
    policy = app.extensions.get("nxus.retention.policy")
    if policy is None:
        policy = app.extensions["nxus.retention.policy"] = Policy.from_config(app.config)
    return policy


# --- the steps: each one batch, in the caller's transaction ------------------------------


@dataclass(frozen=True)
class _Run:
    """What every step of one run reads: the time, the policy, and per table the time of
    the newest row beyond its ceiling (it and older rows are over; None: none is)."""

    now: datetime
    policy: Policy
    ceilings: dict[str, datetime | None] = field(default_factory=dict)


def _ceiling(db: Session, column: Any, most: int) -> datetime | None:
    """The `column` time of the newest row beyond the `most` newest (an index walk of `most`
    entries): it and older rows are over the ceiling. None: no more rows, or no ceiling."""
    if most <= 0:
        return None
    return db.scalar(
        select(column).where(column.is_not(None)).order_by(column.desc()).offset(most).limit(1)
    )


def _ceilings(app: Flask, policy: Policy) -> dict[str, datetime | None]:
    """Read once per run, outside the write transactions of the steps."""
    with read_session(app) as db:
        return {
            "jobs": _ceiling(db, Job.finished_at, policy.max_jobs),
            "exchanges": _ceiling(db, QbwcExchange.started_at, policy.max_exchanges),
            "events": _ceiling(db, Event.created_at, policy.max_events),
            "request_log": _ceiling(db, RequestLogEntry.created_at, policy.max_request_log),
        }


def _due(column: Any, age: timedelta | None, run: _Run, table: str, *, spared: Any = None) -> Any:
    """Rows past their age, or over the table's ceiling and not `spared` (what the ceiling
    must not delete): a condition, or None when nothing can be due."""
    either = []
    if age is not None:
        either.append(column < run.now - age)
    over = run.ceilings.get(table)
    if over is not None:
        either.append(column <= over if spared is None else (column <= over) & ~spared)
    return or_(*either) if either else None


def _delete_due(db: Session, table: Any, key: Any, due: Any, batch: int) -> int:
    """Delete one batch of the rows `due` selects (a condition; None: nothing)."""
    if due is None:
        return 0
    keys = select(key).where(due).limit(batch)
    return _rowcount(
        db.execute(delete(table).where(key.in_(keys)).execution_options(synchronize_session=False))
    )


def _idempotency_pending(now: datetime) -> Any:
    """Jobs an Idempotency-Key record waits for (its answer is not stored yet)."""
    return select(IdempotencyRecord.job_id).where(
        IdempotencyRecord.job_id.is_not(None),
        IdempotencyRecord.response_status.is_(None),
        IdempotencyRecord.expires_at > now,
    )


def _job_payloads(db: Session, run: _Run) -> int:
    now, policy = run.now, run.policy
    due = (
        select(Job.id)
        .where(
            Job.payload_purged_at.is_(None),
            Job.finished_at < now - policy.job_payload,
            Job.state.in_(_FINISHED),
            (Job.detached == false()) | (Job.finished_at < now - policy.detached_payload),
            Job.id.not_in(_idempotency_pending(now)),
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
    chosen = select(*kept).where(table.c.id.in_(in_list(ids)))
    rows = [dict(row._mapping) for row in db.execute(chosen)]
    if not rows:
        return 0
    db.execute(delete(table).where(table.c.id.in_(in_list(row["id"] for row in rows))))
    db.execute(table.insert(), [row | values for row in rows])
    return len(rows)


def _exchange_bodies(db: Session, run: _Run) -> int:
    cleared = 0
    policy = run.policy
    for kept, keep_for in (("ok", policy.exchange_bodies), ("failure", policy.failure_bodies)):
        due = (
            select(QbwcExchange.id)
            .where(QbwcExchange.kept == kept, QbwcExchange.started_at < run.now - keep_for)
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


def _exchange_rows(db: Session, run: _Run) -> int:
    # A problem keeps its row (and its body) for its own retention, over the ceiling too.
    problem = func.coalesce(QbwcExchange.kept, "") == "failure"
    due = _due(QbwcExchange.started_at, run.policy.exchange_rows, run, "exchanges", spared=problem)
    return _delete_due(db, QbwcExchange, QbwcExchange.id, due, run.policy.batch)


def _job_rows(db: Session, run: _Run) -> int:
    # Over the ceiling, an `unknown` write keeps its row (error recovery reads it), and so
    # does a job an Idempotency-Key record waits for.
    spared = (Job.state == "unknown") | Job.id.in_(_idempotency_pending(run.now))
    due = _due(Job.finished_at, run.policy.job_rows, run, "jobs", spared=spared)
    if due is not None:
        due = due & Job.state.not_in(("queued", "sent"))
    return _delete_due(db, Job, Job.id, due, run.policy.batch)


def _event_rows(db: Session, run: _Run) -> int:
    # Over the ceiling, an event stays until every endpoint has it (fanned out, none pending).
    delivering = exists().where(
        WebhookDelivery.event_id == Event.id, WebhookDelivery.state == "pending"
    )
    spared = (Event.dispatched == false()) | delivering
    due = _due(Event.created_at, run.policy.event_rows, run, "events", spared=spared)
    return _delete_due(db, Event, Event.id, due, run.policy.batch)


def _request_log_rows(db: Session, run: _Run) -> int:
    r = RequestLogEntry
    due = _due(r.created_at, run.policy.request_log_rows, run, "request_log")
    return _delete_due(db, r, r.id, due, run.policy.batch)


def _idempotency_rows(db: Session, run: _Run) -> int:
    due = IdempotencyRecord.expires_at <= run.now
    return _delete_due(db, IdempotencyRecord, IdempotencyRecord.id, due, run.policy.batch)


def _cursor_rows(db: Session, run: _Run) -> int:
    due = ApiCursor.expires_at < run.now - CURSOR_GRACE
    return _delete_due(db, ApiCursor, ApiCursor.id, due, run.policy.batch)


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


_STEPS: tuple[tuple[str, Callable[[Session, _Run], int]], ...] = (
    ("job_payloads", _job_payloads),
    ("exchange_bodies", _exchange_bodies),
    ("exchanges", _exchange_rows),
    ("jobs", _job_rows),
    ("events", _event_rows),
    ("request_log", _request_log_rows),
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
    run = _Run(now or utcnow(), policy, _ceilings(app, policy))
    deadline = None if budget is None else time.monotonic() + budget
    done = Purged()
    with new_session(app) as db:
        for name, step in _STEPS:
            while True:
                if deadline is not None and time.monotonic() > deadline:
                    done.complete = False
                    break
                count = step(db, run)
                db.commit()
                setattr(done, name, getattr(done, name) + count)
                if count < policy.batch:
                    break
    done.pages_freed = disk_space.vacuum_free_pages(app, keep=disk_space.FREE_PAGES_KEPT)
    if done.total() or done.pages_freed:
        log.debug("retention: purged %s", done)
    return done


@dataclass
class _Throttle:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")


def maybe_purge(app: Flask, *, at_once: bool = False) -> None:
    """Run the purge unless this process ran it within the interval (`at_once`: whenever it
    last ran; the webhook worker's housekeeping) or runs it right now (never raises: a failed
    purge is logged and tried again next interval). The first call of a process starts the
    clock: its first purge comes an interval later. An interval of 0 turns the purge off."""
    interval = policy_of(app).interval
    if interval <= 0:
        return
    state = app.extensions.get("nxus.retention.throttle")
    if state is None:
        state = app.extensions.setdefault(
            "nxus.retention.throttle", _Throttle(last=time.monotonic())
        )

    def waits() -> bool:
        return not at_once and time.monotonic() - state.last < interval

    if waits() or not state.lock.acquire(blocking=False):
        return
    try:
        if waits():
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
