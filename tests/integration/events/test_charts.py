"""The connection page's server-drawn SVG charts and its red banner for a stale connection."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import Connection, User
from nxus.models.events import ConnectionPresence
from nxus.models.qbwc import Job, QbwcDiagnostic, QbwcExchange
from nxus.services import accounts, charts, connections
from tests.conftest import AuthActions


def _connection(app: Flask) -> uuid.UUID:
    with app.app_context(), new_session(app) as db:
        user = db.scalar(select(User).where(User.email == "owner@example.com"))
        assert user is not None
        org = accounts.organization_of(db, user).id
        return connections.create(db, connections.Scope(org, "development"), "Shop", None).id


def _activity(app: Flask, connection_id: uuid.UUID) -> datetime:
    """Two check-ins and an exchange in this hour, three jobs and an error today."""
    now = utcnow().replace(minute=0, second=1)
    with new_session(app) as db:
        for method in ("authenticate", "authenticate", "receiveResponseXML"):
            db.add(QbwcExchange(connection_id=connection_id, method=method, started_at=now))
        for ms, state in ((100, "done"), (300, "done"), (900, "failed")):
            db.add(
                Job(
                    connection_id=connection_id,
                    state=state,
                    request_names="CustomerQueryRq",
                    request_body="<QBXML/>",
                    created_at=now - timedelta(milliseconds=ms),
                    finished_at=now + timedelta(milliseconds=1),
                )
            )
        db.add(
            QbwcDiagnostic(
                connection_id=connection_id,
                code="wrong_password",
                source="authenticate",
                title="t",
                explanation="e",
                fix="f",
                support_anchor="wrong-password",
                created_at=now,
            )
        )
        db.commit()
    return now


def test_charts_are_svg_drawn_on_the_server(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.setup()
    connection_id = _connection(app)
    when = _activity(app, connection_id)
    html = client.get(f"/connections/{connection_id}").get_data(as_text=True)
    charts = html.split('id="charts"')[1].split("</section>")[0]
    assert html.count('<svg class="chart"') == 3 and "<script" not in charts
    hour = when.strftime("%Y-%m-%dT%H")
    assert f"<title>{hour} check-ins: 2</title>" in html
    assert f"<title>{hour} exchanges: 1</title>" in html
    day = when.strftime("%Y-%m-%d")
    assert f"<title>{day} p50: 301 ms</title>" in html  # of 101, 301, 901 ms
    assert f"<title>{day} p95: 901 ms</title>" in html
    assert f"<title>{day} failed jobs: 1</title>" in html
    assert f"<title>{day} connection errors: 1</title>" in html
    assert 'id="stale-banner"' not in html


def test_a_stale_connection_gets_a_red_banner_with_its_last_check_in(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.setup()
    connection_id = _connection(app)
    last = utcnow() - timedelta(hours=3)
    with new_session(app) as db:
        row = db.get(Connection, connection_id)
        assert row is not None
        row.last_poll_at = last
        db.add(ConnectionPresence(connection_id=connection_id, first_check_in_at=last))
        db.commit()
    html = client.get(f"/connections/{connection_id}").get_data(as_text=True)
    banner = re.search(r'id="stale-banner">([^<]+)', html)
    assert banner and last.strftime("%Y-%m-%d %H:%M UTC") in banner.group(1)


def test_percentile_is_nearest_rank() -> None:
    assert charts.percentile([], 0.5) == 0
    assert charts.percentile([5.0], 0.95) == 5
    assert charts.percentile([float(n) for n in range(1, 101)], 0.95) == 95
    assert charts.percentile([3.0, 1.0, 2.0], 0.5) == 2
