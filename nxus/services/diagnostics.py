"""Web Connector and QuickBooks problems in plain words: what happened, how to fix it, and the
/support section that shows how (#connection-error, #wrong-password, #not-connected,
#allow-access). One table per source; `record` stores a diagnostic for the portal and the
status endpoint."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models.qbwc import QbwcDiagnostic
from nxus.services import events

SUPPORT_PATH = "/support"
CONNECTION_ERROR = "connection-error"
WRONG_PASSWORD = "wrong-password"
NOT_CONNECTED = "not-connected"
ALLOW_ACCESS = "allow-access"


@dataclass(frozen=True)
class Explanation:
    code: str
    title: str
    explanation: str
    fix: str
    anchor: str
    severity: str = "error"

    @property
    def support_url(self) -> str:
        return f"{SUPPORT_PATH}#{self.anchor}"

    def text(self) -> str:
        """One paragraph for getLastError and logs."""
        return f"{self.title}. {self.explanation} Fix: {self.fix} (see {self.support_url})"


_OPEN_QB = "Open QuickBooks on the Web Connector's computer and sign in to the company file."
_ALLOW = (
    "In QuickBooks, sign in as Admin in single-user mode, open Edit > Preferences > Integrated "
    'Applications > Company Preferences, select nXus and allow access, including "even if '
    'QuickBooks is not running", with a QuickBooks user that may read and write.'
)

# HRESULT (upper-case hex, 0x prefix) -> (title, explanation, fix, anchor)
_HRESULTS: dict[str, tuple[str, str, str, str]] = {
    "0x80040400": (
        "QuickBooks could not read a request",
        "QuickBooks found an error when parsing the qbXML nXus sent (an element it does not know "
        "or one out of order for its qbXML version).",
        "Check the request that failed in the exchange log; a newer QuickBooks may be needed.",
        CONNECTION_ERROR,
    ),
    "0x80040401": (
        "QuickBooks could not be reached",
        "The Web Connector could not access QuickBooks.",
        _OPEN_QB + " Then run the Web Connector update again.",
        CONNECTION_ERROR,
    ),
    "0x80040403": (
        "The company file could not be opened",
        "QuickBooks could not open the company file the Web Connector asked for.",
        "Open the company file in QuickBooks yourself; check it exists and is not damaged.",
        CONNECTION_ERROR,
    ),
    "0x80040406": (
        "The company file was not found",
        "The company file path given to QuickBooks is wrong or the file is missing.",
        "Open the right company file in QuickBooks, then run the update again.",
        CONNECTION_ERROR,
    ),
    "0x80040408": (
        "QuickBooks could not start",
        "The Web Connector could not start QuickBooks (it is not running, or it cannot start "
        "unattended).",
        _OPEN_QB + " If it should run unattended, allow nXus to log in automatically.",
        CONNECTION_ERROR,
    ),
    "0x8004040A": (
        "A different company file is open",
        "QuickBooks has a company file open that is not the one this connection uses.",
        "Close that file and open the connection's company file, then run the update again.",
        CONNECTION_ERROR,
    ),
    "0x8004040D": (
        "QuickBooks session ticket is invalid",
        "QuickBooks rejected the Web Connector's session (it was closed or timed out).",
        "Run the update again; restart QuickBooks and the Web Connector if it persists.",
        CONNECTION_ERROR,
    ),
    "0x80040410": (
        "The company file is open in another mode",
        "The company file is open in a mode (single-user or multi-user) other than the one "
        "requested.",
        "Switch QuickBooks to the other mode (File > Switch to Multi-user/Single-user Mode) or "
        "close the file, then run the update again.",
        CONNECTION_ERROR,
    ),
    "0x80040414": (
        "A QuickBooks window is waiting",
        "A dialog box is open in QuickBooks, so it cannot answer.",
        "Close the open dialog in QuickBooks, then run the update again.",
        CONNECTION_ERROR,
    ),
    "0x80040416": (
        "No company file is open",
        "QuickBooks is not running with a company file open and no file was named.",
        _OPEN_QB,
        NOT_CONNECTED,
    ),
    "0x80040417": (
        "No company file is open",
        "QuickBooks is running but no company file is open.",
        _OPEN_QB,
        NOT_CONNECTED,
    ),
    "0x80040418": (
        "nXus was never allowed into this company file",
        "Only the QuickBooks administrator can let an application into a company file the "
        "first time.",
        'Sign in to QuickBooks as Admin, run the update and answer "Yes, always allow access".',
        ALLOW_ACCESS,
    ),
    "0x8004041A": (
        "nXus may not access this company file",
        "The Integrated Applications preferences of QuickBooks do not allow nXus.",
        _ALLOW,
        ALLOW_ACCESS,
    ),
    "0x8004041D": (
        "nXus may not log in automatically",
        "QuickBooks is not running and nXus is not allowed to open the company file by itself.",
        _ALLOW,
        ALLOW_ACCESS,
    ),
    "0x8004041F": (
        "This QuickBooks edition cannot integrate",
        "QuickBooks Basic does not support integrated applications.",
        "Use QuickBooks Pro, Premier or Enterprise.",
        CONNECTION_ERROR,
    ),
    "0x80040420": (
        "Access was refused in QuickBooks",
        'Someone answered "No" when QuickBooks asked whether nXus may access the company file.',
        'Run the update again while signed in as Admin and choose "Yes, always allow access".',
        ALLOW_ACCESS,
    ),
    "0x80040422": (
        "Another application holds the company file",
        "nXus needs single-user access but another application is using the company file.",
        "Close the other application (or its session) and run the update again.",
        CONNECTION_ERROR,
    ),
    "0x80040424": (
        "QuickBooks was still starting",
        "QuickBooks had not finished starting up.",
        "Wait until QuickBooks has started, then run the update again.",
        CONNECTION_ERROR,
    ),
}

# qbXML statusCode -> explanation worth showing to a person (others are API-level answers).
_STATUSES: dict[int, tuple[str, str, str, str]] = {
    3250: (
        "A QuickBooks feature is turned off",
        "The request needs a QuickBooks feature that is not enabled in this company file.",
        "Turn the feature on in QuickBooks' preferences, or avoid the field.",
        CONNECTION_ERROR,
    ),
    3261: (
        "The QuickBooks user lacks permission",
        "The QuickBooks user nXus signs in as may not do this.",
        _ALLOW,
        ALLOW_ACCESS,
    ),
    3262: (
        "The QuickBooks user lacks permission",
        "The QuickBooks user nXus signs in as may not see sensitive data.",
        _ALLOW,
        ALLOW_ACCESS,
    ),
}


def normalize_hresult(raw: str | None) -> str | None:
    """ "0x80040408", "80040408", "-2147220472" -> "0x80040408"; "" -> None."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if text.lower().startswith("0x"):
            value = int(text, 16)
        elif text.startswith("-") or (text.isdigit() and len(text) != 8):
            value = int(text)  # a signed decimal HRESULT, as .NET prints it
        else:
            value = int(text, 16)  # "80040408": hex without its prefix
    except ValueError:
        return text[:16]
    return f"0x{value & 0xFFFFFFFF:08X}"


