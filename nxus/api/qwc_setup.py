"""What the setup wizard calls: the .qwc file, the Web Connector password, and the status.

    GET  /qwc-auth-setup/{id}/qwc                   the .qwc (application/xml, attachment)
    POST /qwc-auth-setup/{id}/password              a new password, shown once
    GET  /qwc-auth-setup/{id}/status[/authenticated] {connectionId, isConnected, ...}

Both the .qwc (header X-Nxus-Warning) and the status (field `warnings`) say when the public
URL breaks the Web Connector's rules (https unless localhost; no IP-address host)."""

from __future__ import annotations

from flask import Response, current_app, request

from nxus.api.context import current_api_key
from nxus.api.errors import ApiError
from nxus.api.helpers import ok, resolve_connection
from nxus.db import get_session
from nxus.formats import iso
from nxus.models import Connection
from nxus.plain_http import public_base_url
from nxus.services import connections, diagnostics, member_actions, portal_status, qwc


def _not_archived(connection: Connection) -> Connection:
    if connection.archived_at is not None:
        raise ApiError(
            "CONNECTION_ARCHIVED",
            f"Connection {connection.public_id} is archived; restore it before setting it up.",
        )
    return connection


def download_qwc(ref: str) -> Response:
    """The .qwc file to add in the Web Connector."""
    connection = _not_archived(resolve_connection(ref))
    base = public_base_url()
    document = qwc.build_qwc(
        connection,
        base_url=base,
        owner=qwc.owner_id(get_session()),
        run_every_seconds=current_app.config["QWC_RUN_EVERY_N_SECONDS"],
    )
    response = Response(document, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{qwc.filename(connection)}"'
    warnings = qwc.url_warnings(base)
    if warnings:
        # Header values must be one line of Latin-1: the status endpoint has the full text.
        text = " | ".join(warnings).encode("ascii", "replace").decode("ascii")
        response.headers["X-Nxus-Warning"] = text
    return response


def generate_password(ref: str) -> Response:
    """A new Web Connector password, returned once; the previous one stops working."""
    connection = _not_archived(resolve_connection(ref))
    password = connections.generate_password(get_session(), connection)
    member_actions.record_api_action(get_session(), current_api_key(),
                                     "qbwc_password.regenerated", connection,
                                     request.remote_addr)  # fmt: skip
    response = ok({"password": password})
    return response


def _status(ref: str) -> Response:
    connection = resolve_connection(ref)
    session = get_session()
    interval = diagnostics.poll_interval(current_app.config)
    if diagnostics.note_missed_polls(session, connection.id, connection.last_poll_at, interval):
        session.commit()  # recorded once per silence; the next authenticate resolves it
    # The same reading of a connection as the portal's status pages.
    problem = portal_status.status_of(session, connection, interval).diagnostic
    return ok(
        {
            "connectionId": str(connection.id),
            "isConnected": connection.last_connected_at is not None,
            "lastSyncAt": iso(connection.last_connected_at),
            "companyName": connection.company_name,
            "isSampleFile": connection.is_sample_file,
            "warnings": qwc.url_warnings(public_base_url()),
            # Beyond nXus: what is wrong, in plain words (None when nothing is).
            "diagnostic": {
                "code": problem.code,
                "title": problem.title,
                "explanation": problem.explanation,
                "fix": problem.fix,
                "supportUrl": problem.support_url,
                "severity": problem.severity,
            }
            if problem is not None
            else None,
        }
    )


def status(ref: str) -> Response:
    """Whether the Web Connector has exchanged with this connection yet."""
    return _status(ref)


def status_authenticated(ref: str) -> Response:
    """The same status (the SDK's retrieve_status_authenticated)."""
    return _status(ref)
