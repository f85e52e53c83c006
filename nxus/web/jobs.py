"""Jobs across the organization's connections: every request sent (or waiting to be sent) to
QuickBooks, filtered by connection and state, a page at a time; and one job's detail (request,
response, outcome in plain words, the Web Connector calls that carried it)."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, make_response, render_template, request
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.qbwc import log_view
from nxus.services import accounts, connections, plain_words, portal_logs

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
MAX_PAGE = 100_000


def page_number() -> int:
    """?page=N (1 when absent); anything else is a 400 naming the field."""
    raw = request.args.get("page", "").strip() or "1"
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(400, description=f"page must be a whole number from 1 to {MAX_PAGE}.")
    return int(raw)


def _private(html: str) -> Response:
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
@login_required
def index() -> Response:
    session = get_session()
    org = accounts.organization_of(session, current_user)
    own = connections.for_organization(session, org.id)
    connection_id: uuid.UUID | None = None
    raw_connection = request.args.get("connection", "").strip()
    if raw_connection:
        connection_id = connections.parse_id(raw_connection)
        if connection_id is None or connection_id not in {c.id for c in own}:
            abort(400, description="connection must be one of your connections.")
    state = request.args.get("state", "").strip() or None
    if state is not None and state not in portal_logs.JOB_STATES:
        abort(400, description="state must be one of: " + ", ".join(portal_logs.JOB_STATES) + ".")
    page = portal_logs.jobs(
        session, org.id, connection_id=connection_id, state=state, number=page_number()
    )
    return _private(
        render_template(
            "jobs/index.html",
            page=page,
            connections=own,
            connection_id=connection_id,
            state=state,
            states=portal_logs.JOB_STATES,
            words=plain_words,
        )
    )


@bp.get("/<uuid:job_id>")
@login_required
def detail(job_id: uuid.UUID) -> Response:
    session = get_session()
    org = accounts.organization_of(session, current_user)
    found = portal_logs.job(session, org.id, job_id)
    if found is None:
        abort(404)
    job, connection = found
    return _private(
        render_template(
            "jobs/detail.html",
            job=job,
            connection=connection,
            outcome=plain_words.job_outcome(job),
            request_body=log_view.display_body(job.request_body),
            response_body=log_view.display_body(job.response_body),
            exchanges=portal_logs.exchanges_of_job(session, job.id),
            words=plain_words,
        )
    )
