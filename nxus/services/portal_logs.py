"""The portal's logs, a page at a time: jobs across the organization's connections (filtered
by connection and state) and one connection's exchange log (by method, problems only). Read
only; tenant isolation by the organization in every query."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.models import Connection
from nxus.models.qbwc import SESSION_METHODS, Job, QbwcExchange

PAGE_SIZE = 50
JOB_STATES = ("queued", "sent", "done", "failed", "cancelled", "unknown")
T = TypeVar("T")
EXCHANGE_METHODS = SESSION_METHODS


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int  # 1-based
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(rows: list[T], number: int, size: int) -> Page[T]:
    return Page(rows[:size], number, len(rows) > size)


def jobs(
    session: Session,
    organization_id: uuid.UUID,
    *,
    connection_id: uuid.UUID | None = None,
    state: str | None = None,
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page[tuple[Job, Connection]]:
    """Newest first, each with its connection."""
    query = (
        select(Job, Connection)
        .join(Connection, Job.connection_id == Connection.id)
        .where(Connection.organization_id == organization_id)
    )
    if connection_id is not None:
        query = query.where(Job.connection_id == connection_id)
    if state is not None:
        query = query.where(Job.state == state)
    query = query.order_by(Job.created_at.desc(), Job.id.desc())
    rows = session.execute(query.offset((number - 1) * size).limit(size + 1)).all()
    return _page([(job, conn) for job, conn in rows], number, size)


def job(
    session: Session, organization_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[Job, Connection] | None:
    """One job of the organization, with its connection; None for anyone else's."""
    row = session.execute(
        select(Job, Connection)
        .join(Connection, Job.connection_id == Connection.id)
        .where(Job.id == job_id, Connection.organization_id == organization_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def exchanges_of_job(session: Session, job_id: uuid.UUID) -> list[QbwcExchange]:
    """The Web Connector calls that carried this job (sent it, answered it)."""
    return list(
        session.scalars(
            select(QbwcExchange)
            .where(QbwcExchange.job_id == job_id)
            .order_by(QbwcExchange.started_at, QbwcExchange.id)
        )
    )


def exchanges(
    session: Session,
    connection_id: uuid.UUID,
    *,
    method: str | None = None,
    problems_only: bool = False,
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page[QbwcExchange]:
    rows = _exchange_rows(
        session, connection_id, method, problems_only, limit=size + 1, offset=(number - 1) * size
    )
    return _page(rows, number, size)


def _exchange_rows(
    session: Session,
    connection_id: uuid.UUID,
    method: str | None = None,
    problems_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[QbwcExchange]:
    query = select(QbwcExchange).where(QbwcExchange.connection_id == connection_id)
    if method in EXCHANGE_METHODS:
        query = query.where(QbwcExchange.method == method)
    if problems_only:
        query = query.where(
            (QbwcExchange.http_status != 200)
            | QbwcExchange.hresult.is_not(None)
            | (QbwcExchange.status_code.is_not(None) & (QbwcExchange.status_code != 0))
            | QbwcExchange.result.in_(("nvu", "nvu (throttled)", "nvu (connection disabled)"))
            | QbwcExchange.result.like("fault%")
        )
    query = query.order_by(QbwcExchange.started_at.desc(), QbwcExchange.id.desc())
    query = query.offset(offset).limit(limit)
    return list(session.scalars(query))


def exchange(session: Session, connection_id: uuid.UUID, exchange_id: int) -> QbwcExchange | None:
    row = session.get(QbwcExchange, exchange_id)
    return row if row is not None and row.connection_id == connection_id else None
