"""The sample company: a development connection served by the built-in simulator.

`attach()` gives the connection a fresh Web Connector password, then starts a background
thread in this process that runs the simulated Web Connector (with a simulated QuickBooks
holding the seeded sample company) against this server's own /qbwc URL, polling like QBWC.
It is idempotent per connection and process, stoppable with `detach()`, and refused for
production connections: those belong to a real QuickBooks.

The thread speaks only HTTP to /qbwc (never the database), so it behaves exactly like a
Web Connector on another machine. The threads live in the process that attached them; a
lease row in the database (`SampleCompanyLease`) makes that one run per connection across all
gunicorn workers and hosts, and lets any of them stop it.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from flask import Flask
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nxus.db import new_session, utcnow
from nxus.models import Connection, SampleCompanyLease
from nxus.services import connections
from nxus.services.errors import NotFound, ServiceError, ValidationFailed
from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.report import SessionReport
from nxus.simulator.scheduler import WebConnectorScheduler
from nxus.simulator.web_connector import SimulatedWebConnector

log = logging.getLogger("nxus.services.sample_company")

DEFAULT_URL = "http://127.0.0.1:8000"
DEFAULT_EVERY_SECONDS = 60.0
DEFAULT_RECORDS = 3000
DEFAULT_QB_YEAR = 2024


class ProductionConnectionRefused(ServiceError):
    """The simulator never stands in for a production connection's QuickBooks."""


# --- the connection it stands in for ------------------------------------------------------
def check_usable(connection: Connection, *, allow_production: bool = False) -> None:
    if connection.mode != "development" and not allow_production:
        raise ProductionConnectionRefused(
            "The sample company is for development connections only; a production "
            "connection belongs to a real QuickBooks company file."
        )
    if connection.is_archived or not connection.is_active:
        raise ValidationFailed("connection", "The connection is archived or inactive.")


def qbwc_url(base_url: str) -> str:
    """The .qwc AppURL for a server address: `<base>/qbwc` unless it already ends so."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationFailed("url", f"Give an http(s) address, not {base_url!r}.")
    path = parts.path.rstrip("/")
    if not path.endswith("/qbwc"):
        path += "/qbwc"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def file_id_of(connection: Connection) -> str:
    """The .qwc FileID as QBWC writes it: a GUID in braces."""
    return "{" + str(connection.file_id).upper() + "}"


def build_connector(
    connection: Connection,
    password: str,
    url: str,
    *,
    records: int = DEFAULT_RECORDS,
    qb_year: int = DEFAULT_QB_YEAR,
    seed: int = 1,
    stop_event: threading.Event | None = None,
    noop_pause: float | None = None,
    http_timeout: float = 100.0,
) -> SimulatedWebConnector:
    """A simulated Web Connector registered for `connection`, with its own sample company."""
    quickbooks = SimulatedQuickBooks(seed=seed, records=records, qb_year=qb_year)
    extra = {} if noop_pause is None else {"noop_pause": noop_pause}
    return SimulatedWebConnector(
        qbwc_url(url),
        connection.qbwc_username,
        password,
        quickbooks,
        http_timeout=http_timeout,
        file_id=file_id_of(connection),
        stop_event=stop_event,
        **extra,
    )


# --- the background attachment --------------------------------------------------------------
# Each run holds a lease row (models.SampleCompanyLease) that its keeper thread refreshes every
# LEASE_HEARTBEAT_SECONDS; a lease older than LEASE_STALE_SECONDS belongs to a process that
# is gone. Under several gunicorn workers this keeps one run per connection (a second attach
# from another worker would have issued a new password and locked the first run out) and
# lets any worker stop it.
LEASE_HEARTBEAT_SECONDS = 10.0
LEASE_STALE_SECONDS = 30.0
_PROCESS = f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


class RunningElsewhere(ServiceError):
    """Another server process runs this connection's sample company."""


@dataclass
class SampleCompanyRun:
    """One attached sample company: a polling thread and what it last did."""

    connection_id: uuid.UUID
    url: str
    connector: SimulatedWebConnector
    scheduler: WebConnectorScheduler
    thread: threading.Thread
    stop_event: threading.Event = field(default_factory=threading.Event)
    holder: str = ""

    @property
    def running(self) -> bool:
        return self.thread.is_alive()

    @property
    def last_report(self) -> SessionReport | None:
        return self.scheduler.reports[-1] if self.scheduler.reports else None


@dataclass(frozen=True)
class RemoteRun:
    """A run held by another server process (what this one knows of it: the lease)."""

    connection_id: uuid.UUID
    holder: str
    running: bool = True
    last_report: SessionReport | None = None


_RUNS: dict[uuid.UUID, SampleCompanyRun] = {}
_LOCK = threading.Lock()


def _fresh(lease: SampleCompanyLease) -> bool:
    return (utcnow() - lease.heartbeat_at).total_seconds() < LEASE_STALE_SECONDS


def _take_lease(session: Session, connection_id: uuid.UUID, holder: str) -> None:
    """Hold the connection's lease, or RunningElsewhere when a live process holds it.
    Commits (the lease row is the lock: on PostgreSQL two inserts of one key collide)."""
    lease = session.get(SampleCompanyLease, connection_id, with_for_update=True)
    if lease is not None and _fresh(lease) and not lease.stop_requested:
        session.rollback()
        raise RunningElsewhere(
            "The sample company already runs for this connection (in another server process)."
        )
    now = utcnow()
    if lease is None:
        session.add(SampleCompanyLease(connection_id=connection_id, holder=holder,
                                       started_at=now, heartbeat_at=now))  # fmt: skip
    else:
        lease.holder, lease.started_at, lease.heartbeat_at = holder, now, now
        lease.stop_requested = False
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise RunningElsewhere(
            "The sample company is starting for this connection in another server process."
        ) from None


