"""State of the QuickBooks API that must outlive one request and be shared by every process:
idempotency records of writes and the cursors of paginated lists (qbXML iterators)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nxus.db import Base, utcnow


class IdempotencyRecord(Base):
    """One `Idempotency-Key` of one API key: the write it started and, once known, the answer.

    `message_set_id` is the qbXML newMessageSetID of the write: when the answer was lost, a
    retry sends oldMessageSetID=<it> so QuickBooks answers the stored response instead of
    writing again (qbXML error recovery).
    """

    __tablename__ = "api_idempotency"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    api_key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(255))
    # SHA-256 of method, path and body: the same key with another request is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    message_set_id: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[uuid.UUID | None]
    # The final answer (status and JSON body) once the outcome is known.
    response_status: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiCursor(Base):
    """A paginated list in progress: a qbXML iterator living in one Web Connector session.

    The token handed out (`nextCursor`) stays the same for the whole sequence; only its SHA-256
    is stored. Pages must follow within the idle timeout; the last page deletes the row.
    """

    __tablename__ = "api_cursors"
    __table_args__ = (Index("ix_api_cursors_expires", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    api_key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE")
    )
    resource: Mapped[str] = mapped_column(String(64))
    # The qbXML iterator; "" for a list QuickBooks cannot iterate, paged from `job_id`.
    iterator_id: Mapped[str] = mapped_column(String(64))
    # A list QuickBooks cannot iterate: the job whose stored answer holds all of it; each page
    # is the next slice (no session needed; gone with the job's payload, then list again).
    job_id: Mapped[uuid.UUID | None]
    # The QBWC session holding the iterator (QuickBooks drops iterators when it ends).
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("qbwc_sessions.id", ondelete="SET NULL")
    )
    page_size: Mapped[int]
    # The precise modified window of a widened query (JSON; nxus/resources/modified.py).
    modified_window: Mapped[str | None] = mapped_column(Text)
    # Pages and records handed out so far, and QuickBooks' remaining count after them.
    pages: Mapped[int] = mapped_column(default=1)
    seen: Mapped[int] = mapped_column(default=0)
    remaining: Mapped[int] = mapped_column(default=0)
    # Set while a page request is in flight, so that two requests never advance it at once.
    busy_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
