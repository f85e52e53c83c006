"""A NUL character anywhere in a request is a clear 400 in the path's own format, and nothing
is stored (PostgreSQL refuses NUL in text, so without the guard these were 500s there)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from nxus.db import new_session
from nxus.models import Connection, Organization, User
from tests.conftest import OWNER, AuthActions, csrf_token_from, same_origin


def rows(app: Flask, model: type) -> int:
    with new_session(app) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def api_key(app: Flask, auth: AuthActions) -> str:
    auth.setup()
    result = app.test_cli_runner().invoke(
        args=["nxus", "create-api-key", OWNER["email"], "--name", "nul", "--test"]
    )
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_nul_in_an_api_path_query_or_header_is_a_json_400(app: Flask, auth: AuthActions) -> None:
    headers = {"Authorization": f"Bearer {api_key(app, auth)}"}
    client = auth.client
    for response in (
        client.get("/api/v1/connections/conn_%00", headers=headers),
        client.get("/api/v1/connections?cursor=a%00b", headers=headers),
        client.get("/api/v1/customers", headers={**headers, "X-Connection-Id": "a\x00b"}),
    ):
        assert response.status_code == 400, response.get_data(as_text=True)
        assert response.get_json()["error"]["httpStatusCode"] == 400
        assert "NUL" in response.get_json()["error"]["message"]


def test_nul_in_a_json_string_is_refused_and_nothing_created(app: Flask, auth: AuthActions) -> None:
    headers = {"Authorization": f"Bearer {api_key(app, auth)}"}
    response = auth.client.post(
        "/api/v1/connections", json={"description": "Main\u0000books"}, headers=headers
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and "description" in error["message"]
    assert rows(app, Connection) == 0


def test_nul_in_a_portal_form_is_a_page_400_and_nothing_created(
    app: Flask, client: FlaskClient
) -> None:
    token = csrf_token_from(client.get("/setup").get_data(as_text=True))
    response = client.post(
        "/setup",
        data={**OWNER, "organization": "Acme\x00Books", "csrf_token": token},
        headers=same_origin(client, "/setup"),
    )
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert rows(app, User) == 0 and rows(app, Organization) == 0


def test_nul_in_a_qbwc_url_is_a_soap_fault(client: FlaskClient) -> None:
    response = client.post("/qbwc?x=%00", data=b"<x/>", content_type="text/xml")
    assert response.status_code == 400
    assert response.content_type.startswith("text/xml")
    assert b"Fault" in response.data and b"NUL" in response.data
