"""Row ceilings: whatever their age, at most the newest JOB_MAX_ROWS jobs,
QBWC_EXCHANGE_MAX_ROWS exchange rows, EVENTS_MAX_ROWS events and REQUEST_LOG_MAX_ROWS
request-log rows are kept, so a busy integration's database stops growing; what someone still
needs is never over a ceiling (work in flight, unknown writes, idempotent replays, problems,
events still to be delivered). The time retentions of events and the request log run in the
same purge, also from the webhook worker's housekeeping."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection, Job, QbwcExchange
from nxus.models.events import Event, RequestLogEntry, WebhookDelivery, WebhookEndpoint
from nxus.services import retention, webhook_delivery
from tests.integration.qbwc.conftest import Conn
from tests.integration.storage.test_retention import NOW, _exchange, _idempotency, _job

MINUTE = timedelta(minutes=1)


def test_jobs_over_the_ceiling_go_but_not_what_is_still_needed(
    app_factory: Any, conn: Conn
) -> None:
    app = app_factory(JOB_MAX_ROWS=3)
    newest = [_job(app, conn, "done", n * MINUTE) for n in (1, 2, 3)]
    over = [_job(app, conn, "done", 10 * MINUTE), _job(app, conn, "failed", 11 * MINUTE)]
    unknown = _job(app, conn, "unknown", 12 * MINUTE)
    replay = _job(app, conn, "done", 13 * MINUTE)
    _idempotency(app, conn, replay, answered=False)
    in_flight = [_job(app, conn, "queued", None), _job(app, conn, "sent", None)]

    done = retention.purge(app, now=NOW)

    assert done.jobs == 2
    with new_session(app) as db:
        kept = set(db.scalars(select(Job.id)))
    assert kept == {*newest, unknown, replay, *in_flight}
    assert not kept & set(over)
    assert retention.purge(app, now=NOW).jobs == 0  # nothing twice


def test_exchange_rows_over_the_ceiling_go_but_problems_stay(app_factory: Any, conn: Conn) -> None:
    app = app_factory(QBWC_EXCHANGE_MAX_ROWS=2)
    newest = [_exchange(app, conn, "ok", n * MINUTE) for n in (1, 2)]
    over_ok = _exchange(app, conn, "ok", 3 * MINUTE)
    problem = _exchange(app, conn, "failure", 4 * MINUTE)
    bodiless = _exchange(app, conn, None, 5 * MINUTE)

    assert retention.purge(app, now=NOW).exchanges == 2

    with new_session(app) as db:
        kept = set(db.scalars(select(QbwcExchange.id)))
    assert kept == {*newest, problem}
    assert over_ok not in kept and bodiless not in kept


def _endpoint(app: Any, conn: Conn) -> tuple[uuid.UUID, uuid.UUID]:
    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
        endpoint = WebhookEndpoint(
            organization_id=org_id,
            mode="development",
            url="https://hooks.example.com/nxus",
            events="*",
            secret="whsec_test",
        )
        db.add(endpoint)
        db.commit()
        return org_id, endpoint.id


def _event(
    app: Any, org_id: uuid.UUID, age: timedelta, *, dispatched: bool = True, delivery: str = ""
) -> uuid.UUID:
    with new_session(app) as db:
        event = Event(
            organization_id=org_id,
            mode="development",
            type="job.succeeded",
            created_at=NOW - age,
            data="{}",
            dispatched=dispatched,
        )
        db.add(event)
        db.flush()
        if delivery:
            endpoint_id = db.scalar(
                select(WebhookEndpoint.id).where(WebhookEndpoint.organization_id == org_id)
            )
            db.add(WebhookDelivery(endpoint_id=endpoint_id, event_id=event.id, state=delivery))
        db.commit()
        return event.id


def test_events_over_the_ceiling_go_once_every_endpoint_has_them(
    app_factory: Any, conn: Conn
) -> None:
    app = app_factory(EVENTS_MAX_ROWS=1)
    org_id, _ = _endpoint(app, conn)
    newest = _event(app, org_id, MINUTE)
    handed_over = _event(app, org_id, 2 * MINUTE)
    delivered = _event(app, org_id, 3 * MINUTE, delivery="succeeded")
    not_fanned_out = _event(app, org_id, 4 * MINUTE, dispatched=False)
    being_delivered = _event(app, org_id, 5 * MINUTE, delivery="pending")
    expired = _event(app, org_id, timedelta(days=31), dispatched=False)  # past its 30 days

    assert retention.purge(app, now=NOW).events == 3

    with new_session(app) as db:
        kept = set(db.scalars(select(Event.id)))
        deliveries = set(db.scalars(select(WebhookDelivery.event_id)))
    assert kept == {newest, not_fanned_out, being_delivered}
    assert not kept & {handed_over, delivered, expired}
    assert deliveries == {being_delivered}  # a deleted event's delivery row goes with it


def _log_row(app: Any, org_id: uuid.UUID, age: timedelta) -> int:
    with new_session(app) as db:
        row = RequestLogEntry(
            organization_id=org_id,
            mode="development",
            created_at=NOW - age,
            method="GET",
            path="/api/v1/customers",
            status=200,
            latency_ms=12.5,
            request_id=f"req_{uuid.uuid4().hex}",
        )
        db.add(row)
        db.commit()
        return row.id


def test_the_request_log_keeps_its_newest_rows_and_its_days(app_factory: Any, conn: Conn) -> None:
    app = app_factory(REQUEST_LOG_MAX_ROWS=2)
    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
    newest = [_log_row(app, org_id, n * MINUTE) for n in (1, 2)]
    for age in (3 * MINUTE, 4 * MINUTE, timedelta(days=15)):
        _log_row(app, org_id, age)

    assert retention.purge(app, now=NOW).request_log == 3

    with new_session(app) as db:
        assert sorted(db.scalars(select(RequestLogEntry.id))) == sorted(newest)


def test_no_ceiling_keeps_rows_for_their_days(app_factory: Any, conn: Conn) -> None:
    app = app_factory(
        JOB_MAX_ROWS=0, QBWC_EXCHANGE_MAX_ROWS=0, EVENTS_MAX_ROWS=0, REQUEST_LOG_MAX_ROWS=0
    )
    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
    for n in range(1, 4):
        _job(app, conn, "done", n * MINUTE)
        _exchange(app, conn, "ok", n * MINUTE)
        _event(app, org_id, n * MINUTE)
        _log_row(app, org_id, n * MINUTE)
    done = retention.purge(app, now=NOW)
    assert (done.jobs, done.exchanges, done.events, done.request_log) == (0, 0, 0, 0)


def test_the_webhook_worker_purges_without_web_connector_traffic(
    app_factory: Any, conn: Conn
) -> None:
    """Events and the request log come from API calls too: the worker's housekeeping runs
    the same purge, so they go even when no Web Connector calls /qbwc."""
    app = app_factory(EVENTS_RETENTION_DAYS=1, REQUEST_LOG_RETENTION_DAYS=1)
    with new_session(app) as db:
        org_id = db.get(Connection, conn.id).organization_id  # type: ignore[union-attr]
    old_event, new_event = _event(app, org_id, timedelta(days=2)), _event(app, org_id, MINUTE)
    old_row, new_row = _log_row(app, org_id, timedelta(days=2)), _log_row(app, org_id, MINUTE)

    webhook_delivery.housekeep(app)

    with new_session(app) as db:
        assert set(db.scalars(select(Event.id))) == {new_event}
        assert set(db.scalars(select(RequestLogEntry.id))) == {new_row}
    assert old_event != new_event and old_row != new_row
