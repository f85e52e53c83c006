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
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
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
        "wizard": f"{base}/wizard",
        "support": f"{base}/support",
        "not-found": f"{base}/connections/{uuid.uuid4()}",
    }


def test_every_page_at_1280_and_375_light_and_dark(
    app: Flask, live_server: LiveServer, browser: Any, page: Any
) -> None:
    base = live_server.url
    # Signed out first: the first-run setup page, then the sign-in page.
    signed_out = {"setup": f"{base}/setup"}
    for name, url in signed_out.items():
        page.goto(url)
        _save(page.screenshot(full_page=True), f"{name}-1280-light.png")
    owner = Owner(app, page, base)
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
    for size, viewport in SIZES.items():
        for scheme in ("light", "dark"):
            context = browser.new_context(
                viewport=viewport,
                color_scheme=scheme,
                storage_state=state,
                is_mobile=size == "375",
            )
            try:
                tab = context.new_page()
                tab.set_default_timeout(15_000)
                tab.goto(f"{base}/login")  # the sign-in page, signed in: to the dashboard
                for name, url in [("login", None), *pages.items()]:
                    if name == "login":
                        fresh = browser.new_context(viewport=viewport, color_scheme=scheme)
                        login = fresh.new_page()
                        login.goto(f"{base}/login")
                        _save(login.screenshot(full_page=True), f"login-{size}-{scheme}.png")
                        fresh.close()
                        continue
                    tab.goto(url)
                    tab.wait_for_load_state("load")
                    what = f"{name} at {size} px, {scheme}"
                    if size == "375":
                        width = tab.evaluate("document.documentElement.scrollWidth")
                        if width > 375:
                            problems.append(f"{what}: scrolls sideways ({width}px)")
                        if tab.evaluate(HEADER_ROWS) > 2:
                            problems.append(f"{what}: the header takes more than two rows")
                    if tab.evaluate(LABELLED):
                        problems.append(f"{what}: table cells without data-label")
                    background = tab.evaluate(BACKGROUND)
                    channels = [int(v) for v in re.findall(r"\d+", background)[:3]]
                    dark = sum(channels) / 3 < 60
                    if dark != (scheme == "dark"):
                        problems.append(f"{what}: background {background}")
                    _save(tab.screenshot(full_page=size == "375"), f"{name}-{size}-{scheme}.png")
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
