"""The Web Connector protocol: what each SOAP method does to sessions, jobs and connections.

Each function takes the call's parameters and a database Session and returns an Outcome (the
SOAP result plus what the exchange log records). They do not commit: the entrypoint adds the
exchange row and commits once (`finish`), so a call costs one transaction. Two exceptions keep
the house rules: authenticate checks the password with no transaction open, and an empty
sendRequestXML of a warm session commits before it holds (sleeps) for new work.

Session life: authenticate → sendRequestXML (first: HCP, file check, version) → receive… →
(queue empty: hold / NoOp while warm, then a final HostQueryRq answered with 100) →
closeConnection. An unknown, closed or expired ticket ends the session cleanly.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from nxus.db import utcnow
from nxus.models.connections import Connection
from nxus.models.qbwc import Job, QbwcSession
from nxus.qbwc.qbxml_in import HostCompany, QbxmlReadError, parse_hcp, response_statuses
from nxus.qbxml import versions
from nxus.security import random_token, verify_password
from nxus.services import diagnostics, jobs, throttle
from nxus.services.jobs import JobState
from nxus.services.qbwc_log import LogPolicy, purge_bodies

log = logging.getLogger("nxus.qbwc")

SERVER_VERSION = "nXus 0.1.0"
OPEN, CLOSED, REFUSED, ERROR = "open", "closed", "refused", "error"
NOOP = "NoOp"
# The cheap request that ends a warm session: its answer gets progress 100.
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
    auth_policy: throttle.ThrottlePolicy
    log_policy: LogPolicy

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
            auth_policy=throttle.ThrottlePolicy(
                max_failures=int(config["QBWC_AUTH_MAX_FAILURES"]),
                window_seconds=int(config["QBWC_AUTH_WINDOW_SECONDS"]),
                lockout_seconds=int(config["QBWC_AUTH_LOCKOUT_SECONDS"]),
            ),
            log_policy=LogPolicy(
                retention_days=int(config["QBWC_EXCHANGE_BODY_RETENTION_DAYS"]),
                max_body_bytes=int(config["QBWC_EXCHANGE_BODY_MAX_BYTES"]),
            ),
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


def hash_ticket(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def _version_tuple(text: str) -> tuple[int, ...] | None:
    parts = text.strip().split(".")
    if not text.strip() or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


# --- serverVersion / clientVersion --------------------------------------------------------


def server_version() -> Outcome:
    return Outcome(SERVER_VERSION, result=SERVER_VERSION)


def client_version(settings: Settings, version: str) -> Outcome:
    """ "" = go on; "O:<min>" = QBWC must be upgraded to <min>; "W:…" = a warning."""
    seen = _version_tuple(version)
    if seen is None:
        return Outcome("", result="ok")
    minimum = _version_tuple(settings.min_client_version)
    if minimum is not None and seen < minimum:
        return Outcome(f"O:{settings.min_client_version}", result="upgrade required")
    recommended = _version_tuple(settings.recommended_client_version)
    if recommended is not None and seen < recommended:
        text = (
            f"W:nXus recommends QuickBooks Web Connector {settings.recommended_client_version} "
            f"or newer (this is {version.strip()}); please upgrade."
        )
        return Outcome(text, result="upgrade recommended")
    return Outcome("", result="ok")


# --- authenticate -------------------------------------------------------------------------


def authenticate(
    db: Session, settings: Settings, user_name: str, password: str, now: datetime
) -> Outcome:
    """[ticket, ""|path|"none"|"nvu"|"busy", postpone, minimum seconds between runs]."""
    key = f"qbwc:{user_name.strip().casefold()}"[:300]
    row = db.execute(
        select(
            Connection.id,
            Connection.qbwc_password_hash,
            Connection.archived_at,
            Connection.is_active,
        ).where(Connection.qbwc_username == user_name.strip())
    ).first()
    locked = throttle.seconds_locked(db, key)
    db.rollback()  # the password check takes ~100 ms: hold no lock meanwhile
    connection_id = row.id if row is not None else None
    if locked:
        return Outcome(["", "nvu"], result="nvu (throttled)", connection_id=connection_id)
    if not verify_password(row.qbwc_password_hash if row is not None else None, password):
        failures = throttle.record_failure(db, key, settings.auth_policy)
        if row is not None:
            locked_for = settings.auth_policy.lockout_seconds
            locked_now = failures >= settings.auth_policy.max_failures
            diagnostics.record(
                db,
                row.id,
                diagnostics.wrong_password(user_name, locked_for if locked_now else 0),
                source="authenticate",
                detail=f"failed attempt {failures} of {settings.auth_policy.max_failures}",
            )
        return Outcome(["", "nvu"], result="nvu", connection_id=connection_id)
    assert row is not None
    if row.archived_at is not None or not row.is_active:
        diagnostics.record(
            db,
            row.id,
            diagnostics.connection_disabled(row.archived_at is not None),
            source="authenticate",
        )
        return Outcome(["", "nvu"], result="nvu (connection disabled)", connection_id=row.id)
    throttle.reset(db, key)
    return _open_session(db, settings, row.id, now)


def _open_session(
    db: Session, settings: Settings, connection_id: uuid.UUID, now: datetime
) -> Outcome:
    conn = db.get(Connection, connection_id, with_for_update=True)
    assert conn is not None
    conn.last_poll_at = now
    purge_bodies(db, now, settings.log_policy.retention_days)
    ticket = random_token(32)
    live = db.scalar(
        select(QbwcSession.id)
        .where(
            QbwcSession.connection_id == conn.id,
            QbwcSession.state == OPEN,
            QbwcSession.last_call_at > now - settings.session_idle,
            QbwcSession.expires_at > now,
        )
        .limit(1)
    )
    if live is not None:
        postpone = str(settings.busy_postpone_seconds)
        return Outcome([ticket, "busy", postpone, ""], result="busy", connection_id=conn.id)
    # Every earlier session of this connection is gone: close them, recover their jobs.
    db.execute(
        update(QbwcSession)
        .where(QbwcSession.connection_id == conn.id, QbwcSession.state == OPEN)
        .values(state=CLOSED, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    requeued, unknown = jobs.recover_orphaned_jobs(db, conn.id, now)
    if requeued or unknown:
        log.warning(
            "connection %s: %d read job(s) re-queued, %d write job(s) unknown after a lost session",
            conn.id,
            requeued,
            unknown,
        )
    has_work = jobs.has_queued_job(db, conn.id)
    recent = has_work or _recent_work(db, conn.id, now - settings.recent_work)
    min_run = settings.min_run_active if recent else settings.min_run_idle
    pace = str(min_run) if min_run > 0 else ""
    if not has_work:
        return Outcome([ticket, "none", "", pace], result="none", connection_id=conn.id)
    qs = QbwcSession(
        ticket_hash=hash_ticket(ticket),
        connection_id=conn.id,
        state=OPEN,
        created_at=now,
        last_call_at=now,
        expires_at=now + settings.ticket_lifetime,
        warm_until=min(now + settings.keep_warm, now + settings.ticket_lifetime),
    )
    db.add(qs)
    db.flush()
    return Outcome(
        [ticket, conn.company_file or "", "", pace],
        result="ticket",
        connection_id=conn.id,
        session_id=qs.id,
    )


def _recent_work(db: Session, connection_id: uuid.UUID, since: datetime) -> bool:
    return (
        db.scalar(
            select(Job.id)
            .where(Job.connection_id == connection_id, Job.created_at > since)
            .limit(1)
        )
        is not None
    )


# --- session lookup -----------------------------------------------------------------------


def _load_session(db: Session, ticket: str) -> QbwcSession | None:
    if not ticket:
        return None
    return db.scalars(
        select(QbwcSession)
        .options(joinedload(QbwcSession.connection))
        .where(QbwcSession.ticket_hash == hash_ticket(ticket))
    ).first()


def _usable(qs: QbwcSession, now: datetime) -> bool:
    conn = qs.connection
    return qs.state == OPEN and now < qs.expires_at and conn.archived_at is None and conn.is_active


def _base(qs: QbwcSession) -> dict[str, Any]:
    return {"connection_id": qs.connection_id, "session_id": qs.id}


# --- sendRequestXML -----------------------------------------------------------------------


@dataclass(frozen=True)
class SendParams:
    ticket: str
    hcp_response: str
    company_file: str
    country: str
    major: str
    minor: str


def send_request_xml(db: Session, settings: Settings, params: SendParams, now: datetime) -> Outcome:
    """The next job's qbXML, "" (then getLastError: NoOp or the problem) or the final request."""
    qs = _load_session(db, params.ticket)
    if qs is None:
        return Outcome("", result="unknown ticket")
    if not _usable(qs, now):
        _end(qs, now)
        return Outcome("", result="session ended", **_base(qs))
    qs.last_call_at = now
    if not qs.hcp_received:
        refusal = _first_call(db, qs, params, now)
        if refusal is not None:
            return refusal
    if qs.ending:
        return Outcome(_final_request(qs), result="final request", **_base(qs))
    if qs.current_job_id is not None:
        # QBWC asks again without having answered: the same job again.
        job = db.get(Job, qs.current_job_id)
        if job is not None and job.state == JobState.SENT:
            return _send(qs, job)
    job = _claim(db, qs, now)
    if job is not None:
        return _send(qs, job)
    if qs.warm_until is not None and now < qs.warm_until:
        return _hold(db, settings, qs.id, qs.connection_id, now)
    qs.ending = True
    return Outcome(_final_request(qs), result="final request", **_base(qs))


