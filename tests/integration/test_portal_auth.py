"""First-run setup, sign-in, throttling, CSRF and sign-out through the portal's real forms."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from nxus.db import new_session
from nxus.models import Membership, Organization, ThrottleRecord, User
from tests.conftest import OWNER, AuthActions, csrf_token_from, same_origin


def count(app: Flask, model: type) -> int:
    with new_session(app) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_first_visit_goes_to_setup(client: FlaskClient) -> None:
    assert client.get("/").headers["Location"].endswith("/setup")
    assert client.get("/login").headers["Location"].endswith("/setup")
    page = client.get("/setup")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for name in ("organization", "email", "password", "csrf_token"):
        assert f'name="{name}"' in html


def test_setup_creates_organization_and_owner_then_signs_in(app: Flask, auth: AuthActions) -> None:
    response = auth.setup()
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    dashboard = auth.client.get("/dashboard")
    assert dashboard.status_code == 200 and "Acme Books" in dashboard.get_data(as_text=True)
    with new_session(app) as session:
        user = session.scalar(select(User))
        assert user is not None and user.email == OWNER["email"] and user.is_admin
        assert user.password_hash.startswith("$argon2id$")
        assert OWNER["password"] not in user.password_hash
        membership = session.scalar(select(Membership))
        assert membership is not None and membership.role == "owner"


def test_setup_happens_only_once(app: Flask, auth: AuthActions) -> None:
    auth.setup()
    fresh = app.test_client()
    assert fresh.get("/setup").headers["Location"].endswith("/login")
    # A crafted POST with a valid token cannot create a second owner either.
    token = csrf_token_from(fresh.get("/login").get_data(as_text=True))
    response = fresh.post(
        "/setup",
        data={**OWNER, "email": "evil@example.com", "csrf_token": token},
        headers=same_origin(fresh, "/setup"),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert count(app, User) == 1 and count(app, Organization) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organization", "", "Enter your organization&#39;s name."),
        ("organization", "x" * 121, "Use at most 120 characters."),
        ("email", "", "Enter your email address."),
        ("email", "not-an-email", "Enter a valid email address"),
        ("email", "a" * 250 + "@example.com", "An email address has at most 254 characters."),
        ("password", "short", "Use at least 12 characters."),
        ("password", "p" * 257, "Use at most 256 characters."),
    ],
)
def test_setup_bad_input_shows_message_and_creates_nothing(
    app: Flask, auth: AuthActions, field: str, value: str, message: str
) -> None:
    response = auth.setup(**{field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, User) == 0 and count(app, Organization) == 0


def test_setup_without_csrf_token_is_rejected(app: Flask, client: FlaskClient) -> None:
    response = client.post("/setup", data=OWNER)
    assert response.status_code == 400
    assert "This form expired or did not come from this site" in response.get_data(as_text=True)
    assert count(app, User) == 0


def test_login_without_csrf_token_is_rejected(auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    response = auth.client.post(
        "/login", data={"email": OWNER["email"], "password": OWNER["password"]}
    )
    assert response.status_code == 400
    assert auth.client.get("/dashboard").status_code == 302


def test_login_success_and_failure_messages(auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    wrong = auth.login(password="wrong password!!")
    assert wrong.status_code == 401
    assert "Incorrect email or password." in wrong.get_data(as_text=True)
    unknown = auth.login(email="nobody@example.com")
    assert "Incorrect email or password." in unknown.get_data(as_text=True)
    empty = auth.login(email="", password="")
    assert empty.status_code == 400
    assert "Enter your email address." in empty.get_data(as_text=True)
    ok = auth.login(email="  OWNER@Example.com ")
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/dashboard")


def test_login_redirects_only_to_local_next(auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    page = auth.client.get("/login?next=//evil.example.com/")
    token = csrf_token_from(page.get_data(as_text=True))
    response = auth.client.post(
        "/login?next=//evil.example.com/",
        data={"email": OWNER["email"], "password": OWNER["password"], "csrf_token": token},
        headers=same_origin(auth.client, "/login"),
    )
    assert response.headers["Location"].endswith("/dashboard")


def test_dashboard_requires_login(client: FlaskClient, auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    response = client.get("/dashboard")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_needs_post_with_token(auth: AuthActions) -> None:
    auth.setup()
    assert auth.client.get("/logout").status_code == 200  # a confirmation page, still signed in
    assert auth.client.get("/dashboard").status_code == 200
    assert auth.client.post("/logout").status_code == 400  # no token
    assert auth.client.get("/dashboard").status_code == 200
    assert auth.logout().status_code == 302
    assert auth.client.get("/dashboard").status_code == 302


def test_support_is_public(client: FlaskClient) -> None:
    response = client.get("/support")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for anchor in ("connection-error", "wrong-password", "not-connected", "allow-access"):
        assert f'id="{anchor}"' in html


def test_login_is_throttled_after_repeated_failures(app: Flask, auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert auth.login(password="wrong password!!").status_code == 401
    locked = auth.login()  # even the right password waits now
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts. Try again in 15 minutes (at " in locked.get_data(
        as_text=True
    )


def test_throttle_holds_across_two_app_instances(app: Flask, app_factory) -> None:
    """Two processes (here: two app instances) share the count through the database."""
    other = app_factory()
    first, second = AuthActions(app.test_client()), AuthActions(other.test_client())
    first.setup()
    first.logout()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for i in range(limit):
        actions = first if i % 2 == 0 else second
        assert actions.login(password="wrong password!!").status_code == 401
    assert second.login().status_code == 429
    assert first.login().status_code == 429
    with new_session(app) as session:
        # Counted per (account, address): the test client's address is 127.0.0.1.
        record = session.get(ThrottleRecord, f"login:{OWNER['email']}|127.0.0.1")
        assert record is not None and record.failures == limit


def test_success_resets_the_failure_count(app: Flask, auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        auth.login(password="wrong password!!")
    assert auth.login().status_code == 302
    auth.logout()
    assert auth.login(password="wrong password!!").status_code == 401
    assert auth.login().status_code == 302


def test_security_headers_and_cookie_flags(auth: AuthActions) -> None:
    response = auth.setup()
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    page = auth.client.get("/dashboard")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
