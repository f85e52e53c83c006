"""Isolation and secret-handling audit, route by route.

Two organizations (A and B), each with a user, a test and a live key, a development and a
production connection (both with the same externalIds in A and B), queued jobs, a Web
Connector session and exchange, a list cursor, an idempotency record and a setup link.

- Every route of `app.url_map` is enumerated, so a new route is audited without editing this
  file (an unknown path argument fails the test until it is mapped below).
- API: B's keys get 404 (never 403, never A's data) for every object of A by every id form
  (conn_…, raw UUID, externalId, job_…, cur_…, auth_sess_…); a test key never reaches a
  production object and a live key never a development one.
- Portal: B's user gets 404 for every page and action naming A's objects (cancel job, archive,
  restore, new password, sample company, exchange view, .qwc, status), and B's lists never
  show A's objects; A's objects are unchanged afterwards.
- Secrets (the Web Connector password, API keys, QBWC tickets, setup-link tokens) appear in no
  response after their one showing, in no log record (DEBUG, whole test) and in no exchange
  body stored in the database.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from nxus.db import new_session, utcnow
from nxus.models import ApiCursor, ApiKey, AuthSession, Connection, IdempotencyRecord, Invite, User
from nxus.models.events import WebhookEndpoint
from nxus.models.qbwc import Job, QbwcExchange, QbwcSession
from nxus.qbwc.common import hash_ticket
from nxus.qbwc.log import ExchangeRecord, LogPolicy, add_exchange
from nxus.services import accounts, api_keys, auth_sessions, jobs, sample_company, webhooks
from nxus.services.connections import Scope, create
from nxus.simulator.report import SessionState
from tests.conftest import LiveServer, csrf_token_from, same_origin

PASSWORD = "a long enough password"
HOST_QUERY = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    "<HostQueryRq/></QBXMLMsgsRq></QBXML>"
)
QB_OBJECT_ID = "80000001-1234567890"
SKIP_METHODS = {"HEAD", "OPTIONS"}
# API routes that name no object: they answer the caller's own organization (checked for
# A's data instead of a 404).
API_UNSCOPED = {
    "api.list_connections",
    "api.create_connection",
    "api.tenant_me",
    "api.rotate_publishable_key",  # the caller's own organization, never another's
}
# The caller's own events, request log and webhook endpoints (A's markers, e.g. its keys'
# display prefixes in api_key.* events, must still never show).
API_UNSCOPED |= {
    "api.list_events",
    "api.list_requests",
    "api.list_webhook_endpoints",
    "api.create_webhook_endpoint",
}
# Portal routes that need no sign-in and name no organization's object.
PUBLIC_PAGES = {
    "auth.login",
    "auth.setup",
    "auth.logout",
    "support.index",
    "dashboard.home",
    # signed-out steps: the second sign-in step, joining, forgotten and reset passwords
    "auth.second_factor",
    "team.join",
    "account.forgot_password",
    "account.reset_password",
}


@dataclass
class Org:
    name: str
    email: str
    org_id: uuid.UUID
    user_id: uuid.UUID
    test_key: str
    live_key: str
    test_key_id: uuid.UUID
    live_key_id: uuid.UUID
    dev: Connection
    prod: Connection
    dev_job: uuid.UUID
    prod_job: uuid.UUID
    exchange_id: int
    ticket: str
    cursor: str
    auth_session: str
    link_token: str
    idempotency_key: str
    invite_id: uuid.UUID
    # Words only this organization's data holds: never in the other's answers.
    markers: list[str] = field(default_factory=list)
    webhook_endpoint_id: str = ""
    delivery_id: str = ""

    def connection_forms(self, connection: Connection) -> list[str]:
        assert connection.external_id
        return [connection.public_id, str(connection.id), connection.external_id]

    def job_forms(self, job_id: uuid.UUID) -> list[str]:
        return [f"job_{job_id.hex}", str(job_id)]


def _make_org(app: Flask, name: str) -> Org:
    email = f"owner@{name.lower()}.example.com"
    with app.app_context(), new_session(app) as session:
        account = accounts.create_user(session, email, PASSWORD, f"Org {name}", True)
        org_id, user_id = account.organization.id, account.user.id
        test = api_keys.create_api_key(session, org_id, f"{name} test", "test")
        live = api_keys.create_api_key(session, org_id, f"{name} live", "live")
        scope_dev, scope_prod = Scope(org_id, "development"), Scope(org_id, "production")
        dev = create(session, scope_dev, f"{name}-dev-books", f"{name.lower()}-dev")
        prod = create(session, scope_prod, f"{name}-prod-books", f"{name.lower()}-prod")
        dev_job = jobs.submit_qbxml(session, dev.id, HOST_QUERY).id
        prod_job = jobs.submit_qbxml(session, prod.id, HOST_QUERY).id
        ticket = f"tkt-{name}-{uuid.uuid4().hex}"
        now = utcnow()
        qs = QbwcSession(
            ticket_hash=hash_ticket(ticket),
            connection_id=dev.id,
            created_at=now,
            # Silent for a while: a new authenticate takes the lane over.
            last_call_at=now - timedelta(hours=2),
            expires_at=now + timedelta(hours=1),
        )
        session.add(qs)
        session.flush()
        add_exchange(
            session,
            ExchangeRecord(
                method="sendRequestXML",
                started_at=now,
                duration_ms=1.0,
                http_status=200,
                request=f"<ticket>{ticket}</ticket>".encode(),
                response=f"<r>{name}-exchange-body</r>".encode(),
                connection_id=dev.id,
                session_id=qs.id,
                ticket=ticket,
                ticket_hash=hash_ticket(ticket),
                result="sent",
            ),
            LogPolicy(retention_days=7, max_body_bytes=100_000),
        )
        exchange_id = session.scalar(
            select(QbwcExchange.id).where(QbwcExchange.connection_id == dev.id)
        )
        assert exchange_id is not None
        cursor = f"cur_{name}{uuid.uuid4().hex}"
        session.add(
            ApiCursor(
                token_hash=_sha256(cursor),
                api_key_id=test.api_key.id,
                connection_id=dev.id,
                resource="customer",
                iterator_id="{it-" + name + "}",
                session_id=qs.id,
                page_size=5,
                expires_at=now + timedelta(hours=1),
            )
        )
        idem = f"idem-{name}"
        session.add(
            IdempotencyRecord(
                api_key_id=test.api_key.id,
                connection_id=dev.id,
                key=idem,
                fingerprint="0" * 64,
                message_set_id=uuid.uuid4().hex,
                response_status=200,
                response_body=f'{{"replayed":"{name}-idempotent-answer"}}',
                expires_at=now + timedelta(hours=1),
            )
        )
        session.commit()
        link = auth_sessions.create(session, dev, None, 30)
        token = auth_sessions.link_token(app.config["SECRET_KEY"], link.public_id)
        invite = Invite(
            organization_id=org_id,
            email=f"invitee@{name.lower()}.example.com",
            role="viewer",
            token_hash=_sha256(f"invite-{name}"),
            expires_at=now + timedelta(days=7),
        )
        session.add(invite)
        session.commit()
        org = Org(
            name=name,
            email=email,
            org_id=org_id,
            user_id=user_id,
            test_key=test.secret,
            live_key=live.secret,
            test_key_id=test.api_key.id,
            live_key_id=live.api_key.id,
            dev=dev,
            prod=prod,
            dev_job=dev_job,
            prod_job=prod_job,
            exchange_id=exchange_id,
            ticket=ticket,
            cursor=cursor,
            auth_session=link.public_id,
            link_token=token,
            idempotency_key=idem,
            invite_id=invite.id,
        )
        org.markers = [
            f"{name}-dev-books",
            f"{name}-prod-books",
            f"Org {name}",
            email,
            dev.qbwc_username,
            prod.qbwc_username,
            f"{name}-exchange-body",
            f"{name}-idempotent-answer",
            test.api_key.display_prefix,
            live.api_key.display_prefix,
            f"invitee@{name.lower()}.example.com",
        ]
        hook = WebhookEndpoint(
            organization_id=org_id,
            mode="development",
            url=f"https://{name.lower()}-hooks.example.com/in",
            events="*",
            secret=f"whsec_{name}-signing-secret",
        )
        session.add(hook)
        session.flush()
        org.webhook_endpoint_id = str(hook.id)
        org.delivery_id = str(webhooks.send_test(session, hook).id)
        org.markers += [hook.url, hook.secret]
        return org


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # Web Connector sessions end as soon as the queue is empty; QuickBooks waits are short.
    return {
        **app_config,
        "QBWC_KEEP_WARM_SECONDS": 0,
        "QBWC_HOLD_SECONDS": 0.05,
        "QBWC_HOLD_POLL_SECONDS": 0.01,
    }


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="nxus")
    return caplog


@pytest.fixture
def orgs(app: Flask, logs: pytest.LogCaptureFixture) -> tuple[Org, Org]:
    return _make_org(app, "Alpha"), _make_org(app, "Bravo")


@pytest.fixture(autouse=True)
def _no_sample_company_left() -> Iterator[None]:
    yield
    sample_company.detach_all(timeout=10)


def _login(app: Flask, org: Org) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login")
    token = csrf_token_from(page.get_data(as_text=True))
    answer = client.post(
        "/login",
        data={"email": org.email, "password": PASSWORD, "csrf_token": token},
        headers=same_origin(client, "/login"),
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def _csrf(client: FlaskClient) -> str:
    return csrf_token_from(client.get("/settings/api-keys").get_data(as_text=True))


def _rules(app: Flask, api: bool) -> list[Rule]:
    rules = []
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.partition(".")[0] if "." in rule.endpoint else ""
        if rule.endpoint == "static" or blueprint == "qbwc":
            continue
        if (blueprint == "api") == api:
            rules.append(rule)
    assert rules
    return rules


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - SKIP_METHODS)


def _text(response: Any) -> str:
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    # Binary bodies (the favicon): read leniently, the markers are ASCII.
    return headers + "\n" + response.get_data().decode("utf-8", errors="replace")


def _assert_no_markers(response: Any, victim: Org, what: str) -> None:
    text = _text(response)
    for marker in victim.markers:
        assert marker not in text, f"{what}: {victim.name}'s {marker!r} leaked"


# --- the API ---------------------------------------------------------------------------------


def _api_targets(victim: Org, attacker_keys: list[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """(key, values of the path arguments) for every object of `victim` by every id form."""
    for key in attacker_keys:
        for connection in (victim.dev, victim.prod):
            jobs_of = victim.dev_job if connection is victim.dev else victim.prod_job
            for ref in victim.connection_forms(connection):
                for job_ref in victim.job_forms(jobs_of):
                    yield (
                        key,
                        {
                            "ref": ref,
                            "job_ref": job_ref,
                            "token": victim.cursor,
                            "public_id": victim.auth_session,
                            "object_id": QB_OBJECT_ID,
                            "name": "Victim color",  # a custom field definition
                        },
                    )


def _api_call(
    client: FlaskClient, rule: Rule, method: str, key: str, values: dict[str, str]
) -> Any:
    unknown = set(rule.arguments) - set(values)
    assert not unknown, f"map the path argument(s) {unknown} of {rule.rule} in this audit"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", values[name], path)
    body = {"connectionId": values["ref"]} if method in ("POST", "PATCH") else None
    return client.open(
        path,
        method=method,
        json=body,
        headers={
            "Authorization": f"Bearer {key}",
            "X-Connection-Id": values["ref"],
            "X-Nxus-Timeout-Seconds": "0.05",
        },
    )


def _assert_api_not_found(response: Any, rule: Rule, method: str, victim: Org) -> None:
    what = f"{method} {rule.rule}"
    assert response.status_code != 403, what
    _assert_no_markers(response, victim, what)
    if rule.endpoint in API_UNSCOPED:
        return
    code = (response.get_json(silent=True) or {}).get("error", {}).get("code", "")
    # An operation a resource lacks is refused before any lookup (no data either way).
    if response.status_code == 405 and code.endswith("_NOT_SUPPORTED"):
        return
    assert response.status_code == 404 and code == "NOT_FOUND", (
        what,
        response.status_code,
        response.get_data(as_text=True)[:300],
    )


@pytest.mark.slow  # every object of every resource, twice over (~10 s)
def test_api_keys_of_another_org_or_mode_get_404_for_every_object(
    app: Flask, client: FlaskClient, orgs: tuple[Org, Org]
) -> None:
    a, b = orgs
    calls = 0
    for rule in _rules(app, api=True):
        for method in _methods(rule):
            for key, values in _api_targets(a, [b.test_key, b.live_key]):
                response = _api_call(client, rule, method, key, values)
                _assert_api_not_found(response, rule, method, a)
                calls += 1
            # A's own keys, the other mode: a test key never reaches production, nor a live
            # key development (cursor and setup link belong to A's test key / dev connection).
            for key, target in ((a.test_key, a.prod), (a.live_key, a.dev)):
                job = a.prod_job if target is a.prod else a.dev_job
                for ref in a.connection_forms(target):
                    values = {
                        "ref": ref,
                        "job_ref": f"job_{job.hex}",
                        "token": a.cursor,
                        "public_id": a.auth_session,
                        "object_id": QB_OBJECT_ID,
                        "name": "Victim color",  # a custom field definition
                    }
                    if key == a.test_key and rule.endpoint == "api.close_cursor":
                        continue  # A's test key owns the cursor
                    if key == a.test_key and rule.endpoint == "api.retrieve_auth_session":
                        continue  # the link is of A's development connection
                    response = _api_call(client, rule, method, key, values)
                    what = f"{method} {rule.rule} ({'test' if key == a.test_key else 'live'})"
                    assert response.status_code != 403, what
                    if rule.endpoint not in API_UNSCOPED:
                        code = (response.get_json(silent=True) or {}).get("error", {})
                        # A's own connection of the other mode: the key is told it has the
                        # wrong mode (401 KEY_MODE_MISMATCH), never given the object.
                        assert response.status_code in (401, 404, 405), (
                            what,
                            response.status_code,
                        )
                        assert code.get("code") in ("NOT_FOUND", "KEY_MODE_MISMATCH") or code.get(
                            "code", ""
                        ).endswith("_NOT_SUPPORTED"), what
    assert calls > 1000

    # The lists of B's keys hold none of A's connections, in either mode.
    for key in (b.test_key, b.live_key):
        listed = client.get("/api/v1/connections", headers={"Authorization": f"Bearer {key}"})
        assert listed.status_code == 200
        ids = {c["id"] for c in listed.get_json()["data"]}
        assert ids and not ids & {a.dev.public_id, a.prod.public_id}
    # A test key lists development connections only, a live key production ones.
    for key, own, other in ((a.test_key, a.dev, a.prod), (a.live_key, a.prod, a.dev)):
        listed = client.get("/api/v1/connections", headers={"Authorization": f"Bearer {key}"})
        ids = {c["id"] for c in listed.get_json()["data"]}
        assert own.public_id in ids and other.public_id not in ids


def test_an_externalid_resolves_within_the_callers_org_only(
    client: FlaskClient, orgs: tuple[Org, Org]
) -> None:
    a, b = orgs
    # B takes A's externalIds: legal (unique per organization), and each resolves to its own.
    for key, mine, theirs in ((b.test_key, b.dev, a.dev), (b.live_key, b.prod, a.prod)):
        auth = {"Authorization": f"Bearer {key}"}
        renamed = client.patch(
            f"/api/v1/connections/{mine.public_id}",
            json={"externalId": theirs.external_id},
            headers=auth,
        )
        assert renamed.status_code == 200
    for org in (a, b):
        for key, connection in ((org.test_key, org.dev), (org.live_key, org.prod)):
            other = a if org is b else b
            ref = (a.dev if connection is org.dev else a.prod).external_id
            got = client.get(
                f"/api/v1/connections/{ref}", headers={"Authorization": f"Bearer {key}"}
            )
            assert got.status_code == 200
            assert got.get_json()["id"] == connection.public_id
            _assert_no_markers(got, other, "shared externalId")


def test_cursors_idempotency_keys_and_jobs_stay_with_their_key(
    app: Flask, client: FlaskClient, orgs: tuple[Org, Org]
) -> None:
    a, b = orgs
    b_dev = {"Authorization": f"Bearer {b.test_key}", "X-Connection-Id": b.dev.public_id}
    # A's cursor token through B's own connection: the same answer as an unknown cursor.
    theirs = client.get(f"/api/v1/customers?limit=5&cursor={a.cursor}", headers=b_dev)
    unknown = client.get("/api/v1/customers?limit=5&cursor=cur_unknown", headers=b_dev)
    assert theirs.status_code == unknown.status_code == 400
    assert theirs.get_json()["error"]["message"] == unknown.get_json()["error"]["message"]
    # Closing it: 404, and it stays A's.
    closed = client.post(f"/api/v1/cursors/{a.cursor}/close", headers=b_dev)
    assert closed.status_code == 404 and closed.get_json()["error"]["code"] == "NOT_FOUND"
    with new_session(app) as session:
        assert session.scalar(select(ApiCursor.id).where(ApiCursor.api_key_id == a.test_key_id))
    # The same Idempotency-Key under B's key is B's own: A's stored answer is never replayed.
    write = client.post(
        "/api/v1/customer",
        json={"name": "Bravo customer"},
        headers={**b_dev, "Idempotency-Key": a.idempotency_key, "X-Nxus-Timeout-Seconds": "0.05"},
    )
    assert "Idempotent-Replayed" not in write.headers
    assert "already used" not in write.get_data(as_text=True)
    _assert_no_markers(write, a, "idempotent write")
    # B's job ids are B's: A's key cannot read them either.
    for ref in b.job_forms(b.dev_job):
        got = client.get(f"/api/v1/jobs/{ref}", headers={"Authorization": f"Bearer {a.test_key}"})
        assert got.status_code == 404


# --- the portal ------------------------------------------------------------------------------


def _portal_values(victim: Org, own: Org) -> list[dict[str, str]]:
    """Path arguments naming `victim`'s objects; with a second id, also under `own`'s
    connection (B's connection with A's job or exchange)."""
    out = []
    for connection in (victim.dev, victim.prod):
        out.append(
            {
                "connection_id": str(connection.id),
                "job_id": str(victim.dev_job if connection is victim.dev else victim.prod_job),
                "exchange_id": str(victim.exchange_id),
                "key_id": str(victim.test_key_id),
                "public_id": victim.auth_session,
                "old_token": victim.link_token,
                "user_id": str(victim.user_id),
                "invite_id": str(victim.invite_id),
                "endpoint_id": victim.webhook_endpoint_id,
                "delivery_id": victim.delivery_id,
            }
        )
    out.append({**out[0], "connection_id": str(own.dev.id), "key_id": str(victim.live_key_id)})
    return out


def _portal_path(rule: Rule, values: dict[str, str]) -> str:
    unknown = set(rule.arguments) - set(values)
    assert not unknown, f"map the path argument(s) {unknown} of {rule.rule} in this audit"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", values[name], path)
    return path


def _snapshot(app: Flask, org: Org) -> dict[str, Any]:
    with new_session(app) as session:
        out: dict[str, Any] = {}
        for c in (org.dev, org.prod):
            row = session.get(Connection, c.id)
            assert row is not None
            out[str(c.id)] = (row.archived_at, row.qbwc_password_hash, row.is_active)
        for job_id in (org.dev_job, org.prod_job):
            job = session.get(Job, job_id)
            assert job is not None
            out[str(job_id)] = job.state
        for key_id in (org.test_key_id, org.live_key_id):
            key = session.get(ApiKey, key_id)
            assert key is not None
            out[str(key_id)] = key.revoked_at
        link = session.scalar(select(AuthSession).where(AuthSession.public_id == org.auth_session))
        assert link is not None
        out[org.auth_session] = (link.opened_at, link.superseded_at)
        user = session.get(User, org.user_id)
        assert user is not None
        out[str(org.user_id)] = (user.password_hash, user.session_version, user.memberships[0].role)
        invite = session.get(Invite, org.invite_id)
        assert invite is not None
        out[str(org.invite_id)] = invite.revoked_at
        return out


def test_portal_of_another_org_lists_and_acts_on_nothing_of_it(
    app: Flask, orgs: tuple[Org, Org]
) -> None:
    a, b = orgs
    before = _snapshot(app, a)
    browser = _login(app, b)
    token = _csrf(browser)
    for rule in _rules(app, api=False):
        blueprint = rule.endpoint.partition(".")[0]
        for method in _methods(rule):
            if not rule.arguments:
                if method != "GET" or rule.endpoint in PUBLIC_PAGES:
                    continue
                page = browser.get(rule.rule)
                assert page.status_code == 200, rule.rule
                _assert_no_markers(page, a, f"GET {rule.rule}")
                continue
            for values in _portal_values(a, b):
                if values["connection_id"] == str(b.dev.id) and len(rule.arguments) < 2:
                    continue  # B's own connection, with no object of A in the path
                path = _portal_path(rule, values)
                headers = {**same_origin(browser, path), "X-CSRFToken": token}
                if blueprint == "auth_flow":
                    # A's link with B's genuine token: refused like an unknown link.
                    headers["X-Nxus-Setup-Token"] = b.link_token
                answer = browser.open(
                    path, method=method, data={"csrf_token": token}, headers=headers
                )
                what = f"{method} {path}"
                assert answer.status_code != 403, what
                _assert_no_markers(answer, a, what)
                if rule.endpoint == "auth_flow.start":
                    continue  # the same shell for every well-formed id (names no connection)
                if rule.endpoint == "connections.cancel_job" and values["connection_id"] == str(
                    b.dev.id
                ):
                    # B's own connection: A's job is simply not there to cancel.
                    assert answer.status_code in (302, 404), what
                    continue
                assert answer.status_code == 404, (what, answer.status_code)
    assert _snapshot(app, a) == before
    assert sample_company.get_run(a.dev.id) is None


# --- secrets -----------------------------------------------------------------------------------

# Requests /qbwc refuses before reading them (cut off in transit, SOAP 1.2), still carrying a
# password or a ticket: the exchange log keeps a sample of such bodies.
TRUNCATED_AUTHENTICATE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    '<soap:Body><authenticate xmlns="http://developer.intuit.com/">'
    "<strUserName>someone</strUserName><strPassword>{password}</strPassword>"
)
SOAP12_SEND = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">'
    '<soap12:Body><sendRequestXML xmlns="http://developer.intuit.com/">'
    "<ticket>{ticket}</ticket></sendRequestXML></soap12:Body></soap12:Envelope>"
)
CUT_IN_THE_PASSWORD = (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    '<authenticate xmlns="http://developer.intuit.com/"><strPassword>{password}'
)


def _check(response: Any, secrets: dict[str, str], what: str, allow: tuple[str, ...] = ()) -> None:
    text = _text(response)
    for name, secret in secrets.items():
        if name not in allow:
            assert secret not in text, f"{what} shows the {name}"


def _pages_and_reads_hold_no_secret(
    app: Flask,
    client: FlaskClient,
    browser: FlaskClient,
    a: Org,
    secrets: dict[str, str],
    link_token: str,
) -> None:
    """Every portal page and API read of A, and errors where a key is sent as an id."""
    # Every page of the portal A's user can open, with A's own ids.
    own = {
        "connection_id": str(a.dev.id),
        "job_id": str(a.dev_job),
        "exchange_id": str(a.exchange_id),
        "key_id": str(a.test_key_id),
        "public_id": a.auth_session,
        "old_token": "x",
        "endpoint_id": a.webhook_endpoint_id,
        "delivery_id": a.delivery_id,
    }
    with new_session(app) as session:
        exchange_ids = list(
            session.scalars(select(QbwcExchange.id).where(QbwcExchange.connection_id == a.dev.id))
        )
    assert len(exchange_ids) >= 5
    for rule in _rules(app, api=False):
        if "GET" not in (rule.methods or set()):
            continue
        path = _portal_path(rule, own)
        _check(browser.get(path), secrets, f"GET {path}")
        _check(browser.get(path, headers={"X-Nxus-Setup-Token": link_token}), secrets, path)
    for exchange_id in exchange_ids:
        path = f"/connections/{a.dev.id}/exchanges/{exchange_id}"
        page = browser.get(path)
        assert page.status_code == 200
        _check(page, secrets, f"GET {path}")
    # Every API read, with A's keys, on A's objects.
    for rule in _rules(app, api=True):
        if "GET" not in (rule.methods or set()):
            continue
        for key in (a.test_key, a.live_key):
            values = {
                "ref": a.dev.public_id,
                "job_ref": f"job_{a.dev_job.hex}",
                "token": a.cursor,
                "public_id": a.auth_session,
                "object_id": QB_OBJECT_ID,
                "name": "Victim color",  # a custom field definition
            }
            response = _api_call(client, rule, "GET", key, values)
            # The API hands an auth session's link (and client secret) to its own key on GET
            # by design (nxus.services.auth_sessions: "the API can show them again").
            allow: tuple[str, ...] = ()
            if rule.endpoint == "api.retrieve_auth_session":
                allow = ("setup-link token", "earlier setup-link token")
            _check(response, secrets, f"GET {rule.rule}", allow)
    # Error bodies never echo a key sent where an id belongs.
    for where in ("path", "header"):
        if where == "path":
            response = client.get(
                f"/api/v1/connections/{a.live_key}",
                headers={"Authorization": f"Bearer {a.test_key}"},
            )
        else:
            response = client.get(
                "/api/v1/customers",
                headers={"Authorization": f"Bearer {a.test_key}", "X-Connection-Id": a.live_key},
            )
        assert response.status_code in (400, 401, 404)
        _check(response, secrets, f"a key in the {where}")


@pytest.mark.slow
def test_secrets_are_shown_once_and_never_logged(
    app: Flask,
    client: FlaskClient,
    orgs: tuple[Org, Org],
    live_server: LiveServer,
    logs: pytest.LogCaptureFixture,
) -> None:
    a, b = orgs
    browser = _login(app, a)
    # The password's one showing: the portal's new-password page.
    path = f"/connections/{a.dev.id}/password"
    shown = browser.post(
        path, data={"csrf_token": _csrf(browser)}, headers=same_origin(browser, path)
    )
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    match = re.search(r'id="qbwc-password">([^<]+)<', shown.get_data(as_text=True))
    assert match, "the new password is on its page"
    password = match.group(1)
    # A setup link's one showing: the API's create answer.
    created = client.post(
        "/api/v1/auth-sessions",
        json={"connectionId": a.dev.public_id},
        headers={"Authorization": f"Bearer {a.test_key}"},
    )
    assert created.status_code == 201
    link_url = created.get_json()["authFlowUrl"]
    link_token = link_url.partition("#")[2]
    assert link_token
    # A real session through /qbwc with that password.
    with app.app_context(), new_session(app) as session:
        row = session.get(Connection, a.dev.id)
        assert row is not None
        connector = sample_company.build_connector(
            row, password, live_server.url + "/qbwc", records=20, noop_pause=0.01
        )
    report = connector.run_once()
    assert report.state == SessionState.COMPLETED, report.summary()
    assert report.ticket
    # What a broken client might send: secrets inside envelopes /qbwc refuses.
    for body in (
        TRUNCATED_AUTHENTICATE.format(password=password),
        SOAP12_SEND.format(ticket=report.ticket),
        CUT_IN_THE_PASSWORD.format(password=password),
    ):
        refused = client.post("/qbwc", data=body, content_type="text/xml; charset=utf-8")
        assert 400 <= refused.status_code < 600
        assert password not in _text(refused) and report.ticket not in _text(refused)

    secrets = {
        "QBWC password": password,
        "QBWC ticket": report.ticket,
        "A test key": a.test_key,
        "A live key": a.live_key,
        "B test key": b.test_key,
        "B live key": b.live_key,
        "setup-link token": link_token,
        "earlier setup-link token": a.link_token,
        "seeded ticket": a.ticket,
        "A webhook secret": "whsec_Alpha-signing-secret",
    }

    _pages_and_reads_hold_no_secret(app, client, browser, a, secrets, link_token)

    # The exchange log in the database: no password, no ticket, in any body.
    with new_session(app) as session:
        bodies = session.execute(select(QbwcExchange.request_body, QbwcExchange.response_body))
        stored = "\n".join(f"{req or ''}\n{resp or ''}" for req, resp in bodies)
    assert "<strPassword>[redacted]</strPassword>" in stored
    for name in ("QBWC password", "QBWC ticket", "seeded ticket"):
        assert secrets[name] not in stored, f"the exchange log stores the {name}"
    # And no log record of the whole test.
    text = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in logs.records)
    assert "api GET" in text  # the capture works
    for name, secret in secrets.items():
        assert secret not in text, f"a log record holds the {name}"
