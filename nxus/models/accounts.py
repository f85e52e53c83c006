"""Organizations, users and their membership."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nxus.db import Base, utcnow


def new_publishable_key() -> str:
    return "pk_nxus_live_" + secrets.token_urlsafe(24)


class Organization(Base):
    __tablename__ = "organizations"
    # A unique index, not a constraint: SQLite can add one without rebuilding the table.
    __table_args__ = (Index("uq_organizations_publishable_key", "publishable_key", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Owners may require two-factor sign-in of every member.
    require_two_factor: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The tenant's publishable key (pk_nxus_live_…): a public identifier, safe to share (the
    # hosted API shows it in GET /tenant/me and setup page URLs); rotating it retires the old.
    publishable_key: Mapped[str | None] = mapped_column(
        String(64), default=lambda: new_publishable_key()
    )

    memberships: Mapped[list[Membership]] = relationship(back_populates="organization")


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    # Stored lower-cased: one account per address whatever the case typed.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Bumped to end every open portal session of the user (password change, reset, removal):
    # a session cookie carries the version it was signed in with (see nxus.web.session_guard).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    password_changed_at: Mapped[datetime | None]
    # TOTP (RFC 6238): the confirmed secret, one waiting for confirmation during enrolment,
    # and the last time step accepted (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]

    memberships: Mapped[list[Membership]] = relationship(back_populates="user")

    # flask-login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # owner | admin | developer | viewer (nxus.services.permissions)
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")
