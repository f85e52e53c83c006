"""The QWC Setup Wizard in real Chromium: a new user from the first visit to a connected sample
company, with the simulated Web Connector connecting during step 5; and the failure paths
(wrong key, archived connection, a password regenerated under the Web Connector's feet)."""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import AuthSession, Connection, Organization
from nxus.services import accounts, api_keys, sample_company
from nxus.simulator.report import SessionReport
from tests.conftest import OWNER, LiveServer
from tests.e2e.conftest import Shots

pytestmark = pytest.mark.browser
SLOW = 30_000  # ms: the longest Playwright waits for the server or the Web Connector


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # Sessions end as soon as the queue is empty, so a simulated run finishes promptly.
    return {**app_config, "QBWC_KEEP_WARM_SECONDS": 0, "QBWC_HOLD_SECONDS": 0.2}


class WebConnector:
    """The simulated Web Connector, run in a thread like the one on the Windows computer."""

    def __init__(self, app: Flask, url: str, connection_id: str, password: str) -> None:
        with app.app_context(), new_session(app) as session:
            connection = session.get(Connection, uuid.UUID(connection_id.removeprefix("conn_")))
            assert connection is not None
            self.connector = sample_company.build_connector(
                connection, password, url, records=60, noop_pause=0.05, http_timeout=30
            )
        self.report: SessionReport | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.report = self.connector.run_once()

    def start(self) -> WebConnector:
        self.thread.start()
        return self

    def join(self) -> SessionReport:
        self.thread.join(60)
        assert self.report is not None
        return self.report


class ApiTraffic:
    """Every request the page makes, with the headers Chromium really sent."""

    def __init__(self, page: Any) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.started: list[str] = []  # every request's URL, finished or not
        page.on("requestfinished", self._record)
        page.on("request", lambda request: self.started.append(request.url))

    def _record(self, request: Any) -> None:
        self.seen.append((request.url, request.all_headers()))

    def api(self) -> list[dict[str, str]]:
        return [headers for url, headers in self.seen if "/api/v1/" in url]

    def portal_json(self) -> list[dict[str, str]]:
        return [headers for url, headers in self.seen if url.endswith("/status.json")]