def _first_call(db: Session, qs: QbwcSession, p: SendParams, now: datetime) -> Outcome | None:
    """Read the HCP response, check the company file, choose the qbXML version."""
    conn = qs.connection
    host: HostCompany | None = None
    if p.hcp_response.strip():
        try:
            host = parse_hcp(p.hcp_response)
        except QbxmlReadError as exc:
            log.warning("connection %s: unreadable strHCPResponse: %s", conn.id, exc)
    seen_file = p.company_file.strip()
    if conn.company_file and not _same_file(conn, seen_file, host):
        return _refuse(
            db, qs, diagnostics.file_mismatch(conn.company_file, seen_file or "(no file name)"), now
        )
    try:
        version = versions.negotiate(
            host.supported_versions if host else [], p.major or None, p.minor or None
        )
    except versions.VersionError as exc:
        return _refuse(db, qs, diagnostics.version_unsupported(str(exc)), now)
    qs.hcp_received = True
    qs.qbxml_version = version
    qs.company_file = seen_file or None
    conn.last_connected_at = now
    conn.last_poll_at = now
    conn.qbxml_version = version
    conn.country = ((host.country if host else None) or p.country or conn.country or "")[:8] or None
    if host is not None:
        conn.company_name = host.company_name or conn.company_name
        conn.edition = host.product_name or conn.edition
        conn.product_version = host.product_version or conn.product_version
        conn.is_sample_file = host.is_sample
        if host.supported_versions:
            conn.supported_qbxml_versions = " ".join(host.supported_versions)[:255]
    if not conn.company_file and seen_file:
        conn.company_file = seen_file
        conn.file_bound_at = now
    diagnostics.resolve_all(db, conn.id, now)
    return None


