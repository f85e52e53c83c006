"""Hostile-input sweep over EVERY route of the app (SPEC §9: bad input of any kind gets a clear
error and leaves everything else untouched; never a 500).

Routes come from `app.url_map`, so a new route is swept without touching this file: one test
per route (a failure names it; `-k` runs part of the sweep), all sharing one app, database and
pair of tenants (module scope), as one loop over the routes would. Each route and method gets
its path parameters replaced by an id of the caller's own object, of another organization's
object, a malformed id, a very long id and one with a NUL byte, then a fixed
catalogue of hostile requests: malformed JSON, JSON of the wrong type (list, string, number,
null, 10,000 levels deep, huge strings), unknown fields, wrong content types, empty bodies,
odd query strings and headers, no key / a bogus key, portal forms with and without a CSRF
token, garbage SOAP. Deterministic (no randomness) and bounded.

Every answer: no 5xx; an API error is the nXus JSON error shape with `requestId`; a /qbwc
error is a SOAP fault; a portal error is an HTML page (or, for the portal's JSON endpoints, a
JSON `{"error": …}`). A rejected call (4xx) changes no table's row count and no connection.
The logs that exist to record refused calls are exempt where they apply: `qbwc_exchanges`
(every /qbwc call is logged), `throttle_records` (failed sign-ins and Web Connector logins)
and `request_log` (every authenticated /api/v1 call).

QuickBooks-backed calls would wait for the Web Connector: the app's wait limits are set tiny
here, so a call that gets through validation answers 408 at once (not a rejection: its job is
kept as `cancelled`, by design).
"""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import Rule

from nxus import create_app
from nxus.db import Base, engine_for, new_session
from nxus.models import ApiKey, Connection, User
from nxus.models.qbwc import QbwcExchange
from nxus.services import accounts, api_keys, auth_sessions, connections, jobs, sample_company
from tests.conftest import (
    CHEAP_ARGON2,
    OWNER,
    AuthActions,
    csrf_token_from,
    fresh_database,
    same_origin,
)

pytestmark = pytest.mark.slow

HOST_QUERY = b'<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><HostQueryRq/></QBXMLMsgsRq></QBXML>'  # noqa: E501
DEEP_LIST = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
HUGE = "x" * 300_000
LONG_ID = "L" * 10_000
# Answers that mean "not a refusal of the input": QuickBooks did not answer in time.
NOT_REJECTIONS = {408}
# Routes whose answers are JSON by design outside /api.
PORTAL_JSON = re.compile(
    r"^/auth-flow/[^/]+/[^/]+$|\.json$|^/wizard/key$|^/wizard/connections/[^/]+/sample-company$"
)
ERROR_KEYS = {
    "message",
    "userFacingMessage",
    "type",
    "code",
    "httpStatusCode",
    "integrationCode",
    "requestId",
}


# Tiny QuickBooks waits so calls that pass validation answer 408 at once.
TINY_WAITS = {
    "API_QB_TIMEOUT_CRUD_SECONDS": 0.02,
    "API_QB_TIMEOUT_LIST_SECONDS": 0.02,
    "JOB_WAIT_POLL_SECONDS": 0.01,
}


# --- the objects ids are taken from ----------------------------------------------------------


@dataclass
class Tenant:
    org_id: uuid.UUID
    key: str = ""
    home: Connection | None = None  # X-Connection-Id of API calls (never in a path)
    ids: dict[str, str] = field(default_factory=dict)  # path parameter -> this tenant's id


def _victims(app: Flask, tenant: Tenant) -> None:
    """The objects path parameters name: a connection with a job, an exchange and a setup
    link, and a spare API key. A successful call may archive or delete them; rebuilt then."""
    with app.app_context(), new_session(app) as session:
        scope = connections.Scope(tenant.org_id, "development")
        victim = connections.create(session, scope, "victim", None)
        job = jobs.submit_qbxml(session, victim.id, HOST_QUERY)
        jobs.cancel_job(session, job.id)
        exchange = QbwcExchange(connection_id=victim.id, method="authenticate")
        session.add(exchange)
        session.commit()
        link = auth_sessions.create(session, victim, None, 30)
        spare = api_keys.create_api_key(session, tenant.org_id, "spare", "test")
        tenant.ids = {
            "ref": victim.public_id,
            "connection_id": str(victim.id),
            "job_ref": f"job_{job.id.hex}",
            "job_id": str(job.id),
            "exchange_id": str(exchange.id),
            "public_id": link.public_id,
            "key_id": str(spare.api_key.id),
            "object_id": "80000001-1700000000",
            "token": "cur_" + "ab" * 16,
            "old_token": "abcdef0123456789",
            "filename": "css/nxus.css",
        }


