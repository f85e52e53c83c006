"""GET /api/v1/deleted-transactions and /deleted-list-objects over real HTTP against the
simulated company: what this test deleted shows up with its type, times and name; the type
and date filters narrow it; bad parameters are 400 naming them, with nothing sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow


@pytest.fixture
def http(qb_env: QbEnv) -> Iterator[httpx.Client]:
    with qb_env.http() as client:
        yield client


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return response.json()


def test_deleted_transactions_show_what_was_deleted(http: httpx.Client) -> None:
    estimate = _ok(http.get("/estimates", params={"limit": 1}))["data"][0]
    check = _ok(http.get("/checks", params={"limit": 1}))["data"][0]
    for path, record in (("estimate", estimate), ("check", check)):
        assert _ok(http.delete(f"/{path}/{record['id']}"))["deleted"] is True

    page = _ok(http.get("/deleted-transactions", params={"transactionTypes": "estimate,check"}))
    assert page["success"] is True and page["hasMore"] is False and page["nextCursor"] is None
    rows = {row["id"]: row for row in page["data"]}
    assert set(rows) >= {estimate["id"], check["id"]}
    row = rows[estimate["id"]]
    assert row["objectType"] == "qbd_deleted_transaction"
    assert row["transactionType"] == "estimate"
    assert row["refNumber"] == estimate["refNumber"]
    assert row["createdAt"][:19] == estimate["createdAt"][:19]
    assert datetime.fromisoformat(row["deletedAt"]) >= datetime.fromisoformat(row["createdAt"])
    # Grouped by type in the order asked for.
    types = [r["transactionType"] for r in page["data"]]
    assert types == sorted(types, key=["estimate", "check"].index)

    # Repeated parameters, QuickBooks' own spelling, and the type filter excluding others.
    only = _ok(http.get("/deleted-transactions", params=[("transactionTypes", "Check")]))
    assert {r["transactionType"] for r in only["data"]} == {"check"}
    assert check["id"] in {r["id"] for r in only["data"]}
    # No type: every type QuickBooks reports.
    every = _ok(http.get("/deleted-transactions"))
    assert {estimate["id"], check["id"]} <= {r["id"] for r in every["data"]}

    # The window: after the deletion finds nothing of it; before it, everything.
    deleted_at = datetime.fromisoformat(row["deletedAt"])
    later = (deleted_at + timedelta(days=1)).isoformat()
    after = _ok(http.get("/deleted-transactions", params={"deletedAfter": later}))
    assert estimate["id"] not in {r["id"] for r in after["data"]}
    day = deleted_at.date().isoformat()
    within = {"deletedAfter": day, "deletedBefore": day, "transactionTypes": "estimate"}
    assert estimate["id"] in {
        r["id"] for r in _ok(http.get("/deleted-transactions", params=within))["data"]
    }


def test_deleted_list_objects_show_the_full_name(http: httpx.Client) -> None:
    created = http.post("/customer", json={"name": "Deleted Later Ltd"})
    assert created.status_code == 201, created.text
    customer = created.json()
    assert _ok(http.delete(f"/customer/{customer['id']}"))["deleted"] is True
    page = _ok(http.get("/deleted-list-objects", params={"objectTypes": '["customer", "vendor"]'}))
    row = next(r for r in page["data"] if r["id"] == customer["id"])
    assert row == {
        "id": customer["id"],
        "objectType": "qbd_deleted_list_object",
        "listType": "customer",
        "createdAt": customer["createdAt"],
        "deletedAt": row["deletedAt"],
        "fullName": "Deleted Later Ltd",
    }
    vendors = _ok(http.get("/deleted-list-objects", params={"objectTypes": "vendor"}))
    assert customer["id"] not in {r["id"] for r in vendors["data"]}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/deleted-transactions", {"transactionTypes": "customer"}, "transactionTypes"),
        ("/deleted-transactions", {"transactionTypes": '["invoice", 3]'}, "transactionTypes"),
        ("/deleted-transactions", {"transactionTypes": "[oops"}, "transactionTypes"),
        ("/deleted-transactions", {"deletedAfter": "last week"}, "deletedAfter"),
        ("/deleted-transactions", {"deletedBefore": "2024-02-30"}, "deletedBefore"),
        ("/deleted-transactions", {"deletedAfter": "9" * 60}, "deletedAfter"),
        (
            "/deleted-transactions",
            {"deletedAfter": "2024-03-02", "deletedBefore": "2024-03-01"},
            "deletedAfter",
        ),
        ("/deleted-transactions", {"objectTypes": "customer"}, "objectTypes"),
        ("/deleted-list-objects", {"objectTypes": "invoice"}, "objectTypes"),
        ("/deleted-list-objects", {"ids": "80000001-1"}, "ids"),
    ],
)
def test_bad_parameters_name_the_field_and_send_nothing(
    http: httpx.Client, qb_env: QbEnv, path: str, params: dict[str, str], field: str
) -> None:
    sent = len(qb_env.quickbooks.requests)
    response = http.get(path, params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and field in error["message"], error
    assert len(qb_env.quickbooks.requests) == sent


def test_another_organization_cannot_read_them(qb_env: QbEnv) -> None:
    with httpx.Client(
        base_url=qb_env.base, headers=qb_env.headers(qb_env.other_key), trust_env=False
    ) as other:
        response = other.get("/deleted-transactions")
    assert response.status_code == 404, response.text


def test_deletion_bounds_with_an_offset_are_read_in_the_company_time(http: httpx.Client) -> None:
    """QuickBooks reads DeletedDateRangeFilter as the company file's wall time whatever offset
    it carries: a bound given in UTC is sent as the company zone's wall time of that instant
    (America/Los_Angeles here, hours behind UTC), so the window means what the caller said."""
    created = http.post("/customer", json={"name": "Deleted In Time Ltd"})
    assert created.status_code == 201, created.text
    customer = created.json()["id"]
    assert _ok(http.delete(f"/customer/{customer}"))["deleted"] is True
    row = next(
        r
        for r in _ok(http.get("/deleted-list-objects", params={"objectTypes": "customer"}))["data"]
        if r["id"] == customer
    )
    deleted = datetime.fromisoformat(row["deletedAt"])
    assert deleted.utcoffset() not in (None, timedelta(0))  # the company's zone is not UTC

    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def found(**bounds: datetime) -> bool:
        params = {"objectTypes": "customer", **{k: utc(v) for k, v in bounds.items()}}
        page = _ok(http.get("/deleted-list-objects", params=params))
        return customer in {r["id"] for r in page["data"]}

    minute = timedelta(minutes=1)
    assert found(deletedAfter=deleted - minute, deletedBefore=deleted + minute)
    assert not found(deletedAfter=deleted + minute)
    assert not found(deletedBefore=deleted - minute)
