"""The product's own error pages and favicon, the Settings menu in the navigation, and forms
without a literal autocomplete="None"."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import AuthActions


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def test_404_is_the_products_own(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "Page not found" in html
    assert "requested URL was not found on the server" not in html
    assert 'href="/support"' in html


def test_a_message_nxus_wrote_is_kept(signed_in: AuthActions) -> None:
    response = signed_in.client.get("/jobs?state=lost")
    assert response.status_code == 400 and "state must be one of" in response.get_data(as_text=True)


def test_500_is_the_products_own(client: FlaskClient) -> None:
    app = client.application

    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("boom")

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong on the server" in html
    assert "boom" not in html and "Traceback" not in html


def test_favicon(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"


@pytest.mark.parametrize("path", ["/login", "/setup"])
def test_no_literal_autocomplete_none_signed_out(client: FlaskClient, path: str) -> None:
    assert 'autocomplete="None"' not in client.get(path).get_data(as_text=True)


def test_settings_menu_and_no_autocomplete_none(signed_in: AuthActions) -> None:
    for path in ("/settings/api-keys", "/dashboard", "/wizard", "/jobs", "/connections"):
        html = signed_in.client.get(path).get_data(as_text=True)
        assert 'autocomplete="None"' not in html, path
        assert "<summary>Settings</summary>" in html and 'href="/settings/api-keys"' in html