def _healthy(app: Flask, tenant: Tenant) -> bool:
    with app.app_context(), new_session(app) as session:
        victim = session.get(Connection, uuid.UUID(tenant.ids["connection_id"]))
        spare = session.get(ApiKey, uuid.UUID(tenant.ids["key_id"]))
        return (
            victim is not None
            and victim.archived_at is None
            and victim.is_active
            and spare is not None
            and spare.revoked_at is None
        )


def _make_tenant(app: Flask, org_id: uuid.UUID) -> Tenant:
    tenant = Tenant(org_id)
    with app.app_context(), new_session(app) as session:
        tenant.key = api_keys.create_api_key(session, org_id, "sweep", "test").secret
        scope = connections.Scope(org_id, "development")
        tenant.home = connections.create(session, scope, "home", None)
    _victims(app, tenant)
    return tenant


def _counts(app: Flask) -> dict[str, int]:
    tables = Base.metadata.sorted_tables
    query = select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    with app.app_context(), new_session(app) as session:
        row = session.execute(query).one()
        conns = session.execute(
            select(
                Connection.id,
                Connection.description,
                Connection.external_id,
                Connection.archived_at,
                Connection.is_active,
            ).order_by(Connection.id)
        ).all()
    counts = {t.name: n for t, n in zip(tables, row, strict=True)}
    counts["connections (content)"] = hash(tuple(conns))
    return counts


# --- requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Req:
    label: str
    data: bytes | None = None
    content_type: str | None = None
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    auth: bool = True  # API key / signed-in portal client
    csrf: bool = True  # portal POSTs: a valid token


JSON = "application/json"
BODY_CASES = [
    Req("malformed JSON", b'{"description": ', JSON),
    Req("JSON list", b"[1, 2, 3]", JSON),
    Req("JSON string", b'"hello"', JSON),
    Req("JSON number", b"42", JSON),
    Req("JSON null", b"null", JSON),
    Req("JSON 10k-deep list", DEEP_LIST, JSON),
    Req("JSON 10k-deep object", DEEP_OBJECT, JSON),
    Req("JSON huge strings", json.dumps({"description": HUGE, "name": HUGE}).encode(), JSON),
    Req("unknown fields", b'{"zzUnknown": 1, "__proto__": {"x": 1}, "": null}', JSON),
    Req("wrong field types", b'{"description": [], "name": {}, "isActive": "yes"}', JSON),
    Req("control characters", b'{"name": "a\\u0000b\\u001f\\ud800"}', JSON),
    Req("NaN and big numbers", b'{"linkExpiryMins": NaN, "amount": 1e999}', JSON),
    Req("invalid UTF-8", b'{"description": "\xff\xfe"}', JSON),
    Req("JSON as text/plain", b'{"description": "x"}', "text/plain"),
    Req("form body", b"description=x&name=y", "application/x-www-form-urlencoded"),
    Req("XML body", b"<?xml version='1.0'?><a>&amp;</a>", "application/xml"),
    Req("multipart junk", b"--b\r\n\r\n--", "multipart/form-data; boundary=b"),
    Req("empty JSON body", b"", JSON),
]
QUERY_CASES = [
    Req("repeated params", query="limit=1&limit=2&cursor=a&cursor=b&timeoutSeconds=1&x=1&x=2"),
    Req("unicode params", query="limit=%D9%A3&name=%C3%A9%F0%9D%84%9E&%E2%98%83=%E2%98%83"),
    Req("NUL params", query="limit=%00&cursor=%00&name=a%00b&%00=%00&method=%00&problems=%00"),
    Req("10k query", query="name=" + "q" * 10_000 + "&limit=" + "9" * 400),
    Req("odd numbers", query="limit=1e309&timeoutSeconds=-1&limit=-5&cursor="),
    Req("bad percent", query="limit=%zz&%=&&=&wsdl"),
]
HEADER_CASES = [
    Req("huge X-Connection-Id", headers={"X-Connection-Id": LONG_ID}),
    Req("bogus X-Connection-Id", headers={"X-Connection-Id": "conn_" + "0" * 32}),
    Req("huge Idempotency-Key", headers={"Idempotency-Key": "k" * 10_000}),
    Req("non-ASCII Idempotency-Key", headers={"Idempotency-Key": "clé\x7f"}),
    Req("timeout -1", headers={"X-Nxus-Timeout-Seconds": "-1"}),
    Req("timeout 1e309", headers={"X-Nxus-Timeout-Seconds": "1e309"}),
    Req("timeout abc", headers={"X-Nxus-Timeout-Seconds": "abc"}),
    Req("timeout nan", headers={"X-Nxus-Timeout-Seconds": "nan"}),
    Req("Prefer junk", headers={"Prefer": "respond-async;;;=,\x01, wait=-1" + "z" * 5_000}),
    Req("huge correlation id", headers={"X-Correlation-ID": "c" * 10_000}),
    Req("setup token junk", headers={"X-Nxus-Setup-Token": "t" * 10_000}),
]
AUTH_CASES = [
    Req("no key / signed out", auth=False),
    Req("bogus key", headers={"Authorization": "Bearer sk_test_" + "z" * 40}),
    Req("huge key", headers={"Authorization": "Bearer " + "z" * 10_000}),
    Req("basic auth", headers={"Authorization": "Basic Zm9vOmJhcg=="}),
    Req("key in URL", query="api_key=sk_test_abc"),
]
PORTAL_FORM_CASES = [
    Req(
        "form without CSRF",
        b"name=x&mode=test&password=x",
        FORM := "application/x-www-form-urlencoded",
        csrf=False,
    ),  # noqa: E501
    Req(
        "form junk fields",
        b"name=" + b"n" * 10_000 + b"&mode=%00&expires_in_days=-1&email=%ff",
        FORM,
    ),  # noqa: E501
    Req("form repeated", b"name=a&name=b&mode=test&mode=live&confirm=1&confirm=0", FORM),
    Req("form bad CSRF", b"csrf_token=forged&name=x", FORM, csrf=False),
]
SOAP_NS = "http://developer.intuit.com/"


