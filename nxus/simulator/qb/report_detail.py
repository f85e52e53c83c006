"""Detail, aging, job, time, payroll and budget reports of the simulated company."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from .common import dec
from .postings import ASSETS, EXPENSE, INCOME, LIABILITIES, Posting, postings
from .report_table import Query, Row, Table, money, subtitle
from .store import Company

_DETAIL = [("Type", "TxnType"), ("Date", "Date"), ("Num", "RefNumber"), ("Name", "Name")]
_BY_ACCOUNT = {
    "GeneralLedger": None,
    "TxnDetailByAccount": None,
    "ProfitAndLossDetail": INCOME + EXPENSE,
    "BalanceSheetDetail": ASSETS + LIABILITIES + ("Equity",),
}


def _cells(p: Posting) -> list[str]:
    return [p.txn_type, p.date, p.ref_number, p.name]


def general_detail(company: Company, q: Query) -> Table:
    """The general ledger (and its kin): postings grouped by account, a subtotal per account,
    total debits = total credits; other detail reports list postings by date."""
    accounts = company.records["Account"]
    chosen = [p for p in postings(company) if q.within(p.date) and q.keeps(p)]
    columns = [(t, c) for t, c in _DETAIL] + [("Debit", "Debit"), ("Credit", "Credit")]
    table = Table(_title(q.type), subtitle(*q.range), q.basis, columns)
    if q.type in _BY_ACCOUNT:
        types = _BY_ACCOUNT[q.type]
        groups: dict[str, list[Posting]] = defaultdict(list)
        for p in chosen:
            if types is None or accounts.get(p.account_id, {}).get("AccountType") in types:
                groups[p.account_id].append(p)
        chosen = []
        for key in sorted(groups, key=lambda k: str(accounts[k].get("FullName"))):
            name = str(accounts[key].get("FullName"))
            table.rows.append(Row("TextRow", name))
            table.rows += [_posting_row(p) for p in groups[key]]
            debit, credit = _sums(groups[key])
            table.rows.append(Row("SubtotalRow", f"Total {name}", ["", "", "", "", debit, credit]))
            chosen += groups[key]
    else:
        table.rows = [_posting_row(p) for p in chosen]
    debit, credit = _sums(chosen)
    table.rows.append(Row("TotalRow", "TOTAL", ["", "", "", "", debit, credit]))
    return table


def _title(report_type: str) -> str:
    spaced = "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(report_type))
    return spaced.strip()


def _posting_row(p: Posting) -> Row:
    debit = money(p.debit) if p.debit else ""
    credit = money(p.credit) if p.credit else ""
    return Row("DataRow", p.txn_type, [*_cells(p), debit, credit], "transaction")


def _sums(rows: list[Posting]) -> tuple[str, str]:
    return (
        money(sum((p.debit for p in rows), Decimal(0))),
        money(sum((p.credit for p in rows), Decimal(0))),
    )


_AGING = [("Current", "Amount"), ("1 - 30", "Amount"), ("31 - 60", "Amount")]
_AGING += [("61 - 90", "Amount"), ("> 90", "Amount"), ("TOTAL", "Amount")]


def _bucket(days: int) -> int:
    return 0 if days <= 0 else 1 if days <= 30 else 2 if days <= 60 else 3 if days <= 90 else 4


def aging(company: Company, q: Query) -> Table:
    """Open invoices (A/R) or open bills (A/P) as of the end of the range, by days past due."""
    as_of = q.range[1] or q.today
    payable = q.type.startswith("AP")
    entity, name_key, open_key = (
        ("Bill", "VendorRef", "OpenAmount")
        if payable
        else ("Invoice", "CustomerRef", "BalanceRemaining")
    )
    opened: list[tuple[str, int, str, str, Decimal]] = []  # name, bucket, date, num, amount
    for r in company.records[entity].values():
        amount = dec(r.get(open_key))
        if not amount or str(r.get("TxnDate") or "") > as_of.isoformat():
            continue
        due = date.fromisoformat(str(r.get("DueDate") or r.get("TxnDate")))
        name = str((r.get(name_key) or {}).get("FullName", ""))
        opened.append(
            (
                name,
                _bucket((as_of - due).days),
                str(r.get("TxnDate")),
                str(r.get("RefNumber") or ""),
                amount,
            )
        )
    title = ("A/P Aging " if payable else "A/R Aging ") + (
        "Summary" if "Summary" in q.type else "Detail"
    )
    table = Table(title, f"As of {subtitle(None, as_of)[6:]}", None, list(_AGING))
    totals = [Decimal(0)] * 5
    per_name: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 5)
    for name, bucket, _, _, amount in opened:
        per_name[name][bucket] += amount
        totals[bucket] += amount
    if "Summary" in q.type:
        for name in sorted(per_name):
            values = per_name[name]
            table.rows.append(
                Row("DataRow", name, [*map(money, values), money(sum(values, Decimal(0)))], "name")
            )
    else:
        for name, bucket, day, num, amount in sorted(opened, key=lambda o: (o[1], o[2])):
            cells = [""] * 5 + [money(amount)]
            cells[bucket] = money(amount)
            table.rows.append(Row("DataRow", f"{day} {num} {name}".strip(), cells, "transaction"))
    table.rows.append(
        Row("TotalRow", "TOTAL", [*map(money, totals), money(sum(totals, Decimal(0)))])
    )
    return table


_CUSTOM_COLUMNS = {
    "TxnType": ("Type", "TxnType", lambda p: p.txn_type),
    "Date": ("Date", "Date", lambda p: p.date),
    "RefNumber": ("Num", "RefNumber", lambda p: p.ref_number),
    "Name": ("Name", "Name", lambda p: p.name),
    "TxnID": ("Txn ID", "TxnID", lambda p: p.txn_id),
    "Debit": ("Debit", "Debit", lambda p: money(p.debit) if p.debit else ""),
    "Credit": ("Credit", "Credit", lambda p: money(p.credit) if p.credit else ""),
    "Amount": ("Amount", "Amount", lambda p: money(p.amount)),
}


def custom_detail(company: Company, q: Query) -> Table:
    """Postings with the columns asked for (IncludeColumn; Account is the row label)."""
    asked = q.request.get("IncludeColumn") or ["TxnType", "Date", "RefNumber", "Name", "Amount"]
    asked = asked if isinstance(asked, list) else [asked]
    known = [c for c in asked if c in _CUSTOM_COLUMNS]
    accounts = company.records["Account"]
    table = Table("Custom Transaction Detail Report", subtitle(*q.range), q.basis, [])
    table.columns = [(_CUSTOM_COLUMNS[c][0], _CUSTOM_COLUMNS[c][1]) for c in known]
    chosen = [p for p in postings(company) if q.within(p.date) and q.keeps(p)]
    for p in chosen:
        label = str(accounts.get(p.account_id, {}).get("FullName", ""))
        table.rows.append(
            Row("DataRow", label, [_CUSTOM_COLUMNS[c][2](p) for c in known], "transaction")
        )
    totals = {"Amount": money(sum((p.amount for p in chosen), Decimal(0)))}
    debit, credit = _sums(chosen)
    totals |= {"Debit": debit, "Credit": credit}
    table.rows.append(Row("TotalRow", "TOTAL", [totals.get(c, "") for c in known]))
    return table


def job(company: Company, q: Query) -> Table:
    """Per customer/job: estimated revenue (estimates), actual revenue (income postings) and
    actual cost (expense postings naming the job)."""
    accounts = company.records["Account"]
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    cost: dict[str, Decimal] = defaultdict(Decimal)
    for p in postings(company):
        kind = accounts.get(p.account_id, {}).get("AccountType")
        if not p.name or not q.within(p.date) or not q.keeps(p):
            continue
        if kind in INCOME:
            revenue[p.name] -= p.amount
        elif kind in EXPENSE:
            cost[p.name] += p.amount
    estimated: dict[str, Decimal] = defaultdict(Decimal)
    for r in company.records["Estimate"].values():
        if q.within(str(r.get("TxnDate") or "")):
            estimated[str((r.get("CustomerRef") or {}).get("FullName", ""))] += dec(
                r.get("TotalAmount")
            )
    estimates = "Estimates" in q.type
    columns = [("Est. Revenue", "Amount")] if estimates else [("Act. Cost", "Amount")]
    columns += [("Act. Revenue", "Amount"), ("($) Diff.", "Amount")]
    table = Table(_title(q.type or "JobProfitabilitySummary"), subtitle(*q.range), None, columns)
    totals = [Decimal(0)] * 3
    for name in sorted(set(revenue) | set(cost) | (set(estimated) if estimates else set())):
        first = estimated[name] if estimates else cost[name]
        values = [first, revenue[name], revenue[name] - first]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        table.rows.append(Row("DataRow", name, [money(v) for v in values], "name"))
    table.rows.append(Row("TotalRow", "TOTAL", [money(v) for v in totals]))
    return table


def _hours(duration: str) -> Decimal:
    """PT1H30M -> 1.5"""
    hours = Decimal(0)
    number = ""
    for char in duration.removeprefix("PT"):
        if char.isdigit() or char == ".":
            number += char
            continue
        value = Decimal(number or "0")
        hours += {"H": value, "M": value / 60, "S": value / 3600}.get(char, Decimal(0))
        number = ""
    return hours


def time(company: Company, q: Query) -> Table:
    """Hours from the time records, per name (TimeByName) or per customer/job or item."""
    records = company.records.get("TimeTracking", {})
    key = {"TimeByItem": "ItemServiceRef", "TimeByName": "EntityRef"}.get(q.type, "CustomerRef")
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for r in records.values():
        if q.within(str(r.get("TxnDate") or "")):
            hours[str((r.get(key) or {}).get("FullName", ""))] += _hours(
                str(r.get("Duration") or "")
            )
    table = Table(_title(q.type), subtitle(*q.range), None, [("TOTAL", "Hours")])
    table.rows = [Row("DataRow", n, [f"{v:.2f}"], "name") for n, v in sorted(hours.items())]
    table.rows.append(Row("TotalRow", "TOTAL", [f"{sum(hours.values(), Decimal(0)):.2f}"]))
    return table


def payroll_detail(company: Company, q: Query) -> Table:
    """The sample company runs no payroll: the report's columns, no rows."""
    columns = [("Date", "Date"), ("Num", "RefNumber"), ("Name", "Name"), ("Amount", "Amount")]
    return Table(_title(q.type), subtitle(*q.range), None, columns)


def budget_summary(company: Company, q: Query) -> Table:
    """No budgets in the sample company: the report's columns, no rows."""
    return Table(_title(q.type), subtitle(*q.range), None, [("TOTAL", "Amount")])