def attach(
    app: Flask,
    connection_id: uuid.UUID,
    base_url: str | None = None,
    *,
    every_seconds: float = DEFAULT_EVERY_SECONDS,
    records: int = DEFAULT_RECORDS,
    qb_year: int = DEFAULT_QB_YEAR,
) -> SampleCompanyRun:
    """Serve `connection_id` from the sample company until `detach()`; returns the run
    already going in this process if there is one, and raises RunningElsewhere when another
    process runs it. `base_url` defaults to PUBLIC_URL, then 127.0.0.1:8000."""
    url = qbwc_url(base_url or app.config.get("PUBLIC_URL") or DEFAULT_URL)
    with _LOCK:
        current = _RUNS.get(connection_id)
        if current is not None and current.running:
            return current
        holder = f"{_PROCESS}:{secrets.token_hex(4)}"
        with app.app_context(), new_session(app) as session:
            connection = session.get(Connection, connection_id)
            if connection is None:
                raise NotFound(f"No connection {connection_id} exists.")
            check_usable(connection)
            _take_lease(session, connection_id, holder)
            try:
                password = connections.generate_password(session, connection)
                connections.queue_first_exchange(session, connection)
            except BaseException:
                session.rollback()
                _release(session, connection_id, holder)
                raise
            stop = threading.Event()
            connector = build_connector(
                connection, password, url, records=records, qb_year=qb_year, stop_event=stop
            )
        scheduler = WebConnectorScheduler(connector, every_seconds, keep_reports=20)
        thread = threading.Thread(
            target=_run,
            args=(app, scheduler, stop, connection_id, holder),
            name=f"nxus-sample-company-{connection_id.hex[:8]}",
            daemon=True,
        )
        run = SampleCompanyRun(connection_id, url, connector, scheduler, thread, stop, holder)
        _RUNS[connection_id] = run
        thread.start()
    log.info("sample company attached to connection %s via %s", connection_id, url)
    return run


def _run(
    app: Flask,
    scheduler: WebConnectorScheduler,
    stop: threading.Event,
    connection_id: uuid.UUID,
    holder: str,
) -> None:
    """The run's thread: the scheduler, with a keeper beside it that refreshes the lease and
    stops the run when the lease is lost or a stop was asked for (from any process)."""
    keeper = threading.Thread(
        target=_keep_lease, args=(app, stop, connection_id, holder), daemon=True,
        name=f"nxus-sample-lease-{connection_id.hex[:8]}",
    )  # fmt: skip
    keeper.start()
    try:
        scheduler.run_forever(stop)
    finally:
        stop.set()
        keeper.join(LEASE_HEARTBEAT_SECONDS + 5)
        try:
            with app.app_context(), new_session(app) as session:
                _release(session, connection_id, holder)
        except Exception:  # the database may be gone at shutdown; a stale lease expires
            log.exception("could not release the sample company lease of %s", connection_id)


def _keep_lease(app: Flask, stop: threading.Event, connection_id: uuid.UUID, holder: str) -> None:
    while not stop.wait(LEASE_HEARTBEAT_SECONDS):
        try:
            with app.app_context(), new_session(app) as session:
                lease = session.get(SampleCompanyLease, connection_id)
                if lease is None or lease.holder != holder or lease.stop_requested:
                    session.rollback()
                    log.info("sample company of %s: stopping (lease released)", connection_id)
                    stop.set()
                    return
                lease.heartbeat_at = utcnow()
                session.commit()
        except Exception:  # a busy or briefly unreachable database: try again next beat
            log.exception("sample company of %s: lease heartbeat failed", connection_id)


def _release(session: Session, connection_id: uuid.UUID, holder: str) -> None:
    session.execute(
        delete(SampleCompanyLease).where(
            SampleCompanyLease.connection_id == connection_id, SampleCompanyLease.holder == holder
        )
    )
    session.commit()


def get_run(
    connection_id: uuid.UUID, session: Session | None = None
) -> SampleCompanyRun | RemoteRun | None:
    """The running attachment of `connection_id`: this process's, or (given a session) a
    live lease of another process."""
    with _LOCK:
        run = _RUNS.get(connection_id)
    if run is not None and run.running:
        return run
    if session is None:
        return None
    lease = session.get(SampleCompanyLease, connection_id)
    if lease is None or not _fresh(lease) or lease.stop_requested:
        return None
    return RemoteRun(connection_id, lease.holder)


def detach(connection_id: uuid.UUID, timeout: float = 30.0, app: Flask | None = None) -> bool:
    """Stop the attachment (the session in progress ends with closeConnection). True if one
    was running here, or (given the app) if another process holds it: that one stops within
    LEASE_HEARTBEAT_SECONDS."""
    with _LOCK:
        run = _RUNS.pop(connection_id, None)
    if run is not None:
        run.stop_event.set()
        run.thread.join(timeout)
        log.info("sample company detached from connection %s", connection_id)
        return True
    if app is None:
        return False
    with app.app_context(), new_session(app) as session:
        lease = session.get(SampleCompanyLease, connection_id, with_for_update=True)
        if lease is None or not _fresh(lease) or lease.stop_requested:
            session.rollback()
            return False
        lease.stop_requested = True
        session.commit()
    log.info("sample company of %s: asked its process to stop", connection_id)
    return True


def detach_all(timeout: float = 30.0) -> int:
    with _LOCK:
        ids = list(_RUNS)
    return sum(detach(connection_id, timeout) for connection_id in ids)