def _soap(method: str, inner: str) -> bytes:
    return (
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<soap:Body><{method} xmlns="{SOAP_NS}">{inner}</{method}></soap:Body></soap:Envelope>'
    ).encode()


SOAP_CASES = [
    Req(
        "SOAP: XXE",
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
        "text/xml",
    ),  # noqa: E501
    Req("SOAP: unknown method", _soap("dropTables", "<x>1</x>"), "text/xml"),
    Req(
        "SOAP: wrong namespace",
        _soap("serverVersion", "").replace(SOAP_NS.encode(), b"urn:x"),
        "text/xml",
    ),  # noqa: E501
    Req(
        "SOAP: huge user",
        _soap("authenticate", f"<strUserName>{HUGE}</strUserName><strPassword>p</strPassword>"),
        "text/xml",
    ),  # noqa: E501
    Req("SOAP: missing args", _soap("sendRequestXML", ""), "text/xml"),
    Req(
        "SOAP: bad ticket",
        _soap(
            "receiveResponseXML",
            "<ticket>\x01nope</ticket><response>&lt;QBXML</response><hresult>zz</hresult><message/>",
        ),
        "text/xml",
    ),  # noqa: E501
    Req(
        "SOAP: versions junk",
        _soap(
            "sendRequestXML",
            "<ticket>t</ticket><qbXMLMajorVers>ab</qbXMLMajorVers><qbXMLMinorVers>"
            + "9" * 500
            + "</qbXMLMinorVers>",
        ),
        "text/xml",
    ),  # noqa: E501
]


# --- the sweep -------------------------------------------------------------------------------


