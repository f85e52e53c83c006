"""Wake-ups (nxus.wakeup): a commit announces its keys to waiters in this app at once and to
other apps on the same database (other processes: PostgreSQL NOTIFY, or SQLite datagram
sockets), never before the commit and never after a rollback. Runs on the suite's database."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from flask import Flask

from nxus import wakeup
from nxus.db import new_session, wakeup_bus

# A kind of key no table announces: the writer NOTIFYs it (the kinds of jobs and sessions are
# announced by triggers on PostgreSQL: tests/integration/qbwc/test_jobs.py).
KEY = f"t{uuid.uuid4().hex}"


def _commit_marked(app: Flask, *keys: str, rollback: bool = False) -> None:
    with new_session(app) as db:
        db.connection()  # a transaction, as a real writer has
        wakeup.mark(db, *keys)
        if rollback:
            db.rollback()
        else:
            db.commit()


def test_a_commit_wakes_a_waiter_of_the_same_app(app: Flask) -> None:
    with wakeup_bus(app).subscribe(KEY, "other") as sub:
        _commit_marked(app, KEY, "unrelated")
        assert sub.wait(10) == {KEY}
        assert sub.wait(0) == frozenset()  # consumed


def test_a_rollback_announces_nothing(app: Flask) -> None:
    with wakeup_bus(app).subscribe(KEY) as sub:
        _commit_marked(app, KEY, rollback=True)
        _commit_marked(app)  # the next transaction of another session: nothing left over
        assert sub.wait(0.3) == frozenset()


def test_marks_are_announced_at_commit_not_before(app: Flask) -> None:
    with wakeup_bus(app).subscribe(KEY) as sub, new_session(app) as db:
        db.connection()
        wakeup.mark(db, KEY)
        assert sub.wait(0.2) == frozenset()
        db.commit()
        assert sub.wait(10) == {KEY}


def test_another_process_on_the_same_database_is_woken(app_factory: Any) -> None:
    """Two apps = two processes: separate buses, listeners and connections; the waiter is
    woken through the database's own channel (NOTIFY) or the sockets (SQLite)."""
    waiter, writer = app_factory(), app_factory()
    assert wakeup_bus(waiter).cross_process
    woken: list[frozenset[str]] = []
    subscribed = threading.Event()

    def wait() -> None:
        with wakeup_bus(waiter).subscribe(KEY) as sub:
            subscribed.set()
            woken.append(sub.wait(20))

    thread = threading.Thread(target=wait)
    thread.start()
    assert subscribed.wait(10)
    _commit_marked(writer, KEY)
    thread.join(30)
    assert woken == [frozenset({KEY})]


def test_listeners_of_an_idle_bus_stop_and_start_again(app_factory: Any) -> None:
    waiter, writer = app_factory(WAKEUP_LISTENER_IDLE_SECONDS=0.2), app_factory()
    bus = wakeup_bus(waiter)
    for _ in range(2):
        with bus.subscribe(KEY) as sub:
            _commit_marked(writer, KEY)
            assert sub.wait(20) == {KEY}
        thread = bus.transport._thread
        thread.join(10)  # idle: the listener ends (and frees its socket or connection)
        assert not thread.is_alive()


def test_a_subscriber_arriving_as_an_idle_listener_ends_starts_the_next(
    app_factory: Any, monkeypatch: Any
) -> None:
    """The listener has decided to end (idle) but is still closing when a waiter subscribes:
    that waiter must not trust the dying listener; it starts the next one and is woken."""
    waiter, writer = app_factory(WAKEUP_LISTENER_IDLE_SECONDS=0.2), app_factory()
    bus = wakeup_bus(waiter)
    transport = bus.transport
    closing = threading.Event()
    shut = transport.shut

    def slow_shut() -> None:  # widen the window between "decided to end" and "ended"
        closing.set()
        time.sleep(1.0)
        shut()

    monkeypatch.setattr(transport, "shut", slow_shut)
    with bus.subscribe(KEY):
        pass
    assert closing.wait(10)  # idle: the listener is ending, still alive
    with bus.subscribe(KEY) as sub:
        _commit_marked(writer, KEY)
        assert sub.wait(20) == {KEY}


def test_the_triggers_know_every_finished_state() -> None:
    """PostgreSQL's job trigger announces a job's key when it reaches a finished state: its
    list of those states is the models' own."""
    import re

    from nxus.models.qbwc import FINISHED_STATES

    assert set(re.findall(r"'(\w+)'", wakeup._FINISHED)) == set(FINISHED_STATES)
