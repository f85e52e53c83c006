"""Hosted setup links (auth sessions): a link opens the setup wizard for one connection
without a portal login. The link is the credential, so it is scoped to one connection,
expires, and is revoked by creating a newer link for the same connection.

The link token and the client secret are HMAC-SHA256 values of the session's public id under
the app's secret key: nothing usable is stored, and the API can show them again on GET.

The token travels in the URL's fragment (`/auth-flow/<id>#<token>`), which browsers never
send to a server: it stays out of access logs, proxies and Referer headers. The page's script
sends it in a request header to the link's endpoints, where `open_link` checks it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import AuthSession, Connection
from nxus.services.connections import Scope
from nxus.services.errors import NotFound, ServiceError, ValidationFailed

PUBLIC_PREFIX = "auth_sess_"
PUBLIC_ID = re.compile(r"auth_sess_[0-9a-f]{24}")
REDIRECT_URL_MAX = 2048
# Part of the token's HMAC input. "v2" since the token moved from the URL path (where access
# logs kept it) to the fragment: tokens that ever travelled in a path no longer open anything.
LINK_TOKEN_PURPOSE = "auth-flow-link-v2"


class LinkRejected(ServiceError):
    """A setup link that may not be used; `reason` is unknown | expired | superseded |
    archived (the page says which, except for unknown links)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _mac(secret_key: str, purpose: str, public_id: str) -> str:
    digest = hmac.new(
        secret_key.encode("utf-8"), f"{purpose}:{public_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def link_token(secret_key: str, public_id: str) -> str:
    return _mac(secret_key, LINK_TOKEN_PURPOSE, public_id)


def is_public_id(value: str) -> bool:
    """Whether `value` has the shape of an auth session id (says nothing of its existence)."""
    return PUBLIC_ID.fullmatch(value) is not None


def client_secret(secret_key: str, public_id: str) -> str:
    return "cs_" + _mac(secret_key, "auth-session-client-secret", public_id)


def check_redirect_url(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    parts = urlsplit(value)
    if len(value) > REDIRECT_URL_MAX or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationFailed(
            "redirectUrl",
            f"redirectUrl must be an http(s) URL of at most {REDIRECT_URL_MAX} characters.",
        )
    return value


def check_expiry_minutes(value: int | None, default: int, maximum: int) -> int:
    if value is None:
        return default
    if not 1 <= value <= maximum:
        raise ValidationFailed(
            "linkExpiryMins", f"linkExpiryMins must be between 1 and {maximum} (minutes)."
        )
    return value


def create(
    session: Session, connection: Connection, redirect_url: str | None, minutes: int
) -> AuthSession:
    """A new link for `connection`; older links of the connection stop working. Commits."""
    now = utcnow()
    session.execute(
        update(AuthSession)
        .where(AuthSession.connection_id == connection.id, AuthSession.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    auth_session = AuthSession(
        public_id=PUBLIC_PREFIX + secrets.token_hex(12),
        organization_id=connection.organization_id,
        connection_id=connection.id,
        redirect_url=redirect_url,
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    session.add(auth_session)
    session.commit()
    return auth_session


def get(session: Session, scope: Scope, public_id: str) -> AuthSession:
    """An auth session whose connection lies in `scope`, else NotFound."""
    auth_session = session.scalar(
        select(AuthSession)
        .join(Connection, AuthSession.connection_id == Connection.id)
        .where(AuthSession.public_id == public_id, scope.where())
    )
    if auth_session is None:
        raise NotFound(f"No auth session {public_id!r} exists.")
    return auth_session


def status_of(auth_session: AuthSession) -> str:
    """completed once the Web Connector has exchanged with the connection, in_progress once
    the link was opened, else pending."""
    if auth_session.connection.last_connected_at is not None:
        return "completed"
    if auth_session.opened_at is not None:
        return "in_progress"
    return "pending"


def open_link(session: Session, secret_key: str, public_id: str, token: str) -> AuthSession:
    """The auth session a link names, if the link is genuine, current and unexpired; marks
    it opened (commits). Raises LinkRejected otherwise. A forged token is refused before the
    database is asked, so a wrong token answers the same for ids that exist and ids that
    do not."""
    if not is_public_id(public_id) or not hmac.compare_digest(
        token.encode("utf-8"), link_token(secret_key, public_id).encode("ascii")
    ):
        raise LinkRejected("unknown")
    auth_session = session.scalar(select(AuthSession).where(AuthSession.public_id == public_id))
    if auth_session is None:
        raise LinkRejected("unknown")
    if auth_session.superseded_at is not None:
        raise LinkRejected("superseded")
    if auth_session.expires_at <= utcnow():
        raise LinkRejected("expired")
    if auth_session.connection.archived_at is not None:
        raise LinkRejected("archived")
    if auth_session.opened_at is None:
        auth_session.opened_at = utcnow()
        session.commit()
    return auth_session
