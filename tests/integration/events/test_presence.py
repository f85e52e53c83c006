"""connection.connected and connection.stale bookkeeping, driven through the services with
chosen clocks: first check-in, a silent upgrade, a return after a gap the scan never saw,
and one stale event per quiet spell."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import Connection, Organization
from nxus.models.events import Event
from nxus.services import events


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "CONNECTION_STALE_AFTER_SECONDS": 600}


def _connection(app: Flask, last_poll_minutes_ago: float | None = None) -> Connection:
    with new_session(app) as db:
        org = Organization(name="o")
        db.add(org)
        db.flush()
        ago = last_poll_minutes_ago
        conn = Connection(
            organization_id=org.id,
            mode="development",
            qbwc_username=f"u{id(org)}",
            last_poll_at=utcnow() - timedelta(minutes=ago) if ago is not None else None,
        )
        db.add(conn)
        db.commit()
        return conn


def _check_in(app: Flask, conn_id: Any, minutes_later: float = 0) -> None:
    now = utcnow() + timedelta(minutes=minutes_later)
    with app.app_context(), new_session(app) as db:
        conn = db.get(Connection, conn_id)
        assert conn is not None
        events.checked_in(db, conn, now)
        conn.last_poll_at = now
        db.commit()


def _events(app: Flask) -> list[tuple[str, str | None]]:
    with new_session(app) as db:
        rows = db.scalars(select(Event).order_by(Event.created_at)).all()
        return [(e.type, json.loads(e.data)["object"].get("reason")) for e in rows]


def test_first_check_in_then_nothing_while_regular(app: Flask) -> None:
    conn = _connection(app)
    _check_in(app, conn.id)
    _check_in(app, conn.id, minutes_later=1)
    assert _events(app) == [("connection.connected", "first_check_in")]


def test_a_connection_already_polling_at_upgrade_emits_nothing(app: Flask) -> None:
    conn = _connection(app, last_poll_minutes_ago=1)
    _check_in(app, conn.id)
    assert _events(app) == []


def test_a_return_after_a_gap_the_scan_never_saw(app: Flask) -> None:
    conn = _connection(app)
    _check_in(app, conn.id)
    _check_in(app, conn.id, minutes_later=11)  # > 600 s later, no scan ran meanwhile
    assert _events(app)[-1] == ("connection.connected", "returned")


def test_stale_once_per_quiet_spell(app: Flask) -> None:
    conn = _connection(app)
    _check_in(app, conn.id)
    later = utcnow() + timedelta(minutes=11)
    for _ in range(3):
        with new_session(app) as db:
            events.mark_stale(db, app.config, later)
            db.commit()
    assert [t for t, _ in _events(app)].count("connection.stale") == 1
    _check_in(app, conn.id, minutes_later=12)
    with new_session(app) as db:
        events.mark_stale(db, app.config, utcnow() + timedelta(minutes=13))
        db.commit()
    assert [t for t, _ in _events(app)] == [
        "connection.connected",
        "connection.stale",
        "connection.connected",
    ]


def test_the_default_threshold(app: Flask) -> None:
    config = {"CONNECTION_STALE_AFTER_SECONDS": 0, "QWC_RUN_EVERY_N_SECONDS": 60}
    assert events.stale_after(config) == timedelta(minutes=15)
    config["QWC_RUN_EVERY_N_SECONDS"] = 600
    assert events.stale_after(config) == timedelta(minutes=30)
