"""Webhook endpoints: create (the `whsec_…` secret is shown once), list, delete, roll the
secret, resend a delivery, send a test event; the URL rules (https to a public address, SSRF)
and the signature.

Signature: header `Nxus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
where <body> is the raw request body. Receivers recompute it and reject a `t` too old.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models.events import Event, WebhookDelivery, WebhookEndpoint
from nxus.security import random_token
from nxus.services import events
from nxus.services.errors import NotFound, ServiceError, ValidationFailed

SECRET_PREFIX = "whsec_"
ENDPOINT_PREFIX = "we_"
URL_MAX = 2048
DESCRIPTION_MAX = 500
ALL = "*"
SIGNATURE_HEADER = "Nxus-Signature"
ENDPOINTS_MAX = 20  # per organization


@dataclass(frozen=True)
class NewSecret:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The Nxus-Signature header value for a body sent at `timestamp` (unix seconds)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


# --- URLs and SSRF ------------------------------------------------------------------------------


def resolve(host: str, port: int) -> list[str]:
    """Every address of a host name (module-level so tests can stand in for DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _forbidden(address: str) -> str | None:
    """Why an address may not receive webhooks (None: a public address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, why in (
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
    ):
        if flag:
            return why
    return None if ip.is_global else "not public"


def _literal(host: str) -> tuple[str, ...]:
    """An IP address written as the host (no lookup), else ()."""
    try:
        return (str(ipaddress.ip_address(host)),)
    except ValueError:
        return ()


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]  # vetted: connect only to these


def check_url(url: str, allow_private: bool, *, resolve_host: bool = True) -> Target:
    """The URL's parts and its vetted addresses, else ValidationFailed("url", why)."""
    if len(url) > URL_MAX:
        raise ValidationFailed("url", f"is {len(url)} characters long; the limit is {URL_MAX}.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValidationFailed("url", f"is not a valid URL ({exc}).") from None
    allowed = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in allowed:
        raise ValidationFailed("url", "must start with https:// (webhooks are sent over TLS).")
    if not parts.hostname:
        raise ValidationFailed("url", "has no host name.")
    if parts.username or parts.password:
        raise ValidationFailed("url", "must not hold a user name or password.")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    addresses: tuple[str, ...] = ()
    if resolve_host:
        try:
            addresses = _literal(parts.hostname) or tuple(resolve(parts.hostname, port))
        except (OSError, UnicodeError):
            raise ValidationFailed(
                "url", f"the host {parts.hostname!r} could not be resolved."
            ) from None
        if not addresses:
            raise ValidationFailed("url", f"the host {parts.hostname!r} has no address.")
        if not allow_private:
            for address in addresses:
                why = _forbidden(address)
                if why is not None:
                    raise ValidationFailed(
                        "url",
                        f"{parts.hostname} resolves to a {why} address ({address}); webhooks go "
                        "to public addresses only.",
                    )
    return Target(parts.scheme, parts.hostname, port, path, addresses)


def check_events(types: Sequence[object]) -> str:
    """`["*"]` or known types, stored space-separated; else ValidationFailed("events", …)."""
    if not types:
        raise ValidationFailed("events", 'list at least one event type, or "*" for all.')
    names: list[str] = []
    for value in types:
        if not isinstance(value, str):
            raise ValidationFailed("events", "each entry must be a string.")
        if value != ALL and value not in events.TYPES:
            raise ValidationFailed(
                "events", f"unknown event type {value!r}; known: *, {', '.join(events.TYPES)}."
            )
        names.append(value)
    return ALL if ALL in names else " ".join(dict.fromkeys(names))


def subscribed(endpoint_events: str, type_: str) -> bool:
    return type_ == events.TEST or endpoint_events == ALL or type_ in endpoint_events.split()


# --- endpoints ---------------------------------------------------------------------------------


def _new_secret() -> str:
    return SECRET_PREFIX + random_token(32)


def create(
    db: Session,
    organization_id: uuid.UUID,
    mode: str,
    url: str,
    types: Sequence[object],
    description: str | None,
    allow_private: bool,
) -> NewSecret:
    """Validate and store an endpoint (commits); the secret is returned once."""
    if description is not None and len(description) > DESCRIPTION_MAX:
        raise ValidationFailed("description", f"use at most {DESCRIPTION_MAX} characters.")
    stored_events = check_events(types)
    check_url(url, allow_private)
    count = len(list_for(db, organization_id))
    if count >= ENDPOINTS_MAX:
        raise ValidationFailed(
            "url", f"an organization may have at most {ENDPOINTS_MAX} endpoints."
        )
    secret = _new_secret()
    endpoint = WebhookEndpoint(
        organization_id=organization_id,
        mode=mode,
        url=url.strip(),
        description=(description or "").strip() or None,
        events=stored_events,
        secret=secret,
    )
    db.add(endpoint)
    db.commit()
    return NewSecret(endpoint, secret)


def list_for(
    db: Session, organization_id: uuid.UUID, mode: str | None = None
) -> list[WebhookEndpoint]:
    query = select(WebhookEndpoint).where(WebhookEndpoint.organization_id == organization_id)
    if mode is not None:
        query = query.where(WebhookEndpoint.mode == mode)
    return list(db.scalars(query.order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)))


def parse_id(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.removeprefix(ENDPOINT_PREFIX))
    except ValueError:
        return None


def get(
    db: Session, organization_id: uuid.UUID, ref: str | uuid.UUID, mode: str | None = None
) -> WebhookEndpoint:
    """An endpoint of this organization (and mode, when given), else NotFound."""
    endpoint_id = ref if isinstance(ref, uuid.UUID) else parse_id(ref)
    endpoint = db.get(WebhookEndpoint, endpoint_id) if endpoint_id else None
    if (
        endpoint is None
        or endpoint.organization_id != organization_id
        or (mode is not None and endpoint.mode != mode)
    ):
        raise NotFound(f"No webhook endpoint {ref!s} exists.")
    return endpoint


def delete(db: Session, endpoint: WebhookEndpoint) -> None:
    db.delete(endpoint)
    db.commit()


def roll_secret(db: Session, endpoint: WebhookEndpoint) -> NewSecret:
    """A new secret at once (the old one stops signing); shown once."""
    endpoint.secret = _new_secret()
    db.commit()
    return NewSecret(endpoint, endpoint.secret)


def enable(db: Session, endpoint: WebhookEndpoint) -> None:
    """Re-enable a disabled endpoint (its failures start counting again)."""
    endpoint.enabled = True
    endpoint.disabled_reason = None
    endpoint.failing_since = None
    db.commit()


def recent_deliveries(
    db: Session, endpoint_id: uuid.UUID, limit: int = 20
) -> list[tuple[WebhookDelivery, Event]]:
    rows = db.execute(
        select(WebhookDelivery, Event)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]


def resend(db: Session, endpoint: WebhookEndpoint, delivery_id: int) -> WebhookDelivery:
    """A new delivery of the same event to the same endpoint, due now (commits)."""
    old = db.get(WebhookDelivery, delivery_id)
    if old is None or old.endpoint_id != endpoint.id:
        raise NotFound(f"No delivery {delivery_id} for this endpoint.")
    return _queue(db, endpoint, old.event_id)


def send_test(
    db: Session, endpoint: WebhookEndpoint, now: datetime | None = None
) -> WebhookDelivery:
    """A `webhook.test` event (kept in the events table), delivered to this endpoint only."""
    now = now or utcnow()
    data = {
        "object": {
            "id": endpoint.public_id,
            "objectType": "webhook_endpoint",
            "url": endpoint.url,
            "message": "A test event sent from the nXus portal.",
        }
    }
    event_id = events.emit(
        db, endpoint.organization_id, events.TEST, data, mode=endpoint.mode, now=now
    )
    db.flush()
    # The test event belongs to this endpoint alone: mark it dispatched so no fan-out sees it.
    event = db.get(Event, event_id)
    assert event is not None
    event.dispatched = True
    return _queue(db, endpoint, event_id)


def _queue(db: Session, endpoint: WebhookEndpoint, event_id: uuid.UUID) -> WebhookDelivery:
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id, event_id=event_id, next_attempt_at=utcnow(), created_at=utcnow()
    )
    db.add(delivery)
    db.commit()
    return delivery


class NotAllowed(ServiceError):
    """The user's role may not change webhook endpoints (owners and admins may)."""


MANAGER_ROLES = ("owner", "admin")


def require_manager(db: Session, user_id: uuid.UUID, organization_id: uuid.UUID) -> None:
    """Owners and admins manage endpoints (their secrets sign what receivers trust)."""
    from nxus.models import Membership

    role = db.scalar(
        select(Membership.role).where(
            Membership.user_id == user_id, Membership.organization_id == organization_id
        )
    )
    if role not in MANAGER_ROLES:
        raise NotAllowed("Only the organization's owners and admins manage webhook endpoints.")
