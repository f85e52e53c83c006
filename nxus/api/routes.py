"""Every route of /api/v1, in one table: the platform's routes by hand below, the QuickBooks
resources' routes generated from the resource registry (nxus.resources: RESOURCES, DELETED),
and the nine reports. Every route is behind the Bearer-key check of nxus.api.blueprint;
GET /api/v1/openapi.json (no key) is on its own blueprint (nxus.api.openapi).

To add a route: write the view in its module under nxus/api/, add a line here, and a line to
the OpenAPI table (nxus.openapi.paths.PLATFORM) — a test compares the two."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint

from nxus.api import (
    auth_sessions,
    connections,
    custom_fields,
    events,
    quickbooks,
    qwc_setup,
    reports,
    requests,
    tenant,
    webhooks,
)
from nxus.api.route import Route

PLATFORM_ROUTES: tuple[Route, ...] = (
    # connections
    Route(("POST",), "/connections", connections.create_connection),
    Route(("GET",), "/connections", connections.list_connections),
    Route(("GET",), "/connections/<ref>", connections.retrieve_connection),
    Route(("PATCH", "POST"), "/connections/<ref>", connections.update_connection),
    Route(("DELETE",), "/connections/<ref>", connections.archive_connection),
    Route(("POST",), "/connections/<ref>/restore", connections.restore_connection),
    Route(("DELETE",), "/connections/<ref>/permanent", connections.delete_connection_permanently),
    # qwc_setup
    Route(("GET",), "/qwc-auth-setup/<ref>/qwc", qwc_setup.download_qwc),
    Route(("POST",), "/qwc-auth-setup/<ref>/password", qwc_setup.generate_password),
    Route(("GET",), "/qwc-auth-setup/<ref>/status", qwc_setup.status),
    Route(("GET",), "/qwc-auth-setup/<ref>/status/authenticated", qwc_setup.status_authenticated),
    # auth_sessions
    Route(("POST",), "/auth-sessions", auth_sessions.create_auth_session),
    Route(("GET",), "/auth-sessions/<public_id>", auth_sessions.retrieve_auth_session),
    # tenant
    Route(("GET",), "/tenant/me", tenant.tenant_me),
    Route(("POST",), "/tenant/me/rotate-publishable-key", tenant.rotate_publishable_key),
    # quickbooks
    Route(("POST",), "/qbxml", quickbooks.raw_qbxml),
    Route(("GET",), "/jobs/<job_ref>", quickbooks.get_job),
    Route(("POST",), "/cursors/<token>/close", quickbooks.close_cursor),
    # events
    Route(("GET",), "/events", events.list_events),
    Route(("GET",), "/events/<ref>", events.retrieve_event),
    # webhooks
    Route(("POST",), "/webhook-endpoints", webhooks.create_webhook_endpoint),
    Route(("GET",), "/webhook-endpoints", webhooks.list_webhook_endpoints),
    Route(("GET",), "/webhook-endpoints/<ref>", webhooks.retrieve_webhook_endpoint),
    Route(("DELETE",), "/webhook-endpoints/<ref>", webhooks.delete_webhook_endpoint),
    Route(("POST",), "/webhook-endpoints/<ref>/roll-secret", webhooks.roll_webhook_secret),
    # requests
    Route(("GET",), "/requests", requests.list_requests),
    # custom_fields
    Route(("GET",), "/custom-field-definitions", custom_fields.list_custom_field_definitions),
    Route(("POST",), "/custom-field-definitions", custom_fields.create_custom_field_definition),
    Route(
        ("POST", "PATCH", "DELETE"),
        "/custom-field-definitions/<path:name>",
        custom_fields.change_custom_field_definition,
    ),
    Route(("POST", "PATCH", "DELETE"), "/custom-fields", custom_fields.change_custom_field_value),
)


def all_routes() -> Iterator[Route]:
    yield from PLATFORM_ROUTES
    yield from quickbooks.resource_routes()
    yield from reports.report_routes()


_REGISTERED: set[str] = set()


def register(bp: Blueprint) -> None:
    """Add the table to the blueprint before it is registered on an app. The blueprint lives as
    long as the process and every app shares it, so the table goes on once."""
    if bp.name in _REGISTERED:
        return
    _REGISTERED.add(bp.name)
    for route in all_routes():
        bp.add_url_rule(route.path, route.view.__name__, route.view, methods=list(route.methods))
