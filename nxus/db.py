"""Database plumbing: the declarative base, one engine per app, one session per app context.

Rule of the house: never sleep or wait with a transaction open (commit or roll back first);
on SQLite every transaction takes the write lock (BEGIN IMMEDIATE) so that two processes never
deadlock upgrading a read lock, and a transaction held across a sleep would stall every writer.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")
log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


def utcnow() -> datetime:
    return datetime.now(UTC)


IN_LIST_PADDED_UP_TO = 1024


def in_list(values: Iterable[T]) -> list[T]:
    """The values of an `IN (…)` padded to a power of two by repeating the last one.

    An IN list renders one placeholder per value, so each length is another statement text,
    and every connection keeps the statements it ran prepared (Python's sqlite3 keeps 128 per
    connection, psycopg prepares repeated ones in the server). A statement of a few hundred
    placeholders holds tens of KB: a purge whose batches end at a new length each run grew
    a worker by ~0.7 MB a minute for as long as the caches had room (bench/soak.py). Padded,
    a call site has at most 11 texts up to IN_LIST_PADDED_UP_TO values; a repeated value
    changes nothing an IN selects, updates or deletes. A longer list (a batch size set far
    above its default) stays as it is: padded, it could pass SQLite's 32,766 placeholders."""
    padded = list(values)
    if 1 < len(padded) <= IN_LIST_PADDED_UP_TO:
        size = 1 << (len(padded) - 1).bit_length()
        padded.extend(padded[-1:] * (size - len(padded)))
    return padded


# Columns holding whole qbXML documents (megabytes for a big list). PostgreSQL compresses them
# with pglz by default: storing a 17 MB answer took ~0.165 s; with lz4 ~0.095 s (and about a
# tenth of the disk). `tune_postgres` switches them to lz4 where the server has it.
LZ4_COLUMNS = (("jobs", "request_body"), ("jobs", "response_body"))


def tune_postgres(conn: Connection) -> list[str]:
    """What PostgreSQL has beyond the models' schema (idempotent; a no-op elsewhere): the
    wake-up triggers (nxus.wakeup.POSTGRES_TRIGGERS), lz4 compression for `LZ4_COLUMNS` on
    PostgreSQL 14+ built with lz4, and the purged tables' autovacuum settings. Runs after
    `create_all` (an event on the tables) and after the migrations; returns what it changed."""
    if conn.dialect.name != "postgresql":
        return []
    from nxus import wakeup

    changed = wakeup.install_postgres_triggers(conn)
    if (conn.dialect.server_version_info or (0,)) < (14,):
        return changed
    for table, column in LZ4_COLUMNS:
        current = conn.execute(
            text(
                "SELECT attcompression FROM pg_attribute WHERE attrelid = to_regclass(:t)"
                " AND attname = :c AND NOT attisdropped"
            ),
            {"t": table, "c": column},
        ).scalar()
        if current is None or current == "l":
            continue  # no such column (yet), or lz4 already
        try:
            with conn.begin_nested():
                conn.execute(
                    text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION lz4')
                )
        except DBAPIError:  # a server built without lz4: keep pglz
            log.info("PostgreSQL has no lz4: %s.%s stays pglz-compressed", table, column)
            continue
        changed.append(f"{table}.{column}")
    for table in VACUUM_TABLES:
        changed += _tune_autovacuum(conn, table)
    return changed


# Tables the purge (nxus.services.retention) deletes from and clears all day long, in small
# batches. Autovacuum's default (vacuum once 20% of a table is dead) would let each grow a
# fifth beyond its live rows, and their TOAST tables (the qbXML) most; at 2% it keeps up with
# a steady purge and the space is reused rather than grown.
VACUUM_TABLES = ("jobs", "qbwc_exchanges")
AUTOVACUUM_OPTIONS = (
    "autovacuum_vacuum_scale_factor=0.02",
    "toast.autovacuum_vacuum_scale_factor=0.02",
)


def _tune_autovacuum(conn: Connection, table: str) -> list[str]:
    row = conn.execute(
        text(
            "SELECT coalesce(c.reloptions, '{}'), coalesce(t.reloptions, '{}')"
            " FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid"
            " WHERE c.oid = to_regclass(:t)"
        ),
        {"t": table},
    ).first()
    if row is None:
        return []  # no such table (yet)
    have = set(row[0]) | {f"toast.{option}" for option in row[1]}
    missing = [option for option in AUTOVACUUM_OPTIONS if option not in have]
    if missing:
        conn.execute(text(f'ALTER TABLE "{table}" SET ({", ".join(missing)})'))
    return [f"{table}: {option}" for option in missing]


# Each pooled SQLite connection keeps its own page cache (SQLite's default: 2 MiB). Under a
# steady write load every commit by another connection empties it anyway (WAL: a changed
# database invalidates the cache at the next read), while its memory stays with the process:
# a 9-minute soak grew the busier worker 16 MB with 2 MiB, 7 MB with 256 KiB, at the same
# rate. The operating system's file cache keeps the hot pages for every connection.
SQLITE_PAGE_CACHE_KIB = 256


def make_engine(url: str) -> Engine:
    """Build an engine; SQLite gets WAL, foreign keys, a busy timeout and immediate writes."""
    if url.startswith("sqlite"):
        create_private_sqlite_file(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20)
    _ping_when_idle(engine)
    return engine


