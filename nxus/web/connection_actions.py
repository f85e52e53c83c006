"""A connection's actions that change or end something, each behind a confirmation page that
names what stops working (GET shows it, POST with the CSRF token does it; Cancel leaves
everything as it was): new Web Connector password, archive, restore, rename, permanent delete.
Routes on the connections blueprint (endpoints `connections.*`)."""

from __future__ import annotations

import uuid

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.models import Connection
from nxus.services import connections, member_actions, portal_live, sample_company
from nxus.services.errors import ValidationFailed
from nxus.web import session_guard
from nxus.web.confirm import confirm_page
from nxus.web.connection_base import bp, confirmed, own, private


def _name(connection: Connection) -> str:
    return connection.description or connection.public_id


def _may_change() -> None:
    """Confirmation pages are for those who may act (a viewer gets 403, as the POST does)."""
    member_actions.may_change_connections(session_guard.actor())


def _detail(connection_id: uuid.UUID) -> str:
    return url_for("connections.detail", connection_id=connection_id)


def _sample_running(connection: Connection) -> bool:
    return sample_company.get_run(connection.id, get_session()) is not None


def _stop_sample(connection_id: uuid.UUID) -> None:
    if sample_company.get_run(connection_id, get_session()) is not None:
        get_session().rollback()  # the stopping session writes: hold no lock while waiting
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if sample_company.detach(connection_id, app=app):
            portal_live.note_sample_stopped(get_session(), connection_id)


@bp.get("/<uuid:connection_id>/password")
@login_required
def confirm_new_password(connection_id: uuid.UUID) -> Response:
    connection = own(connection_id)
    _may_change()
    if connection.archived_at is not None:
        flash("Restore the connection before giving it a new password.", "error")
        return redirect(_detail(connection.id))
    stops = [
        "The Web Connector's current password stops working at once: its next visit is "
        "refused until you type the new password into it.",
        "Until then, API calls for this connection cannot reach QuickBooks (they wait, then "
        "time out).",
    ]
    if _sample_running(connection):
        stops.append("The sample company connected now is signed out (connect it again after).")
    return confirm_page(
        title="New Web Connector password?",
        subject=f"A new password for {_name(connection)} (user name "
        f"{connection.qbwc_username}). It is shown once, on the next page.",
        consequences=stops,
        action=url_for("connections.new_password", connection_id=connection.id),
        button="Replace the password",
        danger=True,
        cancel=_detail(connection.id),
        cancel_label="Cancel, keep the current password",
    )


@bp.post("/<uuid:connection_id>/password")
@login_required
def new_password(connection_id: uuid.UUID) -> Response:
    """A new Web Connector password, shown once on this response; the old one stops working."""
    confirmed()
    connection = own(connection_id)
    if connection.archived_at is not None:
        flash("Restore the connection before giving it a new password.", "error")
        return redirect(_detail(connection.id))
    password = member_actions.new_qbwc_password(get_session(), session_guard.actor(), connection)
    html = render_template("connections/password.html", connection=connection, password=password)
    response = private(make_response(html))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/<uuid:connection_id>/archive")
@login_required
def confirm_archive(connection_id: uuid.UUID) -> Response:
    connection = own(connection_id)
    _may_change()
    if connection.archived_at is not None:
        return redirect(_detail(connection.id))
    stops = [
        "The Web Connector is refused: its password is revoked.",
        f"API calls for {connection.public_id} answer 403 CONNECTION_ARCHIVED; queued "
        "requests are not sent to QuickBooks.",
    ]
    if _sample_running(connection):
        stops.append("The sample company connected now is stopped.")
    return confirm_page(
        title=f"Archive {_name(connection)}?",
        subject="Archiving keeps the connection's history; you can restore it later (it then "
        "needs a new Web Connector password).",
        consequences=stops,
        action=url_for("connections.archive", connection_id=connection.id),
        button="Archive connection",
        danger=True,
        cancel=_detail(connection.id),
        cancel_label="Cancel, keep it working",
    )


