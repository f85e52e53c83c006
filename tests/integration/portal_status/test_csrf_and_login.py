"""Every portal form refuses a POST without its CSRF token, and every page of this area needs
a sign-in (the setup link pages excepted: the link is their credential)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import pytest
from flask import Flask

from nxus.models import Connection
from tests.conftest import AuthActions

# Endpoints that take no cookie-borne credential, so CSRF does not apply to them.
CSRF_FREE_PREFIXES = ("/api/", "/qbwc")
CSRF_FREE_ENDPOINTS = {
    "auth_flow.link_password",
    "auth_flow.link_first_exchange",
    "auth_flow.link_qwc",
    "auth_flow.link_status",
}


def portal_post_rules(app: Flask) -> list[tuple[str, str]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()) or rule.endpoint in CSRF_FREE_ENDPOINTS:
            continue
        if rule.rule.startswith(CSRF_FREE_PREFIXES):
            continue
        rules.append((rule.endpoint, rule.rule))
    return rules


def fill(rule: str, connection_id: uuid.UUID) -> str:
    path = re.sub(r"<uuid:connection_id>", str(connection_id), rule)
    path = re.sub(r"<uuid:[a-z_]+>", str(uuid.uuid4()), path)
    return re.sub(r"<[^>]+>", "x", path)


def test_every_portal_form_needs_its_csrf_token(
    app: Flask,
    signed_in: AuthActions,
    make_connection: Callable[..., Connection],
) -> None:
    connection = make_connection()
    rules = portal_post_rules(app)
    endpoints = {endpoint for endpoint, _ in rules}
    # The forms of this area are all in the list (a renamed route would silently drop out).
    assert {
        "connections.archive",
        "connections.restore",
        "connections.new_password",
        "connections.cancel_job",
        "connections.attach_sample",
        "connections.detach_sample",
        "wizard.first_exchange",
        "keys.index",
        "keys.revoke",
        "auth.logout",
    } <= endpoints
    for endpoint, rule in rules:
        path = fill(rule, connection.id)
        response = signed_in.client.post(path, data={"anything": "1"})
        assert response.status_code == 400, (endpoint, path, response.status_code)
    # Nothing happened: still active, still no password.
    page = signed_in.client.get(f"/connections/{connection.id}").get_data(as_text=True)
    assert "Archive connection" in page and "not set" in page


@pytest.mark.parametrize(
    "path",
    [
        "/wizard",
        "/connections/status.json",
        "/connections/{id}/status.json",
        "/connections/{id}/exchanges/1",
        "/connections/{id}/qwc",
    ],
)
def test_pages_need_a_sign_in(
    signed_in: AuthActions, make_connection: Callable[..., Connection], path: str
) -> None:
    connection = make_connection()
    signed_in.logout()
    response = signed_in.client.get(path.format(id=connection.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
