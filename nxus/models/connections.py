"""Connections: one QuickBooks company file reached through one Web Connector entry."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nxus.db import Base, utcnow
from nxus.models.accounts import Organization


class Connection(Base):
    __tablename__ = "connections"
    __table_args__ = (UniqueConstraint("organization_id", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    external_id: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(500))
    # development (sk_test_ keys, may use the simulator) | production (sk_live_ keys)
    mode: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(default=True)
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # --- Web Connector credentials (.qwc UserName; password shown once, argon2 hash kept) ---
    qbwc_username: Mapped[str] = mapped_column(String(64), unique=True)
    qbwc_password_hash: Mapped[str | None] = mapped_column(String(255))
    password_set_at: Mapped[datetime | None]
    # The .qwc FileID: QBWC stamps it into the company file as a data extension.
    file_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4)

    # --- what QuickBooks told us (HCP response of the first session) ---
    company_name: Mapped[str | None] = mapped_column(String(255))
    company_file: Mapped[str | None] = mapped_column(Text)
    edition: Mapped[str | None] = mapped_column(String(255))
    product_version: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(8))
    is_sample_file: Mapped[bool | None]
    # Space-separated SupportedQBXMLVersion list, and the version chosen last.
    supported_qbxml_versions: Mapped[str | None] = mapped_column(String(255))
    qbxml_version: Mapped[str | None] = mapped_column(String(8))
    file_bound_at: Mapped[datetime | None]
    last_connected_at: Mapped[datetime | None]
    last_poll_at: Mapped[datetime | None]
    # The IANA time zone of the machine QuickBooks runs on (None: COMPANY_TIME_ZONE).
    time_zone: Mapped[str | None] = mapped_column(String(64))

    organization: Mapped[Organization] = relationship()

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def public_id(self) -> str:
        return f"conn_{self.id.hex}"
