"""Connections in the portal: list, detail (status, diagnostic, queue, exchange log), the
request/response pair of one exchange, .qwc download, cancel a queued job, attach the sample
company (development). The confirmed actions (password, archive, rename, delete) live in
nxus.web.connection_actions."""

from __future__ import annotations

import uuid

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from nxus.db import get_session
from nxus.plain_http import public_base_url
from nxus.qbwc import log_view
from nxus.services import (
    accounts,
    connections,
    diagnostics,
    plain_words,
    portal_live,
    portal_logs,
    portal_status,
    qwc,
    sample_company,
)
from nxus.services.errors import ServiceError
from nxus.web.connection_base import bp, confirmed, own, private
from nxus.web.forms import ConfirmForm
from nxus.web.jobs import page_number


def _interval() -> int:
    return diagnostics.poll_interval(current_app.config)


@bp.get("")
@login_required
def index() -> str:
    """Every connection of the organization, both modes, archived ones last."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    rows = connections.for_organization(session, org.id)
    rows.sort(key=lambda c: c.archived_at is not None)
    interval = _interval()
    return render_template(
        "connections/index.html",
        statuses=[portal_status.status_of(session, c, interval) for c in rows],
    )


@bp.get("/status.json")
@login_required
def statuses_json() -> Response:
    """Status badges for the dashboard's live refresh (same origin, session cookie)."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    rows = portal_status.statuses(session, org.id, _interval())
    return private(jsonify({"connections": [s.as_json() for s in rows]}))


@bp.get("/<uuid:connection_id>/status.json")
@login_required
def status_json(connection_id: uuid.UUID) -> Response:
    """One connection's status with its current diagnostic (the wizard's step 5), and the
    stamp the connection page polls to reload its live parts when anything changed."""
    session = get_session()
    status = portal_status.status_of(session, own(connection_id), _interval())
    running = sample_company.get_run(connection_id, session) is not None
    body = {**status.as_json(), "sampleCompanyRunning": running}
    body["stamp"] = portal_live.stamp(session, status, running)
    return private(jsonify(body))


@bp.get("/<uuid:connection_id>")
@login_required
def detail(connection_id: uuid.UUID) -> Response:
    """Status, diagnostic, queue, exchange log and actions of one connection."""
    session = get_session()
    connection = own(connection_id)
    method = request.args.get("method") or None
    if method is not None and method not in portal_logs.EXCHANGE_METHODS:
        abort(400, description="method must be one of: " + ", ".join(portal_logs.EXCHANGE_METHODS))
    problems = request.args.get("problems") == "1"
    status = portal_status.status_of(session, connection, _interval())
    sample_run = sample_company.get_run(connection.id, session)
    html = render_template(
        "connections/detail.html",
        connection=connection,
        status=status,
        stamp=portal_live.stamp(session, status, sample_run is not None),
        confirm=ConfirmForm(),
        app_name=qwc.app_name(connection),
        url_warnings=qwc.url_warnings(public_base_url()),
        url_fix=qwc.url_fix(public_base_url()),
        jobs=portal_status.recent_jobs(session, connection.id),
        exchanges=portal_logs.exchanges(
            session, connection.id, method=method, problems_only=problems, number=page_number()
        ),
        words=plain_words,
        methods=portal_logs.EXCHANGE_METHODS,
        method=method,
        problems=problems,
        sample_run=sample_run,
    )
    return private(make_response(html))


@bp.get("/<uuid:connection_id>/exchanges/<int:exchange_id>")
@login_required
def exchange(connection_id: uuid.UUID, exchange_id: int) -> Response:
    """One SOAP call: its request and response, pretty-printed, secrets redacted."""
    connection = own(connection_id)
    session = get_session()
    row = portal_logs.exchange(session, connection.id, exchange_id)
    if row is None:
        abort(404)
    request_body, response_body = log_view.exchange_bodies(session, row)
    html = render_template(
        "connections/exchange.html",
        connection=connection,
        exchange=row,
        words=plain_words,
        request_body=request_body,
        response_body=response_body,
    )
    return private(make_response(html))


@bp.post("/<uuid:connection_id>/jobs/<uuid:job_id>/cancel")
@login_required
def cancel_job(connection_id: uuid.UUID, job_id: uuid.UUID) -> Response:
    """Withdraw a job QuickBooks has not received yet."""
    confirmed()
    connection = own(connection_id)
    if portal_status.cancel_queued_job(get_session(), connection.id, job_id):
        flash("Cancelled the queued request. QuickBooks will not receive it.", "success")
    else:
        flash("That request was already sent to QuickBooks or finished; it cannot be cancelled.",
              "error")  # fmt: skip
    return redirect(url_for("connections.detail", connection_id=connection.id) + "#queue")


@bp.get("/<uuid:connection_id>/qwc")
@login_required
def download_qwc(connection_id: uuid.UUID) -> Response:
    """The .qwc file, the same as the API's."""
    connection = own(connection_id)
    if connection.archived_at is not None:
        abort(404)
    document = qwc.build_qwc(
        connection,
        base_url=public_base_url(),
        owner=qwc.owner_id(get_session()),
        run_every_seconds=current_app.config["QWC_RUN_EVERY_N_SECONDS"],
    )
    response = Response(document, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{qwc.filename(connection)}"'
    return response


@bp.post("/<uuid:connection_id>/sample-company")
@login_required
def attach_sample(connection_id: uuid.UUID) -> Response:
    """Serve a development connection from the built-in sample company."""
    confirmed()
    own(connection_id)
    # attach() uses its own database session: end this request's transaction first (on
    # SQLite it holds the write lock).
    get_session().rollback()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        sample_company.attach(app, connection_id, public_base_url())
    except sample_company.RunningElsewhere:
        flash("The sample company is already connected to this connection.", "success")
    except ServiceError as exc:
        flash(f"The sample company could not be connected: {exc}", "error")
    else:
        flash("The sample company is connecting; its first exchange shows below in a moment.",
              "success")  # fmt: skip
    return redirect(url_for("connections.detail", connection_id=connection_id))


@bp.post("/<uuid:connection_id>/sample-company/stop")
@login_required
def detach_sample(connection_id: uuid.UUID) -> Response:
    """Stop the sample company's simulated Web Connector."""
    confirmed()
    own(connection_id)
    get_session().rollback()  # the stopping session writes: hold no lock while waiting
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if sample_company.detach(connection_id, app=app):
        portal_live.note_sample_stopped(get_session(), connection_id)
        flash("Stopped the sample company: nothing polls nXus for this connection now.",
              "success")  # fmt: skip
    return redirect(url_for("connections.detail", connection_id=connection_id))