class Sweep:
    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client  # signed in as the owner of `me`
        self.anonymous = app.test_client()
        self.failures: list[str] = []
        self.sent = 0
        AuthActions(client).setup()
        with app.app_context(), new_session(app) as session:
            owner = session.scalars(select(User).where(User.email == OWNER["email"])).one()
            me_org = accounts.organization_of(session, owner).id
            other = accounts.create_user(
                session, "owner@other.example.com", "a long enough password", "Other Org", True
            )
            other_org = other.organization.id
        self.me = _make_tenant(app, me_org)
        self.other = _make_tenant(app, other_org)
        self.csrf = self._fresh_csrf()

    def _fresh_csrf(self) -> str:
        page = self.client.get("/settings/api-keys")
        if page.status_code != 200:
            AuthActions(self.client).login()
            page = self.client.get("/settings/api-keys")
        return csrf_token_from(page.get_data(as_text=True))

    def heal(self) -> None:
        """After a call that succeeded: put back what it may have used up."""
        if not _healthy(self.app, self.me):
            _victims(self.app, self.me)
        self.csrf = self._fresh_csrf()

    # paths

    def path_for(self, rule: Rule, variant: str) -> str:
        def value(match: re.Match[str]) -> str:
            converter, name = match.group(1) or "default", match.group(2)
            own = self.me.ids.get(name, "1")
            raw = {
                "own": own,
                "other": self.other.ids.get(name, "2"),
                "malformed": "not-an-id" if converter != "int" else "00",
                "long": LONG_ID if converter != "int" else "9" * 400,
                "nul": own + "\x00",
            }[variant]
            return quote(raw, safe="/" if converter == "path" else "")

        return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)

    # one request

    def send(self, rule: Rule, method: str, path: str, req: Req) -> None:
        api, soap = path.startswith("/api/"), path.startswith("/qbwc")
        headers: dict[str, str] = {}
        client = self.client if req.auth else self.anonymous
        if api and req.auth:
            headers["Authorization"] = f"Bearer {self.me.key}"
            assert self.me.home is not None
            headers["X-Connection-Id"] = self.me.home.public_id
        data = req.data
        if not api and not soap and method == "POST" and req.auth:
            headers.update(same_origin(client, path))
            if req.csrf:
                token = quote(self.csrf)
                data = (data + b"&" if data else b"") + f"csrf_token={token}".encode()
                if req.content_type not in (None, "application/x-www-form-urlencoded"):
                    headers["X-CSRFToken"] = self.csrf
        headers.update(req.headers)
        before = _counts(self.app)
        response = client.open(
            path,
            method=method,
            data=data,
            content_type=req.content_type,
            query_string=req.query or None,
            headers=headers,
        )
        self.sent += 1
        where = f"{method} {rule.rule} [{req.label}] -> {response.status_code}"
        problem = self.check(path, response, api, soap)
        response.close()
        if problem:
            self.failures.append(f"{where}: {problem}")
        status = response.status_code
        if 400 <= status < 500 and status not in NOT_REJECTIONS:
            after = _counts(self.app)
            exempt = {"qbwc_exchanges", "throttle_records"} if soap else set()
            if path.startswith("/login") or path.startswith("/setup"):
                exempt.add("throttle_records")
            exempt |= {"request_log"} if api else set()  # it records refused API calls too
            changed = {
                name: (before[name], after[name])
                for name in before
                if name not in exempt and before[name] != after[name]
            }
            if changed:
                self.failures.append(f"{where}: a rejected call changed rows {changed}")
        elif status < 400 and not api:
            self.heal()
        elif status < 400 or status in NOT_REJECTIONS:
            if not _healthy(self.app, self.me):
                _victims(self.app, self.me)

    @staticmethod
    def check(path: str, response: Any, api: bool, soap: bool) -> str | None:
        status = response.status_code
        body = response.get_data()
        if status >= 500:
            return f"server error: {body[:300]!r}"
        if status < 400:
            return None
        if api:
            return _api_error_problem(response, body)
        if soap:
            if response.mimetype != "text/xml" or b"Fault>" not in body:
                return f"/qbwc error is not a SOAP fault: {body[:300]!r}"
            return None
        if response.mimetype == "application/json" and PORTAL_JSON.search(path.split("?")[0]):
            error = json.loads(body).get("error")
            if not isinstance(error, dict) or "code" not in error:
                return f"portal JSON error shape: {body[:300]!r}"
            return None
        if response.mimetype != "text/html" or b"<html" not in body.lower():
            return f"portal error is not an HTML page ({response.mimetype}): {body[:200]!r}"
        return None

    # per route

    def cases_for(self, rule: Rule, method: str) -> list[Req]:
        path = rule.rule
        if path.startswith("/qbwc"):
            return [*BODY_CASES, *QUERY_CASES, *SOAP_CASES]
        if path.startswith("/api/"):
            cases = [*AUTH_CASES, *QUERY_CASES, *HEADER_CASES]
            return [*cases, *BODY_CASES] if method in ("POST", "PATCH", "DELETE") else cases
        cases = [AUTH_CASES[0], *QUERY_CASES, *HEADER_CASES[-2:]]
        if method == "POST":
            cases += [*PORTAL_FORM_CASES, *BODY_CASES[:3], BODY_CASES[-1]]
        return cases

    def sweep(self, rule: Rule) -> None:
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        variants = ["own", "other", "malformed", "long", "nul"] if rule.arguments else ["own"]
        for method in methods:
            for variant in variants:
                self.send(rule, method, self.path_for(rule, variant), Req(f"id: {variant}"))
            for req in self.cases_for(rule, method):
                self.send(rule, method, self.path_for(rule, "own"), req)
        own = self.path_for(rule, "own")
        self.send(rule, "PUT", own, Req("unsupported method", b"{}", JSON))
        self.send(rule, "OPTIONS", own, Req("OPTIONS"))


