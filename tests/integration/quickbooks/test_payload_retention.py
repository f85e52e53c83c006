"""What the purge leaves the API: an answer nobody waited for stays readable through
GET /jobs/{id} for the detached retention, a waited-for job's qbXML goes after the short one
(GET /jobs then says RESULT_EXPIRED), and an Idempotency-Key replay never needs the job."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import IdempotencyRecord, Job
from nxus.services import retention
from tests.integration.quickbooks.conftest import CheckedQuickBooks, QbEnv, start_env, stop_env


@pytest.fixture(scope="module")
def qb_env(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[QbEnv]:
    env = start_env(
        tmp_path_factory.mktemp("qb"),
        postgres_base_url,
        CheckedQuickBooks(records=40, qb_year=2024),
        RETENTION_PURGE_INTERVAL_SECONDS=0,  # the tests run the purge themselves
    )
    yield env
    stop_env(env)


@pytest.fixture
def http(qb_env: QbEnv) -> Iterator[httpx.Client]:
    with qb_env.http() as client:
        yield client


def _job(qb_env: QbEnv, job_id: uuid.UUID) -> Job:
    with new_session(qb_env.app) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job


def _finished(http: httpx.Client, public_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while True:
        job = http.get(f"/jobs/{public_id}").json()
        if job["status"] not in ("queued", "sent") or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_an_async_answer_outlives_the_short_retention(http: httpx.Client, qb_env: QbEnv) -> None:
    name = f"Kept {uuid.uuid4().hex[:8]}"
    accepted = http.post("/customer", json={"name": name}, headers={"Prefer": "respond-async"})
    assert accepted.status_code == 202, accepted.text
    public_id = accepted.json()["jobId"]
    job_id = uuid.UUID(public_id.removeprefix("job_"))
    assert _finished(http, public_id)["status"] == "done"
    assert _job(qb_env, job_id).detached
    finished = _job(qb_env, job_id).finished_at
    assert finished is not None
    retention.purge(qb_env.app, now=finished + timedelta(hours=1))
    assert _job(qb_env, job_id).payload_purged_at is None
    assert http.get(f"/jobs/{public_id}").json()["result"]["name"] == name
    retention.purge(qb_env.app, now=finished + timedelta(days=2))
    assert _job(qb_env, job_id).payload_purged_at is not None
    gone = http.get(f"/jobs/{public_id}").json()
    assert gone["status"] == "done" and gone["result"] is None
    assert gone["error"]["code"] == "RESULT_EXPIRED"


def test_a_waited_for_job_drops_its_qbxml_and_a_replay_still_answers(
    http: httpx.Client, qb_env: QbEnv
) -> None:
    name = f"Idem {uuid.uuid4().hex[:8]}"
    headers = {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}
    first = http.post("/customer", json={"name": name}, headers=headers)
    assert first.status_code == 201, first.text
    with new_session(qb_env.app) as db:
        record = db.scalars(
            select(IdempotencyRecord).where(IdempotencyRecord.key == headers["Idempotency-Key"])
        ).one()
        job_id = record.job_id
    assert job_id is not None and not _job(qb_env, job_id).detached
    retention.purge(qb_env.app, now=utcnow() + timedelta(minutes=15))
    job = _job(qb_env, job_id)
    assert job.payload_purged_at is not None and job.response_body is None
    assert job.request_body == ""
    again = http.post("/customer", json={"name": name}, headers=headers)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"


RAW_QUERY = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/customers?limit=1", None),
        ("POST", "/qbxml", RAW_QUERY),
        ("GET", "/reports/aging?reportType=ARAgingSummary", None),
    ],
)
def test_every_async_call_is_queued_detached_in_one_write(
    http: httpx.Client, qb_env: QbEnv, method: str, path: str, body: str | None
) -> None:
    """Prefer: respond-async on a resource, raw qbXML and a report: the job is queued detached
    by its INSERT (a second write to a queued job would lock the row a woken hold claims)."""
    headers = {"Prefer": "respond-async"}
    if body is not None:
        headers["Content-Type"] = "application/xml"
    accepted = http.request(method, path, content=body, headers=headers)
    assert accepted.status_code == 202, accepted.text
    public_id = accepted.json()["jobId"]
    assert _job(qb_env, uuid.UUID(public_id.removeprefix("job_"))).detached
    assert _finished(http, public_id)["status"] == "done"