def _normalize_path(path: str) -> str:
    return path.strip().replace("/", "\\").casefold()


def _same_file(conn: Connection, seen_file: str, host: HostCompany | None) -> bool:
    ours = f"{{{conn.file_id}}}".casefold()
    if host is not None and any(fid.casefold() == ours for fid in host.file_ids):
        return True  # our FileID stamp: the same file, even if it moved
    return bool(seen_file) and _normalize_path(seen_file) == _normalize_path(
        conn.company_file or ""
    )


def _refuse(
    db: Session, qs: QbwcSession, explanation: diagnostics.Explanation, now: datetime
) -> Outcome:
    qs.state = REFUSED
    qs.closed_at = now
    qs.last_error = explanation.text()
    diagnostics.record(db, qs.connection_id, explanation, source="sendRequestXML", session_id=qs.id)
    return Outcome("", result=f"refused: {explanation.code}", **_base(qs))


def _claim(db: Session, qs: QbwcSession, now: datetime) -> Job | None:
    """The next queued job this session can send; jobs needing a newer qbXML fail here."""
    while True:
        job = jobs.claim_next_job(db, qs.connection_id, qs.id, now)
        if job is None:
            return None
        needed = job.min_qbxml_version
        if needed and qs.qbxml_version and _too_new(needed, qs.qbxml_version):
            jobs.fail_job(
                db,
                job,
                error=f"This request needs qbXML {needed}; the QuickBooks of this connection "
                f"supports up to {qs.qbxml_version}.",
                now=now,
            )
            continue
        qs.current_job_id = job.id
        job.qbxml_version = qs.qbxml_version
        return job


