"""QuickBooks routes over real HTTP against the shared simulated company: errors and their
fields, cursors, raw qbXML, asynchronous jobs, unsupported operations."""

from __future__ import annotations

import json
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from nxus.db import new_session, utcnow
from nxus.models import ApiCursor, Job
from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow


@pytest.fixture
def http(qb_env: QbEnv) -> httpx.Client:
    with qb_env.http() as client:
        yield client  # type: ignore[misc]


def error_of(
    response: httpx.Response, status: int, code: str = "VALIDATION_ERROR"
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/customer", {"name": "Ok", "bogus": 1}, "bogus"),
        ("/customer", {"name": 5}, "name"),
        ("/customer", {"name": "x" * 42}, "name"),
        ("/customer", {"name": "Ok", "billingAddress": {"city": "c" * 32}}, "billingAddress.city"),
        ("/invoice", {"customerId": "80000001-1", "transactionDate": "2024-13-45"}, "transaction"),
        ("/customer/80000001-1", {"name": "no revision"}, "revisionNumber"),
    ],
)
def test_bad_bodies_name_the_field(http: httpx.Client, path: str, body: Any, field: str) -> None:
    assert field in error_of(http.post(path, json=body), 400)["message"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"updatedAfter": "yesterday"}, "updatedAfter"),
        ({"status": "sleeping"}, "status"),
        ({"color": "red"}, "color"),
        ({"limit": 151}, "limit"),
        ({"timeoutSeconds": "soon"}, "timeoutSeconds"),
    ],
)
def test_bad_list_parameters_name_the_field(
    http: httpx.Client, params: dict[str, Any], field: str
) -> None:
    assert field in error_of(http.get("/customers", params=params), 400)["message"]


def test_an_id_of_another_company_file(http: httpx.Client) -> None:
    ref = "80009999-1234567890"
    line = {"itemId": ref, "quantity": 1}
    customers = http.get("/customers", params={"limit": 1}).json()["data"]
    response = http.post("/invoice", json={"customerId": customers[0]["id"], "lines": [line]})
    assert "lines[0].itemId" in error_of(response, 400)["message"]
    missing = http.get(f"/customer/{ref}")
    error = error_of(missing, 404, "QBD_OBJECT_NOT_FOUND")
    assert error["integrationCode"] in ("1", "500")


def test_cursors_belong_to_their_key_and_close(http: httpx.Client, qb_env: QbEnv) -> None:
    first = http.get("/customers", params={"limit": 5}).json()
    cursor = first["nextCursor"]
    assert cursor and first["hasMore"] and first["totalCount"] > 5
    other = http.get(
        "/customers",
        params={"limit": 5, "cursor": cursor},
        headers={"Authorization": f"Bearer {qb_env.other_key}"},
    )
    assert other.status_code in (400, 404)
    second = http.get("/customers", params={"limit": 5, "cursor": cursor}).json()
    assert second["nextCursor"] == cursor and second["page"] == 2
    assert {c["id"] for c in second["data"]}.isdisjoint(c["id"] for c in first["data"])
    assert second["remainingCount"] == first["totalCount"] - 10
    closed = http.post(f"/cursors/{cursor}/close")
    assert closed.status_code == 200 and closed.json()["closed"] is True
    again = http.get("/customers", params={"limit": 5, "cursor": cursor})
    assert "cursor" in error_of(again, 400)["message"]
    assert (
        "cursor" in error_of(http.get("/customers", params={"cursor": "cur_nope"}), 400)["message"]
    )


def test_a_cursor_fetches_one_page_at_a_time(http: httpx.Client, qb_env: QbEnv) -> None:
    """While a call is taking a cursor's next page from QuickBooks, a second call with the same
    cursor is refused (it would take the page after it and leave the counts wrong)."""
    first = http.get("/customers", params={"limit": 5}).json()
    cursor = first["nextCursor"]
    with new_session(qb_env.app) as db:
        row = db.query(ApiCursor).order_by(ApiCursor.id.desc()).first()
        row.busy_until = utcnow() + timedelta(seconds=30)  # a page in flight
        db.commit()
    busy = http.get("/customers", params={"limit": 5, "cursor": cursor})
    assert "another call" in error_of(busy, 400)["message"]
    with new_session(qb_env.app) as db:
        db.query(ApiCursor).filter(ApiCursor.id == row.id).update({"busy_until": None})
        db.commit()
    second = http.get("/customers", params={"limit": 5, "cursor": cursor}).json()
    assert second["page"] == 2 and second["remainingCount"] == first["totalCount"] - 10
    # A page that has come back frees the cursor for the next one.
    third = http.get("/customers", params={"limit": 5, "cursor": cursor}).json()
    assert third["page"] == 3 and third["remainingCount"] == first["totalCount"] - 15


def test_an_idle_cursor_expires(http: httpx.Client, qb_env: QbEnv) -> None:
    qb_env.app.config["API_CURSOR_IDLE_SECONDS"] = 0
    try:
        cursor = http.get("/customers", params={"limit": 5}).json()["nextCursor"]
    finally:
        qb_env.app.config["API_CURSOR_IDLE_SECONDS"] = 10
    response = http.get("/customers", params={"limit": 5, "cursor": cursor})
    assert "expired" in error_of(response, 400)["message"]


