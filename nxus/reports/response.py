"""A `{Kind}ReportQueryRs` (QuickBooks' ReportRet) -> the SDK's `Report` JSON: columns with
titles and data types, hierarchical rows (text rows open a group, subtotal rows close it)
with typed column values, basis and period."""

from __future__ import annotations

import hashlib
from typing import Any

from lxml import etree

Json = dict[str, Any]


class ReportStatusError(ValueError):
    """QuickBooks answered the report with an error status."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _columns(ret: etree._Element) -> tuple[list[Json], dict[str, str]]:
    columns, types = [], {}
    for desc in ret.findall("ColDesc"):
        col_id = desc.get("colID", "")
        data_type = desc.get("dataType", "")
        types[col_id] = data_type
        titles = [
            {
                "titleRow": int(t.get("titleRow") or 1),
                "value": t.get("value") or "",
                "subTitles": [],
            }
            for t in desc.findall("ColTitle")
        ]
        columns.append(
            {
                "id": col_id,
                "dataType": data_type,
                "type": desc.findtext("ColType") or "",
                "columnTitles": titles,
            }
        )
    return columns, types


def _row(el: etree._Element, types: dict[str, str]) -> Json:
    kind = {"DataRow": "data", "TextRow": "text", "SubtotalRow": "subtotal", "TotalRow": "total"}
    row_data = el.find("RowData")
    info = {
        "type": row_data.get("rowType", "") if row_data is not None else "",
        "value": row_data.get("value", "") if row_data is not None else "",
        "rowNumber": int(el.get("rowNumber") or 0),
    }
    values = [
        {
            "columnId": col.get("colID", ""),
            "value": col.get("value", ""),
            "dataType": col.get("dataType") or types.get(col.get("colID", ""), ""),
            "attributes": {k: v for k, v in col.attrib.items() if k not in ("colID", "value")},
        }
        for col in el.findall("ColData")
    ]
    return {
        "type": kind.get(el.tag, el.tag),
        "rowNumber": info["rowNumber"],
        "value": el.get("value") or info["value"],
        "info": info,
        "values": values,
        "rows": [],
    }


def _tree(report_data: etree._Element | None, types: dict[str, str]) -> list[Json]:
    """Text rows open a group; the subtotal row that follows its members closes it."""
    top: list[Json] = []
    stack: list[Json] = []
    if report_data is None:
        return top
    for el in report_data:
        row = _row(el, types)
        if row["type"] == "subtotal" and stack:
            group = stack.pop()  # already placed under its parent when it opened
            group["rows"].append(row)
            group["values"] = row["values"]
            continue
        if row["type"] == "total":  # a total row closes every open group
            stack.clear()
        (stack[-1]["rows"] if stack else top).append(row)
        if row["type"] == "text":
            stack.append(row)
    return top


def to_json(kind: str, text: str, period: str, basis_param: str | None, now: str) -> Json:
    """The Report of the first ReportRet in QuickBooks' answer."""
    root = etree.fromstring(text.encode("utf-8"))
    rs = root.find(f"QBXMLMsgsRs/{kind}ReportQueryRs")
    if rs is None:
        raise ReportStatusError(-1, "QuickBooks' answer holds no report response.")
    code = int(rs.get("statusCode") or 0)
    ret = rs.find("ReportRet")
    if ret is None:
        raise ReportStatusError(code, rs.get("statusMessage") or f"QuickBooks status {code}")
    columns, types = _columns(ret)
    rows = _tree(ret.find("ReportData"), types)
    title = ret.findtext("ReportTitle") or ""
    digest = hashlib.sha256(etree.tostring(ret)).hexdigest()[:24]
    return {
        "id": f"report_{digest}",
        "objectType": "qbd_report",
        "createdAt": now,
        "updatedAt": now,
        "revisionNumber": "0",
        "title": title,
        "subtitle": ret.findtext("ReportSubtitle") or "",
        "basis": ret.findtext("ReportBasis") or basis_param or "None",
        "period": period,
        "rowCount": int(ret.findtext("NumRows") or 0),
        "columnCount": int(ret.findtext("NumColumns") or 0),
        "headerRowCount": int(ret.findtext("NumColTitleRows") or 0),
        "columns": columns,
        "data": {"rows": rows},
        "customFields": [],
    }
