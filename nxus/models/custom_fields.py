"""What nXus has learned of a connection's custom field definitions (qbXML DataExtDef), from
QuickBooks' own answers: a value written to an object type its field is not assigned to, or
of the wrong type, is refused before anything is sent to QuickBooks."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from nxus.db import Base, utcnow


class CustomFieldDefinition(Base):
    """One definition as QuickBooks last described it; `name_key` is the name in lower case
    (QuickBooks compares names without case). `assign_to` is a JSON list of object types."""

    __tablename__ = "qb_custom_field_definitions"
    __table_args__ = (UniqueConstraint("connection_id", "owner_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[str] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    assign_to: Mapped[str] = mapped_column(Text, default="[]")
    learned_at: Mapped[datetime] = mapped_column(default=utcnow)
