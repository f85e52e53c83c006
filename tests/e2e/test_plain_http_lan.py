"""The portal over plain HTTP under a LAN host name with the default secure cookies, in real
Chromium: the browser would drop the session cookie, so the setup and sign-in pages say so
(with the two fixes) instead of failing later with "form expired". The name is mapped to
127.0.0.1 inside Chromium (--host-resolver-rules): no traffic leaves the machine, and the
browser still treats the name as a LAN host, not as localhost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from nxus.db import new_session
from nxus.services import accounts
from tests.conftest import OWNER, LiveServer
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Shots

pytestmark = pytest.mark.browser
LAN_NAME = "nxus.lan"


@pytest.fixture
def lan_page(browser: Any) -> Iterator[Any]:
    """A page in a Chromium that resolves nxus.lan to 127.0.0.1 (and nothing else changes)."""
    lan_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {LAN_NAME} 127.0.0.1"],
    )
    try:
        context = lan_browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
    finally:
        lan_browser.close()


def test_plain_http_on_a_lan_name_explains_why_sign_in_cannot_work(
    app: Flask, live_server: LiveServer, lan_page: Any, shots: Shots
) -> None:
    assert app.config["SESSION_COOKIE_SECURE"] is True  # the default
    base = f"http://{LAN_NAME}:{live_server.port}"
    page = lan_page
    page.goto(base + "/setup")
    warning = page.locator("#plain-http-warning")
    assert warning.is_visible()
    assert "Your browser will not keep you signed in at this address." in warning.inner_text()
    assert "NXUS_SECURE_COOKIES=false" in warning.inner_text()
    assert "Put HTTPS in front of nXus" in warning.inner_text()
    assert page.context.cookies() == []  # Chromium refused the Secure session cookie
    shots(page, "setup-over-plain-http")

    # Submitting anyway: the answer explains the cookie, not a "form expired".
    page.get_by_label("Organization name").fill(OWNER["organization"])
    page.get_by_label("Your email").fill(OWNER["email"])
    page.get_by_label("Password (at least 12 characters)").fill(OWNER["password"])
    page.get_by_role("button", name="Create organization").click()
    body = page.locator("main").inner_text()
    assert "plain HTTP" in body and "NXUS_SECURE_COOKIES=false" in body
    assert "expired" not in body
    assert page.get_by_role("heading", name="Sign-in needs HTTPS here").is_visible()
    shots(page, "setup-submitted-over-plain-http")

    with app.app_context(), new_session(app) as session:
        accounts.create_owner(session, OWNER["organization"], OWNER["email"], OWNER["password"])
    page.goto(base + "/login")
    assert page.locator("#plain-http-warning").is_visible()
    assert page.locator(".error").count() == 0
    assert "expired" not in page.locator("main").inner_text()
    shots(page, "login-over-plain-http")

    # The same server at 127.0.0.1 (a secure context for the browser) shows no warning.
    page.goto(live_server.url + "/login")
    assert page.locator("#plain-http-warning").count() == 0
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_the_warning_follows_the_request(app: Flask, app_factory: Any) -> None:
    """Server-side detection: scheme, host and the cookie setting, not a guess."""
    client = app.test_client()
    lan = {"base_url": "http://nxus.lan:8000"}
    assert "plain-http-warning" in client.get("/setup", **lan).get_data(as_text=True)
    for base_url in ("http://localhost:8000", "http://127.0.0.1", "http://[::1]:8000",
                     "http://app.localhost", "https://nxus.lan"):  # fmt: skip
        page = client.get("/setup", base_url=base_url).get_data(as_text=True)
        assert "plain-http-warning" not in page, base_url
    relaxed = app_factory(SECURE_COOKIES=False).test_client()
    assert "plain-http-warning" not in relaxed.get("/setup", **lan).get_data(as_text=True)
