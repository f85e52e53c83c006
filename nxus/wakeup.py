"""Wake-ups: a thread waiting for a database change is woken when the change commits.

Two kinds of waiters use it: an API call waiting for its job to finish (`job_key`), and a
warm Web Connector session holding sendRequestXML for new work (`queue_key`); a waiting call
also listens for a failed Web Connector session of its connection (`failure_key`).

The writer marks keys on its SQLAlchemy session (`mark`); they are announced only when that
transaction commits, so a woken waiter always finds the change:
- in this process at once (threading.Event per waiter);
- to other processes: PostgreSQL `NOTIFY` inside the same transaction (delivered on commit,
  to every host sharing the database), or, on SQLite (one host by nature), a datagram to each
  process listening on the database, through Unix sockets in a private folder named after
  the database file. On PostgreSQL the keys of jobs and sessions are NOTIFYed by the tables
  themselves (`POSTGRES_TRIGGERS`, on the writing statement): a commit pays no round trip
  of its own for them.
A waiter subscribes before it looks at the database, so nothing committed after its look is
missed. A lost wake-up (a full socket buffer, a listener reconnecting) costs one fallback
poll interval, never a stall: every waiter still looks at least that often.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import secrets
import socket
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "nxus_wakeup"
_PENDING = "nxus.wakeup.pending"
_BUS = "nxus.wakeup"


def job_key(job_id: uuid.UUID) -> str:
    """Announced when the job reaches a finished state (done, failed, cancelled, unknown)."""
    return f"j{job_id.hex}"


def queue_key(connection_id: uuid.UUID) -> str:
    """Announced when a job is queued for the connection."""
    return f"q{connection_id.hex}"


def failure_key(connection_id: uuid.UUID) -> str:
    """Announced when a Web Connector session of the connection fails (connectionError)."""
    return f"f{connection_id.hex}"


# The kinds of key (their first letter) that PostgreSQL's triggers announce: never NOTIFYed by
# the writer as well. Each trigger announces exactly what the writer marks with the change.
TABLE_ANNOUNCED = ("j", "q", "f")
_FINISHED = "('done', 'failed', 'cancelled', 'unknown')"  # nxus.models.qbwc.FINISHED_STATES
_KEY = "replace(NEW.{column}::text, '-', '')"  # a UUID as its hex, as in job_key()
POSTGRES_TRIGGERS = {
    "nxus_wakeup_jobs": f"""
        CREATE OR REPLACE FUNCTION nxus_wakeup_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.state = 'queued' THEN
                PERFORM pg_notify('{CHANNEL}', 'q' || {_KEY.format(column="connection_id")});
            ELSIF NEW.state IN {_FINISHED} THEN
                PERFORM pg_notify('{CHANNEL}', 'j' || {_KEY.format(column="id")});
            END IF;
            RETURN NULL;
        END $$""",
    "nxus_wakeup_sessions": f"""
        CREATE OR REPLACE FUNCTION nxus_wakeup_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', 'f' || {_KEY.format(column="connection_id")});
            RETURN NULL;
        END $$""",
}
# (trigger, table, when, function): a job queued (new or back in the queue) or finished; a
# session of the connection failed (connectionError: open -> error).
_TRIGGERS = (
    ("nxus_wakeup_job_queued", "jobs", "AFTER INSERT", "NEW.state = 'queued'", "nxus_wakeup_jobs"),
    (
        "nxus_wakeup_job_changed",
        "jobs",
        "AFTER UPDATE OF state",
        "OLD.state IS DISTINCT FROM NEW.state AND NEW.state <> 'sent'",
        "nxus_wakeup_jobs",
    ),
    (
        "nxus_wakeup_session_failed",
        "qbwc_sessions",
        "AFTER UPDATE OF state",
        "OLD.state = 'open' AND NEW.state = 'error'",
        "nxus_wakeup_sessions",
    ),
)


def install_postgres_triggers(conn: Connection) -> list[str]:
    """Create the wake-up triggers of the tables that exist (idempotent; PostgreSQL only):
    after `create_all` and after the migrations (nxus.db.tune_postgres). Returns those made."""
    made = []
    for body in POSTGRES_TRIGGERS.values():
        conn.execute(text(body))
    for name, table, timing, when, function in _TRIGGERS:
        exists = conn.execute(
            text("SELECT 1 FROM pg_trigger WHERE tgname = :n AND tgrelid = to_regclass(:t)"),
            {"n": name, "t": table},
        ).first()
        if exists or conn.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None:
            continue
        conn.execute(
            text(
                f'CREATE TRIGGER {name} {timing} ON "{table}" FOR EACH ROW'
                f" WHEN ({when}) EXECUTE FUNCTION {function}()"
            )
        )
        made.append(name)
    return made


def mark(session: Session, *keys: str) -> None:
    """Announce `keys` when the session's current transaction commits (dropped on rollback)."""
    pending: set[str] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = set()
    pending.update(keys)


