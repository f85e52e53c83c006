"""The first minutes of a new user, in real Chromium: setup, dashboard, sign out, sign in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import OWNER, LiveServer
from tests.e2e.conftest import Shots

pytestmark = pytest.mark.browser


def test_setup_login_logout_in_chromium(live_server: LiveServer, page: Any, shots: Shots) -> None:
    page.goto(live_server.url + "/")
    assert page.url.endswith("/setup")
    shots(page, "setup")
    page.get_by_label("Organization name").fill(OWNER["organization"])
    page.get_by_label("Your email").fill(OWNER["email"])
    page.get_by_label("Password (at least 12 characters)").fill("short")
    page.get_by_role("button", name="Create organization").click()
    assert page.get_by_text("Use at least 12 characters.").is_visible()
    shots(page, "setup-error")
    page.get_by_label("Password (at least 12 characters)").fill(OWNER["password"])
    page.get_by_role("button", name="Create organization").click()
    page.wait_for_url("**/dashboard")
    assert page.get_by_role("heading", name=OWNER["organization"]).is_visible()
    shots(page, "dashboard")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.get_by_label("Email").fill(OWNER["email"])
    page.get_by_label("Password").fill("wrong password!!")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("Incorrect email or password.").is_visible()
    shots(page, "login-error")
    page.get_by_label("Password").fill(OWNER["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")


def test_pages_are_usable_on_a_phone(live_server: LiveServer, browser: Any, shots: Shots) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/support")
        assert page.get_by_role("heading", name="Troubleshooting").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "the support page scrolls sideways on a phone"
        shots(page, "support-phone")
    finally:
        context.close()
