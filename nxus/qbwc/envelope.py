"""SOAP 1.1 envelopes of the Web Connector, parsed and built with lxml.

Parsing: one hardened parser per request (no DTD, no entities, no network, huge_tree because
receiveResponseXML carries the whole qbXML answer as one text node); a DOCTYPE is refused
(SOAP forbids it); a UTF-8 BOM, leading blanks and any namespace prefixes are accepted.
Fast path (bodies of FAST_PATH_MIN_BYTES or more): receiveResponseXML carries the whole qbXML
answer as one escaped text node (`&lt;CustomerRet&gt;`..., millions of references), and libxml2
pays a callback per reference. So the `response` element's text is cut out, the rest of the
envelope is parsed by the same parser with a marker in its place, and the text is unescaped in
bulk with bytes operations; anything the fast path is not sure of goes to the full parse, which
gives every fault.
Building: ASMX-shaped envelopes, XML declaration first, empty strings as `<x/>`, qbXML as
escaped text.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from lxml import etree

from nxus.formats import xml_parser

try:
    from nxus import _native  # type: ignore[attr-defined]  # tools/build_native.py
except ImportError:
    _native = None

SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
INTUIT_NS = "http://developer.intuit.com/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
CONTENT_TYPE = "text/xml; charset=utf-8"

_NSMAP = {"soap": SOAP11_NS, "xsi": XSI_NS, "xsd": XSD_NS}
_BOM = b"\xef\xbb\xbf"

# Bodies this big try the fast path first (tests lower it to force the fast path).
FAST_PATH_MIN_BYTES = 256 * 1024
# The escaped text is unescaped in slices of this size: the transient memory stays at about the
# size of the text (pieces, then their join) instead of several full copies, and a slice under
# malloc's mmap threshold (128 KiB) reuses heap memory (1 MiB slices: ~15% slower).
_CHUNK_BYTES = 1 << 16
# libxml2 refuses a text node of XML_MAX_HUGE_LENGTH or more even with huge_tree.
_LIBXML2_MAX_TEXT = 1_000_000_000
_LEADING_BLANKS = re.compile(rb"[ \t\r\n]*")
_XML_DECL = re.compile(
    rb"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:\"1\.0\"|'1\.0')"
    rb"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*"
    rb"(?:\"([A-Za-z][A-Za-z0-9._\-]*)\"|'([A-Za-z][A-Za-z0-9._\-]*)'))?"
    rb"(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:\"(?:yes|no)\"|'(?:yes|no)'))?"
    rb"[ \t\r\n]*\?>"
)
# The start tag of a `response` element, any prefix and attributes (not self-closing).
_RESPONSE_START = re.compile(
    rb"<((?:[A-Za-z_][A-Za-z0-9_.\-]*:)?response)"
    rb"(?:[ \t\r\n]+[A-Za-z_:][A-Za-z0-9_.:\-]*[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"<]*\"|'[^'<]*'))*"
    rb"[ \t\r\n]*>"
)
_END_TAG_TAIL = re.compile(rb"[ \t\r\n]*>")
# Every byte but the C0 controls XML 1.0 forbids (all except tab, LF, CR): deleting these from
# a text leaves only forbidden bytes (bytes.translate runs at memory speed; sre does not).
_XML_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in (0x09, 0x0A, 0x0D))

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


def parse_call(body: bytes) -> SoapCall:
    """The method and its string parameters, or SoapFault.

    A body of FAST_PATH_MIN_BYTES or more first tries the fast path (`_parse_call_fast`); it
    returns exactly what the full parse would, or leaves the body to the full parse."""
    if len(body) >= FAST_PATH_MIN_BYTES:
        call = _parse_call_fast(body)
        if call is not None:
            return call
    return _parse_call_full(body)


def _parse_call_full(body: bytes) -> SoapCall:
    return _call_of(_operation(_parse_envelope(body)))


def _call_of(operation: etree._Element) -> SoapCall:
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


def _parse_call_fast(body: bytes) -> SoapCall | None:
    """receiveResponseXML without handing its big escaped text to libxml2, or None.

    The content of the first `response` start tag runs to the first `<`, which must be its end
    tag. That span is replaced by a random marker and the small rest is parsed as usual; the
    result counts only if it is receiveResponseXML whose `response` is the marker (so the span
    was that element's text, not a comment or another element's). The span is unescaped by
    `_xml_text`, which gives up on anything it does not handle exactly as libxml2 would."""
    blanks = _LEADING_BLANKS.match(body, len(_BOM) if body.startswith(_BOM) else 0)
    start = blanks.end() if blanks is not None else 0  # as _parse_envelope strips them
    if not body.startswith(b"<", start) or b"\0" in body[start : start + 4]:
        return None  # not XML, or UTF-16/32: the full parse says what it is
    if body.startswith(b"<?xml", start):
        decl = _XML_DECL.match(body, start)
        if decl is None:
            return None
        encoding = decl.group(1) or decl.group(2)
        if encoding is not None and encoding.lower() != b"utf-8":
            return None
    tag = _RESPONSE_START.search(body, start)
    if tag is None:
        return None
    text_start, qname = tag.end(), tag.group(1)
    text_end = body.find(b"<", text_start)
    if (
        text_end < 0
        or text_end - text_start >= _LIBXML2_MAX_TEXT
        or not body.startswith(b"</" + qname, text_end)
        or _END_TAG_TAIL.match(body, text_end + 2 + len(qname)) is None
    ):
        return None
    marker = secrets.token_hex(16)
    small = body[start:text_start] + marker.encode("ascii") + body[text_end:]
    if small.count(marker.encode("ascii")) != 1:
        return None
    try:
        call = _parse_call_full(small)
    except SoapFault:
        return None
    if call.method != "receiveResponseXML" or call.params.get("response") != marker:
        return None
    text = _xml_text(body, text_start, text_end)
    if text is None:
        return None
    call.params["response"] = text
    return call


def _xml_text(buf: bytes, start: int, end: int) -> str | None:
    """The text content `buf[start:end]` (no `<` in it) as an XML parser reads it, or None if
    it holds anything but the five predefined references, or `]]>`, a character XML forbids,
    or bytes that are not UTF-8. In one pass by the C module when it is built; else in
    slices that never split a reference, a CRLF or a UTF-8 sequence."""
    if _native is not None:
        return _native.unescape(buf, start, end)  # type: ignore[no-any-return]
    bracket = buf.find(b"]", start, end)
    if bracket >= 0 and buf.find(b"]]>", bracket, end) >= 0:
        return None  # not allowed in text content
    pieces: list[str] = []
    pos = start
    while pos < end:
        cut = _slice_end(buf, pos, end)
        piece = _xml_text_slice(buf[pos:cut])
        if piece is None:
            return None
        pieces.append(piece)
        pos = cut
    return "".join(pieces)


def _slice_end(buf: bytes, pos: int, end: int) -> int:
    cut = pos + max(_CHUNK_BYTES, 8)
    if cut >= end:
        return end
    amp = buf.rfind(b"&", cut - 5, cut)  # a reference is at most 6 bytes (`&quot;`)
    if amp > pos:
        return amp
    if buf[cut] == 0x0A and buf[cut - 1] == 0x0D:
        return cut - 1
    for _ in range(3):  # back to the lead byte of a UTF-8 sequence
        if not 0x80 <= buf[cut] < 0xC0:
            break
        cut -= 1
    return cut


def _xml_text_slice(raw: bytes) -> str | None:
    text = raw
    if b"&" in text:
        text = text.replace(b"&lt;", b"<").replace(b"&gt;", b">")
        if b"&" in text:
            # Every other `&` must start &quot; &apos; or &amp; (numeric references and any
            # other entity: None). &amp; last, so `&amp;lt;` stays the literal `&lt;`.
            left = text.count(b"&")
            for ref, char in ((b"&quot;", b'"'), (b"&apos;", b"'"), (b"&amp;", b"&")):
                shorter = text.replace(ref, char)
                left -= (len(text) - len(shorter)) // (len(ref) - 1)
                text = shorter
            if left:
                return None
    if b"\r" in text:  # end-of-line handling (a `&#13;` would stay, but it never gets here)
        text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if text.translate(None, _XML_TEXT_BYTES):
        return None  # a C0 control character
    if b"\xef" in text and (b"\xef\xbf\xbe" in text or b"\xef\xbf\xbf" in text):
        return None  # U+FFFE or U+FFFF
    try:
        return text.decode("utf-8")  # strict: lone surrogates and overlong forms are refused
    except UnicodeDecodeError:
        return None


def _parse_envelope(body: bytes) -> etree._Element:
    if body.startswith(_BOM):
        body = body[len(_BOM) :]
    body = body.lstrip(b" \t\r\n")
    if not body.startswith(b"<"):
        raise SoapFault("Client", "The request is not an XML document.")
    try:
        root = etree.fromstring(body, xml_parser(remove_comments=True, remove_pis=True))
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
    return XML_DECLARATION + bytes(etree.tostring(root, encoding="utf-8", xml_declaration=False))


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
