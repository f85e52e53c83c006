"""The nine reports through the SDK (`client.reports.retrieve_*`) against the simulated company,
checked by the identities QuickBooks' reports keep: the P&L's net income is income minus
expense (and moves by exactly an invoice's amount), the A/R aging total is the open invoice
balances, the general ledger and the balance sheet balance. Bad parameters: 400 naming the
parameter, nothing sent to QuickBooks. Every request sent is schema-checked (conftest)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from nxus_qbd import NxusApiError, NxusClient

from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(qb_env: QbEnv) -> Iterator[Any]:
    with NxusClient(api_key=qb_env.key, base_url=qb_env.server.url + "/", max_retries=0) as c:
        yield c


@pytest.fixture
def conn(qb_env: QbEnv) -> str:
    return qb_env.public_id


def _all(env: QbEnv, path: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 100}
    with env.http() as http:
        while True:
            page = http.get(path, params=params).json()
            out += page["data"]
            if not page["hasMore"]:
                return out
            params = {"limit": 100, "cursor": page["nextCursor"]}


def _amount(row: dict[str, Any], column: int = -1) -> Decimal:
    values = [v for v in row["values"] if v["columnId"] != "1"]
    return Decimal(values[column]["value"]) if values else Decimal(0)


def _group(report: dict[str, Any], title: str) -> dict[str, Any]:
    return next(r for r in report["data"]["rows"] if r["type"] == "text" and r["value"] == title)


def _total(report: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in report["data"]["rows"] if r["type"] == "total")


def _check_group(group: dict[str, Any]) -> Decimal:
    """The subtotal closing a group equals the sum of its data rows."""
    data = [r for r in group["rows"] if r["type"] == "data"]
    subtotal = next(r for r in group["rows"] if r["type"] == "subtotal")
    assert sum((_amount(r) for r in data), Decimal(0)) == _amount(subtotal)
    return _amount(subtotal)


def test_profit_and_loss_net_income_is_income_minus_expense(client: Any, conn: str) -> None:
    report = client.reports.retrieve_general_summary(
        connection_id=conn, report_type="ProfitAndLossStandard", period="All"
    )
    assert report["objectType"] == "qbd_report" and report["title"] == "Profit & Loss"
    income = _check_group(_group(report, "Income"))
    expense = _check_group(_group(report, "Expense"))
    assert income > 0 and expense > 0
    assert _amount(_total(report)) == income - expense
    assert report["columns"][1]["dataType"] == "AMTTYPE"


def test_an_invoice_moves_net_income_by_its_amount(client: Any, conn: str, qb_env: QbEnv) -> None:
    """Records through plain HTTP (the SDK's record models refuse QuickBooks' nulls)."""
    day = "2031-05-17"  # a day with nothing else on it
    http = qb_env.http()
    customer = http.get("/customers", params={"limit": 1}).json()["data"][0]
    item = http.get("/items-service", params={"limit": 1}).json()["data"][0]
    before = client.reports.retrieve_general_summary(
        connection_id=conn,
        report_type="ProfitAndLossStandard",
        from_report_date=day,
        to_report_date=day,
    )
    assert _amount(_total(before)) == 0
    line = {"itemId": item["id"], "quantity": 3, "rate": 41.5}
    created = http.post(
        "/invoice", json={"customerId": customer["id"], "transactionDate": day, "lines": [line]}
    )
    assert created.status_code == 201, created.text
    invoice = created.json()
    after = client.reports.retrieve_general_summary(
        connection_id=conn,
        report_type="ProfitAndLossStandard",
        from_report_date=day,
        to_report_date=day,
        summarize_columns_by="Month",
    )
    assert _amount(_total(after)) == Decimal("124.50") == Decimal(str(invoice["subtotal"]))
    assert [c["columnTitles"][0]["value"] for c in after["columns"][1:]] == ["May 2031", "TOTAL"]


def test_ar_aging_total_is_the_open_invoice_balances(client: Any, conn: str, qb_env: QbEnv) -> None:
    as_of = "2031-12-31"  # after every invoice (one test writes one dated 2031-05-17)
    report = client.reports.retrieve_aging(
        connection_id=conn, report_type="ARAgingSummary", to_report_date=as_of
    )
    invoices = _all(qb_env, "/invoices")
    open_balance = sum((Decimal(str(i["balanceRemaining"] or 0)) for i in invoices), Decimal(0))
    total = _total(report)
    assert _amount(total) == open_balance > 0
    names = [r for r in report["data"]["rows"] if r["type"] == "data"]
    assert sum((_amount(r) for r in names), Decimal(0)) == open_balance
    assert [c["columnTitles"][0]["value"] for c in report["columns"]][1:] == [
        "Current",
        "1 - 30",
        "31 - 60",
        "61 - 90",
        "> 90",
        "TOTAL",
    ]


def test_general_ledger_and_balance_sheet_balance(client: Any, conn: str) -> None:
    ledger = client.reports.retrieve_general_detail(
        connection_id=conn, report_type="GeneralLedger", period="All"
    )
    total = _total(ledger)
    debit, credit = _amount(total, -2), _amount(total, -1)
    assert debit == credit > 0
    accounts = [r for r in ledger["data"]["rows"] if r["type"] == "text"]
    assert accounts and all(a["rows"][-1]["type"] == "subtotal" for a in accounts)
    sheet = client.reports.retrieve_general_summary(
        connection_id=conn, report_type="BalanceSheetStandard", period="All"
    )
    assets = _check_group(_group(sheet, "ASSETS"))
    assert _check_group(_group(sheet, "LIABILITIES & EQUITY")) == assets == _amount(_total(sheet))


def _hours(duration: str) -> Decimal:
    """An ISO 8601 duration (PT8H15M) in hours."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", duration)
    assert match, duration
    h, m, sec = (int(g or 0) for g in match.groups())
    return (Decimal(h * 3600 + m * 60 + sec) / 3600).quantize(Decimal("0.01"))


