"""A report as the simulator computes it, and its qbXML ReportRet (with QuickBooks'
attributes: colID, dataType, rowNumber, rowType, value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from lxml import etree

from .common import as_list
from .postings import Posting
from .schema import Record

CENT = Decimal("0.01")
_TYPES = {
    "Label": "STRTYPE",
    "Amount": "AMTTYPE",
    "Debit": "AMTTYPE",
    "Credit": "AMTTYPE",
    "Date": "DATETYPE",
    "Hours": "QUANTYPE",
}


@dataclass
class Row:
    tag: str  # DataRow, TextRow, SubtotalRow, TotalRow
    label: str
    values: list[str] = field(default_factory=list)  # one per column after the label
    row_type: str = "account"


@dataclass
class Table:
    title: str
    subtitle: str
    basis: str | None
    columns: list[tuple[str, str]]  # (title, ColType) after the label column
    rows: list[Row] = field(default_factory=list)


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def to_element(table: Table) -> etree._Element:
    ret = etree.Element("ReportRet")
    etree.SubElement(ret, "ReportTitle").text = table.title
    etree.SubElement(ret, "ReportSubtitle").text = table.subtitle
    if table.basis:
        etree.SubElement(ret, "ReportBasis").text = table.basis
    etree.SubElement(ret, "NumRows").text = str(len(table.rows))
    etree.SubElement(ret, "NumColumns").text = str(len(table.columns) + 1)
    etree.SubElement(ret, "NumColTitleRows").text = "1"
    columns = [("", "Label"), *table.columns]
    for number, (title, col_type) in enumerate(columns, start=1):
        desc = etree.SubElement(ret, "ColDesc", colID=str(number))
        desc.set("dataType", _TYPES.get(col_type, "STRTYPE"))
        etree.SubElement(desc, "ColTitle", titleRow="1", value=title)
        etree.SubElement(desc, "ColType").text = col_type
    data = etree.SubElement(ret, "ReportData")
    for number, row in enumerate(table.rows, start=1):
        if row.tag == "TextRow":
            etree.SubElement(data, "TextRow", rowNumber=str(number), value=row.label)
            continue
        el = etree.SubElement(data, row.tag, rowNumber=str(number))
        etree.SubElement(el, "RowData", rowType=row.row_type, value=row.label)
        etree.SubElement(el, "ColData", colID="1", value=row.label)
        for col, value in enumerate(row.values, start=2):
            if value != "":
                etree.SubElement(el, "ColData", colID=str(col), value=value)
    return ret


# --- dates: QuickBooks' ReportDateMacro relative to the company's today -------------------


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def macro_range(macro: str, today: date) -> tuple[date | None, date | None]:
    """The dates a ReportDateMacro stands for (None: open-ended)."""
    week = today - timedelta(days=(today.weekday() + 1) % 7)  # weeks start on Sunday
    month, quarter, year = today.replace(day=1), _quarter_start(today), date(today.year, 1, 1)
    spans: dict[str, tuple[date | None, date | None]] = {
        "All": (None, None),
        "Today": (today, today),
        "Yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "ThisWeek": (week, week + timedelta(days=6)),
        "ThisWeekToDate": (week, today),
        "LastWeek": (week - timedelta(days=7), week - timedelta(days=1)),
        "LastWeekToDate": (week - timedelta(days=7), today - timedelta(days=7)),
        "NextWeek": (week + timedelta(days=7), week + timedelta(days=13)),
        "NextFourWeeks": (week + timedelta(days=7), week + timedelta(days=34)),
        "ThisMonth": (month, _month_end(month)),
        "ThisMonthToDate": (month, today),
        "LastMonth": (_add_months(month, -1), month - timedelta(days=1)),
        "LastMonthToDate": (_add_months(month, -1), _add_months(month, -1) + (today - month)),
        "NextMonth": (_add_months(month, 1), _month_end(_add_months(month, 1))),
        "ThisQuarter": (quarter, _add_months(quarter, 3) - timedelta(days=1)),
        "ThisQuarterToDate": (quarter, today),
        "LastQuarter": (_add_months(quarter, -3), quarter - timedelta(days=1)),
        "LastQuarterToDate": (
            _add_months(quarter, -3),
            _add_months(quarter, -3) + (today - quarter),
        ),
        "NextQuarter": (_add_months(quarter, 3), _add_months(quarter, 6) - timedelta(days=1)),
        "ThisYear": (year, date(today.year, 12, 31)),
        "ThisYearToDate": (year, today),
        "LastYear": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "LastYearToDate": (date(today.year - 1, 1, 1), today.replace(year=today.year - 1)),
        "NextYear": (date(today.year + 1, 1, 1), date(today.year + 1, 12, 31)),
    }
    return spans.get(macro, (None, None))


def subtitle(start: date | None, end: date | None) -> str:
    def spell(day: date) -> str:
        return f"{day.strftime('%B')} {day.day}, {day.year}"

    if start is None and end is None:
        return "All Transactions"
    if start is None and end is not None:
        return f"As of {spell(end)}"
    if end is None and start is not None:
        return f"From {spell(start)}"
    assert start is not None and end is not None
    return f"{spell(start)} through {spell(end)}"


Range = tuple[date | None, date | None]


class Query:
    """The parts of a report request every report reads."""

    def __init__(self, kind: str, request: Record, today: date) -> None:
        self.kind = kind
        self.request = request
        self.type = str(request.get(f"{kind}ReportType") or "")
        period = request.get("ReportPeriod") or {}
        if isinstance(period, dict) and period:
            start, end = period.get("FromReportDate"), period.get("ToReportDate")
            self.range: Range = (
                date.fromisoformat(start) if start else None,
                date.fromisoformat(end) if end else None,
            )
        else:
            self.range = macro_range(str(request.get("ReportDateMacro") or "All"), today)
        self.today = today
        self.basis = str(request.get("ReportBasis") or "Accrual")
        self.columns_by = str(request.get("SummarizeColumnsBy") or "TotalOnly")
        self.rows_by = str(request.get("SummarizeRowsBy") or "Account")

    def within(self, day: str) -> bool:
        start, end = self.range
        return (
            bool(day)
            and (start is None or day >= start.isoformat())
            and (end is None or day <= end.isoformat())
        )

    def _filter(self, name: str) -> Record:
        value = self.request.get(name)
        return value if isinstance(value, dict) else {}

    def keeps(self, posting: Posting) -> bool:
        accounts = self._filter("ReportAccountFilter")
        ids = set(as_list(accounts.get("ListID")))
        if ids and posting.account_id not in ids:
            return False
        entities = self._filter("ReportEntityFilter")
        names = set(as_list(entities.get("FullName")))
        return not names or posting.name in names
