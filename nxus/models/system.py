"""Installation-wide settings and the cross-process throttle records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nxus.db import Base, utcnow


class InstallationSetting(Base):
    """Facts that belong to this nXus installation (e.g. the .qwc OwnerID)."""

    __tablename__ = "installation_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThrottleRecord(Base):
    """Failed attempts for one key ("login:<email>", "login-ip:<addr>", "qbwc:<user>").

    Kept in the database so every worker process and host sees the same count.
    """

    __tablename__ = "throttle_records"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
