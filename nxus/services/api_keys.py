"""API keys: minting (`sk_test_…` / `sk_live_…` + 256 random bits), listing, revoking and
checking a presented key. Only the SHA-256 of a key is stored, with a short display prefix."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import ApiKey
from nxus.security import constant_time_equals, random_token, sha256_hex
from nxus.services import events
from nxus.services.errors import NotFound, ServiceError, ValidationFailed

PREFIXES = {"test": "sk_test_", "live": "sk_live_"}
# Connections a key of each mode creates and sees.
CONNECTION_MODE = {"test": "development", "live": "production"}
NAME_MAX = 100
# token_urlsafe(32) gives 43 characters; anything far off that is not one of our keys.
_SECRET_LEN = 43
_DISPLAY_CHARS = 4


class KeyRejected(ServiceError):
    """A presented key that may not be used; `code` is the API error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NewApiKey:
    api_key: ApiKey
    # The whole key: shown once, never stored.
    secret: str


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("name", "Give the key a name, e.g. the application that uses it.")
    if len(name) > NAME_MAX:
        raise ValidationFailed("name", f"Use at most {NAME_MAX} characters.")
    return name


def mode_of(key: str) -> str | None:
    """`test` or `live` from the key's prefix, None when it has neither."""
    for mode, prefix in PREFIXES.items():
        if key.startswith(prefix):
            return mode
    return None


def display_prefix(key: str) -> str:
    mode = mode_of(key) or "test"
    return key[: len(PREFIXES[mode]) + _DISPLAY_CHARS] + "…"


def create_api_key(
    session: Session,
    organization_id: uuid.UUID,
    name: str,
    mode: str,
    expires_at: datetime | None = None,
    created_by_id: uuid.UUID | None = None,
) -> NewApiKey:
    """Mint a key and commit; the returned secret is the only copy of the key."""
    name = check_name(name)
    if mode not in PREFIXES:
        raise ValidationFailed("mode", "Choose test or live.")
    if expires_at is not None and expires_at <= utcnow():
        raise ValidationFailed("expires_at", "The expiry must be in the future.")
    secret = PREFIXES[mode] + random_token(32)
    api_key = ApiKey(
        organization_id=organization_id,
        created_by_id=created_by_id,
        name=name,
        mode=mode,
        display_prefix=display_prefix(secret),
        key_hash=sha256_hex(secret),
        expires_at=expires_at,
    )
    session.add(api_key)
    events.api_key_changed(session, api_key, events.KEY_CREATED)
    session.commit()
    return NewApiKey(api_key, secret)


def list_keys(session: Session, organization_id: uuid.UUID) -> list[ApiKey]:
    """Every key of the organization, newest first (revoked ones included)."""
    return list(
        session.scalars(
            select(ApiKey)
            .where(ApiKey.organization_id == organization_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id)
        )
    )


def revoke(session: Session, organization_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    """Revoke a key of this organization (a key of another one is NotFound); commits."""
    api_key = session.get(ApiKey, key_id)
    if api_key is None or api_key.organization_id != organization_id:
        raise NotFound(f"no API key {key_id}")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        events.api_key_changed(session, api_key, events.KEY_REVOKED)
        session.commit()
    return api_key


def status_of(api_key: ApiKey, now: datetime | None = None) -> str:
    """active | revoked | expired, for the portal."""
    now = now or utcnow()
    if api_key.revoked_at is not None:
        return "revoked"
    if api_key.expires_at is not None and api_key.expires_at <= now:
        return "expired"
    return "active"


def authenticate(session: Session, presented: str) -> ApiKey:
    """The key behind `presented`, or KeyRejected with the API code saying why. Reads only
    (a read-only session will do); `touch` records the use.

    The lookup is by SHA-256: the database compares digests of a 256-bit secret, so timing
    reveals nothing usable; the digest is compared again in constant time anyway."""
    mode = mode_of(presented)
    if mode is None or len(presented) != len(PREFIXES[mode]) + _SECRET_LEN:
        raise KeyRejected("API_KEY_INVALID", "The API key is not a valid nXus key.")
    digest = sha256_hex(presented)
    api_key = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest))
    if api_key is None or not constant_time_equals(api_key.key_hash, digest):
        raise KeyRejected("API_KEY_INVALID", "The API key is not valid.")
    if api_key.mode != mode:
        raise KeyRejected("KEY_MODE_MISMATCH", "The API key's prefix does not match its mode.")
    now = utcnow()
    if api_key.revoked_at is not None:
        raise KeyRejected("API_KEY_REVOKED", "The API key has been revoked.")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise KeyRejected("API_KEY_EXPIRED", "The API key has expired.")
    return api_key


def touch(session: Session, api_key: ApiKey, interval_seconds: int) -> None:
    """Record that the key was used: last_used_at is written at most once per
    `interval_seconds` (commits then; otherwise touches nothing)."""
    now = utcnow()
    last = api_key.last_used_at
    if last is None or last <= now - timedelta(seconds=interval_seconds):
        api_key.last_used_at = now
        session.commit()
