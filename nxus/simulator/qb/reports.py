"""The nine report queries, computed from the company's own ledger (nxus.simulator.qb.postings)
the way QuickBooks does: the P&L's net income is income minus expense postings, the balance
sheet balances, the general ledger's debits equal its credits, the A/R aging totals the open
invoice balances, the time reports add up the time records. Budgets and payroll, which the
sample company does not have, give empty reports (QuickBooks answers those with the report's
columns and no rows).

Simplifications: accrual numbers whatever the basis asked; item, class and transaction-type
filters are not applied (account and entity filters are); SummarizeColumnsBy other than
Month, Quarter, Year and TotalOnly gives one total column."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from lxml import etree

from .postings import ASSETS, DEBIT_NORMAL, EXPENSE, INCOME, LIABILITIES, postings
from .report_table import Query, Row, Table, money, subtitle, to_element
from .schema import Record
from .status import HRESULT_PARSE_ERROR, QuickBooksError
from .store import Company


def _accounts(company: Company) -> dict[str, Record]:
    return company.records["Account"]


def _signed(account: Record, amount: Decimal) -> Decimal:
    """A balance in the account's own direction (credit-normal accounts count credits)."""
    return amount if account.get("AccountType") in DEBIT_NORMAL else -amount


def _buckets(q: Query) -> list[tuple[str, Callable[[str], bool]]]:
    """The amount columns: one per month/quarter/year of the range, then TOTAL."""
    start, end = q.range
    total = [("TOTAL", lambda day: True)]
    if q.columns_by not in ("Month", "Quarter", "Year") or start is None or end is None:
        return total
    step = {"Month": 1, "Quarter": 3, "Year": 12}[q.columns_by]
    out: list[tuple[str, Callable[[str], bool]]] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end and len(out) < 120:
        index = cursor.year * 12 + cursor.month - 1 + step
        following = date(index // 12, index % 12 + 1, 1)
        lo, hi = cursor.isoformat(), following.isoformat()
        title = (
            cursor.strftime("%b %Y") if step == 1 else f"{cursor.strftime('%b')} - {cursor.year}"
        )
        out.append((title, lambda day, lo=lo, hi=hi: lo <= day < hi))
        cursor = following
    return out + total


def _group_rows(
    title: str,
    keys: list[str],
    label: Callable[[str], str],
    amounts: dict[str, list[Decimal]],
    width: int,
) -> tuple[list[Row], list[Decimal]]:
    rows = [Row("TextRow", title)]
    totals = [Decimal(0)] * width
    for key in keys:
        values = amounts[key]
        rows.append(Row("DataRow", label(key), [money(v) for v in values]))
        totals = [a + b for a, b in zip(totals, values, strict=True)]
    rows.append(Row("SubtotalRow", f"Total {title}", [money(v) for v in totals]))
    return rows, totals


def profit_and_loss(company: Company, q: Query, title: str = "Profit & Loss") -> Table:
    accounts = _accounts(company)
    buckets = _buckets(q)
    amounts: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * len(buckets))
    for p in postings(company):
        account = accounts.get(p.account_id) or {}
        if (
            account.get("AccountType") not in INCOME + EXPENSE
            or not q.within(p.date)
            or not q.keeps(p)
        ):
            continue
        for i, (_, holds) in enumerate(buckets):
            if holds(p.date):
                amounts[p.account_id][i] += _signed(account, p.amount)

    def kind_of(types: tuple[str, ...]) -> list[str]:
        return sorted(
            (k for k in amounts if accounts[k].get("AccountType") in types),
            key=lambda k: str(accounts[k].get("FullName")),
        )

    def name(key: str) -> str:
        return str(accounts[key].get("FullName"))

    table = Table(title, subtitle(*q.range), q.basis, [(t, "Amount") for t, _ in buckets])
    income_rows, income = _group_rows("Income", kind_of(INCOME), name, amounts, len(buckets))
    expense_rows, expense = _group_rows("Expense", kind_of(EXPENSE), name, amounts, len(buckets))
    net = [money(a - b) for a, b in zip(income, expense, strict=True)]
    table.rows = income_rows + expense_rows + [Row("TotalRow", "Net Income", net)]
    return table


