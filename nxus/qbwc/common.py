"""What every Web Connector method shares: settings, the Outcome a method returns, session
states, ticket hashing and the session lookup (see nxus.qbwc for the protocol)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from nxus.models.qbwc import QbwcSession
from nxus.qbwc.log import LogPolicy
from nxus.services import diagnostics, throttle

SERVER_VERSION = "nXus 0.1.0"
OPEN, CLOSED, REFUSED, ERROR = "open", "closed", "refused", "error"
NOOP = "NoOp"
# The cheap request that ends a session with nothing (more) to do: its answer gets 100.
FINAL_REQUEST_ID = "nxus-end"
FINAL_REQUEST_BODY = (
    f'<QBXML><QBXMLMsgsRq onError="continueOnError"><HostQueryRq requestID="{FINAL_REQUEST_ID}"/>'
    "</QBXMLMsgsRq></QBXML>"
)
ENDED_TEXT = (
    "This Web Connector session has ended or expired. The next scheduled update starts a new one."
)


@dataclass(frozen=True)
class Settings:
    min_client_version: str
    recommended_client_version: str
    ticket_lifetime: timedelta
    session_idle: timedelta
    busy_postpone_seconds: int
    min_run_active: int
    min_run_idle: int
    recent_work: timedelta
    keep_warm: timedelta
    hold_seconds: float
    hold_poll_seconds: float
    wakeup_fallback_seconds: float
    auth_policy: throttle.ThrottlePolicy
    log_policy: LogPolicy
    # A new authenticate takes over an open session silent for longer than this.
    takeover_after: timedelta = timedelta(seconds=30)
    # Seconds between two visits when idle (.qwc schedule or the idle pace): missed polls.
    poll_interval: int = 60

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        return cls(
            min_client_version=str(config["QBWC_MIN_CLIENT_VERSION"] or ""),
            recommended_client_version=str(config["QBWC_RECOMMENDED_CLIENT_VERSION"] or ""),
            ticket_lifetime=timedelta(seconds=config["QBWC_TICKET_LIFETIME_SECONDS"]),
            session_idle=timedelta(seconds=config["QBWC_SESSION_IDLE_SECONDS"]),
            busy_postpone_seconds=int(config["QBWC_BUSY_POSTPONE_SECONDS"]),
            min_run_active=int(config["QBWC_MIN_RUN_EVERY_SECONDS_ACTIVE"]),
            min_run_idle=int(config["QBWC_MIN_RUN_EVERY_SECONDS_IDLE"]),
            recent_work=timedelta(seconds=config["QBWC_RECENT_WORK_SECONDS"]),
            keep_warm=timedelta(seconds=config["QBWC_KEEP_WARM_SECONDS"]),
            hold_seconds=float(config["QBWC_HOLD_SECONDS"]),
            hold_poll_seconds=float(config["QBWC_HOLD_POLL_SECONDS"]),
            wakeup_fallback_seconds=float(config["WAKEUP_FALLBACK_POLL_SECONDS"]),
            auth_policy=throttle.ThrottlePolicy(
                max_failures=int(config["QBWC_AUTH_MAX_FAILURES"]),
                window_seconds=int(config["QBWC_AUTH_WINDOW_SECONDS"]),
                lockout_seconds=int(config["QBWC_AUTH_LOCKOUT_SECONDS"]),
            ),
            log_policy=LogPolicy(
                retention_days=int(config["QBWC_EXCHANGE_BODY_RETENTION_DAYS"]),
                max_body_bytes=int(config["QBWC_EXCHANGE_BODY_MAX_BYTES"]),
                failure_retention_days=int(config["QBWC_EXCHANGE_FAILURE_BODY_RETENTION_DAYS"]),
            ),
            # Never shorter than a hold plus QBWC's NoOp pause: a warm session is silent then.
            takeover_after=timedelta(
                seconds=max(
                    float(config.get("QBWC_SESSION_TAKEOVER_SECONDS", 30)),
                    float(config["QBWC_HOLD_SECONDS"]) + 5,
                )
            ),
            poll_interval=diagnostics.poll_interval(config),
        )


@dataclass
class Outcome:
    """The SOAP result and the facts the exchange log keeps."""

    value: str | int | list[str]
    result: str = ""
    connection_id: uuid.UUID | None = None
    session_id: int | None = None
    job_id: uuid.UUID | None = None
    status_code: int | None = None
    hresult: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # "response": the SOAP result is the job's request; "request": the call brought the
    # job's answer, stored with the job. The exchange log then points at the job.
    body_ref: str | None = None


def hash_ticket(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def load_session(db: Session, ticket: str) -> QbwcSession | None:
    """The session of a ticket, with its connection (None for an empty or unknown ticket)."""
    if not ticket:
        return None
    return db.scalars(
        select(QbwcSession)
        .options(joinedload(QbwcSession.connection))
        .where(QbwcSession.ticket_hash == hash_ticket(ticket))
    ).first()


def usable(qs: QbwcSession, now: datetime) -> bool:
    conn = qs.connection
    return qs.state == OPEN and now < qs.expires_at and conn.archived_at is None and conn.is_active


def base(qs: QbwcSession) -> dict[str, Any]:
    """The Outcome fields naming the session."""
    return {"connection_id": qs.connection_id, "session_id": qs.id}


def end_session(qs: QbwcSession, now: datetime) -> None:
    if qs.state == OPEN:
        qs.state = CLOSED
        qs.closed_at = now
        qs.last_error = ENDED_TEXT


def request_document(body: str, version: str | None) -> str:
    """The qbXML text QBWC hands to QuickBooks: declaration, qbxml PI, the <QBXML> element."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="{version or "2.0"}"?>\n{body}'


def final_request(version: str | None) -> str:
    return request_document(FINAL_REQUEST_BODY, version)
