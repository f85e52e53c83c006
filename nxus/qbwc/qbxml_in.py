"""What nXus reads from QuickBooks' qbXML inside the SOAP calls: the HCP response of a
session's first sendRequestXML, and the status attributes of the *Rs of a response.

One reader: everything goes through the shared streaming parser (`nxus.qbxml.parser`), which
honours or ignores the text's own XML declaration, rejects a DOCTYPE and never copies the
input. The status of a response costs almost nothing: it is read from the response
elements' start tags, records are skipped without being converted, and for the answer to a
job of one request the reading stops at the first response's start tag (the 20 MB answer to
a customer list is read by the API call that waits for it, once)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from nxus.formats import xml_parser
from nxus.qbxml.parser import (
    QbxmlResponseError,
    QbxmlStreamError,
    ResponseSet,
    iter_response_sets,
)

# A job of one request stamps its id (32 hex digits) as requestID; several requests get
# "<hex>-<i>" (nxus.services.jobs.request_id_for).
_SINGLE_JOB_REQUEST_ID = re.compile(r"[0-9a-f]{32}")


class QbxmlReadError(ValueError):
    """QuickBooks' qbXML could not be read."""


@dataclass(frozen=True)
class ResponseStatus:
    name: str
    request_id: str | None
    code: int
    severity: str
    message: str


@dataclass
class HostCompany:
    """Facts of HostQueryRs / CompanyQueryRs / PreferencesQueryRs."""

    product_name: str | None = None
    major_version: str | None = None
    minor_version: str | None = None
    country: str | None = None
    supported_versions: list[str] = field(default_factory=list)
    company_name: str | None = None
    is_sample: bool | None = None
    file_ids: list[str] = field(default_factory=list)

    @property
    def product_version(self) -> str | None:
        if self.major_version is None:
            return None
        return f"{self.major_version}.{self.minor_version or 0}"


def _text(value: Any) -> str | None:
    """A leaf's text ("" for an empty element); None when absent."""
    if isinstance(value, dict):
        value = value.get("#text", "")
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    return [text.strip() for text in (_text(item) for item in items) if text and text.strip()]


def _bool(text: str | None) -> bool | None:
    return None if text is None else text.strip().lower() == "true"


def parse_hcp(text: str) -> HostCompany:
    """Read strHCPResponse. Raises QbxmlReadError when it is not qbXML."""
    info = HostCompany()
    try:
        for rs in iter_response_sets(text):
            for record in rs.records:
                if record.tag == "HostRet":
                    _read_host(info, record)
                elif record.tag == "CompanyRet":
                    _read_company(info, record)
    except QbxmlResponseError as exc:
        raise QbxmlReadError(f"strHCPResponse is not readable qbXML: {exc}") from exc
    return info


def _read_host(info: HostCompany, host: dict[str, Any]) -> None:
    info.product_name = _text(host.get("ProductName"))
    info.major_version = _text(host.get("MajorVersion"))
    info.minor_version = _text(host.get("MinorVersion"))
    info.country = _text(host.get("Country"))
    info.supported_versions = _texts(host.get("SupportedQBXMLVersion"))


def _read_company(info: HostCompany, company: dict[str, Any]) -> None:
    info.company_name = _text(company.get("CompanyName"))
    info.is_sample = _bool(_text(company.get("IsSampleCompany")))
    extensions = company.get("DataExtRet") or []
    for ext in extensions if isinstance(extensions, list) else [extensions]:
        if isinstance(ext, dict) and (_text(ext.get("DataExtName")) or "").strip() == "FileID":
            value = (_text(ext.get("DataExtValue")) or "").strip()
            if value:
                info.file_ids.append(value)


# An answer this small is read in one parse (its statuses only); a bigger one streams.
WHOLE_PARSE_BELOW = 64 * 1024


def _statuses(source: str | bytes) -> Iterator[ResponseStatus]:
    """The status of each response set, in order; records are skipped, never converted."""
    small = _small_statuses(source)
    if small is not None:
        yield from small
        return
    try:
        for rs in iter_response_sets(source):
            status = _status(rs)
            if status is not None:
                yield status
    except (QbxmlResponseError, QbxmlStreamError) as exc:
        raise QbxmlReadError(f"QuickBooks' response is not readable qbXML: {exc}") from exc


def _small_statuses(source: str | bytes) -> list[ResponseStatus] | None:
    """The statuses of a small answer read in one parse (the usual answer to one request:
    building a pull parser costs more than parsing it). None: the streaming reader reads it
    (a big answer, or anything this parse refuses: it names the problem)."""
    if len(source) >= WHOLE_PARSE_BELOW:
        return None
    try:
        root = etree.fromstring(source, xml_parser(remove_comments=True, remove_pis=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    info = root.getroottree().docinfo
    if root.tag != "QBXML" or info.doctype or info.internalDTD is not None:
        return None
    msgs = root.find("QBXMLMsgsRs")
    statuses = []
    for rs in msgs if msgs is not None else ():
        if not isinstance(rs.tag, str) or rs.get("statusCode") is None:
            continue
        raw = rs.get("statusCode")
        try:
            code = int(raw)
        except ValueError as exc:
            raise QbxmlReadError(f"statusCode {raw!r} is not a number") from exc
        statuses.append(
            ResponseStatus(
                rs.tag,
                rs.get("requestID"),
                code,
                rs.get("statusSeverity", ""),
                rs.get("statusMessage", ""),
            )
        )
    return statuses


def _status(rs: ResponseSet) -> ResponseStatus | None:
    raw = rs.attributes.get("statusCode")
    if raw is None:
        return None  # not a response to a request
    try:
        code = int(raw)
    except ValueError as exc:
        raise QbxmlReadError(f"statusCode {raw!r} is not a number") from exc
    return ResponseStatus(rs.name, rs.request_id, code, rs.status_severity, rs.status_message)


def response_statuses(source: str | bytes) -> list[ResponseStatus]:
    """The status of every response of a qbXML answer, in order (reads the whole answer)."""
    return list(_statuses(source))


def job_status(source: str | bytes) -> ResponseStatus | None:
    """The status a job keeps: the first non-zero status of its responses, else the first.

    Reads no further than needed: the answer to a one-request job stops at its first
    response's start tag. None when the answer holds no response."""
    first: ResponseStatus | None = None
    for status in _statuses(source):
        if status.code != 0:
            return status
        first = first or status
        if _SINGLE_JOB_REQUEST_ID.fullmatch(status.request_id or ""):
            break
    return first
