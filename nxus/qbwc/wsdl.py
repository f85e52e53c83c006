"""The WSDL served at GET /qbwc?wsdl: the eleven Web Connector methods, SOAP 1.1
document/literal, in the shape of Intuit's QBWebConnectorSvc (built with lxml)."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from nxus.qbwc.envelope import INTUIT_NS, METHODS

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAPBIND_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
XS_NS = "http://www.w3.org/2001/XMLSchema"

# Result type per method: "string", "int" or "ArrayOfString".
_RESULTS = {
    "serverVersion": "string",
    "clientVersion": "string",
    "authenticate": "ArrayOfString",
    "sendRequestXML": "string",
    "receiveResponseXML": "int",
    "connectionError": "string",
    "getLastError": "string",
    "closeConnection": "string",
    "getInteractiveURL": "string",
    "interactiveDone": "string",
    "interactiveRejected": "string",
}
_INT_PARAMS = {"qbXMLMajorVers", "qbXMLMinorVers"}


def _xs(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{XS_NS}}}{tag}", {k: v for k, v in attrs.items()})


def _w(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{WSDL_NS}}}{tag}", attrs)


def _schema(types: etree._Element) -> None:
    schema = _xs(types, "schema", elementFormDefault="qualified", targetNamespace=INTUIT_NS)
    for method, (params, _required) in METHODS.items():
        seq = _xs(_xs(_xs(schema, "element", name=method), "complexType"), "sequence")
        for param in params:
            if param in _INT_PARAMS:
                _xs(seq, "element", minOccurs="1", maxOccurs="1", name=param, type="s:int")
            else:
                _xs(seq, "element", minOccurs="0", maxOccurs="1", name=param, type="s:string")
        out = _xs(_xs(_xs(schema, "element", name=f"{method}Response"), "complexType"), "sequence")
        kind = _RESULTS[method]
        result = f"{method}Result"
        if kind == "int":
            _xs(out, "element", minOccurs="1", maxOccurs="1", name=result, type="s:int")
        else:
            type_ = "tns:ArrayOfString" if kind == "ArrayOfString" else "s:string"
            _xs(out, "element", minOccurs="0", maxOccurs="1", name=result, type=type_)
    array = _xs(_xs(schema, "complexType", name="ArrayOfString"), "sequence")
    _xs(
        array,
        "element",
        minOccurs="0",
        maxOccurs="unbounded",
        name="string",
        nillable="true",
        type="s:string",
    )


@lru_cache(maxsize=8)
def build_wsdl(location: str) -> bytes:
    """The WSDL document with `location` as the service address."""
    nsmap = {"wsdl": WSDL_NS, "soap": SOAPBIND_NS, "s": XS_NS, "tns": INTUIT_NS}
    root = etree.Element(f"{{{WSDL_NS}}}definitions", nsmap=nsmap, targetNamespace=INTUIT_NS)
    _schema(_w(root, "types"))
    for method in METHODS:
        _w(
            _w(root, "message", name=f"{method}SoapIn"),
            "part",
            name="parameters",
            element=f"tns:{method}",
        )
        _w(
            _w(root, "message", name=f"{method}SoapOut"),
            "part",
            name="parameters",
            element=f"tns:{method}Response",
        )
    port_type = _w(root, "portType", name="QBWebConnectorSvcSoap")
    for method in METHODS:
        operation = _w(port_type, "operation", name=method)
        _w(operation, "input", message=f"tns:{method}SoapIn")
        _w(operation, "output", message=f"tns:{method}SoapOut")
    binding = _w(root, "binding", name="QBWebConnectorSvcSoap", type="tns:QBWebConnectorSvcSoap")
    etree.SubElement(
        binding, f"{{{SOAPBIND_NS}}}binding", transport="http://schemas.xmlsoap.org/soap/http"
    )
    for method in METHODS:
        operation = _w(binding, "operation", name=method)
        etree.SubElement(
            operation,
            f"{{{SOAPBIND_NS}}}operation",
            soapAction=f"{INTUIT_NS}{method}",
            style="document",
        )
        for direction in ("input", "output"):
            etree.SubElement(_w(operation, direction), f"{{{SOAPBIND_NS}}}body", use="literal")
    service = _w(root, "service", name="QBWebConnectorSvc")
    port = _w(service, "port", name="QBWebConnectorSvcSoap", binding="tns:QBWebConnectorSvcSoap")
    etree.SubElement(port, f"{{{SOAPBIND_NS}}}address", location=location)
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True))
