"""Connections: create, find (by `conn_<hex>`, raw UUID or externalId), page through, update,
archive/restore, delete for good, and generate the Web Connector password.

Every lookup is scoped to one organization and one mode (development for sk_test_ keys,
production for sk_live_ keys): anything outside the scope is NotFound, never Forbidden."""

from __future__ import annotations

import re
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import Connection
from nxus.security import hash_password
from nxus.services import jobs
from nxus.services.errors import Conflict, NotFound, ValidationFailed

MODES = ("development", "production")
DEFAULT_DESCRIPTION = "QuickBooks Connection"
DESCRIPTION_MAX = 500
EXTERNAL_ID_MAX = 255
TIME_ZONE_MAX = 64
PASSWORD_LENGTH = 24
# Letters and digits without look-alikes (0/O, 1/l/I): typed by hand into the Web Connector.
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
_PREFIXED_ID = re.compile(r"^conn_([0-9a-fA-F]{32})$")
# The first request of a connection that never connected: qbXML 2.0, which every QuickBooks
# nXus serves (2006 = qbXML 5.0 and later) speaks.
FIRST_EXCHANGE_QBXML = (
    '<?xml version="1.0" encoding="utf-8"?><?qbxml version="2.0"?><QBXML>'
    '<QBXMLMsgsRq onError="stopOnError"><CompanyQueryRq /></QBXMLMsgsRq></QBXML>'
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Scope:
    """What a caller may see: one organization, one mode."""

    organization_id: uuid.UUID
    mode: str

    def where(self) -> ColumnElement[bool]:
        return and_(
            Connection.organization_id == self.organization_id, Connection.mode == self.mode
        )


def parse_id(ref: str) -> uuid.UUID | None:
    """The UUID in `conn_<32 hex>` or a raw UUID; None for anything else."""
    match = _PREFIXED_ID.match(ref)
    if match:
        return uuid.UUID(match.group(1))
    try:
        return uuid.UUID(ref)
    except ValueError:
        return None


def find(session: Session, scope: Scope, ref: str) -> Connection:
    """The connection named by id or externalId within `scope`, else NotFound."""
    ref = ref.strip()
    conn_id = parse_id(ref)
    condition = Connection.id == conn_id if conn_id is not None else Connection.external_id == ref
    connection = session.scalar(select(Connection).where(scope.where(), condition))
    if connection is None:
        raise NotFound(f"No connection {ref!r} exists.")
    return connection


def check_description(value: str | None) -> str:
    value = " ".join((value or "").split())
    if len(value) > DESCRIPTION_MAX:
        raise ValidationFailed(
            "description",
            f"description is {len(value)} characters; the limit is {DESCRIPTION_MAX}.",
        )
    return value or DEFAULT_DESCRIPTION


def check_time_zone(value: str | None) -> str | None:
    """None or "" means the server's COMPANY_TIME_ZONE; otherwise an IANA zone name."""
    if value is None or value == "":
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            "timeZone", f"timeZone {value!r} is not an IANA time zone name (e.g. America/New_York)."
        ) from None
    return value


def check_external_id(value: str | None) -> str | None:
    """None or "" means none; otherwise 1-255 printable characters that cannot be mistaken
    for a connection id (ids and externalIds share the X-Connection-Id header)."""
    if value is None or value == "":
        return None
    if len(value) > EXTERNAL_ID_MAX:
        raise ValidationFailed(
            "externalId",
            f"externalId is {len(value)} characters; the limit is {EXTERNAL_ID_MAX}.",
        )
    if value != value.strip() or _CONTROL.search(value):
        raise ValidationFailed(
            "externalId", "externalId must not start or end with spaces or hold control characters."
        )
    if parse_id(value) is not None:
        raise ValidationFailed(
            "externalId", "externalId must not look like a connection id (conn_… or a UUID)."
        )
    return value


def _ensure_external_id_free(
    session: Session, organization_id: uuid.UUID, external_id: str, own_id: uuid.UUID | None
) -> None:
    clash = session.scalar(
        select(Connection.id).where(
            Connection.organization_id == organization_id,
            Connection.external_id == external_id,
        )
    )
    if clash is not None and clash != own_id:
        raise ValidationFailed(
            "externalId",
            f"externalId must be unique within your organization; {external_id!r} is already "
            "used by another connection.",
        )


def _new_username(session: Session) -> str:
    while True:
        username = f"nxus-{secrets.token_hex(6)}"
        if (
            session.scalar(select(Connection.id).where(Connection.qbwc_username == username))
            is None
        ):
            return username


def create(
    session: Session, scope: Scope, description: str | None, external_id: str | None
) -> Connection:
    """A new connection in the scope's organization and mode; commits."""
    if scope.mode not in MODES:
        raise ValidationFailed("mode", f"mode must be one of {', '.join(MODES)}.")
    description = check_description(description)
    external_id = check_external_id(external_id)
    if external_id is not None:
        _ensure_external_id_free(session, scope.organization_id, external_id, None)
    connection = Connection(
        organization_id=scope.organization_id,
        mode=scope.mode,
        description=description,
        external_id=external_id,
        qbwc_username=_new_username(session),
        file_id=uuid.uuid4(),
    )
    session.add(connection)
    _commit_or_duplicate(session, external_id)
    return connection


