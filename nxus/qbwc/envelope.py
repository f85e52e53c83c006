"""SOAP 1.1 envelopes of the Web Connector, parsed and built with lxml.

Parsing: one hardened parser per request (no DTD, no entities, no network, huge_tree because
receiveResponseXML carries the whole qbXML answer as one text node); a DOCTYPE is refused
(SOAP forbids it); a UTF-8 BOM, leading blanks and any namespace prefixes are accepted.
Building: ASMX-shaped envelopes, XML declaration first, empty strings as `<x/>`, qbXML as
escaped text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
INTUIT_NS = "http://developer.intuit.com/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
CONTENT_TYPE = "text/xml; charset=utf-8"

_NSMAP = {"soap": SOAP11_NS, "xsi": XSI_NS, "xsd": XSD_NS}
_BOM = b"\xef\xbb\xbf"

# Every method QBWC calls, with its parameters (in WSDL order) and the ones it must send.
METHODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "serverVersion": ((), ()),
    "clientVersion": (("strVersion",), ()),
    "authenticate": (("strUserName", "strPassword"), ("strUserName", "strPassword")),
    "sendRequestXML": (
        (
            "ticket",
            "strHCPResponse",
            "strCompanyFileName",
            "qbXMLCountry",
            "qbXMLMajorVers",
            "qbXMLMinorVers",
        ),
        ("ticket",),
    ),
    "receiveResponseXML": (("ticket", "response", "hresult", "message"), ("ticket",)),
    "connectionError": (("ticket", "hresult", "message"), ("ticket",)),
    "getLastError": (("ticket",), ("ticket",)),
    "closeConnection": (("ticket",), ("ticket",)),
    "getInteractiveURL": (("wcTicket", "sessionID"), ("wcTicket",)),
    "interactiveDone": (("wcTicket",), ("wcTicket",)),
    "interactiveRejected": (("wcTicket", "reason"), ("wcTicket",)),
}


class SoapFault(Exception):
    """A request nXus will not process; answered as a SOAP 1.1 fault."""

    def __init__(self, code: str, message: str, http_status: int = 400) -> None:
        super().__init__(message)
        self.code = code  # "Client", "Server", "VersionMismatch"
        self.message = message
        self.http_status = http_status


@dataclass
class SoapCall:
    method: str
    params: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.params.get(name, "")


def new_parser() -> etree.XMLParser:
    """A fresh hardened parser (parsers are not thread-safe; one costs well under 1 µs)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_call(body: bytes) -> SoapCall:
    """The method and its string parameters, or SoapFault."""
    operation = _operation(_parse_envelope(body))
    qname = etree.QName(operation)
    names, required = METHODS[qname.localname]
    params: dict[str, str] = {}
    for child in operation:
        if not isinstance(child.tag, str):
            continue
        child_q = etree.QName(child)
        if child_q.localname in names and child_q.namespace in (INTUIT_NS, None):
            params[child_q.localname] = child.text or ""
    missing = [name for name in required if name not in params]
    if missing:
        raise SoapFault("Client", f"{qname.localname}: missing element(s) {', '.join(missing)}.")
    return SoapCall(qname.localname, params)


def _parse_envelope(body: bytes) -> etree._Element:
    if body.startswith(_BOM):
        body = body[len(_BOM) :]
    body = body.lstrip(b" \t\r\n")
    if not body.startswith(b"<"):
        raise SoapFault("Client", "The request is not an XML document.")
    try:
        root = etree.fromstring(body, new_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise SoapFault("Client", f"The request is not well-formed XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise SoapFault("Client", "A DOCTYPE is not allowed in a SOAP message.")
    qname = etree.QName(root)
    if qname.localname != "Envelope" or qname.namespace not in (SOAP11_NS, SOAP12_NS):
        raise SoapFault("Client", "The request is not a SOAP envelope.")
    if qname.namespace == SOAP12_NS:
        raise SoapFault(
            "VersionMismatch", "Only SOAP 1.1 is supported (the Web Connector speaks SOAP 1.1)."
        )
    return root


def _operation(root: etree._Element) -> etree._Element:
    soap_body = root.find(f"{{{SOAP11_NS}}}Body")
    if soap_body is None:
        raise SoapFault("Client", "The SOAP envelope has no Body.")
    operation = next((child for child in soap_body if isinstance(child.tag, str)), None)
    if operation is None:
        raise SoapFault("Client", "The SOAP Body is empty.")
    qname = etree.QName(operation)
    if qname.namespace != INTUIT_NS or qname.localname not in METHODS:
        raise SoapFault(
            "Client", f"Unknown SOAP method {qname.localname!r} in {qname.namespace!r}."
        )
    return operation


def _envelope() -> tuple[etree._Element, etree._Element]:
    root = etree.Element(f"{{{SOAP11_NS}}}Envelope", nsmap=_NSMAP)
    body = etree.SubElement(root, f"{{{SOAP11_NS}}}Body")
    return root, body


def _serialize(root: etree._Element) -> bytes:
    return XML_DECLARATION + etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _text(element: etree._Element, value: str | None) -> None:
    # None keeps `<x/>` for an empty string (lxml would write `<x></x>` for "").
    element.text = value or None


def build_result(method: str, value: str | int | list[str]) -> bytes:
    """`<methodResponse><methodResult>value</methodResult></methodResponse>`; a list becomes
    an ArrayOfString (`<string>` items, empty ones as `<string/>`)."""
    root, body = _envelope()
    response = etree.SubElement(body, f"{{{INTUIT_NS}}}{method}Response", nsmap={None: INTUIT_NS})
    result = etree.SubElement(response, f"{{{INTUIT_NS}}}{method}Result")
    if isinstance(value, list):
        for item in value:
            _text(etree.SubElement(result, f"{{{INTUIT_NS}}}string"), item)
    else:
        _text(result, str(value))
    return _serialize(root)


def build_fault(code: str, message: str) -> bytes:
    root, body = _envelope()
    fault = etree.SubElement(body, f"{{{SOAP11_NS}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soap:{code}"
    etree.SubElement(fault, "faultstring").text = message
    return _serialize(root)