def explain_hresult(raw: str | None, message: str | None = None) -> Explanation:
    code = normalize_hresult(raw) or "unknown"
    known = _HRESULTS.get(code)
    if known is None:
        detail = f" The Web Connector said: {message.strip()}" if message else ""
        return Explanation(
            code=code,
            title=f"The Web Connector reported error {code}",
            explanation="QuickBooks or the Web Connector could not complete the update." + detail,
            fix="Check that QuickBooks is open with the right company file and run the update "
            "again; the Web Connector's log has details.",
            anchor=CONNECTION_ERROR,
        )
    title, explanation, fix, anchor = known
    return Explanation(code, title, explanation, fix, anchor)


def explain_status(code: int) -> Explanation | None:
    known = _STATUSES.get(code)
    if known is None:
        return None
    title, explanation, fix, anchor = known
    return Explanation(f"status_{code}", title, explanation, fix, anchor, severity="warning")


def wrong_password(user_name: str, locked_seconds: int = 0) -> Explanation:
    locked = (
        f" Further attempts are refused for {locked_seconds} seconds." if locked_seconds else ""
    )
    return Explanation(
        code="wrong_password",
        title="The Web Connector's password was refused",
        explanation=f"The password entered in the Web Connector for {user_name} is not the "
        f"current one.{locked}",
        fix="Generate a new password in step 3 of the setup wizard and enter it in the Web "
        "Connector's Password column (then press Enter and Save).",
        anchor=WRONG_PASSWORD,
    )


def connection_disabled(archived: bool) -> Explanation:
    what = "archived" if archived else "turned off"
    return Explanation(
        code="connection_disabled",
        title=f"This connection is {what}",
        explanation=f"The Web Connector tried to sync a connection that is {what}.",
        fix="Restore or re-activate the connection, or remove its entry from the Web Connector.",
        anchor=NOT_CONNECTED,
        severity="warning",
    )


def file_mismatch(bound_file: str, seen_file: str) -> Explanation:
    return Explanation(
        code="file_mismatch",
        title="A different company file is open",
        explanation=f'QuickBooks has "{seen_file}" open, but this connection belongs to '
        f'"{bound_file}". nXus refused the session so no data of one company reaches the '
        "other.",
        fix=f'Open "{bound_file}" in QuickBooks and run the update again; to sync '
        f'"{seen_file}", create another connection for it.',
        anchor=CONNECTION_ERROR,
    )


def version_unsupported(detail: str) -> Explanation:
    return Explanation(
        code="qbxml_version",
        title="This QuickBooks is too old for nXus",
        explanation=f"QuickBooks and nXus share no qbXML version ({detail}).",
        fix="Update QuickBooks Desktop to a supported release.",
        anchor=CONNECTION_ERROR,
    )