def sign_up_and_create_key(page: Any, base: str, shots: Shots) -> str:
    page.goto(base + "/")
    page.get_by_label("Organization name").fill(OWNER["organization"])
    page.get_by_label("Your email").fill(OWNER["email"])
    page.get_by_label("Password (at least 12 characters)").fill(OWNER["password"])
    page.get_by_role("button", name="Create organization").click()
    page.wait_for_url("**/dashboard")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.get_by_label("Email").fill(OWNER["email"])
    page.get_by_label("Password").fill(OWNER["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    shots(page, "dashboard-empty")
    page.get_by_role("navigation", name="Main").get_by_text("Settings").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("Setup wizard")
    page.get_by_label("Mode").select_option("test")
    page.get_by_role("button", name="Create key").click()
    key = page.locator("#new-key-value").inner_text().strip()
    assert key.startswith("sk_test_")
    shots(page, "api-key-created")
    return key


def signed_in_with_key(app: Flask, page: Any, base: str) -> str:
    """A user and a test key made directly; the browser signs in."""
    with app.app_context(), new_session(app) as session:
        account = accounts.create_user(
            session, OWNER["email"], OWNER["password"], OWNER["organization"], True
        )
        key = api_keys.create_api_key(session, account.organization.id, "wizard", "test").secret
    page.goto(base + "/login")
    page.get_by_label("Email").fill(OWNER["email"])
    page.get_by_label("Password").fill(OWNER["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    return key


def enter_key(page: Any, key: str) -> None:
    page.get_by_label("API key", exact=True).fill(key)
    page.get_by_role("button", name="Use this key").click()
    expect(page.get_by_role("heading", name="Step 1 of 5: Create the connection")).to_be_visible()


def create_connection(page: Any, name: str) -> str:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Create connection").click()
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    connection_id = page.evaluate("sessionStorage.getItem('nxus.wizard.connectionId')")
    assert connection_id and connection_id.startswith("conn_")
    return str(connection_id)


def download_qwc(page: Any, tmp_path: Path) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the .qwc file").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert re.fullmatch(r"nxus-[0-9a-f]{8}\.qwc", download.suggested_filename)
    text = target.read_text("utf-8")
    assert "<QBWCXML>" in text and "/qbwc</AppURL>" in text
    expect(page.locator("[data-download-done]")).to_contain_text(
        f"Saved {download.suggested_filename}"
    )
    return text


def generate_password(page: Any) -> str:
    page.get_by_role("button", name="Generate password").click()
    output = page.locator("#qbwc-password-out")
    expect(output).to_have_text(re.compile(r"^[A-Za-z0-9]{24}$"))
    return str(output.inner_text())


def storage(page: Any) -> str:
    return str(page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))"))


def test_new_user_connects_the_sample_company_through_the_wizard(
    app: Flask,
    live_server: LiveServer,
    page: Any,
    shots: Shots,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    traffic = ApiTraffic(page)
    base = live_server.url
    key = sign_up_and_create_key(page, base, shots)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Setup wizard").click()
    expect(page.get_by_role("heading", name="Your API key")).to_be_visible()
    shots(page, "wizard-0-key")
    enter_key(page, key)
    expect(page.get_by_text("Using a test key of Acme Books")).to_be_visible()
    shots(page, "wizard-1-create")

    connection_id = create_connection(page, "Main office books")
    shots(page, "wizard-2-download")
    qwc = download_qwc(page, tmp_path)
    page.reload()  # resumable: same step, same connection
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    page.get_by_role("button", name="Next: the password").click()

    expect(page.get_by_role("heading", name=re.compile("Step 3 of 5"))).to_be_visible()
    username = re.search(r"<UserName>([^<]+)</UserName>", qwc)
    assert username and page.get_by_text(username.group(1)).first.is_visible()
    password = generate_password(page)
    shots(page, "wizard-3-password")
    page.reload()  # the password was shown once: gone after a reload, from page and storage
    expect(page.get_by_text("is no longer shown")).to_be_visible()
    assert password not in page.content() and password not in storage(page)
    shots(page, "wizard-3-after-reload")
    page.get_by_role("button", name="Next: add it to the Web Connector").click()

    expect(page.get_by_role("heading", name=re.compile("Step 4 of 5"))).to_be_visible()
    settings = page.locator("table.settings")
    expect(settings).to_contain_text("Leave blank")
    expect(settings).to_contain_text("Run on a Schedule")
    expect(settings).to_contain_text("Personal Data Sharing")
    # The live server listens on 127.0.0.1: an IP address over plain http.
    warnings = page.locator("[data-url-warnings]")
    expect(warnings).to_contain_text("IP address")
    expect(warnings).to_contain_text("not https")
    prompt = page.get_by_role("heading", name=re.compile("Do you want to allow this application"))
    expect(prompt).to_be_visible()
    shots(page, "wizard-4-web-connector")
    page.get_by_role("button", name="Next: verify the connection").click()

    expect(page.get_by_role("heading", name=re.compile("Step 5 of 5"))).to_be_visible()
    expect(page.locator("#verify-status")).to_contain_text("Waiting for the Web Connector")
    shots(page, "wizard-5-waiting")
    connector = WebConnector(app, base, connection_id, password).start()
    expect(page.locator("#verify-status")).to_contain_text(
        "Connected to Sample Rock Castle Construction", timeout=SLOW
    )
    report = connector.join()
    assert report.state == "completed", report.summary()
    expect(page.locator("[data-connected]")).to_contain_text("QuickBooks")
    expect(page.get_by_text("This is a QuickBooks sample company file.")).to_be_visible()
    shots(page, "wizard-5-connected")
    assert password not in page.content() and password not in storage(page)
    assert key not in page.content()

    # The wizard spoke to the API with the key only, never with the portal cookie ...
    api_calls = traffic.api()
    assert len(api_calls) >= 6
    for headers in api_calls:
        assert "cookie" not in headers and headers["authorization"] == f"Bearer {key}"
    # ... while the portal's own JSON did go with it (so the check above can fail).
    assert traffic.portal_json() and all("cookie" in h for h in traffic.portal_json())

    page.get_by_role("link", name="Finish").click()
    expect(page.get_by_role("heading", name=re.compile("Main office books"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Sample Rock Castle Construction")
    expect(page.locator("#exchanges")).to_contain_text("receiveResponseXML")
    shots(page, "connection-detail")
    page.locator("#exchanges").get_by_role("link", name="Signed in").first.click()
    expect(page.locator("pre").first).to_contain_text("[redacted]")
    assert password not in page.content()
    shots(page, "exchange-authenticate")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.locator("[data-status-for]")).to_have_text("Connected")
    shots(page, "dashboard-connected")
    assert key not in caplog.text and password not in caplog.text
    assert report.auth is not None and report.auth.ticket not in caplog.text


def test_keyboard_only_and_the_dashboard_refreshes_by_itself(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    key = signed_in_with_key(app, page, live_server.url)
    page.goto(live_server.url + "/wizard")
    page.keyboard.press("Tab")  # the skip link first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("API key", exact=True).focus()
    page.keyboard.insert_text(key)
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Step 1 of 5: Create the connection")
    expect(heading).to_be_focused()  # each step moves focus to its heading
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.keyboard.insert_text("Keyboard books")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_focused()
    connection_id = str(page.evaluate("sessionStorage.getItem('nxus.wizard.connectionId')"))

    page.goto(live_server.url + "/dashboard")
    badge = page.locator(f'[data-status-for="{connection_id}"]')
    expect(badge).to_have_text("Waiting for the Web Connector")
    page.evaluate("window.__sameDocument = true")
    with app.app_context(), new_session(app) as session:
        from nxus.services import connections

        row = session.get(Connection, uuid.UUID(connection_id[5:]))
        assert row is not None
        password = connections.generate_password(session, row)
        connections.queue_first_exchange(session, row)
    WebConnector(app, live_server.url, connection_id, password).start().join()
    expect(badge).to_have_text("Connected", timeout=SLOW)
    expect(badge).to_have_class(re.compile(r"\bok\b"))
    expect(page.locator("#status-note")).to_contain_text("Keyboard books: Connected")
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    shots(page, "dashboard-refreshed")


def test_wrong_key_is_explained_in_words(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    key = signed_in_with_key(app, page, live_server.url)
    page.goto(live_server.url + "/wizard")
    page.get_by_label("API key", exact=True).fill("not a key")
    page.get_by_role("button", name="Use this key").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("does not look like an nXus API key")
    page.get_by_label("API key", exact=True).fill("sk_test_" + "A" * 43)
    page.get_by_role("button", name="Use this key").click()
    expect(alert).to_contain_text("nXus does not recognise this API key")
    assert "{" not in alert.inner_text() and "API_KEY_INVALID" not in alert.inner_text()
    assert page.evaluate("sessionStorage.getItem('nxus.wizard.key')") is None
    shots(page, "wrong-key")
    enter_key(page, key)  # the right one still works


def test_archived_connection_is_explained_in_words(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots
) -> None:
    key = signed_in_with_key(app, page, live_server.url)
    page.goto(live_server.url + "/wizard")
    enter_key(page, key)
    connection_id = create_connection(page, "Old books")
    page.goto(f"{live_server.url}/connections/{uuid.UUID(connection_id[5:])}")
    page.get_by_role("link", name="Archive connection…").click()
    page.get_by_role("button", name="Archive connection").click()
    expect(page.get_by_text("Archived Old books")).to_be_visible()
    page.goto(live_server.url + "/wizard")  # resumes at step 2
    page.get_by_role("button", name="Download the .qwc file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This connection is archived")
    assert "{" not in alert.inner_text()
    shots(page, "archived")


def test_password_regenerated_while_the_web_connector_uses_the_old_one(
    app: Flask, live_server: LiveServer, page: Any, shots: Shots, tmp_path: Path
) -> None:
    key = signed_in_with_key(app, page, live_server.url)
    page.goto(live_server.url + "/wizard")
    enter_key(page, key)
    connection_id = create_connection(page, "Books")
    download_qwc(page, tmp_path)
    page.get_by_role("button", name="Next: the password").click()
    old = generate_password(page)
    page.get_by_role("button", name="Generate a new password").click()
    expect(page.get_by_text("The current password stops working at once")).to_be_visible()
    shots(page, "regenerate-warning")
    page.get_by_role("button", name="Yes, replace it").click()
    expect(page.locator("#qbwc-password-out")).not_to_have_text(old)
    page.get_by_role("button", name="Next: add it to the Web Connector").click()
    page.get_by_role("button", name="Next: verify the connection").click()
    report = WebConnector(app, live_server.url, connection_id, old).start().join()
    assert report.state == "invalid_user"
    status = page.locator("#verify-status")
    expect(status).to_contain_text("password was refused", timeout=SLOW)
    diagnostic = page.locator("[data-diagnostic]")
    expect(diagnostic).to_contain_text("Generate a new password in step 3")
    link = diagnostic.get_by_role("link", name="Troubleshooting: step by step")
    assert (link.get_attribute("href") or "").endswith("/support#wrong-password")
    shots(page, "wrong-password-diagnostic")


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px)"


def setup_link(app: Flask, base: str, description: str) -> dict[str, Any]:
    """A setup link made through the API, as an application would (authFlowUrl on `base`)."""
    from nxus.services import connections
    from nxus.services.connections import Scope

    with app.app_context(), new_session(app) as session:
        name = OWNER["organization"]
        org = session.scalar(select(Organization).where(Organization.name == name))
        if org is None:
            org = accounts.create_user(
                session, OWNER["email"], OWNER["password"], name, True
            ).organization
        org_id = org.id
        key = api_keys.create_api_key(session, org_id, "links", "test").secret
        connection = connections.create(session, Scope(org_id, "development"), description, None)
        connection_id = connection.public_id
    return another_link(app, base, key, connection_id)


def another_link(app: Flask, base: str, key: str, connection_id: str) -> dict[str, Any]:
    app.config["PUBLIC_URL"] = base
    response = app.test_client().post(
        "/api/v1/auth-sessions",
        json={"connectionId": connection_id},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.get_json()
    return {**response.get_json(), "key": key}


def token_of(link: dict[str, Any]) -> str:
    url = str(link["authFlowUrl"])
    assert url.count("#") == 1
    return url.split("#", 1)[1]


def assert_token_never_sent(
    traffic: ApiTraffic, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Not in any URL path or query the browser requested (a fragment is never sent), not in
    a Referer, and not in the server's access log."""
    assert traffic.started
    for url in traffic.started:
        parts = urlsplit(url)
        assert token not in parts.path + "?" + parts.query, url
    for url, headers in traffic.seen:
        assert token not in headers.get("referer", ""), url
    access_log = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("GET /auth-flow/" in line for line in access_log)  # the log was captured
    assert not [line for line in access_log if token in line]
    assert token not in caplog.text


def test_setup_link_on_a_phone(
    app: Flask,
    live_server: LiveServer,
    phone: Any,
    shots: Shots,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The hosted setup link: no login, steps 2-5 for its one connection, at phone width.
    The token comes in the fragment, leaves the address bar at once, and travels only in
    the X-Nxus-Setup-Token header."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    link = setup_link(app, live_server.url, "Warehouse books")
    token, link_id = token_of(link), link["id"]
    shell = f"{live_server.url}/auth-flow/{link_id}"
    assert link["authFlowUrl"] == f"{shell}#{token}"
    traffic = ApiTraffic(phone)
    phone.goto(link["authFlowUrl"])
    expect(phone.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    expect(phone.locator("#wizard")).to_contain_text("This page sets up Warehouse books")
    # Out of the address bar (and so out of history), kept in this tab's sessionStorage only.
    assert phone.url == shell
    phone.go_back()  # the tab's history holds the bare address only
    assert phone.url == "about:blank"
    phone.go_forward()
    assert phone.url == shell
    expect(phone.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    assert phone.evaluate(f"sessionStorage.getItem('nxus.link.{link_id}.token')") == token
    assert phone.evaluate("localStorage.length") == 0
    assert token not in phone.content()
    no_sideways_scroll(phone)
    shots(phone, "phone-link-2")
    download_qwc(phone, tmp_path)
    phone.get_by_role("button", name="Next: the password").click()
    password = generate_password(phone)
    no_sideways_scroll(phone)
    shots(phone, "phone-link-3")
    phone.get_by_role("button", name="Next: add it to the Web Connector").click()
    expect(phone.locator("[data-url-warnings]")).to_contain_text("IP address")
    phone.reload()  # the address has no token now: the tab's copy carries on
    expect(phone.get_by_role("heading", name=re.compile("Step 4 of 5"))).to_be_visible()
    expect(phone.locator("[data-url-warnings]")).to_contain_text("IP address")
    expect(phone.get_by_text("nXus – Warehouse books")).to_be_visible()
    no_sideways_scroll(phone)
    shots(phone, "phone-link-4")
    phone.get_by_role("button", name="Next: verify the connection").click()
    WebConnector(app, live_server.url, link["connectionId"], password).start().join()
    expect(phone.locator("#verify-status")).to_contain_text("Connected to", timeout=SLOW)
    no_sideways_scroll(phone)
    shots(phone, "phone-link-5")

    link_calls = [(url, h) for url, h in traffic.seen if url.startswith(shell + "/")]
    called = {url.rsplit("/", 1)[1] for url in traffic.started if url.startswith(shell + "/")}
    assert called == {
        "session",
        "qwc",
        "password",
        "status",
        "first-exchange",
    }
    assert len(link_calls) >= 4
    for url, headers in link_calls:
        assert "cookie" not in headers and "referer" not in headers, url
        assert headers.get("x-nxus-setup-token") == token, url
    assert_token_never_sent(traffic, token, caplog)


def expect_refusal(page: Any, title: str, words: str) -> None:
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#link-check")).to_contain_text(words)
    expect(page.locator("#wizard")).to_be_hidden()


def test_refused_setup_links_say_why(
    app: Flask,
    live_server: LiveServer,
    page: Any,
    shots: Shots,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Expired, replaced, forged and incomplete links: the page says what happened and what
    to do, and shows nothing of the connection."""
    caplog.set_level(logging.INFO, logger="werkzeug")
    traffic = ApiTraffic(page)
    expired = setup_link(app, live_server.url, "Expired books")
    with new_session(app) as session:
        row = session.scalar(select(AuthSession).where(AuthSession.public_id == expired["id"]))
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
        session.commit()
    page.goto(expired["authFlowUrl"])
    expect_refusal(
        page, "This setup link has expired", "This setup link has expired; ask for a new one."
    )
    assert page.url == f"{live_server.url}/auth-flow/{expired['id']}"
    assert "Expired books" not in page.content()
    # A refused token is not kept either.
    assert page.evaluate(f"sessionStorage.getItem('nxus.link.{expired['id']}.token')") is None
    shots(page, "link-expired")

    old = setup_link(app, live_server.url, "Replaced books")
    newer = another_link(app, live_server.url, old["key"], old["connectionId"])
    page.goto(old["authFlowUrl"])
    expect_refusal(page, "This setup link was replaced", "Use the newest link you received.")
    shots(page, "link-replaced")
    page.goto(newer["authFlowUrl"])
    expect(page.get_by_role("heading", name=re.compile("Step 2 of 5"))).to_be_visible()
    expect(page.locator("#wizard")).to_contain_text("This page sets up Replaced books")
    # Replaced while in use: the next call is refused, and the page says so instead of steps.
    another_link(app, live_server.url, old["key"], old["connectionId"])
    page.get_by_role("button", name="Download the .qwc file").click()
    expect_refusal(page, "This setup link was replaced", "Use the newest link you received.")
    expect(page.get_by_role("heading", name="This setup link was replaced")).to_be_focused()
    shots(page, "link-replaced-while-in-use")

    made_up = f"{live_server.url}/auth-flow/auth_sess_{'ab' * 12}"
    page.goto(f"{made_up}#{token_of(newer)}")
    expect_refusal(page, "This setup link is not valid", "Check that the whole link was copied")
    assert page.url == made_up
    shots(page, "link-not-valid")

    page.goto(f"{live_server.url}/auth-flow/{newer['id']}x")  # malformed id: the server's 404
    expect(page.get_by_role("heading", name="This setup link is not valid")).to_be_visible()

    fresh = page.context.browser.new_context()
    try:
        other_tab = fresh.new_page()  # a tab with nothing stored: the path alone opens nothing
        other_tab.goto(f"{live_server.url}/auth-flow/{newer['id']}")
        expect_refusal(other_tab, "This setup link is incomplete", "everything after the #")
        shots(other_tab, "link-incomplete")
    finally:
        fresh.close()
    for link in (expired, old, newer):
        assert_token_never_sent(traffic, token_of(link), caplog)


def test_portal_pages_on_a_phone(
    app: Flask, live_server: LiveServer, phone: Any, shots: Shots
) -> None:
    key = signed_in_with_key(app, phone, live_server.url)
    phone.goto(live_server.url + "/wizard")
    no_sideways_scroll(phone)
    shots(phone, "phone-wizard-key")
    enter_key(phone, key)
    create_connection(phone, "Phone books")
    phone.goto(live_server.url + "/connections")
    phone.get_by_role("link", name="Phone books").click()
    expect(phone.get_by_role("heading", name=re.compile("Phone books"))).to_be_visible()
    no_sideways_scroll(phone)
    shots(phone, "phone-connection-detail")
    try:
        phone.get_by_role("button", name="Connect the sample company").click()
        expect(phone.get_by_text("The sample company is connecting")).to_be_visible()
        expect(phone.get_by_role("button", name="Stop the sample company")).to_be_visible()
        phone.goto(live_server.url + "/dashboard")
        expect(phone.locator("[data-status-for]")).to_have_text("Connected", timeout=SLOW)
        no_sideways_scroll(phone)
        shots(phone, "phone-dashboard-sample-company")
    finally:
        sample_company.detach_all(timeout=10)