def _too_new(needed: str, available: str) -> bool:
    try:
        return versions.version_key(needed) > versions.version_key(available)
    except versions.VersionError:
        return False


def request_document(body: str, version: str | None) -> str:
    """The qbXML text QBWC hands to QuickBooks: declaration, qbxml PI, the <QBXML> element."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="{version or "2.0"}"?>\n{body}'


def _send(qs: QbwcSession, job: Job) -> Outcome:
    return Outcome(
        request_document(job.request_body, qs.qbxml_version),
        result=f"job {job.id}",
        job_id=job.id,
        **_base(qs),
    )


def _final_request(qs: QbwcSession) -> str:
    return request_document(FINAL_REQUEST_BODY, qs.qbxml_version)


def _hold(
    db: Session,
    settings: Settings,
    session_id: int,
    connection_id: uuid.UUID,
    now: datetime,
) -> Outcome:
    """Wait (no transaction open) for new work of a warm session; NoOp when none comes."""
    base = {"connection_id": connection_id, "session_id": session_id}
    db.commit()
    deadline = time.monotonic() + settings.hold_seconds
    while time.monotonic() < deadline:
        time.sleep(settings.hold_poll_seconds)
        if jobs.has_queued_job(db, connection_id):
            qs = db.get(QbwcSession, session_id)
            if qs is None or qs.state != OPEN:
                break
            job = _claim(db, qs, utcnow())
            if job is not None:
                return _send(qs, job)
        db.rollback()
    qs = db.get(QbwcSession, session_id)
    if qs is not None and qs.state == OPEN:
        qs.noop_pending = True
        qs.last_call_at = utcnow()
    return Outcome("", result="held: NoOp", **base)


def _end(qs: QbwcSession, now: datetime) -> None:
    if qs.state == OPEN:
        qs.state = CLOSED
        qs.closed_at = now
        qs.last_error = ENDED_TEXT


# --- receiveResponseXML -------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiveParams:
    ticket: str
    response: str
    hresult: str
    message: str


def receive_response_xml(
    db: Session, settings: Settings, params: ReceiveParams, now: datetime
) -> Outcome:
    """Store QuickBooks' answer; 0-99 = more to do, 100 = done, negative = see getLastError."""
    statuses: list[Any] = []
    read_error: str | None = None
    if params.response.strip() and not params.hresult.strip():
        try:  # parsed before any database work: no lock is held meanwhile
            statuses = response_statuses(params.response)
        except QbxmlReadError as exc:
            read_error = str(exc)
    qs = _load_session(db, params.ticket)
    if qs is None:
        return Outcome(100, result="unknown ticket: 100")
    qs.last_call_at = now
    base = _base(qs)
    if qs.ending or qs.current_job_id is None:
        qs.ending = True
        return Outcome(100, result="100", **base)
    job = db.get(Job, qs.current_job_id)
    qs.current_job_id = None
    if job is None or job.state != JobState.SENT or job.session_id != qs.id:
        # Answered too late: the job was recovered by a newer session (or withdrawn).
        return Outcome(_progress(db, settings, qs, now), result="stale job", **base)
    hresult = diagnostics.normalize_hresult(params.hresult)
    if hresult is not None:
        return _job_hresult(db, qs, job, hresult, params.message, now)
    if read_error is not None or not statuses:
        error = read_error or "QuickBooks' response holds no answer to the request."
        jobs.fail_job(db, job, error=error, now=now, response_qbxml=params.response or None)
        qs.last_error = f"nXus could not read QuickBooks' answer: {error}"
        return Outcome(-102, result="unreadable response", job_id=job.id, **base)
    first_error = next((s for s in statuses if s.code != 0), None)
    status = first_error or statuses[0]
    jobs.complete_job(
        db,
        job,
        params.response,
        status_code=status.code,
        status_severity=status.severity,
        status_message=status.message,
        now=now,
    )
    explanation = diagnostics.explain_status(status.code)
    if explanation is not None:
        diagnostics.record(
            db,
            qs.connection_id,
            explanation,
            source="receiveResponseXML",
            detail=status.message,
            session_id=qs.id,
        )
    qs.jobs_done += 1
    qs.warm_until = min(now + settings.keep_warm, qs.expires_at)
    progress = _progress(db, settings, qs, now)
    return Outcome(progress, result=str(progress), job_id=job.id, status_code=status.code, **base)