MISSED_POLLS = "missed_polls"


def missed_polls(last_poll_at: datetime | None, every_seconds: int) -> Explanation:
    when = last_poll_at.strftime("%Y-%m-%d %H:%M UTC") if last_poll_at else "never"
    return Explanation(
        code=MISSED_POLLS,
        title="The Web Connector has stopped polling",
        explanation=f"nXus expects a visit every {every_seconds} seconds; the last one was {when}.",
        fix="Check that the Web Connector is running on the QuickBooks computer, that the nXus "
        "row is ticked with Run on a Schedule enabled (its Auto-Run interval left blank), and "
        "that the computer can reach this server.",
        anchor=NOT_CONNECTED,
        severity="warning",
    )


def check_missed_polls(
    last_poll_at: datetime | None, every_seconds: int, now: datetime | None = None, slack: int = 3
) -> Explanation | None:
    """A diagnostic when `slack` scheduled polls in a row did not happen (None otherwise)."""
    if last_poll_at is None or every_seconds <= 0:
        return None
    overdue = ((now or utcnow()) - last_poll_at).total_seconds()
    return missed_polls(last_poll_at, every_seconds) if overdue > slack * every_seconds else None


def note_missed_polls(
    session: Session,
    connection_id: uuid.UUID,
    last_poll_at: datetime | None,
    every_seconds: int,
    now: datetime | None = None,
) -> Explanation | None:
    """Where status is read: the missed-polls explanation, recorded once per silence (the next
    authenticate resolves it). No query unless polls are missed; no commit."""
    missed = check_missed_polls(last_poll_at, every_seconds, now)
    if missed is None:
        return None
    open_one = session.scalar(
        select(QbwcDiagnostic.id)
        .where(
            QbwcDiagnostic.connection_id == connection_id,
            QbwcDiagnostic.code == MISSED_POLLS,
            QbwcDiagnostic.resolved_at.is_(None),
        )
        .limit(1)
    )
    if open_one is None:
        record(session, connection_id, missed, source="status")
    return missed


def record(
    session: Session,
    connection_id: uuid.UUID,
    explanation: Explanation,
    *,
    source: str,
    detail: str | None = None,
    session_id: int | None = None,
) -> QbwcDiagnostic:
    """Store a diagnostic (no commit)."""
    diagnostic = QbwcDiagnostic(
        connection_id=connection_id,
        session_id=session_id,
        created_at=utcnow(),
        code=explanation.code[:32],
        severity=explanation.severity,
        source=source,
        title=explanation.title[:255],
        explanation=explanation.explanation,
        fix=explanation.fix,
        support_anchor=explanation.anchor,
        detail=detail,
    )
    session.add(diagnostic)
    events.diagnosed(session, diagnostic)
    return diagnostic


def recent(session: Session, connection_id: uuid.UUID, limit: int = 20) -> list[QbwcDiagnostic]:
    """Newest first, for the portal and the status endpoint."""
    return list(
        session.scalars(
            select(QbwcDiagnostic)
            .where(QbwcDiagnostic.connection_id == connection_id)
            .order_by(QbwcDiagnostic.created_at.desc(), QbwcDiagnostic.id.desc())
            .limit(limit)
        )
    )


def latest_unresolved(session: Session, connection_id: uuid.UUID) -> QbwcDiagnostic | None:
    return session.scalars(
        select(QbwcDiagnostic)
        .where(QbwcDiagnostic.connection_id == connection_id, QbwcDiagnostic.resolved_at.is_(None))
        .order_by(QbwcDiagnostic.created_at.desc(), QbwcDiagnostic.id.desc())
        .limit(1)
    ).first()


def resolve_all(session: Session, connection_id: uuid.UUID, now: datetime) -> None:
    """A healthy exchange resolves the connection's open diagnostics (no commit)."""
    session.execute(
        update(QbwcDiagnostic)
        .where(QbwcDiagnostic.connection_id == connection_id, QbwcDiagnostic.resolved_at.is_(None))
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )


def resolve_code(session: Session, connection_id: uuid.UUID, code: str, now: datetime) -> None:
    """Resolve the connection's open diagnostics of one kind (no commit)."""
    session.execute(
        update(QbwcDiagnostic)
        .where(
            QbwcDiagnostic.connection_id == connection_id,
            QbwcDiagnostic.code == code,
            QbwcDiagnostic.resolved_at.is_(None),
        )
        .values(resolved_at=now)
        .execution_options(synchronize_session=False)
    )


def poll_interval(config: Any) -> int:
    """Seconds between two Web Connector visits when idle: the .qwc schedule, or the slower
    pace authenticate asks for."""
    return max(
        int(config.get("QWC_RUN_EVERY_N_SECONDS", 0) or 0),
        int(config["QBWC_MIN_RUN_EVERY_SECONDS_IDLE"]),
    )
