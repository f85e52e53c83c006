"""The audit log: who did what, when, from which address.

`record` is the one way to write a row; anyone may call it (it adds the row to the caller's
session, the caller commits). Rows never hold a secret: callers pass names and ids, never a
password, key, TOTP secret or token, and `record` also blanks anything shaped like an API key
or a long random token that slips into the text. Old rows are purged in small batches as
new ones are written, at most once a minute per process (retention: AUDIT_RETENTION_DAYS)."""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_app_context
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nxus.db import in_list, utcnow
from nxus.formats import iso
from nxus.models import AuditEvent, User

# kind -> how the audit page names it
KINDS: dict[str, str] = {
    "sign_in.ok": "Signed in",
    "sign_in.failed": "Sign-in failed",
    "sign_in.locked": "Sign-in locked out",
    "invite.created": "Invited",
    "invite.revoked": "Invite withdrawn",
    "member.joined": "Joined",
    "member.role_changed": "Role changed",
    "member.removed": "Removed",
    "password.changed": "Password changed",
    "password.reset_issued": "Reset link issued",
    "password.reset": "Password reset",
    "two_factor.enabled": "Two-factor on",
    "two_factor.disabled": "Two-factor off",
    "two_factor.recovery_used": "Recovery code used",
    "org.settings": "Organization settings",
    "api_key.created": "API key created",
    "api_key.revoked": "API key revoked",
    "connection.created": "Connection created",
    "connection.archived": "Connection archived",
    "connection.restored": "Connection restored",
    "connection.deleted": "Connection deleted",
    "qbwc_password.regenerated": "QBWC password regenerated",
}
# Other parts may add kinds of their own (`area.verb`); KINDS names the ones the page knows.
_KIND_RE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
PAGE_SIZE = 100
PURGE_BATCH = 500
_PURGE_EVERY_SECONDS = 60.0
_last_purge = 0.0

# Secrets never belong in a row; these shapes are blanked if one slips in anyway.
# (A UUID is 36 characters of the same alphabet: it is left alone.)
_SECRET_SHAPES = re.compile(
    r"sk_(?:test|live)_[A-Za-z0-9_-]{8,}"
    r"|(?<![A-Za-z0-9_-])(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-)[A-Za-z0-9_-]{32,}"
)


def scrub(text: str) -> str:
    return _SECRET_SHAPES.sub("[redacted]", text)


def record(
    session: Session,
    *,
    org_id: uuid.UUID | None,
    actor_user_id: uuid.UUID | None,
    kind: str,
    target: str = "",
    ip: str | None = None,
    detail: str = "",
) -> AuditEvent:
    """Add one audit row to `session` (the caller commits). `kind` is `area.verb` (those in
    KINDS have a label on the page); `target` names what was acted on (an email, a key's name
    and prefix, a connection); `detail` says more, never a secret."""
    if not _KIND_RE.match(kind):
        raise ValueError(f"an audit kind is `area.verb` in lower case, not {kind!r}")
    actor = session.get(User, actor_user_id) if actor_user_id is not None else None
    event = AuditEvent(
        organization_id=org_id,
        actor_user_id=actor_user_id,
        actor_email=actor.email if actor is not None else None,
        kind=kind,
        target=scrub(target)[:300],
        ip=(ip or None) and ip[:64],
        detail=scrub(detail)[:500],
        created_at=utcnow(),
    )
    session.add(event)
    _maybe_purge(session)
    return event


def _maybe_purge(session: Session) -> None:
    global _last_purge
    now = time.monotonic()
    if now - _last_purge < _PURGE_EVERY_SECONDS or not has_app_context():
        return
    _last_purge = now
    purge(session, current_app.config["AUDIT_RETENTION_DAYS"])


def purge(session: Session, retention_days: int, batch: int = PURGE_BATCH) -> int:
    """Delete up to `batch` rows older than the retention (0 keeps rows forever)."""
    if retention_days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=retention_days)
    ids = list(
        session.scalars(select(AuditEvent.id).where(AuditEvent.created_at < cutoff).limit(batch))
    )
    if ids:
        session.execute(delete(AuditEvent).where(AuditEvent.id.in_(in_list(ids))))
    return len(ids)


@dataclass(frozen=True)
class Filters:
    actor: str = ""  # an actor's email, "" for everyone
    kind: str = ""  # one of KINDS, "" for all

    def clean(self) -> Filters:
        kind = self.kind if _KIND_RE.match(self.kind) and len(self.kind) <= 40 else ""
        return Filters(self.actor.strip().lower()[:254], kind)


def _query(org_id: uuid.UUID, filters: Filters):  # type: ignore[no-untyped-def]
    query = select(AuditEvent).where(AuditEvent.organization_id == org_id)
    if filters.actor:
        query = query.where(AuditEvent.actor_email == filters.actor)
    if filters.kind:
        query = query.where(AuditEvent.kind == filters.kind)
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def events(
    session: Session, org_id: uuid.UUID, filters: Filters, limit: int = PAGE_SIZE
) -> list[AuditEvent]:
    """The organization's newest events matching the filters."""
    return list(session.scalars(_query(org_id, filters.clean()).limit(limit)))


def actors(session: Session, org_id: uuid.UUID) -> list[str]:
    """Every address that appears as an actor in the organization's log (for the filter)."""
    rows = session.scalars(
        select(AuditEvent.actor_email)
        .where(AuditEvent.organization_id == org_id, AuditEvent.actor_email.is_not(None))
        .distinct()
    )
    return sorted(email for email in rows if email)


def kind_labels(session: Session, org_id: uuid.UUID) -> dict[str, str]:
    """Every kind the filter offers: the known ones, then any other kind in the log."""
    used = session.scalars(
        select(AuditEvent.kind).where(AuditEvent.organization_id == org_id).distinct()
    )
    extra = sorted(kind for kind in used if kind not in KINDS)
    return {**KINDS, **{kind: kind for kind in extra}}


def as_csv(session: Session, org_id: uuid.UUID, filters: Filters) -> str:
    """The matching events as CSV (newest first), at most 50,000 rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["time_utc", "actor", "kind", "target", "ip", "detail"])
    for event in _stream(session, org_id, filters.clean()):
        writer.writerow(
            [
                iso(event.created_at, "seconds"),
                event.actor_email or "",
                event.kind,
                _cell(event.target),
                event.ip or "",
                _cell(event.detail),
            ]
        )
    return out.getvalue()


def _stream(session: Session, org_id: uuid.UUID, filters: Filters) -> Iterable[AuditEvent]:
    return session.scalars(_query(org_id, filters).limit(50_000))


def _cell(value: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula: quote it.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
