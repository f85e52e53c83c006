"""The SOAP 1.1 wire format of the QuickBooks Web Connector, client side.

Requests are written byte for byte the way QBWC 2.3 (a .NET ``SoapHttpClientProtocol``) writes
them: the XML declaration, ``soap:Envelope`` with the soap/xsi/xsd namespaces, an unprefixed
method element carrying ``xmlns="http://developer.intuit.com/"``, empty strings as ``<x />``
and qbXML as escaped text. They are built as text rather than with lxml because lxml writes
empty elements as ``<x/>``, which is not what QBWC sends. Responses are parsed with a hardened
lxml parser (no DTD, no network, ``huge_tree`` for large text nodes), accepting any prefixes.

Only the standard library speaks HTTP here (``http.client``): the simulator ships with the
server and must not need the development-only clients.
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from lxml import etree

from nxus.formats import xml_parser

INTUIT_NS = "http://developer.intuit.com/"
SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
_ENVELOPE_OPEN = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
    "<soap:Body>"
)
_ENVELOPE_CLOSE = "</soap:Body></soap:Envelope>"
# What QBWC 2.3 (.NET 4.x web services client) puts in User-Agent.
USER_AGENT = "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)"
# Connection failures after which a reused keep-alive connection is retried once on a new one
# (the server closed it while idle; nothing was processed).
# Results QBWC accepts as null (it goes on as for ""); any other missing result fails the way
# .NET does ("Object reference not set to an instance of an object").
NULLABLE_RESULTS = frozenset({"serverVersion", "clientVersion"})
_STALE_CONNECTION_ERRORS = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class SoapError(Exception):
    """Any failure of one SOAP call; ``kind`` says which (for the report)."""

    kind = "error"


class TransportError(SoapError):
    """No usable HTTP answer: refused, reset, DNS, TLS."""

    kind = "transport"


class TimeoutExpired(TransportError):
    """The server did not answer within the HTTP timeout (QBWC: 100 s)."""

    kind = "timeout"


class HttpStatusError(SoapError):
    """An HTTP answer other than 200 that is not a SOAP fault."""

    kind = "http"

    def __init__(self, status: int, reason: str, body: bytes) -> None:
        super().__init__(f"HTTP {status} {reason}")
        self.status = status
        self.body = body


class SoapFault(SoapError):
    kind = "fault"

    def __init__(self, faultcode: str, faultstring: str, status: int) -> None:
        super().__init__(f"SOAP fault {faultcode}: {faultstring}")
        self.faultcode = faultcode
        self.faultstring = faultstring
        self.status = status


class ProtocolError(SoapError):
    """A 200 answer QBWC could not use (not XML, wrong element, missing result)."""

    kind = "protocol"


def build_envelope(method: str, params: list[tuple[str, str]]) -> bytes:
    """The request envelope QBWC posts for ``method`` with its parameters in order."""
    if not params:
        body = f'<{method} xmlns="{INTUIT_NS}" />'
    else:
        parts = [f'<{method} xmlns="{INTUIT_NS}">']
        for name, value in params:
            parts.append(f"<{name}>{escape(value)}</{name}>" if value else f"<{name} />")
        parts.append(f"</{method}>")
        body = "".join(parts)
    return (_ENVELOPE_OPEN + body + _ENVELOPE_CLOSE).encode("utf-8")


def soap_action(method: str) -> str:
    """The SOAPAction header value, quoted as .NET sends it."""
    return f'"{INTUIT_NS}{method}"'


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _soap_body(payload: bytes) -> etree._Element:
    try:
        root = etree.fromstring(payload, xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ProtocolError(f"the answer is not XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise ProtocolError("the answer carries a DOCTYPE (not allowed in SOAP)")
    if _local(root.tag) != "Envelope":
        raise ProtocolError(f"the answer is not a SOAP envelope (<{_local(root.tag)}>)")
    for child in root:
        if _local(child.tag) == "Body":
            return child
    raise ProtocolError("the SOAP envelope has no Body")


def _fault(body: etree._Element) -> tuple[str, str] | None:
    for child in body:
        if _local(child.tag) == "Fault":
            code = child.findtext("faultcode") or ""
            text = child.findtext("faultstring") or ""
            return code, text
    return None


def parse_result(method: str, payload: bytes, status: int = 200) -> str | list[str]:
    """The ``<method>Result`` of a response: its text ("" when empty), or for authenticate
    the list of its ``<string>`` items. Raises SoapFault or ProtocolError."""
    body = _soap_body(payload)
    fault = _fault(body)
    if fault is not None:
        raise SoapFault(fault[0], fault[1], status)
    response = next((c for c in body if isinstance(c.tag, str)), None)
    if response is None or _local(response.tag) != f"{method}Response":
        got = _local(response.tag) if response is not None else "nothing"
        raise ProtocolError(f"expected <{method}Response>, got <{got}>")
    result = next((c for c in response if _local(c.tag) == f"{method}Result"), None)
    if result is None and method in NULLABLE_RESULTS:
        return ""
    if result is None:
        # What QBWC reports as "Object reference not set to an instance of an object".
        raise ProtocolError(f"<{method}Result> is missing from the response")
    if method == "authenticate":
        return [item.text or "" for item in result if _local(item.tag) == "string"]
    return result.text or ""


@dataclass
class HttpAnswer:
    status: int
    content_type: str
    body: bytes
    seconds: float


class SoapTransport:
    """One keep-alive HTTP(S) connection to the Web Connector endpoint, like QBWC's."""

    def __init__(
        self,
        url: str,
        timeout: float = 100.0,
        ssl_context: ssl.SSLContext | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.user_agent = user_agent
        self._conn: http.client.HTTPConnection | None = None
        self._used = False

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            if self.scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.timeout, context=self.ssl_context
                )
            else:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._used = False
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def post(self, method: str, envelope: bytes) -> HttpAnswer:
        """POST one envelope; raises TransportError / TimeoutExpired."""
        headers = {
            "User-Agent": self.user_agent,
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": soap_action(method),
        }
        started = time.monotonic()
        for attempt in (1, 2):
            conn = self._connection()
            reused = self._used
            try:
                conn.request("POST", self.path, body=envelope, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except TimeoutError:
                self.close()
                raise TimeoutExpired(f"no answer within {self.timeout:g} s") from None
            except _STALE_CONNECTION_ERRORS as exc:
                self.close()
                if reused and attempt == 1:
                    continue
                raise TransportError(f"{type(exc).__name__}: {exc}") from None
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise TransportError(f"{type(exc).__name__}: {exc}") from None
            self._used = True
            if response.will_close:
                self.close()
            return HttpAnswer(
                status=response.status,
                content_type=response.getheader("Content-Type", ""),
                body=body,
                seconds=time.monotonic() - started,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def call(
        self, method: str, params: list[tuple[str, str]]
    ) -> tuple[str | list[str], HttpAnswer]:
        """One SOAP call: the parsed result and the raw HTTP answer."""
        answer = self.post(method, build_envelope(method, params))
        if answer.status == 200:
            return parse_result(method, answer.body), answer
        try:
            parse_result(method, answer.body, answer.status)
        except SoapFault:
            raise
        except SoapError:
            pass
        reason = http.client.responses.get(answer.status, "")
        raise HttpStatusError(answer.status, reason, answer.body[:2000])