def test_lists_quickbooks_cannot_iterate_are_paged_from_one_call(
    http: httpx.Client, qb_env: QbEnv
) -> None:
    """Accounts have no qbXML iterator (hosted nXus returns at most 500 of them on one page):
    the first page asks QuickBooks once for the whole list, each next page is the next slice
    of that answer, with the same cursor contract as an iterator's."""
    whole = http.get("/accounts", params={"limit": 150}).json()
    assert whole["nextCursor"] is None and whole["count"] == whole["totalCount"] > 7
    sent = len(qb_env.quickbooks.requests)
    first = http.get("/accounts", params={"limit": 3}).json()
    cursor = first["nextCursor"]
    assert cursor and first["hasMore"] and first["page"] == 1 and first["count"] == 3
    assert first["totalCount"] == whole["totalCount"] and first["pageCount"] > 2
    assert first["remainingCount"] == whole["totalCount"] - 3
    pages, seen = [first], list(first["data"])
    while pages[-1]["nextCursor"]:
        page = http.get("/accounts", params={"limit": 3, "cursor": cursor}).json()
        assert page["page"] == len(pages) + 1 and page["remainingCount"] == page["totalCount"] - (
            len(seen) + page["count"]
        )
        pages.append(page)
        seen += page["data"]
    assert seen == whole["data"]  # every account once, in QuickBooks' order
    assert len(qb_env.quickbooks.requests) == sent + 1  # one call for the whole sequence
    finished = http.get("/accounts", params={"limit": 3, "cursor": cursor})
    assert "cursor" in error_of(finished, 400)["message"]  # the last page ended it
    # Another key cannot use it; a cursor whose stored answer is gone has expired.
    cursor = http.get("/accounts", params={"limit": 3}).json()["nextCursor"]
    other = http.get(
        "/accounts",
        params={"limit": 3, "cursor": cursor},
        headers={"Authorization": f"Bearer {qb_env.other_key}"},
    )
    assert other.status_code in (400, 404)
    with new_session(qb_env.app) as db:
        job = db.get(Job, db.query(ApiCursor).order_by(ApiCursor.id.desc()).first().job_id)
        job.response_body = None
        job.payload_purged_at = job.finished_at
        db.commit()
    gone = http.get("/accounts", params={"limit": 3, "cursor": cursor})
    assert "no longer kept" in error_of(gone, 400)["message"]


def test_records_named_one_by_one_come_on_one_page(http: httpx.Client) -> None:
    accounts = http.get("/accounts", params={"limit": 4}).json()["data"]
    names = [a["fullname"] for a in accounts]
    page = http.get("/accounts", params={"names": json.dumps(names), "limit": 2}).json()
    assert page["nextCursor"] is None and [a["fullname"] for a in page["data"]] == names


def test_count(http: httpx.Client) -> None:
    total = http.get("/customers", params={"limit": 1}).json()["totalCount"]
    assert http.get("/customers/count").json()["count"] == total


def test_unsupported_operations_are_405(http: httpx.Client) -> None:
    methods = http.get("/payment-methods").json()["data"]
    update = http.post(f"/payment-method/{methods[0]['id']}", json={"revisionNumber": "1"})
    why = error_of(update, 405, "UPDATE_NOT_SUPPORTED")["message"]
    assert "qbXML has no request for it" in why  # (no PaymentMethodMod in any version)
    error_of(http.post("/customer/80000001-1/void"), 405, "VOID_NOT_SUPPORTED")
    error_of(http.post("/item", json={}), 405, "CREATE_NOT_SUPPORTED")


def test_raw_qbxml_passthrough(http: httpx.Client) -> None:
    request = (
        '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        "<CustomerQueryRq><MaxReturned>2</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
    )
    answer = http.post("/qbxml", content=request, headers={"Content-Type": "application/xml"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/xml")
    assert answer.text.count("<CustomerRet>") == 2
    bad = request.replace("<MaxReturned>2</MaxReturned>", "<Bogus/>")
    refused = http.post("/qbxml", content=bad, headers={"Content-Type": "application/xml"})
    assert "Bogus" in error_of(refused, 400)["message"]


def test_respond_async_and_jobs(http: httpx.Client, qb_env: QbEnv) -> None:
    name = f"Async {uuid.uuid4().hex[:8]}"
    accepted = http.post("/customer", json={"name": name}, headers={"Prefer": "respond-async"})
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["jobId"]
    deadline = time.monotonic() + 30
    while True:
        job = http.get(f"/jobs/{job_id}").json()
        if job["status"] not in ("queued", "sent") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert job["status"] == "done" and job["result"]["name"] == name
    assert job["httpStatusCode"] == 201
    other = http.get(f"/jobs/{job_id}", headers={"Authorization": f"Bearer {qb_env.other_key}"})
    error_of(other, 404, "NOT_FOUND")


def test_idempotent_create_replays(http: httpx.Client) -> None:
    name = f"Idem {uuid.uuid4().hex[:8]}"
    headers = {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    first = http.post("/customer", json={"name": name}, headers=headers)
    again = http.post("/customer", json={"name": name}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    other = http.post("/customer", json={"name": name + "x"}, headers=headers)
    assert "Idempotency-Key" in error_of(other, 400)["message"]


def test_a_customer_name_with_a_comma_is_one_name(http: httpx.Client) -> None:
    """QuickBooks customers are usually "Last, First": never split a single name."""
    customers = http.get("/customers", params={"limit": 20}).json()["data"]
    named = [c for c in customers if ", " in c["fullname"]][:2]
    assert len(named) == 2
    one = http.get("/customers", params={"names": named[0]["fullname"]}).json()["data"]
    assert [c["id"] for c in one] == [named[0]["id"]]
    both = [("names", c["fullname"]) for c in named]
    found = http.get("/customers", params=both).json()["data"]
    assert sorted(c["id"] for c in found) == sorted(c["id"] for c in named)
    as_json = json.dumps([c["fullname"] for c in named])
    found = http.get("/customers", params={"names": as_json}).json()["data"]
    assert sorted(c["id"] for c in found) == sorted(c["id"] for c in named)