class Subscription:
    """The keys one waiter waits for; `wait` returns the keys announced since the last wait."""

    def __init__(self, bus: WakeupBus, keys: Iterable[str]) -> None:
        self.bus = bus
        self.keys = frozenset(keys)
        self._event = threading.Event()
        self._fired: set[str] = set()
        self._lock = threading.Lock()

    def _fire(self, key: str) -> None:
        with self._lock:
            self._fired.add(key)
        self._event.set()

    def wait(self, timeout: float) -> frozenset[str]:
        """Block until a key is announced or `timeout` passes; the keys announced (maybe none)."""
        self._event.wait(max(0.0, timeout))
        with self._lock:
            self._event.clear()
            fired, self._fired = frozenset(self._fired), set()
        return fired


class WakeupBus:
    """One per app (= per process in production): local waiters and the cross-process link."""

    def __init__(self, engine: Engine, idle_seconds: float = 60.0) -> None:
        # A listener (thread + socket or PostgreSQL connection) idle this long stops.
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._subs: dict[str, set[Subscription]] = {}
        self._count = 0
        self._idle_since = time.monotonic()
        self.transport: _Transport | None = _transport_for(engine, self)

    @property
    def cross_process(self) -> bool:
        """Whether other processes' commits wake this one (else waiters rely on polling)."""
        return self.transport is not None

    @contextlib.contextmanager
    def subscribe(self, *keys: str) -> Iterator[Subscription]:
        sub = Subscription(self, keys)
        with self._lock:
            for key in sub.keys:
                self._subs.setdefault(key, set()).add(sub)
            self._count += 1
        if self.transport is not None:
            self.transport.ensure_listening()
        try:
            yield sub
        finally:
            with self._lock:
                for key in sub.keys:
                    subs = self._subs.get(key)
                    if subs is not None:
                        subs.discard(sub)
                        if not subs:
                            del self._subs[key]
                self._count -= 1
                if self._count == 0:
                    self._idle_since = time.monotonic()

    def idle_for(self) -> float:
        """Seconds since the last subscriber left (0 while any is waiting)."""
        with self._lock:
            return 0.0 if self._count else time.monotonic() - self._idle_since

    def deliver(self, keys: Iterable[str]) -> None:
        """Wake the local subscribers of `keys`."""
        with self._lock:
            targets = [(sub, key) for key in keys for sub in self._subs.get(key, ())]
        for sub, key in targets:
            sub._fire(key)

    # --- the writer's side, hooked to SQLAlchemy session events -----------------------------

    def before_commit(self, session: Session) -> None:
        pending = session.info.get(_PENDING)
        if pending and isinstance(self.transport, _PostgresTransport):
            self.transport.notify_in(session, pending)

    def after_commit(self, session: Session) -> None:
        pending = session.info.pop(_PENDING, None)
        if not pending:
            return
        self.deliver(pending)
        if isinstance(self.transport, _SocketTransport):
            self.transport.broadcast(pending)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.stop()


def install(engine: Engine, factory: Any, idle_seconds: float = 60.0) -> WakeupBus:
    """A bus for the engine, announced by the commits of sessions made by `factory`."""
    bus = WakeupBus(engine, idle_seconds)

    @event.listens_for(factory, "before_commit")
    def _before_commit(session: Session) -> None:
        bus.before_commit(session)

    @event.listens_for(factory, "after_commit")
    def _after_commit(session: Session) -> None:
        bus.after_commit(session)

    @event.listens_for(factory, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(_PENDING, None)

    return bus


# --- cross-process transports -----------------------------------------------------------------


# Transports with a listener running: stopped at interpreter exit, so that a listener's socket
# or PostgreSQL connection is closed by its own thread, never left to the garbage collector.
_RUNNING: weakref.WeakSet[_Transport] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for transport in list(_RUNNING):
        transport.stop()


class _Transport:
    """A listener thread started on the first subscription, stopped after a long idle."""

    def __init__(self, bus: WakeupBus) -> None:
        self.bus = bus
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping = threading.Event()
        # Set (under the lock) when the listener has decided to end: it may still be alive, but
        # it reads nothing more, so a new subscriber must start the next one.
        self._retiring = False

    def ensure_listening(self) -> None:
        with self._lock:
            old = self._thread
            if old is not None and self._retiring:
                old.join(timeout=5)  # it is only closing its socket or connection
                if old.is_alive():
                    log.warning("wake-up listener slow to stop; starting the next one anyway")
            if old is None or self._retiring or not old.is_alive():
                self._retiring = False
                self._ready.clear()
                self._stopping.clear()
                try:
                    self.open()
                except Exception as exc:  # no listener: waiters fall back to polling
                    log.warning("wake-up listener unavailable (%s); polling instead", exc)
                    return
                self._thread = threading.Thread(target=self._run, name="nxus-wakeup", daemon=True)
                self._thread.start()
                _RUNNING.add(self)
        # The first look at the database must come after LISTEN is in place.
        self._ready.wait(2.0)

    def _run(self) -> None:
        try:
            self.listen()
        except Exception:  # pragma: no cover - logged, and waiters poll meanwhile
            log.exception("wake-up listener stopped")
        finally:
            self.shut()

    def keep_going(self) -> bool:
        """Whether to read on; decided under the lock that `ensure_listening` takes, so a
        subscriber arriving as the listener ends starts the next one instead of trusting it."""
        with self._lock:
            if self._stopping.is_set() or self.bus.idle_for() >= self.bus.idle_seconds:
                self._retiring = True
                return False
            return True

    def stop(self) -> None:
        self._stopping.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=3)

    def open(self) -> None:
        raise NotImplementedError

    def listen(self) -> None:
        raise NotImplementedError

    def shut(self) -> None:
        raise NotImplementedError