@bp.post("/<uuid:connection_id>/archive")
@login_required
def archive(connection_id: uuid.UUID) -> Response:
    """Archive: the Web Connector password is revoked and /qbwc refuses the connection."""
    confirmed()
    own(connection_id)
    _stop_sample(connection_id)
    connection = member_actions.archive(get_session(), session_guard.actor(), own(connection_id))
    flash(f"Archived {connection.description}. The Web Connector can no longer use it.", "success")
    return redirect(_detail(connection.id))


@bp.post("/<uuid:connection_id>/restore")
@login_required
def restore(connection_id: uuid.UUID) -> Response:
    """Restore an archived connection (its Web Connector password must be generated again)."""
    confirmed()
    connection = member_actions.restore(get_session(), session_guard.actor(), own(connection_id))
    flash(
        f"Restored {connection.description}. Generate a new Web Connector password to use it.",
        "success",
    )
    return redirect(_detail(connection.id))


def _rename_page(connection: Connection, value: str, error: str | None, status: int) -> Response:
    return confirm_page(
        status,
        title=f"Rename {_name(connection)}",
        subject="The name is shown in the portal, in the Web Connector's list and to your "
        "applications (description). The connection id, the .qwc file and the Web Connector "
        "password do not change.",
        consequences=[],
        field={
            "id": "description",
            "name": "description",
            "label": "Name",
            "value": value,
            "maxlength": connections.DESCRIPTION_MAX,
            "error": error,
        },
        action=url_for("connections.rename", connection_id=connection.id),
        button="Rename",
        danger=False,
        cancel=_detail(connection.id),
    )


@bp.get("/<uuid:connection_id>/rename")
@login_required
def confirm_rename(connection_id: uuid.UUID) -> Response:
    connection = own(connection_id)
    _may_change()
    return _rename_page(connection, connection.description or "", None, 200)


@bp.post("/<uuid:connection_id>/rename")
@login_required
def rename(connection_id: uuid.UUID) -> Response:
    confirmed()
    connection = own(connection_id)
    value = request.form.get("description", "")
    if not value.strip():
        return _rename_page(connection, value, "Enter a name.", 400)
    try:
        member_actions.rename(get_session(), session_guard.actor(), connection, value)
    except ValidationFailed as exc:
        get_session().rollback()
        return _rename_page(own(connection_id), value, exc.message, 400)
    flash(f"Renamed to {connection.description}.", "success")
    return redirect(_detail(connection.id))


@bp.get("/<uuid:connection_id>/delete")
@login_required
def confirm_delete(connection_id: uuid.UUID) -> Response:
    connection = own(connection_id)
    _may_change()
    if connection.archived_at is None:
        flash("Archive the connection first; a working connection cannot be deleted.", "error")
        return redirect(_detail(connection.id))
    return confirm_page(
        title=f"Delete {_name(connection)} permanently?",
        subject="This cannot be undone. Archiving already stopped the Web Connector; deleting "
        "also removes everything nXus kept about the connection.",
        consequences=[
            f"Applications using {connection.public_id}"
            + (f" or {connection.external_id}" if connection.external_id else "")
            + " get 404 NOT_FOUND.",
            "Its job history, exchange log and diagnostics are deleted.",
            "The .qwc file and Web Connector entry for it can never be used again.",
        ],
        action=url_for("connections.delete", connection_id=connection.id),
        button="Delete permanently",
        danger=True,
        cancel=_detail(connection.id),
        cancel_label="Cancel, keep it archived",
    )


@bp.post("/<uuid:connection_id>/delete")
@login_required
def delete(connection_id: uuid.UUID) -> Response:
    confirmed()
    connection = own(connection_id)
    if connection.archived_at is None:
        flash("Archive the connection first; a working connection cannot be deleted.", "error")
        return redirect(_detail(connection.id))
    name = _name(connection)
    _stop_sample(connection_id)
    member_actions.delete_permanently(get_session(), session_guard.actor(), own(connection_id))
    flash(f"Deleted {name} permanently.", "success")
    return redirect(url_for("connections.index"))
