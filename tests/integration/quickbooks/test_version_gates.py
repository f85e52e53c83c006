"""Version gates: once a connection's QuickBooks has negotiated its qbXML version, a route,
list parameter, report, value or raw document that version lacks is 400 "needs QuickBooks …
(qbXML x.y)" at once, naming what needs it, and nothing is queued or sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from nxus.db import new_session
from nxus.models.qbwc import Job
from tests.integration.quickbooks.conftest import CheckedQuickBooks, QbEnv, start_env, stop_env

pytestmark = pytest.mark.slow

RAW_13 = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


@pytest.fixture(scope="module")
def old_env(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[QbEnv]:
    """QuickBooks 2006: qbXML 5.0 at most (the oldest the simulator plays)."""
    quickbooks = CheckedQuickBooks(records=80, qb_year=2006)
    env = start_env(tmp_path_factory.mktemp("old"), postgres_base_url, quickbooks)
    yield env
    stop_env(env)
    assert not quickbooks.bad_requests


def _jobs(env: QbEnv) -> int:
    with new_session(env.app) as db:
        return int(db.scalar(select(func.count(Job.id))) or 0)


@pytest.mark.parametrize(
    ("method", "path", "params", "named", "needs"),
    [
        (
            "GET",
            "/billing-rates",
            {},
            "GET /api/v1/billing-rates",
            "QuickBooks 2007 or newer (qbXML 6.0)",
        ),
        ("GET", "/bar-codes", {}, "GET /api/v1/bar-codes", "QuickBooks 2013 or newer (qbXML 12.0)"),
        ("GET", "/billing-rates/count", {}, "GET /api/v1/billing-rates/count", "(qbXML 6.0)"),
        (
            "GET",
            "/checks",
            {"includeLinkedTransactions": "true"},
            "includeLinkedTransactions",
            "QuickBooks 2008 or newer (qbXML 7.0)",
        ),
        (
            "GET",
            "/deleted-transactions",
            {"transactionTypes": "payroll_liability_adjustment"},
            "transactionTypes",
            "QuickBooks 2018 or newer (qbXML 14.0)",
        ),
        ("POST", "/qbxml", None, "body", "QuickBooks 2014 or newer (qbXML 13.0)"),
    ],
)
def test_what_the_connections_quickbooks_cannot_do_is_refused_before_sending(
    old_env: QbEnv,
    method: str,
    path: str,
    params: dict[str, str] | None,
    named: str,
    needs: str,
) -> None:
    with old_env.http() as http:
        first = http.get("/customers", params={"limit": 1})  # the version is known from here on
        assert first.status_code == 200, first.text
        jobs, sent = _jobs(old_env), len(old_env.quickbooks.requests)
        if method == "POST":
            response = http.post(path, content=RAW_13, headers={"Content-Type": "application/xml"})
        else:
            response = http.get(path, params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["message"].startswith(f"{named}: ") and needs in error["message"], error
    assert "speaks qbXML 5.0" in error["message"]
    assert (_jobs(old_env), len(old_env.quickbooks.requests)) == (jobs, sent)


def test_what_it_can_do_still_answers(old_env: QbEnv) -> None:
    with old_env.http() as http:
        deleted = http.get("/deleted-transactions", params={"transactionTypes": "invoice"})
        assert deleted.status_code == 200, deleted.text
        checks = http.get("/checks", params={"limit": 2})
        assert checks.status_code == 200, checks.text
    assert all(b'<?qbxml version="5.0"?>' in r for r in old_env.quickbooks.requests)


def test_the_gate_reads_one_wording() -> None:
    from nxus.qbxml.versions import needs, too_new

    assert needs("7.0", "6.0") == (
        "needs QuickBooks 2008 or newer (qbXML 7.0); this connection's QuickBooks speaks qbXML 6.0"
    )
    assert needs("99.0", None) == "needs QuickBooks a newer release or newer (qbXML 99.0)"
    assert too_new("4.0", "2.1") and not too_new("2.0", "2.1") and not too_new("4.0", None)


def test_a_report_the_version_lacks_names_its_route() -> None:
    from nxus.reports.request import ReportParamError, build

    with pytest.raises(ReportParamError) as info:
        build(
            "BudgetSummary", {"reportType": "BalanceSheetBudgetOverview", "fiscalYear": 2024}, "2.1"
        )
    assert str(info.value) == (
        "GET /api/v1/reports/budget-summary: needs QuickBooks 2004 or newer (qbXML 3.0); "
        "this connection's QuickBooks speaks qbXML 2.1"
    )
