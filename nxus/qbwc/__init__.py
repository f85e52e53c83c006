"""The QuickBooks Web Connector side: SOAP 1.1 at /qbwc (see docs/qbwc.md).

What each SOAP method does to sessions, jobs and connections: each protocol function takes the
call's parameters and a database Session and returns an Outcome (the SOAP result plus what the
exchange log records). They do not commit: the entrypoint adds the exchange row and commits once,
so a call costs one transaction. Two exceptions keep the house rules: authenticate checks the
password with no transaction open, and an empty sendRequestXML of a warm session commits before it
holds (sleeps) for new work.

Session life: authenticate → sendRequestXML (first: HCP, file check, version) → receive… →
(queue empty: hold / NoOp while warm, then a final HostQueryRq answered with 100) →
closeConnection. An unknown, closed or expired ticket ends the session cleanly.

The protocol lives in
    common          settings, Outcome, session states, tickets, the session lookup
    auth            serverVersion, clientVersion, authenticate (opening a session)
    first_call      the first sendRequestXML: HCP, company file, qbXML version
    exchange        sendRequestXML, receiveResponseXML (jobs out, answers in, keep-warm)
    close           connectionError, getLastError, closeConnection, interactive methods
    views           one call: parse the envelope, dispatch, record the exchange, answer;
                    and the blueprint (GET /qbwc: the WSDL)
    wsgi            POST /qbwc served beside Flask's dispatch (limits, headers, metrics)
    envelope, wsdl  the SOAP envelope and the WSDL
    log             the exchange log
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from nxus import errors
    from nxus.extensions import csrf
    from nxus.qbwc import views, wsgi
    from nxus.qbwc.common import Settings

    app.extensions["nxus.qbwc.settings"] = Settings.from_config(app.config)
    csrf.exempt(views.bp)  # SOAP has no cookies; the ticket is the credential
    app.register_blueprint(views.bp)
    errors.register_renderer(app, "/qbwc", views.render_http_error)
    wsgi.install(app)  # POST /qbwc, beside Flask's dispatch
