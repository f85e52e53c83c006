"""The API reference page (/docs/api) in Chromium, offline: every request to another host is
refused, yet the page renders the whole document (no CDN, no script) and fits a phone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import LiveServer
from tests.e2e.conftest import Shots

pytestmark = pytest.mark.browser


def _offline(context: Any, live_server: LiveServer) -> list[str]:
    """Abort every request that leaves the live server; return the list of them."""
    ours = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == ours:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", handle)
    return outside


def test_api_reference_renders_offline_on_a_phone(
    live_server: LiveServer, browser: Any, shots: Shots
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    try:
        outside = _offline(context, live_server)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/docs/api")
        assert page.get_by_role("heading", name="nXus API reference").is_visible()
        assert page.locator("script").count() == 0
        operation = page.locator("#op-customers_list")
        assert operation.is_visible()
        operation.locator("summary").click()
        assert operation.get_by_text("X-Connection-Id").is_visible()
        page.locator("#op-customers_list a[href='#schema-customers']").first.click()
        schema = page.locator("#schema-customers")
        schema.locator("summary").click()
        assert schema.get_by_text("objectType").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the reference scrolls sideways on a phone ({width}px)"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shots.folder / "01-top-phone.png"))
        operation.scroll_into_view_if_needed()
        page.screenshot(path=str(shots.folder / "02-operation-phone.png"))
        assert outside == []
    finally:
        context.close()
