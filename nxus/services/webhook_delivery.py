"""The delivery worker: a daemon thread in every server process (no separate service).

One pass (`run_pass`, which tests call directly):
  1. fan-out: events not yet dispatched get one delivery row per subscribed, enabled endpoint
     of their organization and mode (rows claimed with FOR UPDATE SKIP LOCKED on PostgreSQL;
     SQLite transactions hold the write lock, BEGIN IMMEDIATE); emails for stale/error events;
  2. now and then: connection.stale for quiet connections, and the retention purge;
  3. claim due deliveries: one UPDATE sets `lease_until` on rows whose lease is free
     (PostgreSQL: the candidate rows are locked with SKIP LOCKED first), so two processes or
     hosts never send one delivery at the same time; a crashed worker's lease simply expires;
  4. send them (a few threads, a hard total timeout each), then record every outcome in one
     transaction: succeeded, or retried later (exponential backoff with jitter) until
     WEBHOOK_RETRY_FOR_SECONDS, and an endpoint failing for WEBHOOK_DISABLE_AFTER_SECONDS is
     disabled with the reason shown to its owner.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from nxus.db import in_list, new_session, utcnow
from nxus.formats import iso
from nxus.models.events import Event, WebhookDelivery, WebhookEndpoint
from nxus.services import events, notify, request_log, retention, webhooks
from nxus.services.webhook_http import Attempt, post_signed

log = logging.getLogger("nxus.webhooks")

FAN_OUT_BATCH = 500
_HOUSEKEEPING_SECONDS = 60.0
_D = WebhookDelivery.__table__


@dataclass(frozen=True)
class Policy:
    batch: int
    concurrency: int
    timeout: float
    lease: timedelta
    retry_base: float
    retry_for: timedelta
    disable_after: timedelta
    allow_private: bool

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Policy:
        return cls(
            batch=int(config["WEBHOOK_BATCH_SIZE"]),
            concurrency=max(1, int(config["WEBHOOK_CONCURRENCY"])),
            timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
            # A lease always covers a whole attempt with room to spare (see _Sender).
            lease=timedelta(
                seconds=max(
                    float(config["WEBHOOK_LEASE_SECONDS"]),
                    float(config["WEBHOOK_TIMEOUT_SECONDS"]) + 2,
                )
            ),
            retry_base=float(config["WEBHOOK_RETRY_BASE_SECONDS"]),
            retry_for=timedelta(seconds=float(config["WEBHOOK_RETRY_FOR_SECONDS"])),
            disable_after=timedelta(seconds=float(config["WEBHOOK_DISABLE_AFTER_SECONDS"])),
            allow_private=bool(config["WEBHOOKS_ALLOW_PRIVATE"]),
        )


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    endpoint_id: Any
    url: str
    secret: str
    attempts: int
    created_at: datetime
    body: bytes


# --- 1. fan-out ---------------------------------------------------------------------------------


def fan_out(db: Session, now: datetime) -> list[Event]:
    """Delivery rows for undispatched events (commits); returns the events dispatched."""
    batch = db.scalars(
        select(Event)
        .where(Event.dispatched.is_(False))
        .order_by(Event.created_at, Event.id)
        .limit(FAN_OUT_BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    if not batch:
        db.rollback()
        return []
    orgs = {e.organization_id for e in batch}
    endpoints = db.scalars(
        select(WebhookEndpoint).where(
            WebhookEndpoint.organization_id.in_(in_list(orgs)), WebhookEndpoint.enabled.is_(True)
        )
    ).all()
    rows = []
    for event in batch:
        for endpoint in endpoints:
            if (
                endpoint.organization_id == event.organization_id
                and (event.mode is None or endpoint.mode == event.mode)
                and endpoint.created_at <= event.created_at
                and webhooks.subscribed(endpoint.events, event.type)
            ):
                rows.append(
                    {
                        "endpoint_id": endpoint.id,
                        "event_id": event.id,
                        "state": "pending",
                        "attempts": 0,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                )
        event.dispatched = True
    if rows:
        db.execute(insert(_D), rows)
    db.commit()
    return list(batch)


# --- 3. claim -----------------------------------------------------------------------------------


def claim(db: Session, policy: Policy, now: datetime) -> list[Claimed]:
    """Lease up to `policy.batch` due deliveries of enabled endpoints (commits)."""
    candidates = (
        select(WebhookDelivery.id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.state == "pending",
            WebhookDelivery.next_attempt_at <= now,
            (WebhookDelivery.lease_until.is_(None)) | (WebhookDelivery.lease_until < now),
            WebhookEndpoint.enabled.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(policy.batch)
        .with_for_update(of=WebhookDelivery, skip_locked=True)
    )
    ids = list(db.scalars(candidates))
    if not ids:
        db.rollback()
        return []
    # The lease is taken only where it is still free: a claim is never shared.
    taken = db.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id.in_(in_list(ids)),
            (WebhookDelivery.lease_until.is_(None)) | (WebhookDelivery.lease_until < now),
        )
        .values(lease_until=now + policy.lease)
        .returning(WebhookDelivery.id)
        .execution_options(synchronize_session=False)
    )
    leased = [row[0] for row in taken]
    rows = db.execute(
        select(
            WebhookDelivery.id,
            WebhookDelivery.endpoint_id,
            WebhookDelivery.attempts,
            WebhookDelivery.created_at,
            WebhookEndpoint.url,
            WebhookEndpoint.secret,
            Event.id.label("event_id"),
            Event.type,
            Event.created_at.label("event_created_at"),
            Event.connection_id,
            Event.data,
        )
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id.in_(in_list(leased)))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
    ).all()
    db.commit()
    out = []
    for r in rows:
        body = events.envelope(r.event_id, r.type, r.event_created_at, r.connection_id, r.data)
        raw = json.dumps(body, separators=(",", ":")).encode()
        out.append(Claimed(r.id, r.endpoint_id, r.url, r.secret, r.attempts, r.created_at, raw))
    return out


# --- 4. send and record -------------------------------------------------------------------------


def retry_delay(policy: Policy, attempts: int) -> float:
    """Exponential backoff (base x 2^(n-1), at most 12 h) with ±25 % jitter."""
    delay = min(policy.retry_base * (2 ** max(attempts - 1, 0)), 12 * 3600.0)
    return delay * random.uniform(0.75, 1.25)


_RECORD = (
    update(_D)
    .where(_D.c.id == bindparam("b_id"))
    .values(
        state=bindparam("b_state"),
        attempts=bindparam("b_attempts"),
        next_attempt_at=bindparam("b_next"),
        finished_at=bindparam("b_finished"),
        last_attempt_at=bindparam("b_started"),
        status_code=bindparam("b_status"),
        latency_ms=bindparam("b_latency"),
        response_excerpt=bindparam("b_excerpt"),
        error=bindparam("b_error"),
        lease_until=None,
    )
)


def record(
    db: Session,
    policy: Policy,
    results: list[tuple[Claimed, Attempt]],
    skipped: list[Claimed] | None = None,
) -> None:
    """Store every outcome (one executemany) and the endpoints' failure runs, and release the
    skipped deliveries, in one short transaction (commits)."""
    now = utcnow()
    rows = []
    for claimed, attempt in results:
        state, finished, next_at = "pending", None, now
        if attempt.ok:
            state, finished = "succeeded", now
        elif now - claimed.created_at >= policy.retry_for:
            state, finished = "failed", now
        else:
            next_at = now + timedelta(seconds=retry_delay(policy, claimed.attempts + 1))
        rows.append(
            {
                "b_id": claimed.delivery_id,
                "b_state": state,
                "b_attempts": claimed.attempts + 1,
                "b_next": next_at,
                "b_finished": finished,
                "b_started": attempt.started_at,
                "b_status": attempt.status_code,
                "b_latency": attempt.latency_ms,
                "b_excerpt": attempt.excerpt,
                "b_error": attempt.error,
            }
        )
    if rows:
        db.connection().execute(_RECORD, rows)
    if skipped:
        db.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(in_list(c.delivery_id for c in skipped)))
            .values(lease_until=None)
            .execution_options(synchronize_session=False)
        )
    for claimed, attempt in results:
        _endpoint_outcome(db, policy, claimed, attempt, now)
    db.commit()


def _endpoint_outcome(
    db: Session, policy: Policy, claimed: Claimed, attempt: Attempt, now: datetime
) -> None:
    endpoint = db.get(WebhookEndpoint, claimed.endpoint_id)
    if endpoint is None:
        return
    if attempt.ok:
        endpoint.failing_since = None
        return
    if endpoint.failing_since is None:
        endpoint.failing_since = attempt.started_at
    elif endpoint.enabled and now - endpoint.failing_since >= policy.disable_after:
        endpoint.enabled = False
        days = (now - endpoint.failing_since).total_seconds() / 86400
        endpoint.disabled_reason = (
            f"Disabled {iso(now)}: every delivery failed for {days:.1f} days "
            f"(last: {attempt.describe()}). Fix the receiver, then enable the endpoint again."
        )
        log.warning(
            "webhook endpoint %s disabled after failing since %s",
            endpoint.id,
            endpoint.failing_since,
        )


class _Sender:
    """Sends a claimed batch. A delivery starts only while the claim's lease still covers a
    whole attempt (so no other worker can have taken it: never two sends at once), and an
    endpoint that timed out gets no more sends in this batch (one hanging receiver does not
    hold the others). Skipped deliveries are released for the next pass, not counted."""

    def __init__(self, policy: Policy, lease_start: float) -> None:
        self.policy = policy
        # A quarter of the lease is left unused: other hosts' clocks may run that much ahead.
        lease = policy.lease.total_seconds()
        self.last_start = lease_start + lease - policy.timeout - max(1.0, lease / 4)
        self.slow: set[Any] = set()
        self.lock = threading.Lock()

    def one(self, c: Claimed) -> tuple[Claimed, Attempt | None]:
        with self.lock:
            if c.endpoint_id in self.slow or time.monotonic() > self.last_start:
                return c, None
        p = self.policy
        attempt = post_signed(c.url, c.secret, c.body, p.timeout, p.allow_private)
        if attempt.error and "timed out" in attempt.error:
            with self.lock:
                self.slow.add(c.endpoint_id)
        return c, attempt


def deliver(
    claimed: list[Claimed], policy: Policy, lease_start: float | None = None
) -> tuple[list[tuple[Claimed, Attempt]], list[Claimed]]:
    """(sent with their outcome, skipped) for a batch claimed at `lease_start` (monotonic)."""
    sender = _Sender(policy, time.monotonic() if lease_start is None else lease_start)
    if len(claimed) <= 1 or policy.concurrency <= 1:
        outcomes = [sender.one(c) for c in claimed]
    else:
        with ThreadPoolExecutor(max_workers=min(policy.concurrency, len(claimed))) as pool:
            outcomes = list(pool.map(sender.one, claimed))
    sent = [(c, a) for c, a in outcomes if a is not None]
    return sent, [c for c, a in outcomes if a is None]


# --- a pass, and the thread ---------------------------------------------------------------------


_housekeeping_at: dict[int, float] = {}


def run_pass(app: Flask, *, housekeeping: bool | None = None) -> int:
    """One round of fan-out, (periodic) stale scan and purge, claim, send, record; returns the
    number of deliveries attempted."""
    policy = Policy.from_config(app.config)
    request_log.flush(app)
    with new_session(app) as db:
        dispatched = fan_out(db, utcnow())
    notify.mail_for(app, dispatched)
    due = time.monotonic() >= _housekeeping_at.get(id(app), 0.0)
    if housekeeping or (housekeeping is None and due):
        # Often enough that a quiet connection is reported within a quarter of the threshold.
        every = min(_HOUSEKEEPING_SECONDS, events.stale_after(app.config).total_seconds() / 4)
        _housekeeping_at[id(app)] = time.monotonic() + every
        housekeep(app)
    lease_start = time.monotonic()
    with new_session(app) as db:
        claimed = claim(db, policy, utcnow())
    if not claimed:
        return 0
    results, skipped = deliver(claimed, policy, lease_start)
    with new_session(app) as db:
        record(db, policy, results, skipped)
    return len(results)


def housekeep(app: Flask) -> None:
    """connection.stale for quiet connections; then the retention purge (events, deliveries
    and the request log past their retention or ceiling, with the rest: nxus.services.retention),
    so a server whose Web Connector does not call still purges."""
    with new_session(app) as db:
        events.mark_stale(db, app.config, utcnow())
        db.commit()
    retention.maybe_purge(app, at_once=True)  # not while this process purges already