def balance_sheet(company: Company, q: Query) -> Table:
    """As of the end of the range: assets = liabilities + equity + net income to date."""
    end = q.range[1] or q.today
    accounts = _accounts(company)
    balances: dict[str, Decimal] = defaultdict(Decimal)
    net_income = Decimal(0)
    for p in postings(company):
        if p.date > end.isoformat() or not q.keeps(p):
            continue
        account = accounts.get(p.account_id) or {}
        if account.get("AccountType") in INCOME + EXPENSE:
            net_income -= p.amount  # income credits raise it, expense debits lower it
        else:
            balances[p.account_id] += _signed(account, p.amount)

    def rows(types: tuple[str, ...]) -> list[tuple[str, Decimal]]:
        return sorted(
            (str(accounts[k].get("FullName")), v)
            for k, v in balances.items()
            if accounts[k].get("AccountType") in types
        )

    table = Table(
        "Balance Sheet", f"As of {subtitle(None, end)[6:]}", q.basis, [("TOTAL", "Amount")]
    )
    assets = rows(ASSETS)
    table.rows.append(Row("TextRow", "ASSETS"))
    table.rows += [Row("DataRow", n, [money(v)]) for n, v in assets]
    table.rows.append(
        Row("SubtotalRow", "TOTAL ASSETS", [money(sum((v for _, v in assets), Decimal(0)))])
    )
    others = rows(LIABILITIES) + rows(("Equity",)) + [("Net Income", net_income)]
    table.rows.append(Row("TextRow", "LIABILITIES & EQUITY"))
    table.rows += [Row("DataRow", n, [money(v)]) for n, v in others]
    total = money(sum((v for _, v in others), Decimal(0)))
    table.rows.append(Row("SubtotalRow", "Total LIABILITIES & EQUITY", [total]))
    table.rows.append(Row("TotalRow", "TOTAL LIABILITIES & EQUITY", [total]))
    return table


def trial_balance(company: Company, q: Query) -> Table:
    end = q.range[1] or q.today
    accounts = _accounts(company)
    net: dict[str, Decimal] = defaultdict(Decimal)
    for p in postings(company):
        if p.date <= end.isoformat() and q.keeps(p):
            net[p.account_id] += p.amount
    table = Table(
        "Trial Balance",
        f"As of {subtitle(None, end)[6:]}",
        q.basis,
        [("Debit", "Amount"), ("Credit", "Amount")],
    )
    debit = credit = Decimal(0)
    for key in sorted(net, key=lambda k: str(accounts[k].get("FullName"))):
        value = net[key]
        debit, credit = debit + max(value, Decimal(0)), credit + max(-value, Decimal(0))
        cells = [money(value), ""] if value >= 0 else ["", money(-value)]
        table.rows.append(Row("DataRow", str(accounts[key].get("FullName")), cells))
    table.rows.append(Row("TotalRow", "TOTAL", [money(debit), money(credit)]))
    return table


def by_name(company: Company, q: Query, title: str, types: tuple[str, ...]) -> Table:
    """Income (or expense) postings of the range summed per customer (or vendor)."""
    accounts = _accounts(company)
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for p in postings(company):
        account = accounts.get(p.account_id) or {}
        if account.get("AccountType") in types and q.within(p.date) and q.keeps(p):
            amounts[p.name or "No name"] += _signed(account, p.amount)
    table = Table(title, subtitle(*q.range), q.basis, [("TOTAL", "Amount")])
    table.rows = [Row("DataRow", n, [money(v)], "name") for n, v in sorted(amounts.items())]
    table.rows.append(Row("TotalRow", "TOTAL", [money(sum(amounts.values(), Decimal(0)))]))
    return table


def general_summary(company: Company, q: Query) -> Table:
    kind = q.type
    if kind.startswith("ProfitAndLoss"):
        return profit_and_loss(company, q)
    if kind.startswith("BalanceSheet"):
        return balance_sheet(company, q)
    if kind == "TrialBalance":
        return trial_balance(company, q)
    if kind in ("SalesByCustomerSummary", "IncomeByCustomerSummary"):
        return by_name(company, q, "Sales by Customer Summary", INCOME)
    if kind in ("ExpenseByVendorSummary", "PurchaseByVendorSummary"):
        return by_name(company, q, "Expenses by Vendor Summary", EXPENSE)
    return Table(kind, subtitle(*q.range), q.basis, [("TOTAL", "Amount")])  # not simulated


def report(company: Company, kind: str, request: Record, today: date) -> etree._Element:
    """The ReportRet of a `{kind}ReportQueryRq`."""
    from . import report_detail

    q = Query(kind, request, today)
    makers: dict[str, Callable[[Company, Query], Table]] = {
        "GeneralSummary": general_summary,
        "GeneralDetail": report_detail.general_detail,
        "Aging": report_detail.aging,
        "CustomSummary": custom_summary,
        "CustomDetail": report_detail.custom_detail,
        "Job": report_detail.job,
        "Time": report_detail.time,
        "PayrollDetail": report_detail.payroll_detail,
        "BudgetSummary": report_detail.budget_summary,
    }
    maker = makers.get(kind)
    if maker is None:  # PayrollSummary: valid qbXML the simulated company cannot serve
        raise QuickBooksError(HRESULT_PARSE_ERROR)
    return to_element(maker(company, q))


def custom_summary(company: Company, q: Query) -> Table:
    if q.rows_by in ("Customer", "Vendor", "Payee", "Employee"):
        return by_name(company, q, "Custom Summary Report", INCOME + EXPENSE)
    return profit_and_loss(company, q, "Custom Summary Report")
