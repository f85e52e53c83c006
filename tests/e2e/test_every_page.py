"""Every portal page at 1280 and 375 px, light and dark, in Chromium: no sideways scroll on a
phone, a header of at most two rows, stacked table rows that keep their column names, a dark
page in dark mode; and the product's own 404 and favicon.

With NXUS_SCREENSHOTS=<folder> the screenshots are also written there as small palette PNGs
(docs/screenshots/ is made this way); otherwise they go to test-artifacts/ only."""

from __future__ import annotations

import io
import os
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from nxus.db import new_session
from nxus.models.qbwc import Job, QbwcExchange
from nxus.services import api_keys, connections, sample_company
from nxus.services.connections import Scope
from tests.conftest import REPO, LiveServer
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_portal_trust import Owner

pytestmark = pytest.mark.browser
SIZES = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}

LABELLED = """() => [...document.querySelectorAll('table.table')]
  .filter(t => t.tHead)
  .flatMap(t => [...t.tBodies[0].querySelectorAll('td')])
  .filter(td => !td.getAttribute('data-label')).length"""
HEADER_ROWS = """() => new Set([...document.querySelectorAll('.topbar .brand, .topbar nav > *')]
  .filter(e => e.offsetParent !== null).map(e => Math.round(e.getBoundingClientRect().top / 12)))
  .size"""
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "QBWC_KEEP_WARM_SECONDS": 0, "QBWC_HOLD_SECONDS": 0.2}


@pytest.fixture(autouse=True)
def _no_sample_company_left(app: Flask) -> Any:  # before the app's engine is disposed
    yield
    sample_company.detach_all(timeout=10)


def _save(png: bytes, name: str) -> None:
    folder = ARTIFACTS / "every-page"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(png)
    target = os.environ.get("NXUS_SCREENSHOTS")
    if not target:
        return
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=64, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    out = Path(target) if Path(target).is_absolute() else REPO / target
    out.mkdir(parents=True, exist_ok=True)
    small.save(out / name, optimize=True)


def _pages(app: Flask, base: str, owner: Owner) -> dict[str, str]:
    with app.app_context(), new_session(app) as session:
        spare = connections.create(session, Scope(owner.org_id, "development"), "Spare", None)
        connections.archive(session, spare)
        spare_id = spare.id
        job_id = session.scalar(select(Job.id).where(Job.connection_id == owner.connection_id))
        exchange = session.scalar(
            select(QbwcExchange.id)
            .where(QbwcExchange.connection_id == owner.connection_id)
            .order_by(QbwcExchange.id)
            .limit(1)
        )
    detail = owner.detail_url
    assert job_id is not None and exchange is not None
    return {
        "dashboard": f"{base}/dashboard",
        "connections": f"{base}/connections",
        "connection": detail,
        "connection-archived": f"{base}/connections/{spare_id}",
        "exchange": f"{detail}/exchanges/{exchange}",
        "jobs": f"{base}/jobs",
        "job": f"{base}/jobs/{job_id}",
        "api-keys": f"{base}/settings/api-keys?show=revoked",
        "confirm-revoke": f"{base}/settings/api-keys/{owner.key_id}/revoke",
        "confirm-password": f"{detail}/password",
        "confirm-archive": f"{detail}/archive",
        "confirm-delete": f"{base}/connections/{spare_id}/delete",
        "rename": f"{detail}/rename",
        "sign-out": f"{base}/logout",
        "wizard": f"{base}/wizard",
        "support": f"{base}/support",
        "not-found": f"{base}/connections/{uuid.uuid4()}",
    }


VARIANTS = [(size, scheme) for size in SIZES for scheme in ("light", "dark")]


def _signed_out(browser: Any, base: str, path: str, name: str) -> None:
    """A signed-out page (setup, sign-in) in every variant."""
    for size, scheme in VARIANTS:
        context = browser.new_context(viewport=SIZES[size], color_scheme=scheme)
        try:
            tab = context.new_page()
            tab.goto(base + path)
            expect(tab.get_by_role("button").first).to_be_visible()
            _save(tab.screenshot(full_page=size == "375"), f"{name}-{size}-{scheme}.png")
        finally:
            context.close()


def _problems(tab: Any, what: str, size: str, scheme: str) -> list[str]:
    found: list[str] = []
    if size == "375":
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            found.append(f"{what}: scrolls sideways ({width}px)")
        if tab.evaluate(HEADER_ROWS) > 2:
            found.append(f"{what}: the header takes more than two rows")
    if tab.evaluate(LABELLED):
        found.append(f"{what}: table cells without data-label")
    background = tab.evaluate(BACKGROUND)
    channels = [int(v) for v in re.findall(r"\d+", background)[:3]]
    if (sum(channels) / 3 < 60) != (scheme == "dark"):
        found.append(f"{what}: background {background}")
    return found


def _settings_menu_fits(tab: Any) -> None:
    tab.get_by_role("navigation", name="Main").get_by_text("Settings").click()
    keys = tab.locator(".menu-items").get_by_role("link", name="API keys")
    expect(keys).to_be_visible()
    box = keys.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box


def test_every_page_at_1280_and_375_light_and_dark(
    app: Flask, live_server: LiveServer, browser: Any, page: Any
) -> None:
    base = live_server.url
    _signed_out(browser, base, "/setup", "setup")  # the first run, before any user
    owner = Owner(app, page, base)
    _signed_out(browser, base, "/login", "login")
    with app.app_context(), new_session(app) as session:
        old = api_keys.create_api_key(session, owner.org_id, "Old script", "test")
        api_keys.revoke(session, owner.org_id, old.api_key.id)
    page.goto(owner.detail_url)
    page.get_by_role("button", name="Connect the sample company").click()
    expect(page.locator("h1 [data-status-for]")).to_have_text("Connected", timeout=15_000)
    expect(page.locator("#queue")).to_contain_text("Done: QuickBooks answered", timeout=15_000)
    pages = _pages(app, base, owner)
    state = page.context.storage_state()

    problems: list[str] = []
    for size, scheme in VARIANTS:
        context = browser.new_context(
            viewport=SIZES[size], color_scheme=scheme, storage_state=state, is_mobile=size == "375"
        )
        try:
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            for name, url in pages.items():
                tab.goto(url)
                problems += _problems(tab, f"{name} at {size} px, {scheme}", size, scheme)
                _save(tab.screenshot(full_page=size == "375"), f"{name}-{size}-{scheme}.png")
            if size == "375":
                _settings_menu_fits(tab)
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_the_products_own_404_and_favicon(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/no/such/page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert "nXus" in page.title()
    assert "requested URL was not found on the server" not in page.content()  # Werkzeug's
    icon = page.request.get(live_server.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    assert icon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO header
    svg = page.locator('link[rel="icon"]').get_attribute("href")
    assert svg and page.request.get(live_server.url + svg).status == 200