def _commit_or_duplicate(session: Session, external_id: str | None) -> None:
    """Commit; a unique-constraint race on externalId becomes the same validation error."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ValidationFailed(
            "externalId",
            f"externalId must be unique within your organization; {external_id!r} is already "
            "used by another connection.",
        ) from None


def count(session: Session, scope: Scope) -> int:
    return session.scalar(select(func.count()).select_from(Connection).where(scope.where())) or 0


def list_after(
    session: Session, scope: Scope, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[Connection]:
    """Up to `limit` connections ordered by (created_at, id), after the keyset `after`."""
    query = select(Connection).where(scope.where())
    if after is not None:
        created, last_id = after
        query = query.where(
            or_(
                Connection.created_at > created,
                and_(Connection.created_at == created, Connection.id > last_id),
            )
        )
    query = query.order_by(Connection.created_at, Connection.id).limit(limit)
    return list(session.scalars(query))


def update(session: Session, connection: Connection, changes: dict[str, Any]) -> Connection:
    """Apply {description?, externalId? ("" clears), isActive?}; commits."""
    if "description" in changes:
        connection.description = check_description(changes["description"])
    if "externalId" in changes:
        external_id = check_external_id(changes["externalId"])
        if external_id is not None:
            _ensure_external_id_free(
                session, connection.organization_id, external_id, connection.id
            )
        connection.external_id = external_id
    if "isActive" in changes:
        connection.is_active = bool(changes["isActive"])
    if "timeZone" in changes:
        connection.time_zone = check_time_zone(changes["timeZone"])
    connection.updated_at = utcnow()
    _commit_or_duplicate(session, connection.external_id)
    return connection


def archive(session: Session, connection: Connection) -> Connection:
    """Archive: the Web Connector password is revoked, /qbwc refuses the connection."""
    if connection.archived_at is None:
        connection.archived_at = utcnow()
    connection.qbwc_password_hash = None
    connection.password_set_at = None
    connection.updated_at = utcnow()
    session.commit()
    return connection


def restore(session: Session, connection: Connection) -> Connection:
    """Undo an archive. The old password stays revoked: generate a new one."""
    connection.archived_at = None
    connection.updated_at = utcnow()
    session.commit()
    return connection


def delete_permanently(session: Session, connection: Connection) -> None:
    """Delete the row; the database cascades to everything that belongs to it."""
    connection_id = connection.id
    session.expunge(connection)
    session.execute(delete(Connection).where(Connection.id == connection_id))
    session.commit()


def generate_password(session: Session, connection: Connection) -> str:
    """A new Web Connector password, returned once; only its argon2 hash is kept and the
    previous password stops working at once. Commits."""
    password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
    connection.qbwc_password_hash = hash_password(password)
    connection.password_set_at = utcnow()
    connection.updated_at = utcnow()
    session.commit()
    return password


def for_organization(
    session: Session, organization_id: uuid.UUID, include_archived: bool = True
) -> list[Connection]:
    """Every connection of the organization, both modes (the portal's list)."""
    query = select(Connection).where(Connection.organization_id == organization_id)
    if not include_archived:
        query = query.where(Connection.archived_at.is_(None))
    return list(session.scalars(query.order_by(Connection.created_at, Connection.id)))


def get_for_organization(
    session: Session, organization_id: uuid.UUID, connection_id: uuid.UUID
) -> Connection:
    connection = session.get(Connection, connection_id)
    if connection is None or connection.organization_id != organization_id:
        raise NotFound(f"No connection {connection_id} exists.")
    return connection


def find_any(session: Session, ref: str) -> Connection:
    """The connection named `conn_<hex>`, UUID or externalId, across organizations (an
    operator's view). An externalId used by several organizations is ambiguous."""
    ref = ref.strip()
    conn_id = parse_id(ref)
    if conn_id is not None:
        connection = session.get(Connection, conn_id)
        if connection is None:
            raise NotFound(f"No connection {ref!r} exists.")
        return connection
    matches = list(session.scalars(select(Connection).where(Connection.external_id == ref)))
    if not matches:
        raise NotFound(f"No connection {ref!r} exists.")
    if len(matches) > 1:
        raise Conflict(f"Several organizations use the externalId {ref!r}; give the id instead.")
    return matches[0]


def queue_first_exchange(session: Session, connection: Connection) -> bool:
    """One small request (CompanyQueryRq) for a connection that never connected and has
    nothing queued. Not needed for the first session (authenticate treats a never-connected
    connection as work and ends that session cleanly); the wizard's button and the sample
    company use it so the first session has something to answer. Commits; False when not
    needed."""
    if connection.archived_at is not None or not connection.is_active:
        return False
    if connection.last_connected_at is not None or jobs.has_queued_job(session, connection.id):
        return False
    jobs.submit_qbxml(session, connection.id, FIRST_EXCHANGE_QBXML)
    return True


def sole(session: Session, scope: Scope) -> Connection | None:
    """The scope's one connection that is not archived, when it has exactly one (QuickBooks
    calls without X-Connection-Id use it, as the hosted API does); else None."""
    found = session.scalars(
        select(Connection).where(scope.where(), Connection.archived_at.is_(None)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None