def _config(folder: Path, database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(folder / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        **CHEAP_ARGON2,
        **TINY_WAITS,
    }


def _route_id(rule: Rule, rules: list[Rule]) -> str:
    shared = sum(1 for other in rules if other.rule == rule.rule) > 1
    return f"{rule.rule} ({rule.endpoint})" if shared else rule.rule


def _routes(app: Flask) -> dict[str, Rule]:
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
    return {_route_id(rule, rules): rule for rule in rules}


def _route_ids() -> list[str]:
    """The app's routes when the tests are collected (an app that never opens its database)."""
    with tempfile.TemporaryDirectory() as folder:
        return list(_routes(create_app(_config(Path(folder), "sqlite://"))))


ROUTES = _route_ids()


@pytest.fixture(scope="module")
def sweep(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[Sweep]:
    """One app, database and pair of tenants for every route (as one loop over the routes
    would have): the sweep heals what a successful call used up."""
    folder = tmp_path_factory.mktemp("sweep")
    with fresh_database(folder, postgres_base_url) as url:
        app = create_app(_config(folder, url))
        Base.metadata.create_all(engine_for(app))
        yield Sweep(app, app.test_client())
        # The portal routes attach the sample company: stop it before its engine goes (a run
        # left going keeps opening connections that end unclosed).
        sample_company.detach_all(timeout=10)
        engine_for(app).dispose()


def test_every_route_is_swept(sweep: Sweep) -> None:
    """The routes collected are the app's whole map, QuickBooks resources included."""
    assert list(_routes(sweep.app)) == ROUTES
    assert len(ROUTES) > 100


@pytest.mark.parametrize("route", ROUTES)
def test_route_survives_hostile_input(sweep: Sweep, route: str) -> None:
    sweep.failures, sweep.sent = [], 0
    sweep.sweep(_routes(sweep.app)[route])
    assert sweep.sent > 0
    assert not sweep.failures, (
        f"{len(sweep.failures)} of {sweep.sent} hostile requests answered wrongly "
        f"(one example per case and answer):\n{_summary(sweep.failures)}"
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/zz-nope", "/api/zz", "/qbwc/zz", "/zz-nope", "/static/../../etc/passwd"]
)
def test_unknown_paths_survive_hostile_input(sweep: Sweep, path: str) -> None:
    """Unknown paths in each part of the app."""
    sweep.failures, sweep.sent = [], 0
    unknown = Rule("/zz-nope", endpoint="unknown")
    for method in ("GET", "POST"):
        sweep.send(unknown, method, path, Req("unknown path", b"{", JSON))
    assert not sweep.failures, _summary(sweep.failures)


def _api_error_problem(response: Any, body: bytes) -> str | None:
    """None when an /api error answer is the nXus error shape with its request id."""
    if response.mimetype != "application/json":
        return f"API error is {response.mimetype}, not JSON"
    error = json.loads(body).get("error")
    if not isinstance(error, dict) or set(error) - {"retryAfter"} != ERROR_KEYS:
        return f"API error shape: {body[:300]!r}"
    if error["httpStatusCode"] != response.status_code or not error["requestId"].startswith("req_"):
        return f"API error fields: {body[:300]!r}"
    if response.headers.get("X-Request-Id") != error["requestId"]:
        return "X-Request-Id differs from requestId"
    return None


def _summary(failures: list[str]) -> str:
    """One line per (case, status, problem), with how many routes hit it."""
    groups: dict[str, list[str]] = {}
    for failure in failures:
        where, _, problem = failure.partition(": ")
        case = re.sub(r"^\S+ \S+ ", "", where)
        groups.setdefault(f"{case}: {problem[:90]}", []).append(where)
    return "\n".join(f"{len(v)}x {k}  e.g. {v[0]}" for k, v in groups.items())
