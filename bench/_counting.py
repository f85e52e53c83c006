"""`gunicorn bench._counting:app`: the nXus app of app.py, plus a count of the database round
trips each worker makes (SQLAlchemy events), for benchmarks that print statements per call.

Counted per worker process: statements (`before_cursor_execute`; SQLite's BEGIN counts as a
begin), transactions begun, committed and rolled back (not those of autocommit connections:
no BEGIN or ROLLBACK reaches the server for them), pool checkouts, and pings (a pool's
liveness check). On PostgreSQL each but a checkout is a round trip to the server. Every 0.1 s a
worker writes its counts (JSON) to `$NXUS_BENCH_COUNT_DIR/<pid>.json`; `read_counts` sums
the files. With NXUS_BENCH_COUNT_SQL=1 the counts are also kept per statement text (its
first 90 characters), to see where the round trips go.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.pool import Pool

_counts: Counter[str] = Counter()
_by_sql: Counter[str] = Counter()
_lock = threading.Lock()
_PER_SQL = os.environ.get("NXUS_BENCH_COUNT_SQL") == "1"


def _bump(kind: str, sql: str | None = None) -> None:
    with _lock:
        _counts[kind] += 1
        if _PER_SQL and sql is not None:
            _by_sql[" ".join(sql.split())[:90]] += 1


def _autocommit(conn: Any) -> bool:
    return conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


@event.listens_for(Engine, "before_cursor_execute")
def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    if not statement.startswith("BEGIN"):  # SQLite's BEGIN (IMMEDIATE): counted by _begin
        _bump("statements", statement)


@event.listens_for(Engine, "begin")
def _begin(conn: Any) -> None:
    if not _autocommit(conn):
        _bump("begins", "BEGIN")


@event.listens_for(Engine, "commit")
def _commit(conn: Any) -> None:
    if not _autocommit(conn):
        _bump("commits", "COMMIT")


@event.listens_for(Engine, "rollback")
def _rollback(conn: Any) -> None:
    if not _autocommit(conn):
        _bump("rollbacks", "ROLLBACK")


@event.listens_for(Pool, "checkout")
def _checkout(*_args: Any) -> None:
    _bump("checkouts", "(checkout)")


_do_ping = DefaultDialect.do_ping


def _counted_ping(self: DefaultDialect, dbapi_connection: Any) -> bool:
    _bump("pings", "(ping)")
    return _do_ping(self, dbapi_connection)


DefaultDialect.do_ping = _counted_ping  # type: ignore[method-assign]


def _writer(folder: Path) -> None:
    path = folder / f"{os.getpid()}.json"
    while True:
        with _lock:
            data = {"counts": dict(_counts), "sql": dict(_by_sql)}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)
        time.sleep(0.1)


def read_counts(folder: Path) -> tuple[Counter[str], Counter[str]]:
    """The counts of every worker that wrote to `folder`, summed: (kinds, per statement)."""
    kinds: Counter[str] = Counter()
    per_sql: Counter[str] = Counter()
    for path in folder.glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        kinds.update(data["counts"])
        per_sql.update(data["sql"])
    return kinds, per_sql


if os.environ.get("NXUS_BENCH_COUNT_DIR"):
    from app import app  # noqa: E402,F401 - the WSGI app gunicorn serves

    threading.Thread(
        target=_writer, args=(Path(os.environ["NXUS_BENCH_COUNT_DIR"]),), daemon=True
    ).start()
