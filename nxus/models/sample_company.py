"""Which server process runs the sample company of a development connection."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from nxus.db import Base, utcnow


class SampleCompanyLease(Base):
    """One row per attached sample company, held by the process whose thread runs it.

    Every worker process sees it (the registry of threads is per process): a second attach
    from another worker leaves a live run alone instead of starting another one with a new
    password, and a stop asked of another worker is carried out by the holder (it checks
    `stop_requested` with each heartbeat). A lease whose heartbeat is older than
    `sample_company.LEASE_STALE_SECONDS` belongs to a process that is gone.
    """

    __tablename__ = "sample_company_leases"

    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(200))  # host:pid:process token:run token
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    stop_requested: Mapped[bool] = mapped_column(default=False)