def test_custom_job_time_payroll_and_budget_reports(client: Any, conn: str) -> None:
    detail = client.reports.retrieve_custom_detail(
        connection_id=conn,
        report_type="CustomTxnDetail",
        period="All",
        summarize_rows_by="Account",
        include_columns=["Date", "Name", "Amount"],
    )
    assert [c["columnTitles"][0]["value"] for c in detail["columns"][1:]] == [
        "Date",
        "Name",
        "Amount",
    ]
    assert _amount(_total(detail)) == 0 and detail["rowCount"] > 10  # postings balance
    summary = client.reports.retrieve_custom_summary(
        connection_id=conn,
        report_type="CustomSummary",
        period="All",
        summarize_rows_by="Account",
        summarize_columns_by="TotalOnly",
    )
    pnl = client.reports.retrieve_general_summary(
        connection_id=conn, report_type="ProfitAndLossStandard", period="All"
    )
    assert _amount(_total(summary)) == _amount(_total(pnl))
    job = client.reports.retrieve_job(
        connection_id=conn, report_type="JobProfitabilitySummary", period="All"
    )
    revenue = _amount(_total(job), 1)
    named_income = _check_group(_group(pnl, "Income"))
    assert 0 < revenue <= named_income
    time = client.reports.retrieve_time(connection_id=conn, report_type="TimeByName", period="All")
    entries = client._transport.request(
        "GET",
        "/api/v1/time-tracking-activities",
        params={"limit": 150},
        headers={"X-Connection-Id": conn},
    )["data"]
    assert entries  # the sample company records time
    assert _amount(_total(time)) == sum(_hours(e["duration"]) for e in entries)
    payroll = client.reports.retrieve_payroll_detail(
        connection_id=conn, report_type="PayrollItemDetail"
    )
    assert payroll["rowCount"] == 0 and payroll["data"]["rows"] == []
    budget = client.reports.retrieve_budget_summary(
        connection_id=conn, report_type="ProfitAndLossBudgetOverview", fiscal_year=2031
    )
    assert budget["rowCount"] == 0 and budget["columns"]


@pytest.mark.parametrize(
    ("method", "params", "named"),
    [
        ("retrieve_aging", {"report_type": "ProfitAndLossStandard"}, "reportType"),
        (
            "retrieve_general_summary",
            {"report_type": "ProfitAndLossStandard", "period": "Someday"},
            "period",
        ),
        (
            "retrieve_general_summary",
            {
                "report_type": "ProfitAndLossStandard",
                "period": "All",
                "from_report_date": "2024-01-01",
            },
            "period",
        ),
        ("retrieve_general_summary", {"period": "All"}, "reportType"),
        (
            "retrieve_aging",
            {"report_type": "ARAgingSummary", "summarize_columns_by": "Month"},
            "summarizeColumnsBy",
        ),
        (
            "retrieve_general_detail",
            {"report_type": "GeneralLedger", "from_report_date": "2024-02-30"},
            "fromReportDate",
        ),
        ("retrieve_general_detail", {"report_type": "GeneralLedger", "colour": "red"}, "colour"),
        ("retrieve_budget_summary", {"report_type": "ProfitAndLossBudgetOverview"}, "fiscalYear"),
        (
            "retrieve_custom_detail",
            {"report_type": "CustomTxnDetail", "summarize_rows_by": "Account"},
            "includeColumns",
        ),
    ],
)
def test_bad_report_parameters_are_400_naming_them_and_send_nothing(
    client: Any, conn: str, qb_env: QbEnv, method: str, params: dict[str, Any], named: str
) -> None:
    sent = len(qb_env.quickbooks.requests)
    with pytest.raises(NxusApiError) as caught:
        getattr(client.reports, method)(connection_id=conn, **params)
    assert caught.value.status == 400
    assert str(
        caught.value.message if hasattr(caught.value, "message") else caught.value
    ).startswith(named)
    assert len(qb_env.quickbooks.requests) == sent
