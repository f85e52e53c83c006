"""The end of a session and its errors: connectionError, getLastError, closeConnection, and
the interactive methods nXus never uses (answered sensibly all the same)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from nxus import wakeup
from nxus.qbwc.common import (
    CLOSED,
    ENDED_TEXT,
    ERROR,
    NOOP,
    OPEN,
    Outcome,
    base,
    load_session,
    usable,
)
from nxus.services import diagnostics


def connection_error(
    db: Session, ticket: str, hresult: str, message: str, now: datetime
) -> Outcome:
    """QBWC could not reach QuickBooks: record the diagnostic; "done" ends the session."""
    qs = load_session(db, ticket)
    code = diagnostics.normalize_hresult(hresult)
    if qs is None:
        return Outcome("done", result="done (unknown ticket)", hresult=code)
    explanation = diagnostics.explain_hresult(hresult, message)
    qs.last_call_at = now
    qs.last_error = explanation.text()
    qs.last_hresult = code
    if qs.state == OPEN:
        qs.state = ERROR
        qs.closed_at = now
        wakeup.mark(db, wakeup.failure_key(qs.connection_id))
    diagnostics.record(
        db,
        qs.connection_id,
        explanation,
        source="connectionError",
        detail=message.strip() or None,
        session_id=qs.id,
    )
    return Outcome("done", result="done", hresult=code, **base(qs))


def get_last_error(db: Session, ticket: str, now: datetime) -> Outcome:
    qs = load_session(db, ticket)
    if qs is None:
        return Outcome(ENDED_TEXT, result="unknown ticket")
    qs.last_call_at = now
    if qs.noop_pending and qs.state == OPEN:
        qs.noop_pending = False
        return Outcome(NOOP, result=NOOP, **base(qs))
    if qs.last_error:
        return Outcome(qs.last_error, result="error text", hresult=qs.last_hresult, **base(qs))
    if not usable(qs, now):
        return Outcome(ENDED_TEXT, result="session ended", **base(qs))
    return Outcome("nXus has nothing more to send.", result="no error", **base(qs))


def close_connection(db: Session, ticket: str, now: datetime) -> Outcome:
    qs = load_session(db, ticket)
    if qs is None:
        return Outcome("OK", result="OK (unknown ticket)")
    if qs.state == OPEN:
        qs.state = CLOSED
        qs.closed_at = now
    qs.last_call_at = now
    text = "OK" if qs.state == CLOSED else (qs.last_error or "OK")
    return Outcome(text[:1000], result=f"closed ({qs.state})", **base(qs))


def interactive_url(db: Session, ticket: str) -> Outcome:
    """nXus never asks for interactive mode: no URL."""
    return Outcome("", result="no interactive mode")


def interactive_done(db: Session, ticket: str) -> Outcome:
    return Outcome("Done", result="Done")


def interactive_rejected(db: Session, ticket: str, reason: str) -> Outcome:
    return Outcome("Interactive session was not started.", result="rejected")
