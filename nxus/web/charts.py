"""`connection_charts(connection)` for templates/connections/_charts.html: the SVG charts of
a connection and whether it is stale (the red banner), computed when the page renders."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from nxus.db import get_session, utcnow
from nxus.models import Connection
from nxus.models.events import ConnectionPresence
from nxus.services import charts, events


def connection_charts(connection: Connection) -> dict[str, Any]:
    session = get_session()
    now = utcnow()
    presence = session.get(ConnectionPresence, connection.id)
    last = connection.last_poll_at
    quiet = last is not None and now - last > events.stale_after(current_app.config)
    stale = (presence is not None and presence.stale_since is not None) or quiet
    data = charts.connection_data(session, connection.id, now)
    return {
        "stale": stale and connection.archived_at is None,
        "last_check_in": last,
        **charts.connection_charts(data),
    }


def init_app(app: Flask) -> None:
    app.add_template_global(connection_charts, "connection_charts")
