"""List pages of QuickBooks resources: qbXML iterators behind stable, database-held cursors.

A list QuickBooks can iterate starts an iterator (`iterator="Start"`, MaxReturned = limit);
while records remain, a cursor row remembers the iterator, the Web Connector session holding it
(QuickBooks drops iterators when the session ends) and the API key it belongs to. The token
handed out as `nextCursor` is the same for every page of the sequence; each page must follow
within API_CURSOR_IDLE_SECONDS. A list QuickBooks cannot iterate (accounts, terms, …) is
asked for whole (up to API_NON_ITERABLE_MAX records) and paged with the same contract: its
cursor points at the job whose stored answer holds the list, and each page is the next slice
of it (one QuickBooks call per sequence; no session needed between pages). Filters naming
records one by one (ids, names, refNumbers) answer on one page.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from nxus.db import new_session, utcnow
from nxus.models import ApiCursor, Connection, Job
from nxus.models.qbwc import QbwcSession
from nxus.qbxml import spec
from nxus.quickbooks import modified as qb_modified
from nxus.quickbooks.calls import Settings, perform, render, submit
from nxus.quickbooks.errors import QuickBooksCallError, validation
from nxus.resources import Resource
from nxus.resources.encoding import EncodedList
from nxus.resources.operation import Operation
from nxus.security import random_token

# Filters that name records one by one: QuickBooks refuses MaxReturned (and paging) with them.
_BY_ID = ("ids", "names", "refNumbers")
CURSOR_PREFIX = "cur_"


@dataclass(frozen=True)
class Page:
    data: EncodedList
    next_cursor: str | None
    page: int
    limit: int
    total: int
    remaining: int = 0

    def envelope(self, timestamp: str) -> dict[str, Any]:
        """The nXus list page (the route adds requestId)."""
        return {
            "success": True,
            "data": self.data,
            "nextCursor": self.next_cursor,
            "page": self.page,
            "count": len(self.data),
            "limit": self.limit,
            "totalCount": self.total,
            "pageCount": math.ceil(self.total / self.limit) if self.total else 0,
            "hasMore": self.next_cursor is not None,
            "remainingCount": self.remaining,
            "timestamp": timestamp,
        }


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _by_id(params: dict[str, Any]) -> bool:
    return any(params.get(name) for name in _BY_ID)


def first_operation(
    resource: Resource, params: dict[str, Any], limit: int, settings: Settings
) -> tuple[Operation, int]:
    """The query of a first page and the page size it answers with: an iterator's `limit`;
    a whole list QuickBooks cannot iterate (at most API_NON_ITERABLE_MAX records), paged by
    `limit`; records named one by one, on one page."""
    by_id = _by_id(params)
    if resource.iterable and not by_id:
        op = Operation(resource.name, "list", params={**params, "limit": limit}, iterate=True)
        return op, limit
    most = settings.non_iterable_max
    has_max = spec.exists(f"{resource.query_request}/MaxReturned")
    extra = {"limit": most} if has_max and not by_id else {}
    return Operation(resource.name, "list", params={**params, **extra}), most if by_id else limit


def _slice(records: EncodedList, start: int, stop: int) -> EncodedList:
    """Records [start, stop) of an encoded list (decoded and encoded again: small lists)."""
    if start == 0 and stop >= len(records):
        return records
    out = EncodedList()
    for index, record in enumerate(records):
        if index >= stop:
            break
        if index >= start:
            out.append(record)
    return out


def list_page(
    app: Flask,
    session: Session,
    api_key_id: uuid.UUID,
    connection: Connection,
    resource: Resource,
    params: dict[str, Any],
    limit: int,
    timeout: float,
    settings: Settings,
) -> Page:
    """The first page of a list; a cursor is kept when QuickBooks has more."""
    op, page_size = first_operation(resource, params, limit, settings)
    op = qb_modified.localize(app.config, connection, op)
    whole = not op.iterate and not _by_id(params)  # all of it now, paged from the job
    result = perform(app, session, connection, op, timeout, limit=None if whole else page_size)
    data = result.body
    remaining = result.remaining or 0
    if whole:
        data, remaining = _slice(result.body, 0, page_size), max(len(result.body) - page_size, 0)
    if remaining <= 0 or not (result.iterator_id or whole):
        return Page(data, None, 1, page_size, len(data))
    token = CURSOR_PREFIX + random_token(24)
    session.add(
        ApiCursor(
            token_hash=_hash(token),
            api_key_id=api_key_id,
            connection_id=connection.id,
            resource=resource.name,
            iterator_id=result.iterator_id or "",
            session_id=None if whole else result.session_id,
            job_id=result.job_id if whole else None,
            page_size=page_size,
            pages=1,
            seen=len(data),
            remaining=remaining,
            expires_at=utcnow() + timedelta(seconds=settings.cursor_idle),
            modified_window=json.dumps(op.window) if op.window else None,
        )
    )
    session.commit()
    return Page(data, token, 1, page_size, len(data) + remaining, remaining)


def _lookup(session: Session, api_key_id: uuid.UUID, token: str) -> ApiCursor | None:
    """The cursor of this API key; another key's cursor is as unknown as a made-up one (an
    answer that told them apart would confirm another key's, maybe organization's, token)."""
    return session.scalar(
        select(ApiCursor).where(
            ApiCursor.token_hash == _hash(token), ApiCursor.api_key_id == api_key_id
        )
    )


def _find(session: Session, api_key_id: uuid.UUID, token: str) -> ApiCursor:
    cursor = _lookup(session, api_key_id, token)
    if cursor is None:
        raise validation("cursor", "is unknown or has expired; list again without a cursor.")
    return cursor


def _expire(session: Session, cursor: ApiCursor, why: str) -> QuickBooksCallError:
    session.delete(cursor)
    session.commit()
    return validation("cursor", f"has expired ({why}); list again without a cursor.")


def next_page(
    app: Flask,
    session: Session,
    api_key_id: uuid.UUID,
    connection: Connection,
    resource: Resource,
    token: str,
    limit: int,
    timeout: float,
) -> Page:
    """The next page of an iterator; the cursor ends with the last page."""
    cursor = _find(session, api_key_id, token)
    if cursor.connection_id != connection.id or cursor.resource != resource.name:
        raise validation("cursor", f"belongs to another list than {resource.list_path}.")
    now = utcnow()
    if cursor.expires_at <= now:
        raise _expire(session, cursor, "the next page must be asked for within a few seconds")
    if cursor.job_id is not None:
        return _next_slice(app, session, cursor, token, resource, limit)
    holder = session.get(QbwcSession, cursor.session_id) if cursor.session_id else None
    if holder is None or holder.state != "open":
        raise _expire(session, cursor, "the Web Connector session that held it has ended")
    cursor_id, iterator_id = cursor.id, cursor.iterator_id
    # Claim the iterator for this page: a second call with the same cursor meanwhile would
    # take the page after this one from QuickBooks and leave the counts wrong.
    claimed = session.execute(
        update(ApiCursor)
        .where(
            ApiCursor.id == cursor_id,
            (ApiCursor.busy_until.is_(None)) | (ApiCursor.busy_until < now),
        )
        .values(busy_until=now + timedelta(seconds=timeout))
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not claimed:
        session.rollback()
        raise validation("cursor", "is fetching its next page for another call; wait for it.")
    window = json.loads(cursor.modified_window) if cursor.modified_window else None
    op = Operation(
        resource.name, "continue", iterator_id=iterator_id, max_returned=limit, window=window
    )
    try:
        result = perform(app, session, connection, op, timeout)  # commits before waiting
    except QuickBooksCallError as exc:
        if exc.code == "VALIDATION_ERROR":
            session.execute(delete(ApiCursor).where(ApiCursor.id == cursor_id))
            session.commit()
        raise
    # Read the row again: the claim above was written by a bare UPDATE, so the object in the
    # session still holds the old busy_until, and releasing it would be no change to flush.
    fresh = session.get(ApiCursor, cursor_id, populate_existing=True)
    data = result.body
    remaining = result.remaining or 0
    if fresh is None:
        return Page(data, None, 2, limit, len(data))  # closed meanwhile
    cursor = fresh
    cursor.pages += 1
    cursor.seen += len(data)
    cursor.remaining = remaining
    cursor.busy_until = None
    cursor.expires_at = utcnow() + timedelta(seconds=_idle(app))
    page = Page(
        data,
        token if remaining > 0 else None,
        cursor.pages,
        limit,
        cursor.seen + remaining,
        remaining,
    )
    if remaining <= 0:
        session.delete(cursor)
    session.commit()
    return page


def _next_slice(
    app: Flask, session: Session, cursor: ApiCursor, token: str, resource: Resource, limit: int
) -> Page:
    """The next page of a list QuickBooks cannot iterate: a slice of its job's stored answer.
    The page is claimed by advancing `seen` where it still has the value read, so two calls
    with one cursor never hand out the same page."""
    job = session.get(Job, cursor.job_id)
    answer = job.response_body if job is not None and job.payload_purged_at is None else None
    if job is None or not answer:
        raise _expire(session, cursor, "the list it pages is no longer kept")
    window = json.loads(cursor.modified_window) if cursor.modified_window else None
    everything = render(Operation(resource.name, "list", window=window), answer, job.id).body
    start = cursor.seen
    data = _slice(everything, start, start + limit)
    seen = start + len(data)
    remaining = max(len(everything) - seen, 0)
    pages = cursor.pages + 1
    claimed = session.execute(
        update(ApiCursor)
        .where(ApiCursor.id == cursor.id, ApiCursor.seen == start)
        .values(
            seen=seen,
            pages=pages,
            remaining=remaining,
            expires_at=utcnow() + timedelta(seconds=_idle(app)),
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if not claimed:
        session.rollback()
        raise validation("cursor", "was used by another call at the same time; list again.")
    if remaining <= 0:
        session.execute(delete(ApiCursor).where(ApiCursor.id == cursor.id))
    session.commit()
    return Page(data, token if remaining > 0 else None, pages, limit, seen + remaining, remaining)


def _idle(app: Flask) -> float:
    return float(app.config["API_CURSOR_IDLE_SECONDS"])


def close(app: Flask, session: Session, api_key_id: uuid.UUID, token: str) -> bool:
    """Free a cursor early: QuickBooks is asked to stop the iterator (no wait). A cursor
    unknown to this API key (another key's included) is NOT_FOUND, like any object."""
    cursor = _lookup(session, api_key_id, token)
    if cursor is None:
        raise QuickBooksCallError("NOT_FOUND", "No such cursor exists for this API key.")
    holder = session.get(QbwcSession, cursor.session_id) if cursor.session_id else None
    connection = session.get(Connection, cursor.connection_id)
    op = Operation(cursor.resource, "stop", iterator_id=cursor.iterator_id)
    session.delete(cursor)
    session.commit()
    if holder is not None and holder.state == "open" and connection is not None:
        submit(session, connection, op)
    return True


def purge_expired(app: Flask) -> int:
    """Delete cursors past their idle time (their iterators expire in QuickBooks too)."""
    with new_session(app) as db:
        result = db.execute(delete(ApiCursor).where(ApiCursor.expires_at < utcnow()))
        db.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