class _PostgresTransport(_Transport):
    """LISTEN on a connection of its own; writers NOTIFY in their transaction."""

    def __init__(self, engine: Engine, bus: WakeupBus) -> None:
        super().__init__(bus)
        url = engine.url.set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._conn: Any = None

    def notify_in(self, session: Session, keys: Iterable[str]) -> None:
        """NOTIFY the keys that no trigger announces (none of today's kinds)."""
        own = [key for key in keys if not key.startswith(TABLE_ANNOUNCED)]
        if not own:
            return
        payload = " ".join(sorted(own))
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )

    def open(self) -> None:
        import psycopg

        self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
        self._conn.execute(f"LISTEN {CHANNEL}")

    def listen(self) -> None:
        self._ready.set()
        while self.keep_going():
            for note in self._conn.notifies(timeout=0.5):
                self.bus.deliver(note.payload.split())

    def shut(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


class _SocketTransport(_Transport):
    """SQLite: every listening process of this database has a datagram socket in one folder."""

    def __init__(self, database: Path, bus: WakeupBus) -> None:
        super().__init__(bus)
        digest = hashlib.sha256(str(database).encode()).hexdigest()[:16]
        self.folder = Path(tempfile.gettempdir()) / f"nxus-wakeup-{os.getuid()}-{digest}"
        self._sock: socket.socket | None = None
        self._path: str | None = None
        self._sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sender.setblocking(False)
        weakref.finalize(self, self._sender.close)

    def open(self) -> None:
        self.folder.mkdir(mode=0o700, exist_ok=True)
        if (self.folder.stat().st_mode & 0o077) or self.folder.stat().st_uid != os.getuid():
            raise PermissionError(f"{self.folder} is not private to this user")
        self._path = str(self.folder / f"{os.getpid()}-{secrets.token_hex(4)}.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(self._path)
        sock.settimeout(0.5)
        self._sock = sock

    def listen(self) -> None:
        assert self._sock is not None
        self._ready.set()
        while self.keep_going():
            try:
                data = self._sock.recv(65536)
            except TimeoutError:
                continue
            self.bus.deliver(data.decode("ascii", "replace").split())

    def shut(self) -> None:
        sock, path = self._sock, self._path
        self._sock = self._path = None
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if sock is not None:
            sock.close()

    def broadcast(self, keys: Iterable[str]) -> None:
        """Send the keys to every other listening process (the own one was woken directly)."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return
        payload = " ".join(sorted(keys)).encode("ascii")
        own = os.path.basename(self._path) if self._path else None
        for name in names:
            if name == own or not name.endswith(".sock"):
                continue
            path = os.path.join(self.folder, name)
            try:
                self._sender.sendto(payload, path)
            except ConnectionRefusedError:  # its process is gone: clear the way
                with contextlib.suppress(OSError):
                    os.unlink(path)
            except OSError:  # a full buffer or a race with its exit: it polls anyway
                continue


def _transport_for(engine: Engine, bus: WakeupBus) -> _Transport | None:
    if engine.dialect.name == "postgresql":
        return _PostgresTransport(engine, bus)
    if engine.dialect.name == "sqlite" and hasattr(socket, "AF_UNIX"):
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file::memory"):
            return _SocketTransport(Path(database).resolve(), bus)
    return None
