"""Webhook endpoints: POST/GET /webhook-endpoints, GET/DELETE /webhook-endpoints/{id},
POST /webhook-endpoints/{id}/roll-secret. The secret (`whsec_…`) is in the answer of the
create and of a roll only. Endpoints receive the events of the key's organization and mode."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from nxus.api import pagination
from nxus.api.errors import not_found, validation_error
from nxus.api.helpers import Field, current_scope, json_body, ok
from nxus.db import get_session
from nxus.formats import iso
from nxus.models.events import WebhookEndpoint
from nxus.services import webhooks
from nxus.services.errors import NotFound, ValidationFailed

CREATE_FIELDS = {
    # Longer URLs are checked by the service, which names the limit.
    "url": Field((str,), nullable=False),
    "events": Field((list,), nullable=False),
    "description": Field((str,), max_length=webhooks.DESCRIPTION_MAX),
}


def endpoint_json(e: WebhookEndpoint, secret: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": e.public_id,
        "objectType": "webhook_endpoint",
        "url": e.url,
        "events": e.event_types,
        "description": e.description,
        "mode": e.mode,
        "status": "enabled" if e.enabled else "disabled",
        "disabledReason": e.disabled_reason,
        "failingSince": iso(e.failing_since),
        "createdAt": iso(e.created_at),
    }
    if secret is not None:
        body["secret"] = secret
    return body


def _found(ref: str) -> WebhookEndpoint:
    scope = current_scope()
    try:
        return webhooks.get(get_session(), scope.organization_id, ref, scope.mode)
    except NotFound:
        raise not_found(f"No webhook endpoint {ref!r} exists for this API key.") from None


def create_webhook_endpoint() -> Response:
    """A new endpoint; its signing secret is in this answer only."""
    body = json_body(CREATE_FIELDS, required=("url", "events"))
    scope = current_scope()
    try:
        new = webhooks.create(
            get_session(),
            scope.organization_id,
            scope.mode,
            body["url"],
            body["events"],
            body.get("description"),
            bool(current_app.config["WEBHOOKS_ALLOW_PRIVATE"]),
        )
    except ValidationFailed as exc:
        get_session().rollback()
        raise validation_error(f"{exc.field}: {exc.message}") from None
    return ok(endpoint_json(new.endpoint, new.secret), 201)


def list_webhook_endpoints() -> Response:
    """The endpoints of the key's organization and mode (never their secrets)."""
    page = pagination.page_request()
    scope = current_scope()
    rows = webhooks.list_for(get_session(), scope.organization_id, scope.mode)
    start = (page.page - 1) * page.limit
    chosen = rows[start : start + page.limit]
    more = start + page.limit < len(rows)
    data = [endpoint_json(e) for e in chosen]
    return ok(pagination.envelope(data, page, len(rows), {} if more else None))


def retrieve_webhook_endpoint(ref: str) -> Response:
    """One endpoint (without its secret)."""
    return ok(endpoint_json(_found(ref)))


def delete_webhook_endpoint(ref: str) -> Response:
    """Delete the endpoint and its pending deliveries."""
    endpoint = _found(ref)
    public_id = endpoint.public_id
    webhooks.delete(get_session(), endpoint)
    return ok({"id": public_id, "objectType": "webhook_endpoint", "deleted": True})


def roll_webhook_secret(ref: str) -> Response:
    """A new signing secret at once; the answer holds it (the only time it is shown)."""
    new = webhooks.roll_secret(get_session(), _found(ref))
    return ok(endpoint_json(new.endpoint, new.secret))
