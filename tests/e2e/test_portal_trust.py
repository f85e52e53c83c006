"""Issue 17 in real Chromium: destructive actions ask first (Cancel leaves everything
working), live status without a reload, truthful address banners, the wizard without a pasted
key, the product's own 404 and favicon, dark mode, and the 375 px layout."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from nxus.db import new_session
from nxus.models import ApiKey, Connection
from nxus.security import verify_password
from nxus.services import accounts, api_keys, connections, sample_company
from nxus.services.connections import Scope
from tests.conftest import OWNER, LiveServer
from tests.e2e.conftest import Shots

pytestmark = pytest.mark.browser
SLOW = 30_000


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "QBWC_KEEP_WARM_SECONDS": 0, "QBWC_HOLD_SECONDS": 0.2}


@pytest.fixture(autouse=True)
def _no_sample_company_left(app: Flask) -> Any:  # before the app's engine is disposed
    yield
    sample_company.detach_all(timeout=10)


class Owner:
    """A signed-in owner with a test key and a development connection (password set)."""

    def __init__(self, app: Flask, page: Any, base: str, mode: str = "development") -> None:
        with app.app_context(), new_session(app) as session:
            account = accounts.create_user(
                session, OWNER["email"], OWNER["password"], OWNER["organization"], True
            )
            self.org_id = account.organization.id
            new = api_keys.create_api_key(session, self.org_id, "Invoicing app", "test")
            self.key, self.key_id = new.secret, new.api_key.id
            connection = connections.create(session, Scope(self.org_id, mode), "Main books", None)
            self.password = connections.generate_password(session, connection)
            self.connection_id = connection.id
            self.public_id = connection.public_id
        self.app, self.base = app, base
        page.goto(base + "/login")
        page.get_by_label("Email").fill(OWNER["email"])
        page.get_by_label("Password").fill(OWNER["password"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/dashboard")

    def api(self, path: str) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            self.base + "/api/v1" + path, headers={"Authorization": f"Bearer {self.key}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def connection(self) -> Connection:
        with new_session(self.app) as session:
            row = session.get(Connection, self.connection_id)
            assert row is not None
            return row

    @property
    def detail_url(self) -> str:
        return f"{self.base}/connections/{self.connection_id}"


def test_dismissed_confirmations_leave_everything_working(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    owner = Owner(app, page, live_server.url)

    # Revoke → Cancel: the key still answers.
    page.get_by_role("navigation", name="Main").get_by_text("Settings").click()
    page.get_by_role("link", name="API keys").click()
    page.get_by_role("link", name=re.compile("Revoke Invoicing app")).click()
    expect(page.get_by_role("heading", name="Revoke the key “Invoicing app”?")).to_be_visible()
    expect(page.locator("main")).to_contain_text("401 API_KEY_REVOKED")
    shots(page, "revoke-confirm")
    page.get_by_role("link", name="Cancel, keep the key working").click()
    page.wait_for_url("**/settings/api-keys")
    assert owner.api("/connections")[0] == 200

    # New Web Connector password → Cancel: the current password still verifies.
    page.goto(owner.detail_url)
    page.get_by_role("link", name="New Web Connector password…").click()
    expect(page.locator("main")).to_contain_text("stops working at once")
    shots(page, "password-confirm")
    page.get_by_role("link", name="Cancel, keep the current password").click()
    expect(page.get_by_role("heading", name=re.compile("Main books"))).to_be_visible()
    with app.app_context():
        assert verify_password(owner.connection().qbwc_password_hash, owner.password)

    # Archive → Cancel: not archived, the API still reaches it.
    page.get_by_role("link", name="Archive connection…").click()
    expect(page.locator("main")).to_contain_text("CONNECTION_ARCHIVED")
    shots(page, "archive-confirm")
    page.get_by_role("link", name="Cancel, keep it working").click()
    assert owner.connection().archived_at is None
    status, body = owner.api(f"/connections/{owner.public_id}")
    assert status == 200 and body["id"] == owner.public_id

    # Confirming does it: revoke, then the key is refused and hidden by default.
    page.goto(live_server.url + "/settings/api-keys")
    page.get_by_role("link", name=re.compile("Revoke Invoicing app")).click()
    page.get_by_role("button", name="Revoke the key").click()
    expect(page.locator("main")).to_contain_text("1 revoked key hidden")
    assert owner.api("/connections")[1]["error"]["code"] == "API_KEY_REVOKED"
    page.get_by_role("link", name="Show revoked keys").click()
    expect(page.locator("table")).to_contain_text("Invoicing app")
    with new_session(app) as session:
        assert session.get(ApiKey, owner.key_id).revoked_at is not None  # type: ignore[union-attr]


def test_connection_page_follows_the_sample_company_without_a_reload(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    owner = Owner(app, page, live_server.url)
    page.goto(owner.detail_url)
    badge = page.locator("h1 [data-status-for]")
    expect(badge).to_have_text("Waiting for the Web Connector")
    page.get_by_role("button", name="Connect the sample company").click()
    expect(page.get_by_text("The sample company is connecting")).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    # Within seconds, by itself: the badge, the status table, the queue and the exchange log.
    expect(badge).to_have_text("Connected", timeout=15_000)
    expect(page.locator('[data-field="connected"]')).to_contain_text("yes, last exchange")
    expect(page.locator("#exchanges")).to_contain_text("Signed in", timeout=15_000)
    expect(page.locator("#queue")).to_contain_text("Read the company", timeout=15_000)
    expect(page.locator("main")).to_contain_text("Sample Rock Castle Construction")
    assert page.evaluate("window.__sameDocument") is True
    # Opened at http://127.0.0.1:<port>: no red "refuses this address" banner for the
    # sample company (it needs none of the Web Connector's address rules).
    expect(page.locator(".error.banner")).to_have_count(0)
    expect(page.locator("[data-address-warning]")).to_have_count(0)
    shots(page, "connected-live")

    page.get_by_role("button", name="Stop the sample company").click()
    expect(badge).to_have_text("Not polling", timeout=10_000)
    expect(page.locator('[data-field="connected"]')).to_contain_text("nothing polls nXus now")
    expect(page.locator("main")).to_contain_text("The sample company was stopped")
    shots(page, "stopped")
    # And on again, still without a reload: the next authenticate resolves the note.
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Connect the sample company").click()
    expect(badge).to_have_text("Connected", timeout=15_000)
    expect(page.locator("main")).not_to_contain_text("The sample company was stopped")


def test_status_json_is_the_organizations_own(
    app: Flask, live_server: LiveServer, page: Any
) -> None:
    owner = Owner(app, page, live_server.url)
    with app.app_context(), new_session(app) as session:
        other = accounts.create_user(
            session, "eve@example.net", "a long enough password", "Eve", True
        )
        theirs = connections.create(session, Scope(other.organization.id, "development"), "E", None)
    mine = page.request.get(f"{owner.detail_url}/status.json")
    assert mine.ok and mine.json()["id"] == owner.public_id and mine.json()["stamp"]
    assert page.request.get(f"{live_server.url}/connections/{theirs.id}/status.json").status == 404


def test_wizard_without_pasting_a_key_and_the_sample_company(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    Owner(app, page, live_server.url)
    api_headers: list[dict[str, str]] = []
    page.on(
        "requestfinished",
        lambda r: api_headers.append(r.all_headers()) if "/api/v1/" in r.url else None,
    )
    page.goto(live_server.url + "/wizard")
    shots(page, "wizard-0")
    page.get_by_role("button", name="Development: make a test key").click()
    expect(page.get_by_role("heading", name="Step 1 of 5: Create the connection")).to_be_visible()
    expect(page.get_by_text("Using a test key of Acme Books")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Try-out books")
    page.get_by_role("button", name="Create connection").click()
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    offer = page.locator("[data-sample-offer]")
    expect(offer).to_be_visible()
    shots(page, "wizard-2-sample-offer")
    offer.get_by_role("button", name="Connect the sample company").click()
    expect(page.get_by_role("heading", name=re.compile("Step 5 of 5"))).to_be_visible()
    expect(page.locator("#verify-status")).to_contain_text(
        "Connected to Sample Rock Castle Construction", timeout=SLOW
    )
    last_sync = page.locator('[data-field="last-sync"]').inner_text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", last_sync), last_sync
    shots(page, "wizard-5-finish")
    # The wizard's key never showed, and the API saw it only as a Bearer header.
    stored = page.evaluate("sessionStorage.getItem('nxus.wizard.key')")
    assert stored and stored.startswith("sk_test_") and stored not in page.content()
    assert api_headers and all(
        "cookie" not in h and h["authorization"] == f"Bearer {stored}" for h in api_headers
    )
    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name=re.compile("Try-out books"))).to_be_visible()
    expect(page.locator("h1 [data-status-for]")).to_have_text("Connected")
    # Listed in Settings → API keys, expiring.
    page.goto(live_server.url + "/settings/api-keys")
    expect(page.locator("table")).to_contain_text("Setup wizard (")


def test_a_live_key_on_a_development_connection_is_a_mode_mismatch(
    app: Flask, live_server: LiveServer, page: Any
) -> None:
    owner = Owner(app, page, live_server.url)
    with app.app_context(), new_session(app) as session:
        live = api_keys.create_api_key(session, owner.org_id, "Live app", "live").secret
    answer = page.request.get(
        f"{live_server.url}/api/v1/connections/{owner.public_id}",
        headers={"Authorization": f"Bearer {live}"},
    )
    error = answer.json()["error"]
    assert answer.status == 401 and error["code"] == "KEY_MODE_MISMATCH"
    assert "No connection" not in error["message"] and "sk_test_" in error["message"]


def test_simulate_without_url_reaches_the_running_server(
    app: Flask, live_server: LiveServer, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = Owner(app, page, live_server.url)
    runner = app.test_cli_runner()
    app.config["PUBLIC_URL"] = None
    monkeypatch.delenv("NXUS_PUBLIC_URL", raising=False)

    # Nothing listens on that port: nothing changes, and it says so.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("PORT", str(closed_port))
    before = owner.connection().qbwc_password_hash
    failed = runner.invoke(args=["nxus", "simulate", owner.public_id, "--once"])
    assert failed.exit_code != 0
    assert f"Cannot reach nXus at http://127.0.0.1:{closed_port}" in failed.output
    assert "No password was changed" in failed.output
    assert owner.connection().qbwc_password_hash == before
    with app.app_context():
        assert verify_password(owner.connection().qbwc_password_hash, owner.password)

    # PORT names the running server (as `make run` would use it): it connects.
    monkeypatch.setenv("PORT", str(live_server.port))
    result = runner.invoke(args=["nxus", "simulate", owner.public_id, "--once", "--records", "50"])
    assert result.exit_code == 0, result.output
    assert f"http://127.0.0.1:{live_server.port}/qbwc" in result.output
    assert "Session completed" in result.output
    page.goto(owner.detail_url)
    expect(page.locator("h1 [data-status-for]")).to_have_text("Connected")


def test_jobs_view_and_job_detail_in_chromium(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    owner = Owner(app, page, live_server.url)
    page.goto(owner.detail_url)
    page.get_by_role("button", name="Connect the sample company").click()
    expect(page.locator("h1 [data-status-for]")).to_have_text("Connected", timeout=15_000)
    # The live queue shows the first request answered (Connected can come a moment before).
    expect(page.locator("#queue")).to_contain_text("Done: QuickBooks answered", timeout=15_000)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Jobs").click()
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible()
    row = page.locator("tr[data-job-id]").first
    expect(row).to_contain_text("Read the company's details")
    expect(row).to_contain_text("Done: QuickBooks answered")
    shots(page, "jobs")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Read the company's details")).to_be_visible()
    expect(page.locator("main")).to_contain_text("CompanyQueryRq")
    expect(page.locator("main")).to_contain_text("CompanyQueryRs")  # the answer
    shots(page, "job-detail")
    page.get_by_role("link", name=re.compile("Web Connector|Delivered QuickBooks")).first.click()
    expect(page.locator("main")).to_contain_text("What happened")
