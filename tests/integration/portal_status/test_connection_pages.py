"""The connection page after real Web Connector exchanges: status, diagnostics, queue with
cancel, the exchange log and its request/response view; and the secrets that must never show
(the password after its one showing, tickets) on any page or in the log output."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

import pytest
from flask import Flask
from markupsafe import escape
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection
from nxus.models.qbwc import Job, QbwcExchange
from nxus.qbwc import log_view
from nxus.services import connections, jobs, sample_company
from nxus.services.plain_words import METHODS
from nxus.simulator.report import SessionReport
from tests.conftest import AuthActions, LiveServer, csrf_token_from, same_origin

QUERY = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    "<CustomerQueryRq><MaxReturned>2</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


def run_session(
    app: Flask, live: LiveServer, connection_id: uuid.UUID, password: str
) -> SessionReport:
    with app.app_context(), new_session(app) as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        connector = sample_company.build_connector(
            connection, password, live.url, records=60, noop_pause=0.05, http_timeout=30
        )
    return connector.run_once()


def page(auth: AuthActions, path: str) -> str:
    response = auth.client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_status_log_and_pair_view_after_a_real_session(
    app: Flask,
    live_server: LiveServer,
    signed_in: AuthActions,
    make_connection: Callable[..., Connection],
    password_for: Callable[[uuid.UUID], str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    connection = make_connection("Main books")
    password = password_for(connection.id)
    before = page(signed_in, f"/connections/{connection.id}")
    assert "Waiting for the Web Connector" in before and "Not connected yet" in before

    with app.app_context(), new_session(app) as session:
        row = session.get(Connection, connection.id)
        assert row is not None and connections.queue_first_exchange(session, row)
    report = run_session(app, live_server, connection.id, password)
    assert report.state == "completed", report.summary()
    ticket = report.auth.ticket if report.auth else ""
    assert ticket

    detail = page(signed_in, f"/connections/{connection.id}")
    assert ">Connected<" in detail
    assert "Next expected poll" in detail and "about " in detail
    assert "qbXML version" in detail and "Read the company&#39;s details" in detail
    for method in ("authenticate", "sendRequestXML", "receiveResponseXML", "closeConnection"):
        # In words, with the method's own name beside them.
        words = escape(METHODS[method])
        assert f'>{words}</a> <span class="muted small">{method}</span>' in detail

    filtered = page(signed_in, f"/connections/{connection.id}?method=authenticate")
    assert ">Signed in</a>" in filtered and ">Asked for work</a>" not in filtered

    with new_session(app) as session:
        ids = {
            x.method: x.id
            for x in session.scalars(
                select(QbwcExchange).where(QbwcExchange.connection_id == connection.id)
            )
        }
    auth_view = page(signed_in, f"/connections/{connection.id}/exchanges/{ids['authenticate']}")
    assert "strPassword&gt;[redacted]&lt;" in auth_view
    send_view = page(signed_in, f"/connections/{connection.id}/exchanges/{ids['sendRequestXML']}")
    assert "qbXML in &lt;" in send_view and "CompanyQueryRq" in send_view
    # Pretty-printed: the envelope is indented, one element per line.
    assert re.search(r"\n  &lt;soap:Body", send_view)

    everything = [detail, filtered, auth_view, send_view]
    everything += [
        page(signed_in, f"/connections/{connection.id}/exchanges/{i}") for i in ids.values()
    ]
    everything += [page(signed_in, "/dashboard"), page(signed_in, "/connections")]
    everything.append(page(signed_in, f"/connections/{connection.id}/status.json"))
    for html in everything:
        assert password not in html and ticket not in html
    assert password not in caplog.text and ticket not in caplog.text


def test_wrong_password_shows_the_diagnostic_with_its_fix(
    app: Flask,
    live_server: LiveServer,
    signed_in: AuthActions,
    make_connection: Callable[..., Connection],
    password_for: Callable[[uuid.UUID], str],
) -> None:
    connection = make_connection()
    old = password_for(connection.id)
    password_for(connection.id)  # regenerated: the old one stops working
    report = run_session(app, live_server, connection.id, old)
    assert report.state == "invalid_user"
    detail = page(signed_in, f"/connections/{connection.id}")
    assert "The Web Connector&#39;s password was refused" in detail
    assert 'href="/support#wrong-password"' in detail and "How to fix it" in detail
    assert "Needs attention" in detail and old not in detail
    status = signed_in.client.get(f"/connections/{connection.id}/status.json").get_json()
    assert status["state"] == "attention" and status["diagnostic"]["supportUrl"].endswith(
        "#wrong-password"
    )
    dashboard = page(signed_in, "/dashboard")
    assert "Needs attention" in dashboard and "/support#wrong-password" in dashboard


def test_cancel_a_queued_job_but_not_a_sent_one(
    app: Flask, signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    connection, other = make_connection("A"), make_connection("B")
    with new_session(app) as session:
        queued = jobs.submit_qbxml(session, connection.id, QUERY).id
        sent = jobs.submit_qbxml(session, connection.id, QUERY)
        sent.state = "sent"
        sent_id = sent.id
        foreign = jobs.submit_qbxml(session, other.id, QUERY).id
        session.commit()
    path = f"/connections/{connection.id}"
    html = page(signed_in, path)
    assert html.count(">Cancel</button>") == 1 and "queued" in html
    token = csrf_token_from(html)

    def cancel(job_id: uuid.UUID) -> str:
        response = signed_in.client.post(
            f"{path}/jobs/{job_id}/cancel",
            data={"csrf_token": token},
            headers=same_origin(signed_in.client, path),
            follow_redirects=True,
        )
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "Cancelled the queued request" in cancel(queued)
    assert "cannot be cancelled" in cancel(sent_id)
    assert "cannot be cancelled" in cancel(foreign)  # another connection's job: untouched
    with new_session(app) as session:
        states = {j.id: j.state for j in session.scalars(select(Job))}
    assert states == {queued: "cancelled", sent_id: "sent", foreign: "queued"}


def test_new_password_is_shown_once(
    app: Flask, signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection()
    path = f"/connections/{connection.id}"
    token = csrf_token_from(page(signed_in, path))
    response = signed_in.client.post(
        f"{path}/password", data={"csrf_token": token}, headers=same_origin(signed_in.client, path)
    )
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    match = re.search(r'id="qbwc-password">([A-Za-z0-9]{24})<', response.get_data(as_text=True))
    assert match
    password = match.group(1)
    assert password not in page(signed_in, path)
    with new_session(app) as session:
        row = session.get(Connection, connection.id)
        assert row is not None and row.password_set_at is not None


def test_qwc_download_and_other_organizations_are_404(
    app: Flask, signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection()
    response = signed_in.client.get(f"/connections/{connection.id}/qwc")
    assert response.status_code == 200 and b"<QBWCXML>" in response.data
    assert response.headers["Content-Disposition"].startswith('attachment; filename="nxus-')
    for path in ("", "/status.json", "/qwc", "/exchanges/1"):
        assert signed_in.client.get(f"/connections/{uuid.uuid4()}{path}").status_code == 404


def test_status_json_lists_the_organization(
    signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    make_connection("A")
    make_connection("B", mode="production")
    response = signed_in.client.get("/connections/status.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    rows = response.get_json()["connections"]
    assert [r["state"] for r in rows] == ["waiting", "waiting"]
    assert all(r["id"].startswith("conn_") and r["diagnostic"] is None for r in rows)


def test_sample_company_is_for_development_connections(
    signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    production = make_connection("Live books", mode="production")
    path = f"/connections/{production.id}"
    html = page(signed_in, path)
    assert "Connect the sample company" not in html
    response = signed_in.client.post(
        f"{path}/sample-company",
        data={"csrf_token": csrf_token_from(html)},
        headers=same_origin(signed_in.client, path),
        follow_redirects=True,
    )
    assert "development connections only" in response.get_data(as_text=True)
    assert sample_company.get_run(production.id) is None


def test_display_body_redacts_whatever_slipped_through() -> None:
    body = (
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        '<soap:Body><authenticate xmlns="http://developer.intuit.com/">'
        "<strUserName>u</strUserName><strPassword>hunter2hunter2</strPassword></authenticate>"
        '<authenticateResponse xmlns="http://developer.intuit.com/"><authenticateResult>'
        "<string>raw-ticket-value</string><string>none</string></authenticateResult>"
        "</authenticateResponse><sendRequestXML><ticket>another-ticket</ticket>"
        "<strHCPResponse>&lt;QBXML&gt;&lt;a&gt;1&lt;/a&gt;&lt;/QBXML&gt;</strHCPResponse>"
        "</sendRequestXML></soap:Body></soap:Envelope>"
    )
    shown = log_view.display_body(body)
    assert shown is not None
    text = shown.text + "".join(inner for _, inner in shown.inner)
    for secret in ("hunter2hunter2", "raw-ticket-value", "another-ticket"):
        assert secret not in text
    assert "<string>none</string>" in shown.text
    assert shown.inner == [("strHCPResponse", "<QBXML>\n  <a>1</a>\n</QBXML>\n")]
    assert log_view.display_body(None) is None
    assert log_view.display_body("not xml <") is not None
