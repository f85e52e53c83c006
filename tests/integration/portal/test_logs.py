"""The jobs view across connections and the job detail page, the exchange log in words with
its problems explained, paging and filters on both: one organization's rows only, every bad
filter a 400 naming the field."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from flask import Flask

from nxus.db import new_session, utcnow
from nxus.models import Connection
from nxus.models.qbwc import Job, QbwcExchange
from nxus.services import jobs
from tests.conftest import AuthActions
from tests.integration.portal.test_keys_and_connections_pages import (
    make_connection,
    org_id,
    other_org_connection,
)

QUERY = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def _jobs(app: Flask, connection: Connection, count: int) -> list[uuid.UUID]:
    with app.app_context(), new_session(app) as session:
        made = []
        for i in range(count):
            job = jobs.submit_qbxml(session, connection.id, QUERY, commit=False)
            job.created_at = utcnow() - timedelta(seconds=count - i)
            made.append(job.id)
        session.commit()
        return made


def _finish(app: Flask, job_id: uuid.UUID, **values: object) -> None:
    with new_session(app) as session:
        job = session.get(Job, job_id)
        assert job is not None
        for name, value in values.items():
            setattr(job, name, value)
        job.finished_at = utcnow()
        session.commit()


def test_jobs_view_pages_and_filters(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    other = make_connection(app, org_id(app), "Branch")
    ids = _jobs(app, mine, 55)
    _jobs(app, other, 1)
    _finish(app, ids[-1], state="done", status_code=0, status_message="Status OK")
    first = signed_in.client.get("/jobs").get_data(as_text=True)
    assert first.count("data-job-id=") == 50 and "Older →" in first and "← Newer" not in first
    assert "Read customers" in first and "Done: QuickBooks answered" in first
    second = signed_in.client.get("/jobs?page=2").get_data(as_text=True)
    assert second.count("data-job-id=") == 6 and "← Newer" in second and "Older" not in second
    only = signed_in.client.get(f"/jobs?connection={other.public_id}").get_data(as_text=True)
    assert only.count("data-job-id=") == 1
    done = signed_in.client.get("/jobs?state=done").get_data(as_text=True)
    assert done.count("data-job-id=") == 1 and str(ids[-1]) in done
    # The pager keeps the filters.
    filtered = signed_in.client.get(f"/jobs?connection={mine.public_id}").get_data(as_text=True)
    assert f"connection={mine.public_id}&amp;page=2" in filtered or (
        f"page=2&amp;connection={mine.public_id}" in filtered
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=x", "page"),
        ("page=-1", "page"),
        ("state=lost", "state"),
        ("connection=nope", "connection"),
        (f"connection=conn_{uuid.uuid4().hex}", "connection"),
    ],
)
def test_bad_filters_are_400_naming_the_field(
    signed_in: AuthActions, query: str, field: str
) -> None:
    response = signed_in.client.get(f"/jobs?{query}")
    assert response.status_code == 400
    assert f"{field} must be" in response.get_data(as_text=True)


def test_another_organizations_jobs_stay_theirs(app: Flask, signed_in: AuthActions) -> None:
    theirs = other_org_connection(app)
    (their_job,) = _jobs(app, theirs, 1)
    listing = signed_in.client.get("/jobs").get_data(as_text=True)
    assert str(their_job) not in listing and "Eve&#39;s books" not in listing
    assert signed_in.client.get(f"/jobs/{their_job}").status_code == 404
    filtered = signed_in.client.get(f"/jobs?connection={theirs.public_id}")
    assert filtered.status_code == 400


def test_job_detail_in_plain_words(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    (job_id,) = _jobs(app, mine, 1)
    _finish(
        app,
        job_id,
        state="done",
        status_code=3100,
        status_severity="Error",
        status_message='The name "Acme" of the list element is already in use.',
        response_body='<QBXML><QBXMLMsgsRs><CustomerQueryRs statusCode="3100"/>'
        "</QBXMLMsgsRs></QBXML>",
        api_request_id="req_0123456789abcdef0123456789abcdef",
    )
    page = signed_in.client.get(f"/jobs/{job_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Refused by QuickBooks" in html and "QuickBooks said: status 3100" in html
    assert f"job_{job_id.hex}" in html and "CustomerQueryRq" in html
    assert "&lt;CustomerQueryRs" in html  # the answer, as text
    assert "req_0123456789abcdef0123456789abcdef" in html  # the API call that queued it


def _exchange(
    app: Flask, connection: Connection, method: str, result: str, **extra: object
) -> None:
    with new_session(app) as session:
        session.add(
            QbwcExchange(
                connection_id=connection.id,
                method=method,
                result=result,
                started_at=utcnow(),
                **extra,
            )  # fmt: skip
        )
        session.commit()


def test_exchange_log_in_words_with_problem_reasons_and_pages(
    app: Flask, signed_in: AuthActions
) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    for _ in range(51):
        _exchange(app, mine, "sendRequestXML", "held: NoOp")
    _exchange(app, mine, "authenticate", "nvu")
    _exchange(app, mine, "receiveResponseXML", "99")
    page = signed_in.client.get(f"/connections/{mine.id}").get_data(as_text=True)
    assert "held: NoOp" not in page and ">99<" not in page
    assert "asked the Web Connector to wait a moment" in page
    assert "more requests waiting (99% done)" in page
    assert "Older →" in page
    problems = signed_in.client.get(f"/connections/{mine.id}?problems=1").get_data(as_text=True)
    assert problems.count('class="problem"') == 1
    assert "Problem</span> refused: wrong user name or password" in problems
    older = signed_in.client.get(f"/connections/{mine.id}?page=2").get_data(as_text=True)
    assert "← Newer" in older
    bad = signed_in.client.get(f"/connections/{mine.id}?method=sendRequest")
    assert bad.status_code == 400 and "method must be" in bad.get_data(as_text=True)
    assert signed_in.client.get(f"/connections/{mine.id}?page=nope").status_code == 400
