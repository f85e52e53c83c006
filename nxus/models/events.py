"""What happened, for people and programs: events (kept EVENTS_RETENTION_DAYS), the webhook
endpoints they are delivered to and each delivery, whether a connection is quiet (stale), and
the request log of /api/v1."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nxus.db import Base, utcnow


class Event(Base):
    """One event `evt_<hex>`; `data` is its JSON payload. `dispatched` turns true once the
    delivery worker has made a delivery row for every subscribed endpoint (fan-out)."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_organization_created", "organization_id", "created_at"),
        Index("ix_events_dispatched_created", "dispatched", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    # development | production: which keys and endpoints see it (None: both).
    mode: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(40))
    connection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("connections.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    data: Mapped[str] = mapped_column(Text)
    dispatched: Mapped[bool] = mapped_column(default=False)

    @property
    def public_id(self) -> str:
        return f"evt_{self.id.hex}"


class WebhookEndpoint(Base):
    """A URL that receives the events of its organization and mode it subscribes to.

    The signing secret (`whsec_…`) must be usable to sign, so it is stored as is (like a
    password the server itself presents): it is shown once at creation or roll, never logged."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    mode: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(500))
    # Space-separated event types, or "*".
    events: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(80))
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    # First failure of the current run of failures (None: the last delivery succeeded).
    failing_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def public_id(self) -> str:
        return f"we_{self.id.hex}"

    @property
    def event_types(self) -> list[str]:
        return self.events.split()


class WebhookDelivery(Base):
    """One event to one endpoint. state: pending → succeeded | failed (gave up).

    A worker claims a pending row by setting `lease_until` (one UPDATE … WHERE the lease is
    free); no other worker touches it until the lease ends, so an event is never delivered
    twice at once. The last attempt's outcome is kept on the row."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_state_next", "state", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_created", "endpoint_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    status_code: Mapped[int | None]
    latency_ms: Mapped[float | None]
    response_excerpt: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)

    endpoint: Mapped[WebhookEndpoint] = relationship()
    event: Mapped[Event] = relationship()


class ConnectionPresence(Base):
    """Whether a connection checks in: created at its first check-in; `stale_since` is set
    once per quiet spell (connection.stale) and cleared when it returns (connection.connected)."""

    __tablename__ = "connection_presence"

    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True
    )
    first_check_in_at: Mapped[datetime] = mapped_column(default=utcnow)
    stale_since: Mapped[datetime | None]


class RequestLogEntry(Base):
    """One /api/v1 call: never a body, a query string or a secret."""

    __tablename__ = "request_log"
    __table_args__ = (
        Index("ix_request_log_organization_created", "organization_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE")
    )
    mode: Mapped[str | None] = mapped_column(String(20))
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL")
    )
    key_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int]
    latency_ms: Mapped[float]
    connection_id: Mapped[uuid.UUID | None]
    request_id: Mapped[str] = mapped_column(String(40))
    error_code: Mapped[str | None] = mapped_column(String(64))
