"""What keeps the portal's connection pages live and true: a stamp of everything the page
shows (status, queue, exchange log) for the pages' polling, and the note that ends a
"Connected" status the moment the sample company is stopped (without it the status would
stay "Connected" until three polls were missed: the last poll was recent)."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nxus.models.qbwc import Job, QbwcExchange
from nxus.services import diagnostics
from nxus.services.portal_status import ConnectionStatus

SAMPLE_STOPPED = diagnostics.Explanation(
    # The missed-polls code: the next authenticate resolves it, like any silence.
    code=diagnostics.MISSED_POLLS,
    title="The sample company was stopped",
    explanation="Its simulated Web Connector no longer visits nXus: API calls for this "
    "connection wait for QuickBooks until a Web Connector connects again.",
    fix="Connect the sample company again, or set up a real Web Connector with the setup wizard.",
    anchor=diagnostics.NOT_CONNECTED,
    severity="warning",
)


def note_sample_stopped(session: Session, connection_id: uuid.UUID) -> None:
    """Record that nothing polls for this connection any more; commits."""
    diagnostics.record(session, connection_id, SAMPLE_STOPPED, source="portal")
    session.commit()


def stamp(session: Session, status: ConnectionStatus, sample_running: bool) -> str:
    """Changes whenever anything the connection page shows changes (its status, the sample
    company's run, the queue, the exchange log): the page reloads its live parts then."""
    connection_id = status.connection.id
    exchange = session.scalar(
        select(func.max(QbwcExchange.id)).where(QbwcExchange.connection_id == connection_id)
    )
    jobs = session.execute(
        select(
            func.count(Job.id),
            func.max(Job.created_at),
            func.max(Job.sent_at),
            func.max(Job.finished_at),
        ).where(Job.connection_id == connection_id)
    ).one()
    c = status.connection
    parts = [
        status.state,
        status.diagnostic.title if status.diagnostic else "",
        str(c.last_connected_at),
        str(c.company_name),
        str(c.password_set_at),
        str(c.archived_at),
        str(sample_running),
        str(exchange),
        *map(str, jobs),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
