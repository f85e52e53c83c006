"""Writing one response (…Rs) element: status attributes, iterator attributes, the body."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .schema import Record, serialize, write_fields
from .status import Status, status

Ret = tuple[str, Record, frozenset[str] | None]  # (ret tag, record, IncludeRetElement)


@dataclass
class Page:
    """An iterator page: the records and the iterator attributes to report."""

    iterator_id: str
    remaining: int
    rets: list[Ret]


@dataclass
class Counted:
    """A query answered with metaData: ``retCount`` and, unless MetaDataOnly, the records."""

    ret_count: int
    rets: list[Ret]


Body = list[Ret] | Record | Page | Counted | etree._Element | None


def write_rs(
    msgs: etree._Element, rs_name: str, request_id: str | None, result: Body | Status, version: str
) -> None:
    rs = etree.SubElement(msgs, rs_name)
    if request_id is not None:
        rs.set("requestID", request_id)
    if isinstance(result, Status):
        code, severity, message, body = result.code, result.severity, result.message, result.ret
    else:
        code, severity, message, body = 0, "Info", status(0).message, result
    counted = body if isinstance(body, Counted) else None
    if counted is not None:
        body = counted.rets
    page = body if isinstance(body, Page) else None
    if page is not None:
        body = page.rets
        if not body and code == 0:  # an iterator page with nothing left to show
            no_match = status(1)
            code, severity, message = 1, no_match.severity, no_match.message
    rs.set("statusCode", str(code))
    rs.set("statusSeverity", severity)
    rs.set("statusMessage", message)
    if counted is not None:
        rs.set("retCount", str(counted.ret_count))
    if page is not None:
        rs.set("iteratorRemainingCount", str(page.remaining))
        rs.set("iteratorID", page.iterator_id)
    if isinstance(body, etree._Element):  # a ReportRet, built with its attributes
        rs.append(body)
    elif isinstance(body, dict):  # ListDelRs / TxnDelRs / TxnVoidRs carry fields directly
        write_fields(rs, rs_name, body, version)
    elif isinstance(body, list):
        for tag, record, include in body:
            serialize(rs, f"{rs_name}/{tag}", record, version, include)
