"""The .qwc file, the Web Connector password and the connection status endpoints (compared with
Intuit's example .qwc files in tests/conformance/test_intuit_qbwc_files.py)."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from lxml import etree

from nxus.db import new_session, utcnow
from nxus.models import Connection, InstallationSetting
from nxus.security import verify_password
from nxus.services import qwc
from tests.integration.api.conftest import Api, Tenant, assert_error

GUID = re.compile(r"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")
SPEC_ELEMENTS = [
    "AppName",
    "AppID",
    "AppURL",
    "AppDescription",
    "AppSupport",
    "UserName",
    "OwnerID",
    "FileID",
    "QBType",
    "Scheduler",
    "IsReadOnly",
    "PersonalDataPref",
    "UnattendedModePref",
    "Style",
    "AuthFlags",
]


def fetch_qwc(api: Api, cid: str, **kwargs: Any) -> tuple[Any, etree._Element]:
    response = api.get(f"/qwc-auth-setup/{cid}/qwc", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = etree.fromstring(response.data, etree.XMLParser(resolve_entities=False))
    return response, root


def row(app: Flask, cid: str) -> Connection:
    with new_session(app) as session:
        connection = session.get(Connection, uuid.UUID(cid[5:]))
        assert connection is not None
        return connection


def test_qwc_has_every_element_with_the_right_values(app: Flask, api: Api) -> None:
    app.config.update(PUBLIC_URL="https://qb.example.com/", QWC_RUN_EVERY_N_SECONDS=45)
    created = api.create_connection(description="Acme HQ")
    response, root = fetch_qwc(api, created["id"])
    assert response.mimetype == "application/xml"
    short = created["id"][5:13]
    assert response.headers["Content-Disposition"] == f'attachment; filename="nxus-{short}.qwc"'
    assert "X-Nxus-Warning" not in response.headers
    assert root.tag == "QBWCXML"
    assert [child.tag for child in root] == SPEC_ELEMENTS
    connection = row(app, created["id"])
    values = {child.tag: child.text for child in root if child.tag != "Scheduler"}
    assert values["AppName"] == f"nXus – Acme HQ ({short})"
    assert values["AppURL"] == "https://qb.example.com/qbwc"
    assert values["AppSupport"] == "https://qb.example.com/support"
    assert values["UserName"] == connection.qbwc_username
    assert values["FileID"] == "{" + str(connection.file_id).upper() + "}"
    assert GUID.match(values["OwnerID"] or "") and GUID.match(values["FileID"] or "")
    assert values["QBType"] == "QBFS" and values["IsReadOnly"] == "false"
    assert values["PersonalDataPref"] == "pdpOptional"
    assert values["UnattendedModePref"] == "umpOptional"
    assert values["AuthFlags"] == "0xF" and values["Style"] == "Document"
    assert root.findtext("Scheduler/RunEveryNSeconds") == "45"


def test_owner_id_is_one_per_installation_file_id_and_user_one_per_connection(
    app: Flask, api: Api, tenant: Tenant, other_tenant: Tenant
) -> None:
    first = fetch_qwc(api, api.create_connection()["id"])[1]
    second = fetch_qwc(api, api.create_connection()["id"])[1]
    third_id = api.create_connection(key=other_tenant.live_key)["id"]
    third = fetch_qwc(api, third_id, key=other_tenant.live_key)[1]
    owners = {r.findtext("OwnerID") for r in (first, second, third)}
    assert len(owners) == 1
    assert len({r.findtext("FileID") for r in (first, second, third)}) == 3
    assert len({r.findtext("UserName") for r in (first, second, third)}) == 3
    assert len({r.findtext("AppName") for r in (first, second, third)}) == 3
    with new_session(app) as session:
        setting = session.get(InstallationSetting, qwc.OWNER_ID_KEY)
        assert setting is not None and owners == {"{" + setting.value.upper() + "}"}


@pytest.mark.parametrize(
    ("public_url", "warnings"),
    [
        ("https://qb.example.com", []),
        ("http://localhost:8000", []),
        ("http://qb.example.com", ["is not https"]),
        ("https://203.0.113.5", ["uses an IP address"]),
        ("http://192.168.1.20:8000", ["uses an IP address", "is not https"]),
        ("https://[2001:db8::1]", ["uses an IP address"]),
    ],
)
def test_public_url_rules_are_flagged(
    app: Flask, api: Api, public_url: str, warnings: list[str]
) -> None:
    app.config["PUBLIC_URL"] = public_url
    cid = api.create_connection()["id"]
    response, root = fetch_qwc(api, cid)
    assert root.findtext("AppURL") == public_url + "/qbwc"
    status = api.get(f"/qwc-auth-setup/{cid}/status").get_json()
    assert len(status["warnings"]) == len(warnings)
    for warning, fragment in zip(status["warnings"], warnings, strict=True):
        assert fragment in warning
    assert ("X-Nxus-Warning" in response.headers) == bool(warnings)


def test_without_public_url_the_request_host_is_used(api: Api) -> None:
    cid = api.create_connection()["id"]
    _response, root = fetch_qwc(api, cid, base_url="https://books.example.org")
    assert root.findtext("AppURL") == "https://books.example.org/qbwc"


def test_password_is_shown_once_stored_as_argon2_and_replaces_the_old_one(
    app: Flask, api: Api
) -> None:
    cid = api.create_connection()["id"]
    first = api.post(f"/qwc-auth-setup/{cid}/password")
    assert first.status_code == 200
    password = first.get_json()["password"]
    assert len(password) >= 20 and first.headers["Cache-Control"] == "no-store"
    stored = row(app, cid)
    assert stored.qbwc_password_hash and stored.qbwc_password_hash.startswith("$argon2id$")
    assert password not in stored.qbwc_password_hash and stored.password_set_at is not None
    second = api.post(f"/qwc-auth-setup/{cid}/password").get_json()["password"]
    assert second != password
    with app.app_context():
        newer = row(app, cid).qbwc_password_hash
        assert verify_password(newer, second)
        assert not verify_password(newer, password)


def test_status_is_not_connected_until_the_web_connector_exchanged(app: Flask, api: Api) -> None:
    cid = api.create_connection()["id"]
    for path in ("status", "status/authenticated"):
        body = api.get(f"/qwc-auth-setup/{cid}/{path}").get_json()
        assert body["connectionId"] == str(uuid.UUID(cid[5:]))
        assert body["isConnected"] is False and body["lastSyncAt"] is None
        assert body["companyName"] is None and body["isSampleFile"] is None
    when = utcnow() - timedelta(minutes=1)
    with new_session(app) as session:
        connection = session.get(Connection, uuid.UUID(cid[5:]))
        assert connection is not None
        connection.last_connected_at = when
        connection.company_name = "Sample Rock Castle"
        connection.is_sample_file = True
        session.commit()
    body = api.get(f"/qwc-auth-setup/{cid}/status/authenticated").get_json()
    assert body["isConnected"] is True and body["companyName"] == "Sample Rock Castle"
    assert body["isSampleFile"] is True and body["lastSyncAt"].endswith("Z")
    retrieved = api.get(f"/connections/{cid}").get_json()
    assert retrieved["companyName"] == "Sample Rock Castle" and retrieved["lastConnectedAt"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "qwc"),
        ("POST", "password"),
        ("GET", "status"),
        ("GET", "status/authenticated"),
    ],
)
def test_setup_endpoints_are_404_across_organizations_and_modes(
    app: Flask, api: Api, tenant: Tenant, other_tenant: Tenant, method: str, path: str
) -> None:
    theirs = api.create_connection(key=other_tenant.test_key)["id"]
    live = api.create_connection(key=tenant.live_key)["id"]
    for cid in (theirs, "conn_" + "0" * 32):
        assert_error(api.call(method, f"/qwc-auth-setup/{cid}/{path}"), 404, "NOT_FOUND")
    # The organization's own production connection: the test key has the wrong mode.
    assert_error(api.call(method, f"/qwc-auth-setup/{live}/{path}"), 401, "KEY_MODE_MISMATCH")
    assert row(app, theirs).qbwc_password_hash is None
    assert row(app, live).qbwc_password_hash is None


def test_archived_connection_has_no_qwc(api: Api) -> None:
    cid = api.create_connection()["id"]
    api.delete(f"/connections/{cid}")
    assert_error(api.get(f"/qwc-auth-setup/{cid}/qwc"), 403, "CONNECTION_ARCHIVED")
    assert api.get(f"/qwc-auth-setup/{cid}/status").status_code == 200
