"""Settings → Webhooks: endpoints (create: the secret is shown once; roll, enable, delete),
and per endpoint its last deliveries with "Resend" and "Send test event". Every form carries
a CSRF token; changes need an owner or admin (enforced in services.webhooks)."""

from __future__ import annotations

import uuid

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from nxus.db import get_session
from nxus.models.accounts import Organization
from nxus.models.events import WebhookEndpoint
from nxus.services import accounts, events, webhooks
from nxus.services.errors import NotFound, ValidationFailed
from nxus.web.forms import ConfirmForm

bp = Blueprint("webhooks", __name__, url_prefix="/settings/webhooks")


class EndpointForm(FlaskForm):
    url = StringField("URL", validators=[InputRequired("Enter the URL that receives events.")])
    events = SelectMultipleField(
        "Events",
        choices=[SelectChoice(webhooks.ALL, "Every event (*)")]
        + [SelectChoice(t, t) for t in events.TYPES],
        default=[webhooks.ALL],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    description = StringField("Description (optional)")
    mode = SelectField(
        "Mode",
        choices=[
            SelectChoice("production", "Live: events of production connections and live keys"),
            SelectChoice("development", "Test: events of development connections and test keys"),
        ],
        default="production",
    )


def _org() -> Organization:
    return accounts.organization_of(get_session(), current_user)


def _manager(org: Organization) -> None:
    try:
        webhooks.require_manager(get_session(), current_user.id, org.id)
    except webhooks.NotAllowed:
        abort(403)


def _private(html: str, status: int = 200) -> Response:
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"  # a secret may be on the page
    return response


def _list_page(form: EndpointForm, new_secret: str | None = None, status: int = 200) -> Response:
    org = _org()
    html = render_template(
        "webhooks/index.html",
        form=form,
        endpoints=webhooks.list_for(get_session(), org.id),
        new_secret=new_secret,
        confirm=ConfirmForm(),
    )
    return _private(html, status)


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> Response:
    """The organization's endpoints and the form adding one (its secret is shown once)."""
    form = EndpointForm()
    if not form.validate_on_submit():
        return _list_page(form, status=400 if form.errors else 200)
    org = _org()
    _manager(org)
    try:
        new = webhooks.create(
            get_session(),
            org.id,
            form.mode.data or "production",
            form.url.data or "",
            form.events.data or [],
            form.description.data,
            bool(current_app.config["WEBHOOKS_ALLOW_PRIVATE"]),
        )
    except ValidationFailed as exc:
        get_session().rollback()
        target = getattr(form, exc.field, form.url)
        target.errors = [*target.errors, exc.message]
        return _list_page(form, status=400)
    return _endpoint_page(new.endpoint, new_secret=new.secret)


def _own(endpoint_id: uuid.UUID) -> WebhookEndpoint:
    try:
        return webhooks.get(get_session(), _org().id, endpoint_id)
    except NotFound:
        abort(404)


def _endpoint_page(endpoint: WebhookEndpoint, new_secret: str | None = None) -> Response:
    html = render_template(
        "webhooks/detail.html",
        endpoint=endpoint,
        deliveries=webhooks.recent_deliveries(get_session(), endpoint.id),
        new_secret=new_secret,
        confirm=ConfirmForm(),
        public_event_id=events.public_id,
    )
    return _private(html)


@bp.get("/<uuid:endpoint_id>")
@login_required
def detail(endpoint_id: uuid.UUID) -> Response:
    """One endpoint: its last deliveries (status, latency, answer excerpt) and actions."""
    return _endpoint_page(_own(endpoint_id))


def _changed(endpoint_id: uuid.UUID) -> WebhookEndpoint:
    """The endpoint of a confirmed (CSRF) form posted by an owner or admin."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    endpoint = _own(endpoint_id)
    _manager(_org())
    return endpoint


@bp.post("/<uuid:endpoint_id>/test")
@login_required
def send_test(endpoint_id: uuid.UUID) -> Response:
    """Queue a webhook.test event for this endpoint; the worker sends it within seconds."""
    endpoint = _changed(endpoint_id)
    webhooks.send_test(get_session(), endpoint)
    flash("Test event queued: it appears below once sent.", "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.post("/<uuid:endpoint_id>/deliveries/<delivery_id>/resend")
@login_required
def resend(endpoint_id: uuid.UUID, delivery_id: str) -> Response:
    """Send a delivery's event again (a new delivery)."""
    endpoint = _changed(endpoint_id)
    if not delivery_id.isdigit() or len(delivery_id) > 18:
        abort(404)
    try:
        webhooks.resend(get_session(), endpoint, int(delivery_id))
    except NotFound:
        abort(404)
    flash("Event queued again.", "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.post("/<uuid:endpoint_id>/roll")
@login_required
def roll(endpoint_id: uuid.UUID) -> Response:
    """A new signing secret at once, shown on this page only."""
    new = webhooks.roll_secret(get_session(), _changed(endpoint_id))
    return _endpoint_page(new.endpoint, new_secret=new.secret)


@bp.post("/<uuid:endpoint_id>/enable")
@login_required
def enable(endpoint_id: uuid.UUID) -> Response:
    """Re-enable an endpoint that was disabled after failing."""
    webhooks.enable(get_session(), _changed(endpoint_id))
    flash("Endpoint enabled: pending deliveries are retried.", "success")
    return redirect(url_for("webhooks.detail", endpoint_id=endpoint_id))


@bp.post("/<uuid:endpoint_id>/delete")
@login_required
def delete(endpoint_id: uuid.UUID) -> Response:
    """Delete the endpoint and its deliveries."""
    endpoint = _changed(endpoint_id)
    url = endpoint.url
    webhooks.delete(get_session(), endpoint)
    flash(f"Deleted the endpoint {url}.", "success")
    return redirect(url_for("webhooks.index"))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
