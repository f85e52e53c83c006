"""What nXus reads from QuickBooks' qbXML inside the SOAP calls: the HCP response of a
session's first sendRequestXML, and the status attributes of each *Rs of a response.

The qbXML arrives as a str (the unescaped SOAP text); it may carry its own XML declaration,
with any encoding named in it. The declaration is dropped and the text parsed as UTF-8 bytes
with a hardened parser; responses are read streaming (iterparse, elements cleared)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from lxml import etree

_DECLARATION = re.compile(r"^\s*(?:\ufeff)?\s*<\?xml[^>]*\?>", re.IGNORECASE)


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


def to_bytes(text: str) -> bytes:
    """The qbXML text as UTF-8 bytes without its XML declaration."""
    match = _DECLARATION.match(text, 0, 256) if text.lstrip()[:5].lower() == "<?xml" else None
    return (text[match.end() :] if match else text).strip().encode("utf-8")


def _parser(huge: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=huge, encoding="utf-8"
    )


def _bool(text: str | None) -> bool | None:
    if text is None:
        return None
    return text.strip().lower() == "true"


def parse_hcp(text: str) -> HostCompany:
    """Read strHCPResponse. Raises QbxmlReadError when it is not qbXML."""
    try:
        root = etree.fromstring(to_bytes(text), _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise QbxmlReadError(f"strHCPResponse is not well-formed: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise QbxmlReadError("strHCPResponse has a DOCTYPE")
    info = HostCompany()
    host = root.find("QBXMLMsgsRs/HostQueryRs/HostRet")
    if host is not None:
        info.product_name = host.findtext("ProductName")
        info.major_version = host.findtext("MajorVersion")
        info.minor_version = host.findtext("MinorVersion")
        info.country = host.findtext("Country")
        info.supported_versions = [
            (v.text or "").strip() for v in host.iterfind("SupportedQBXMLVersion") if v.text
        ]
    company = root.find("QBXMLMsgsRs/CompanyQueryRs/CompanyRet")
    if company is not None:
        info.company_name = company.findtext("CompanyName")
        info.is_sample = _bool(company.findtext("IsSampleCompany"))
        for ext in company.iterfind("DataExtRet"):
            if (ext.findtext("DataExtName") or "").strip() == "FileID":
                value = (ext.findtext("DataExtValue") or "").strip()
                if value:
                    info.file_ids.append(value)
    return info


def response_statuses(text: str) -> list[ResponseStatus]:
    """The status of every response of a qbXML answer, in order (streaming)."""
    statuses: list[ResponseStatus] = []
    context = etree.iterparse(
        io.BytesIO(to_bytes(text)),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
    )
    depth = 0
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 3 and element.get("statusCode") is not None:
                    statuses.append(_status(element))
                continue
            depth -= 1
            if depth >= 2:
                element.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        raise QbxmlReadError(f"QuickBooks' response is not well-formed: {exc}") from exc
    return statuses


def _status(element: etree._Element) -> ResponseStatus:
    raw = element.get("statusCode", "")
    try:
        code = int(raw)
    except ValueError as exc:
        raise QbxmlReadError(f"statusCode {raw!r} is not a number") from exc
    return ResponseStatus(
        name=etree.QName(element).localname,
        request_id=element.get("requestID"),
        code=code,
        severity=element.get("statusSeverity", ""),
        message=element.get("statusMessage", ""),
    )
