"""Hosted setup links: an auth session opens the setup wizard for one connection, no login."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nxus.db import Base, utcnow
from nxus.models.accounts import Organization
from nxus.models.connections import Connection


class AuthSession(Base):
    """One setup link. Its URL and client secret are HMACs of `public_id` under the app's
    secret key, so nothing usable is stored; creating a newer link for the same connection
    supersedes this one (the way to revoke a link)."""

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # "auth_sess_<hex>": the id the API shows.
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), index=True
    )
    redirect_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set when the link is first opened (status in_progress).
    opened_at: Mapped[datetime | None]
    # Set when a newer link for the same connection is created: this one stops working.
    superseded_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    connection: Mapped[Connection] = relationship()
