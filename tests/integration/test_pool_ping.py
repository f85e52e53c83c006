"""PostgreSQL pools ping a connection only after it sat idle (nxus.db._ping_when_idle), and a
dead one is replaced, not handed out."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from nxus import db as nxus_db


def _postgres_url() -> str:
    for name in ("NXUS_TEST_DATABASE_URL", "NXUS_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    pytest.skip("PostgreSQL only (set NXUS_TEST_DATABASE_URL)")


def test_recent_connection_is_not_pinged_idle_one_is_and_dead_one_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = nxus_db.make_engine(_postgres_url())
    pings: list[object] = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or real_ping(c))
    try:
        with engine.connect() as conn:  # a new connection: pinged (never idle-stamped)
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        assert len(pings) == 1
        with engine.connect() as conn:  # used a moment ago: no ping
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar() == pid
        assert len(pings) == 1

        with engine.connect(), engine.connect() as other:  # the old one held: a 2nd one
            assert other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            other.commit()
        monkeypatch.setattr(nxus_db, "PING_AFTER_IDLE_SECONDS", 0.0)
        before = len(pings)
        with engine.connect() as one, engine.connect() as two:  # both idle: both pinged
            assert one.execute(text("SELECT 1")).scalar() == 1  # the dead one was replaced
            assert two.execute(text("SELECT 1")).scalar() == 1
        assert len(pings) >= before + 2
    finally:
        engine.dispose()
