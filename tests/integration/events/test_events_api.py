"""GET /api/v1/events and /events/{id}: the organization's events, its mode only, newest first,
cursor-paginated, filtered; another organization sees none."""

from __future__ import annotations

from flask import Flask

from nxus.db import new_session
from nxus.services import api_keys
from tests.integration.api.conftest import Api, Tenant, assert_error


def test_key_events_are_listed_and_retrievable(app: Flask, api: Api, tenant: Tenant) -> None:
    page = api.get("/events").get_json()
    # make_tenant created a test key (development) and a live key (production): one visible.
    assert [e["type"] for e in page["data"]] == ["api_key.created"]
    event = page["data"][0]
    assert event["id"].startswith("evt_") and event["objectType"] == "event"
    assert event["data"]["object"]["name"] == "tests"
    assert tenant.test_key not in str(page)  # the key itself never, only its display prefix
    assert event["data"]["object"]["displayPrefix"].startswith("sk_test_")
    one = api.get(f"/events/{event['id']}")
    assert one.status_code == 200 and one.get_json()["id"] == event["id"]

    live = api.get("/events", key=tenant.live_key).get_json()["data"]
    assert [e["data"]["object"]["name"] for e in live] == ["tests live"]


def test_revocation_is_an_event(app: Flask, api: Api, tenant: Tenant) -> None:
    with new_session(app) as db:
        new = api_keys.create_api_key(db, tenant.org_id, "short-lived", "test")
        api_keys.revoke(db, tenant.org_id, new.api_key.id)
    types = [e["type"] for e in api.get("/events").get_json()["data"]]
    assert types == ["api_key.revoked", "api_key.created", "api_key.created"]
    only = api.get("/events?type=api_key.revoked").get_json()
    assert only["count"] == 1 and only["data"][0]["data"]["object"]["revokedAt"]


def test_cursor_pagination_walks_every_event(app: Flask, api: Api, tenant: Tenant) -> None:
    with new_session(app) as db:
        for n in range(5):
            api_keys.create_api_key(db, tenant.org_id, f"k{n}", "test")
    seen, cursor = [], None
    while True:
        page = api.get(f"/events?limit=2{'&cursor=' + cursor if cursor else ''}").get_json()
        seen += [e["id"] for e in page["data"]]
        assert page["totalCount"] == 6
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6


def test_another_organization_sees_nothing(api: Api, tenant: Tenant, other_tenant: Tenant) -> None:
    mine = api.get("/events").get_json()["data"][0]["id"]
    theirs = api.get("/events", key=other_tenant.test_key).get_json()["data"]
    assert mine not in [e["id"] for e in theirs]
    assert_error(api.get(f"/events/{mine}", key=other_tenant.test_key), 404, "NOT_FOUND")
    assert_error(api.get(f"/events/{mine}", key=tenant.live_key), 404, "NOT_FOUND")


def test_bad_filters_name_the_parameter(api: Api) -> None:
    assert_error(api.get("/events?type=job.exploded"), 400, "VALIDATION_ERROR", "type")
    assert_error(api.get("/events?createdAfter=yesterday"), 400, "VALIDATION_ERROR", "createdAfter")
    assert_error(api.get("/events?cursor=nonsense"), 400, "VALIDATION_ERROR", "cursor")
    assert_error(api.get("/events?connectionId=conn_nope"), 404, "NOT_FOUND")
    assert_error(api.get("/events/evt_zzz"), 404, "NOT_FOUND")
    later = api.get("/events?createdAfter=2999-01-01T00:00:00Z").get_json()
    assert later["count"] == 0
