"""What the portal shows about a connection: its status in one word, when the Web Connector
is next expected, the diagnostic to act on, the job queue (the
exchange log itself: nxus.qbwc.log_view).

Built on the /qbwc models (sessions, jobs, exchanges, diagnostics); nothing here commits
except `cancel_queued_job`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.formats import iso
from nxus.models import Connection
from nxus.models.qbwc import Job, QbwcDiagnostic
from nxus.services import diagnostics, jobs

# state -> (badge class, words shown)
STATES: dict[str, tuple[str, str]] = {
    "connected": ("ok", "Connected"),
    "waiting": ("warn", "Waiting for the Web Connector"),
    "stale": ("warn", "Not polling"),
    "attention": ("bad", "Needs attention"),
    "disabled": ("idle", "Turned off"),
    "archived": ("idle", "Archived"),
}


@dataclass(frozen=True)
class Diagnostic:
    title: str
    explanation: str
    fix: str
    anchor: str
    severity: str
    created_at: datetime
    detail: str | None
    code: str = ""

    @property
    def support_url(self) -> str:
        return f"{diagnostics.SUPPORT_PATH}#{self.anchor}"

    @classmethod
    def of(cls, row: QbwcDiagnostic) -> Diagnostic:
        return cls(
            row.title,
            row.explanation,
            row.fix,
            row.support_anchor,
            row.severity,
            row.created_at,
            row.detail,
            row.code,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "explanation": self.explanation,
            "fix": self.fix,
            "supportUrl": self.support_url,
            "severity": self.severity,
            "createdAt": iso(self.created_at, "seconds"),
        }


@dataclass(frozen=True)
class ConnectionStatus:
    connection: Connection
    state: str
    diagnostic: Diagnostic | None
    next_poll_at: datetime | None
    queued: int

    @property
    def badge(self) -> str:
        return STATES[self.state][0]

    @property
    def label(self) -> str:
        return STATES[self.state][1]

    def as_json(self) -> dict[str, Any]:
        c = self.connection
        return {
            "id": c.public_id,
            "state": self.state,
            "badge": self.badge,
            "label": self.label,
            "companyName": c.company_name,
            "companyFile": c.company_file,
            "edition": c.edition,
            "isSampleFile": c.is_sample_file,
            "isConnected": c.last_connected_at is not None,
            "lastSyncAt": iso(c.last_connected_at, "seconds"),
            "lastPollAt": iso(c.last_poll_at, "seconds"),
            "nextPollAt": iso(self.next_poll_at, "seconds"),
            "queued": self.queued,
            "diagnostic": self.diagnostic.as_json() if self.diagnostic else None,
        }


def status_of(
    session: Session, connection: Connection, interval: int, now: datetime | None = None
) -> ConnectionStatus:
    now = now or utcnow()
    row = diagnostics.latest_unresolved(session, connection.id)
    diagnostic = Diagnostic.of(row) if row is not None else None
    missed = diagnostics.check_missed_polls(connection.last_poll_at, interval, now)
    if connection.archived_at is not None:
        state = "archived"
    elif not connection.is_active:
        state = "disabled"
    elif diagnostic is not None and diagnostic.severity == "error":
        state = "attention"
    elif connection.last_connected_at is None:
        state = "waiting"
    elif diagnostic is not None and diagnostic.code == diagnostics.MISSED_POLLS:
        state = "stale"  # recorded when polls were missed, or when the sample company stopped
    elif missed is not None:
        state = "stale"
        if diagnostic is None:
            diagnostic = Diagnostic(
                missed.title, missed.explanation, missed.fix, missed.anchor, missed.severity,
                now, None,
            )  # fmt: skip
    else:
        state = "connected"
    next_poll = (
        connection.last_poll_at + timedelta(seconds=interval) if connection.last_poll_at else None
    )
    return ConnectionStatus(
        connection, state, diagnostic, next_poll, jobs.count_queued(session, connection.id)
    )


def statuses(session: Session, organization_id: uuid.UUID, interval: int) -> list[ConnectionStatus]:
    """Every connection of the organization that is not archived, oldest first."""
    rows = session.scalars(
        select(Connection)
        .where(Connection.organization_id == organization_id, Connection.archived_at.is_(None))
        .order_by(Connection.created_at, Connection.id)
    )
    now = utcnow()
    return [status_of(session, c, interval, now) for c in rows]


# --- the queue --------------------------------------------------------------------------


def recent_jobs(session: Session, connection_id: uuid.UUID, limit: int = 50) -> list[Job]:
    """Queued and sent jobs first (oldest first: the order QuickBooks gets them), then the
    most recently finished ones."""
    pending = list(
        session.scalars(
            select(Job)
            .where(Job.connection_id == connection_id, Job.state.in_(("queued", "sent")))
            .order_by(Job.created_at, Job.id)
            .limit(limit)
        )
    )
    finished = list(
        session.scalars(
            select(Job)
            .where(Job.connection_id == connection_id, Job.state.not_in(("queued", "sent")))
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(max(limit - len(pending), 0))
        )
    )
    return pending + finished


def cancel_queued_job(session: Session, connection_id: uuid.UUID, job_id: uuid.UUID) -> bool:
    """Cancel a job of this connection that was not sent yet; commits. False otherwise."""
    job = session.get(Job, job_id)
    if job is None or job.connection_id != connection_id:
        return False
    return jobs.cancel_job(session, job_id)
