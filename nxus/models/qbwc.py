"""Web Connector state kept in the database: sessions (hashed tickets), jobs, the exchange log
and the plain-language diagnostics. Nothing here lives in process memory, so any worker of any
host can serve any call of a session."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, event, false
from sqlalchemy.engine import Connection as DbConnection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nxus.db import Base, tune_postgres, utcnow
from nxus.models.connections import Connection
from nxus.payload import CompressedText

# The Web Connector's SOAP methods (QbwcExchange.method): an update session's, then the
# interactive mode's.
SESSION_METHODS = (
    "serverVersion",
    "clientVersion",
    "authenticate",
    "sendRequestXML",
    "receiveResponseXML",
    "connectionError",
    "getLastError",
    "closeConnection",
)
INTERACTIVE_METHODS = ("getInteractiveURL", "interactiveDone", "interactiveRejected")


class QbwcSession(Base):
    """One Web Connector session: authenticate … closeConnection.

    The ticket handed to QBWC is never stored, only its SHA-256 (`ticket_hash`).
    state: open | closed | refused (file mismatch, no common version) | error (connectionError)
    """

    __tablename__ = "qbwc_sessions"
    # (connection, state, closed_at): the lane check of authenticate, and the waiting API
    # call's look for a session that failed since it started (every 0.5 s per waiting call).
    __table_args__ = (
        Index("ix_qbwc_sessions_connection_state_closed", "connection_id", "state", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_hash: Mapped[str] = mapped_column(String(64), unique=True)
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    state: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_call_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Absolute end of the ticket; after it the session is ended cleanly.
    expires_at: Mapped[datetime]
    # Keep-warm: while now < warm_until an empty queue is answered by holding / NoOp.
    warm_until: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    client_version: Mapped[str | None] = mapped_column(String(32))
    company_file: Mapped[str | None] = mapped_column(Text)
    qbxml_version: Mapped[str | None] = mapped_column(String(8))
    hcp_received: Mapped[bool] = mapped_column(default=False)
    # The job handed out by the last sendRequestXML, awaiting receiveResponseXML.
    current_job_id: Mapped[uuid.UUID | None]
    # A final cheap request was sent to end the session: its answer gets progress 100.
    ending: Mapped[bool] = mapped_column(default=False)
    # getLastError answers "NoOp" once after an empty sendRequestXML of a warm session.
    noop_pending: Mapped[bool] = mapped_column(default=False)
    jobs_done: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_hresult: Mapped[str | None] = mapped_column(String(16))

    connection: Mapped[Connection] = relationship()


class JobState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


# States after which a job changes no more (the life of a job: nxus.services.jobs; an unknown
# write may be resolved later by qbXML error recovery, but nobody waits for it).
FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED, JobState.UNKNOWN})


class Job(Base):
    """One QuickBooks call: a qbXML message set sent in one sendRequestXML.

    state: queued → sent → done | failed | cancelled | unknown (see nxus.services.jobs).
    The qbXML `requestID` of its requests is the job id (hex).
    Its qbXML (request and answer) is kept only while someone may read it (see
    nxus.services.retention): then `request_body` becomes "", `response_body` and `operation`
    None, and `payload_purged_at` says when; the row itself stays longer.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_connection_state_created", "connection_id", "state", "created_at"),
        # The purge: finished jobs whose qbXML is still kept, oldest first; old rows.
        Index("ix_jobs_payload_purged_finished", "payload_purged_at", "finished_at"),
        Index("ix_jobs_finished_at", "finished_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32), default="qbxml")
    state: Mapped[str] = mapped_column(String(16), default="queued")
    # Names of the requests, e.g. "CustomerQueryRq" (space separated) and whether any writes.
    request_names: Mapped[str] = mapped_column(String(500))
    is_write: Mapped[bool] = mapped_column(default=False)
    # The <QBXML> element without prolog; the prolog (with the session's version) is added
    # when it is sent. Compressed on SQLite (nxus.payload); "" once purged.
    request_body: Mapped[str] = mapped_column(CompressedText)
    # Lowest qbXML version the request needs (None: any).
    min_qbxml_version: Mapped[str | None] = mapped_column(String(8))
    qbxml_version: Mapped[str | None] = mapped_column(String(8))
    # What the job does as JSON (nxus.resources.operation.Operation): when set, the request
    # is rebuilt at the session's negotiated qbXML version when it is handed out.
    operation: Mapped[str | None] = mapped_column(Text)
    # Why a job failed, for the API: "validation" (the request cannot be built for the
    # session's version), None otherwise (HRESULT or transport).
    error_kind: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("qbwc_sessions.id", ondelete="SET NULL")
    )
    response_body: Mapped[str | None] = mapped_column(CompressedText)
    status_code: Mapped[int | None]
    status_severity: Mapped[str | None] = mapped_column(String(16))
    status_message: Mapped[str | None] = mapped_column(Text)
    hresult: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # The request that queued it (its X-Request-Id, `req_…`): ties the job to the API call
    # in logs and in the portal's job page.
    api_request_id: Mapped[str | None] = mapped_column(String(40))
    # Nobody waits for the answer in the call that queued the job (`Prefer: respond-async`,
    # or a waiting call that gave up while it was sent): it is read later through
    # GET /api/v1/jobs/{id}, so its qbXML is kept JOB_DETACHED_PAYLOAD_RETENTION_SECONDS.
    detached: Mapped[bool] = mapped_column(default=False, server_default=false())
    payload_purged_at: Mapped[datetime | None]