def _job_hresult(
    db: Session, qs: QbwcSession, job: Job, hresult: str, message: str, now: datetime
) -> Outcome:
    explanation = diagnostics.explain_hresult(hresult, message)
    jobs.fail_job(db, job, error=message.strip() or explanation.title, hresult=hresult, now=now)
    qs.last_error = explanation.text()
    qs.last_hresult = hresult
    diagnostics.record(
        db,
        qs.connection_id,
        explanation,
        source="receiveResponseXML",
        detail=message.strip() or None,
        session_id=qs.id,
    )
    return Outcome(-101, result=f"-101 {hresult}", job_id=job.id, hresult=hresult, **_base(qs))


def _progress(db: Session, settings: Settings, qs: QbwcSession, now: datetime) -> int:
    queued = jobs.count_queued(db, qs.connection_id)
    if queued:
        done = max(qs.jobs_done, 1)
        return max(1, min(99, done * 100 // (done + queued)))
    if qs.warm_until is not None and now < qs.warm_until:
        return 99  # stay: sendRequestXML holds for new work, then NoOp / final request
    qs.ending = True
    return 100


# --- connectionError / getLastError / closeConnection / interactive ------------------------


def connection_error(
    db: Session, ticket: str, hresult: str, message: str, now: datetime
) -> Outcome:
    """QBWC could not reach QuickBooks: record the diagnostic; "done" ends the session."""
    qs = _load_session(db, ticket)
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
    diagnostics.record(
        db,
        qs.connection_id,
        explanation,
        source="connectionError",
        detail=message.strip() or None,
        session_id=qs.id,
    )
    return Outcome("done", result="done", hresult=code, **_base(qs))


def get_last_error(db: Session, ticket: str, now: datetime) -> Outcome:
    qs = _load_session(db, ticket)
    if qs is None:
        return Outcome(ENDED_TEXT, result="unknown ticket")
    qs.last_call_at = now
    if qs.noop_pending and qs.state == OPEN:
        qs.noop_pending = False
        return Outcome(NOOP, result=NOOP, **_base(qs))
    if qs.last_error:
        return Outcome(qs.last_error, result="error text", hresult=qs.last_hresult, **_base(qs))
    if not _usable(qs, now):
        return Outcome(ENDED_TEXT, result="session ended", **_base(qs))
    return Outcome("nXus has nothing more to send.", result="no error", **_base(qs))


def close_connection(db: Session, ticket: str, now: datetime) -> Outcome:
    qs = _load_session(db, ticket)
    if qs is None:
        return Outcome("OK", result="OK (unknown ticket)")
    if qs.state == OPEN:
        qs.state = CLOSED
        qs.closed_at = now
    qs.last_call_at = now
    text = "OK" if qs.state == CLOSED else (qs.last_error or "OK")
    return Outcome(text[:1000], result=f"closed ({qs.state})", **_base(qs))


def interactive_url(db: Session, ticket: str) -> Outcome:
    """nXus never asks for interactive mode: no URL."""
    return Outcome("", result="no interactive mode")


def interactive_done(db: Session, ticket: str) -> Outcome:
    return Outcome("Done", result="Done")


def interactive_rejected(db: Session, ticket: str, reason: str) -> Outcome:
    return Outcome("Interactive session was not started.", result="rejected")
