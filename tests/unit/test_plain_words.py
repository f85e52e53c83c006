"""The logs' plain words: request names, job outcomes, and the Web Connector's calls, with
every problem row given its reason."""

from __future__ import annotations

import uuid

import pytest

from nxus.models.qbwc import Job, QbwcExchange
from nxus.services.plain_words import exchange_words, job_outcome, request_words


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ("CustomerQueryRq", "Read customers"),
        ("InvoiceAddRq", "Create an invoice"),
        ("SalesReceiptModRq", "Change a sales receipt"),
        ("ClassQueryRq AccountQueryRq", "Read classes, read accounts"),
        ("CompanyQueryRq", "Read the company's details"),
        ("TxnDelRq", "Delete a txn"),
        ("WeirdThing", "WeirdThing"),
    ],
)
def test_request_words(names: str, words: str) -> None:
    assert request_words(names) == words


def _job(**values: object) -> Job:
    return Job(id=uuid.uuid4(), request_names="CustomerQueryRq", **values)


@pytest.mark.parametrize(
    ("values", "headline", "tone"),
    [
        ({"state": "queued"}, "Waiting for the Web Connector's next visit", "warn"),
        ({"state": "sent"}, "With QuickBooks, waiting for its answer", "warn"),
        ({"state": "done", "status_code": 0}, "Done: QuickBooks answered", "ok"),
        ({"state": "done", "status_code": 1}, "Done: nothing in QuickBooks matched", "ok"),
        ({"state": "done", "status_code": 3100, "status_message": "in use"}, "Refused by", "bad"),
        ({"state": "done", "status_code": 530}, "Done, with a warning", "warn"),
        ({"state": "failed", "hresult": "0x80040408"}, "Failed: ", "bad"),
        ({"state": "failed", "error_kind": "validation"}, "Not sent", "bad"),
        ({"state": "cancelled"}, "Cancelled before QuickBooks received it", "idle"),
        ({"state": "unknown"}, "Unknown: the session ended", "bad"),
    ],
)
def test_job_outcomes(values: dict[str, object], headline: str, tone: str) -> None:
    outcome = job_outcome(_job(**values))
    assert outcome.headline.startswith(headline) and outcome.tone == tone


def test_raw_quickbooks_text_stays_beside_the_words() -> None:
    outcome = job_outcome(_job(state="done", status_code=3100, status_message="The name is used"))
    assert outcome.raw == "status 3100: The name is used"


def _x(method: str, result: str | None, **values: object) -> QbwcExchange:
    return QbwcExchange(method=method, result=result, **{"http_status": 200, **values})


@pytest.mark.parametrize(
    ("row", "text", "problem"),
    [
        (_x("sendRequestXML", "held: NoOp"), "nothing to send yet", None),
        (_x("getLastError", "NoOp"), "pause a moment", None),
        (_x("receiveResponseXML", "99"), "more requests waiting (99% done)", None),
        (_x("receiveResponseXML", "100"), "nothing more waiting", None),
        (_x("authenticate", "ticket"), "a session opened", None),
        (_x("authenticate", "none"), "nothing was waiting", None),
        (_x("authenticate", "nvu"), "refused: wrong user name or password", "refused: wrong"),
        (_x("sendRequestXML", f"job {uuid.uuid4()}"), "sent a request", None),
        (_x("receiveResponseXML", "-101 0x80040408"), "QuickBooks reported an error", "Quick"),
        (_x("connectionError", "done", hresult="0x80040408"), "QuickBooks could not be", "Quick"),
        (_x("authenticate", "fault: bad envelope"), "nXus could not understand", "nXus"),
        (_x("authenticate", None, http_status=500), "—", "answered with HTTP 500"),
        (_x("closeConnection", "closed (closed)"), "session closed", None),
    ],
)
def test_exchange_words(row: QbwcExchange, text: str, problem: str | None) -> None:
    words = exchange_words(row)
    assert words.text.startswith(text) or text in words.text, words
    if problem is None:
        assert words.problem is None, words
    else:
        assert words.problem is not None and words.problem.startswith(problem), words