@event.listens_for(Job.__table__, "after_create")
def _jobs_created(target: Any, connection: DbConnection, **_kw: Any) -> None:
    tune_postgres(connection)  # create_all (tests, benchmarks); migrations: nxus.migrate


class QbwcExchange(Base):
    """The exchange log: one row per SOAP call. Passwords are redacted and tickets replaced
    before bodies are stored; bodies are dropped after QBWC_EXCHANGE_BODY_RETENTION_DAYS
    (QBWC_EXCHANGE_FAILURE_BODY_RETENTION_DAYS for problems), rows after
    QBWC_EXCHANGE_ROW_RETENTION_DAYS (nxus.services.retention).

    A body that is a job's qbXML is not copied: `body_ref` says which body the job holds
    ("response": sendRequestXML handed out the job's request; "request": receiveResponseXML
    brought the job's answer) and the portal rebuilds it from the job while the job keeps it.
    """

    __tablename__ = "qbwc_exchanges"
    __table_args__ = (
        Index("ix_qbwc_exchanges_connection_started", "connection_id", "started_at"),
        Index("ix_qbwc_exchanges_kept_started", "kept", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("qbwc_sessions.id", ondelete="SET NULL")
    )
    ticket_hash: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    duration_ms: Mapped[float] = mapped_column(default=0.0)
    http_status: Mapped[int] = mapped_column(default=200)
    request_bytes: Mapped[int] = mapped_column(default=0)
    response_bytes: Mapped[int] = mapped_column(default=0)
    # Short outcome: "none", "nvu", "busy", "100", "-101", "NoOp", "fault: …", a job id …
    result: Mapped[str | None] = mapped_column(String(255))
    job_id: Mapped[uuid.UUID | None]
    status_code: Mapped[int | None]
    hresult: Mapped[str | None] = mapped_column(String(16))
    request_body: Mapped[str | None] = mapped_column(CompressedText)
    response_body: Mapped[str | None] = mapped_column(CompressedText)
    # Which retention the bodies are under: "ok", "failure", or None (no body kept).
    kept: Mapped[str | None] = mapped_column(String(8))
    # "request" / "response": that body is the job's qbXML, read from the job (see above).
    body_ref: Mapped[str | None] = mapped_column(String(8))


@event.listens_for(QbwcExchange.__table__, "after_create")
def _exchanges_created(target: Any, connection: DbConnection, **_kw: Any) -> None:
    tune_postgres(connection)  # its autovacuum settings


class QbwcDiagnostic(Base):
    """A problem explained in plain words, with the fix and a /support anchor."""

    __tablename__ = "qbwc_diagnostics"
    __table_args__ = (
        Index("ix_qbwc_diagnostics_connection_created", "connection_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("qbwc_sessions.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "0x80040408", "wrong_password", "file_mismatch", "missed_polls", "status_3261" …
    code: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str] = mapped_column(String(16), default="error")
    source: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(255))
    explanation: Mapped[str] = mapped_column(Text)
    fix: Mapped[str] = mapped_column(Text)
    support_anchor: Mapped[str] = mapped_column(String(64))
    # What QBWC or QuickBooks said, verbatim (never a secret).
    detail: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
