"""Failed-attempt throttling stored in the database, so it holds across processes and hosts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import ThrottleRecord


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    window_seconds: int
    lockout_seconds: int


def seconds_locked(session: Session, key: str) -> int:
    """Seconds until `key` may try again (0 when it is not locked)."""
    record = session.get(ThrottleRecord, key)
    if record is None or record.locked_until is None:
        return 0
    remaining = (record.locked_until - utcnow()).total_seconds()
    return max(0, math.ceil(remaining))


def record_failure(session: Session, key: str, policy: ThrottlePolicy) -> int:
    """Count one failure for `key` and commit; returns the failures in the current window."""
    for _attempt in range(3):
        try:
            failures = _bump(session, key, policy)
            session.commit()
            return failures
        except IntegrityError:
            # Another process inserted the same key first: retry as an update.
            session.rollback()
    raise RuntimeError(f"could not record a failure for throttle key {key!r}")


def _bump(session: Session, key: str, policy: ThrottlePolicy) -> int:
    now = utcnow()
    record = session.get(ThrottleRecord, key, with_for_update=True)
    if record is None:
        record = ThrottleRecord(key=key, failures=0, window_started_at=now)
        session.add(record)
        session.flush()
    if record.window_started_at < now - timedelta(seconds=policy.window_seconds):
        record.failures = 0
        record.window_started_at = now
    record.failures += 1
    record.last_failure_at = now
    if record.failures >= policy.max_failures:
        record.locked_until = now + timedelta(seconds=policy.lockout_seconds)
    return record.failures


def reset(session: Session, key: str) -> None:
    """Forget the failures of `key` (after a success); the caller commits."""
    session.execute(delete(ThrottleRecord).where(ThrottleRecord.key == key))