# A pooled connection idle longer than this is pinged before use (SQLAlchemy's pool_pre_ping
# pings at every checkout: a round trip each time, five per warm API call). One used this
# recently is taken as alive; should it have died meanwhile (the server restarted), the
# statement fails as a disconnect and SQLAlchemy renews the whole pool.
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["nxus_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("nxus_idle_since")
        if since is not None and time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # the pool throws this one away and connects anew
            raise DisconnectionError(f"a pooled connection is dead: {exc}") from exc


def create_private_sqlite_file(url: str) -> None:
    """Create a new SQLite database file 0600 (owner only), like the secret key: SQLite gives
    its -wal and -shm files the mode of the database file. An existing file is left as it is;
    an in-memory database or a missing folder is left to SQLite.

    What a file can only be given before its first table is given here, once: 4 KiB pages
    (every commit writes each page it touched to the WAL whole; a Web Connector exchange
    touches ~20, and with 16 KiB pages its commits took twice as long, while stored answers
    are compressed, so big ones no longer gain from bigger pages) and incremental auto-vacuum
    (pages freed by the purge, nxus.services.retention, go back to the file system). The
    file is made under a temporary name and linked into place, so another process never
    opens it half made."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists() or not path.parent.is_dir():
        return
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.new")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA page_size=4096")
            conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
            conn.execute("VACUUM")  # writes the header with both
            conn.execute("PRAGMA journal_mode=WAL")
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process made it first
            pass
    finally:
        tmp.unlink(missing_ok=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take over transaction control from pysqlite so BEGIN IMMEDIATE can be issued.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # (Page size and auto-vacuum are chosen when the file is made: create_private_sqlite_file.
        # An older file keeps its own until `flask nxus compact` runs VACUUM once.)
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        # The WAL file shrinks back to this after a checkpoint (else it keeps its largest size:
        # one 17 MB answer, or a busy minute, would leave it that big).
        cur.execute("PRAGMA journal_size_limit=16777216")
        cur.execute(f"PRAGMA cache_size=-{SQLITE_PAGE_CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A read-only session (read_session) reads a WAL snapshot without the write lock.
        readonly = conn.get_execution_options().get("nxus_read_only")
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def init_app(app: Flask) -> None:
    from nxus import wakeup

    engine = make_engine(app.config["DATABASE_URL"])
    factory = sessionmaker(engine, expire_on_commit=False)
    app.extensions["nxus.engine"] = engine
    app.extensions["nxus.sessionmaker"] = factory
    reads = engine.execution_options(nxus_read_only=True)
    if engine.dialect.name == "postgresql":
        # Each statement of a read session reads its own snapshot anyway (READ COMMITTED):
        # without a transaction, a look is one round trip, not BEGIN + SELECT + ROLLBACK.
        reads = reads.execution_options(isolation_level="AUTOCOMMIT")
    app.extensions["nxus.read_sessionmaker"] = sessionmaker(reads, expire_on_commit=False)
    app.extensions["nxus.wakeup"] = wakeup.install(
        engine, factory, idle_seconds=float(app.config["WAKEUP_LISTENER_IDLE_SECONDS"])
    )
    app.teardown_appcontext(_close_session)


def wakeup_bus(app: Flask | None = None) -> Any:
    """The app's nxus.wakeup.WakeupBus: waiters subscribe to it, commits announce to it."""
    return (app or current_app).extensions["nxus.wakeup"]


def engine_for(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["nxus.engine"]


def session_factory(app: Flask | None = None) -> sessionmaker[Session]:
    return (app or current_app).extensions["nxus.sessionmaker"]


def get_session() -> Session:
    """The session of the current app context (request, CLI command), closed at teardown."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return g.db_session


@contextmanager
def new_session(app: Flask | None = None) -> Iterator[Session]:
    """A session of its own, for background threads and long waits."""
    session = session_factory(app)()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def read_session(app: Flask | None = None) -> Iterator[Session]:
    """A session for reads only, for looks repeated while waiting: on SQLite its transaction
    reads a snapshot without taking the write lock (BEGIN, not BEGIN IMMEDIATE), so it never
    queues behind writers nor makes them wait; on PostgreSQL it runs without a transaction
    (autocommit: each statement its own snapshot, as in READ COMMITTED). Never write in it
    (an error on SQLite, committed at once on PostgreSQL)."""
    session = (app or current_app).extensions["nxus.read_sessionmaker"]()
    try:
        yield session
    finally:
        session.close()


def request_reader() -> Session:
    """The session an API request does its lookups in (key, connection): one per request, so
    they share one connection and one transaction. On SQLite a read session (a snapshot, no
    write lock) of its own; on other databases, where reads take no lock that matters, the
    request's own session (get_session), so that the lookups and the job's INSERT are one
    transaction on one pooled connection. `end_request_reads` ends it before a wait."""
    if engine_for().dialect.name != "sqlite":
        return get_session()
    if "db_reader" not in g:
        g.db_reader = current_app.extensions["nxus.read_sessionmaker"]()
    return g.db_reader


def end_request_reads() -> None:
    """End the request's lookups (request_reader) on SQLite: its snapshot is let go and its
    connection goes back to the pool; the objects read stay usable (detached). A no-op
    elsewhere, and outside an app context."""
    if not has_app_context():
        return
    reader = g.pop("db_reader", None)
    if reader is not None:
        reader.close()


def _close_session(_exc: BaseException | None) -> None:
    end_request_reads()
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
