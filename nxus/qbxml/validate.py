"""Validate a qbXML request document the way QuickBooks' request parser does.

QuickBooks checks a request against the schema of the version named in `<?qbxml version?>`
and answers a failure with HRESULT 0x80040400 "QuickBooks found an error when parsing the
provided XML text stream." for the whole message.  `validate_request` reproduces that check
(element order, required elements, occurrences, choices, enumerations, lexical forms,
attributes, elements newer than the version) with per-path cached automata.

Over-long strings are NOT a parse error in QuickBooks (it answers statusCode 3070 for the one
request), so lengths are only checked with `check_lengths=True` (as the XSD itself would).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from nxus.formats import xml_parser
from nxus.qbxml import versions
from nxus.qbxml.automaton import ContentAutomaton
from nxus.qbxml.lexical import check_value
from nxus.qbxml.model import ComplexType, Schema, SimpleType, Spec, load

PARSE_ERROR_HRESULT = "0x80040400"
PARSE_ERROR_TEXT = "QuickBooks found an error when parsing the provided XML text stream."
_PI_VERSION = re.compile(r"""version\s*=\s*(["'])\s*([^"']*?)\s*\1""")
_WS = " \t\r\n"


class QbxmlParseError(ValueError):
    """The request would be refused as a whole by QuickBooks (HRESULT 0x80040400).

    `str(error)` is QuickBooks' text; `detail` says where and which rule, for logs.
    """

    hresult = PARSE_ERROR_HRESULT

    def __init__(
        self,
        message: str = PARSE_ERROR_TEXT,
        *,
        detail: str = "",
        path: str = "",
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Request:
    name: str  # e.g. "CustomerAddRq"
    request_id: str | None
    element: etree._Element


@dataclass(frozen=True)
class RequestDocument:
    version: str
    on_error: str  # stopOnError | continueOnError | rollbackOnError
    new_message_set_id: str | None
    old_message_set_id: str | None
    requests: list[Request] = field(default_factory=list)
    response_data: str = "includeAll"
    root: etree._Element | None = field(default=None, repr=False)


def parse_document(doc: bytes) -> tuple[etree._Element, str]:
    """Parse bytes (BOM and encoding declaration honoured); return the root and the version."""
    if not isinstance(doc, bytes | bytearray):
        raise TypeError("validate_request takes bytes (an encoding declaration needs bytes)")
    try:
        tree = etree.ElementTree(etree.fromstring(bytes(doc), xml_parser()))
    except etree.XMLSyntaxError as exc:
        raise QbxmlParseError(detail=f"not well-formed XML: {exc}", line=exc.lineno) from None
    if tree.docinfo.doctype:
        raise QbxmlParseError(detail="a DOCTYPE is not allowed in qbXML")
    root = tree.getroot()
    version = None
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "qbxml":
            match = _PI_VERSION.search(node.text or "")
            version = match.group(2) if match else ""
    if version is None:
        raise QbxmlParseError(detail='missing <?qbxml version="…"?> processing instruction')
    if not versions.is_supported(version):
        raise QbxmlParseError(detail=f"unknown or unsupported qbXML version {version!r}")
    return root, version


def validate_request(doc: bytes, *, check_lengths: bool = False) -> RequestDocument:
    """Validate a qbXML request document; raise QbxmlParseError like QuickBooks would."""
    root, version = parse_document(doc)
    if root.tag != "QBXML":
        raise QbxmlParseError(detail=f"root element is {root.tag!r}, expected QBXML", path="/")
    _Validator(load(), version, check_lengths).element(root, "", "QBXML")
    msgs = root.find("QBXMLMsgsRq")
    if msgs is None:
        raise QbxmlParseError(detail="no QBXMLMsgsRq message set (only QBXMLMsgsRq is served)")
    requests = [
        Request(child.tag, child.get("requestID"), child)
        for child in msgs
        if isinstance(child.tag, str)
    ]
    return RequestDocument(
        version=version,
        on_error=msgs.get("onError", ""),
        new_message_set_id=msgs.get("newMessageSetID"),
        old_message_set_id=msgs.get("oldMessageSetID"),
        requests=requests,
        response_data=msgs.get("responseData", "includeAll"),
        root=root,
    )


def validate_response(
    doc: bytes, version: str = versions.LATEST_VERSION, *, check_lengths: bool = False
) -> etree._Element:
    """Check a qbXML response document (QuickBooks' answer, or the simulator's) against the
    schema of `version` with the same rules as requests; return its root.  Responses carry no
    `<?qbxml?>`, so the version is the caller's: the one the request asked for."""
    if not isinstance(doc, bytes | bytearray):
        raise TypeError("validate_response takes bytes")
    try:
        root = etree.fromstring(bytes(doc), xml_parser())
    except etree.XMLSyntaxError as exc:
        raise QbxmlParseError(detail=f"not well-formed XML: {exc}", line=exc.lineno) from None
    if root.tag != "QBXML":
        raise QbxmlParseError(detail=f"root element is {root.tag!r}, expected QBXML", path="/")
    _Validator(load(), version, check_lengths).element(root, "", "QBXML")
    if root.find("QBXMLMsgsRs") is None:
        raise QbxmlParseError(detail="no QBXMLMsgsRs message set")
    return root


# Automata are shared by every document: keyed by (schema, type, names absent in the version).
_AUTOMATA: dict[tuple[str, str, frozenset[str]], ContentAutomaton] = {}
# Per (schema, version bit, full path): the automaton to use there.
_BY_PATH: dict[tuple[str, int, str], ContentAutomaton] = {}


def automaton_for(
    spec: Spec, schema: Schema, ctype: ComplexType, path: str, bit: int
) -> ContentAutomaton:
    key = (schema.name, bit, path)
    found = _BY_PATH.get(key)
    if found is None:
        prefix = f"{path}/" if path else ""
        absent = frozenset(c.name for c in ctype.children if not spec.mask(prefix + c.name) & bit)
        shared = (schema.name, ctype.key, absent)
        found = _AUTOMATA.get(shared)
        if found is None:
            found = _AUTOMATA[shared] = ContentAutomaton(ctype.model, absent)
        _BY_PATH[key] = found
    return found


class _Validator:
    def __init__(self, spec: Spec, version: str, check_lengths: bool) -> None:
        self.spec = spec
        self.version = version
        self.schema = spec.schema_for(version)
        self.bit = spec.bit(version)
        self.check_lengths = check_lengths

    def fail(self, el: etree._Element, path: str, rule: str) -> QbxmlParseError:
        where = f"QBXML/{path}" if path else "QBXML"
        return QbxmlParseError(
            detail=f"{where} (line {el.sourceline}): {rule}", path=where, line=el.sourceline
        )

    def element(self, el: etree._Element, path: str, type_key: str) -> None:
        ctype = self.schema.complex_type(type_key)
        self.attributes(el, path, ctype)
        if ctype.text is not None:
            self.simple(el, path, ctype.text)
            return
        if el.text is not None and el.text.strip(_WS):
            raise self.fail(el, path, f"text {el.text.strip()[:40]!r} is not allowed in {el.tag}")
        machine = automaton_for(self.spec, self.schema, ctype, path, self.bit)
        state = machine.start
        prefix = f"{path}/" if path else ""
        for child in el:
            if child.tail is not None and child.tail.strip(_WS):
                raise self.fail(el, path, f"text {child.tail.strip()[:40]!r} is not allowed")
            name = child.tag
            if not isinstance(name, str):
                continue  # comments and processing instructions are allowed anywhere
            info = ctype.child_map.get(name)
            if info is None:
                raise self.fail(child, path, f"element {name!r} is not allowed in {el.tag}")
            child_path = prefix + name
            if not self.spec.mask(child_path) & self.bit:
                raise self.fail(
                    child, child_path, f"element {name!r} does not exist in qbXML {self.version}"
                )
            next_state = machine.step(state, name)
            if next_state is None:
                expected = machine.expected(state)
                hint = f"; expected {' or '.join(expected)}" if expected else ""
                raise self.fail(child, path, f"element {name!r} is not expected here{hint}")
            state = next_state
            if info.type_key is not None:
                self.element(child, child_path, info.type_key)
            else:
                if child.attrib:
                    attr = next(iter(child.attrib))
                    raise self.fail(child, child_path, f"attribute {attr!r} is not allowed")
                self.simple(child, child_path, info.simple)  # type: ignore[arg-type]
        if not machine.accepts(state):
            missing = " or ".join(machine.expected(state))
            raise self.fail(el, path, f"{el.tag} is incomplete: missing {missing}")

    def simple(self, el: etree._Element, path: str, simple: SimpleType) -> None:
        if any(isinstance(c.tag, str) for c in el):
            raise self.fail(el, path, f"{el.tag} has simple content and cannot hold elements")
        text = "".join(el.itertext()) if len(el) else (el.text or "")
        problem = check_value(simple, text, self.check_lengths)
        if problem is not None:
            raise self.fail(el, path, f"{el.tag}: {problem}")

    def attributes(self, el: etree._Element, path: str, ctype: ComplexType) -> None:
        prefix = f"{path}/@" if path else "@"
        for name, value in el.attrib.items():
            attr = ctype.attributes.get(name)
            if attr is None or not self.spec.mask(prefix + name) & self.bit:
                raise self.fail(el, path, f"attribute {name!r} is not allowed on {el.tag}")
            problem = check_value(attr.type, value, self.check_lengths)
            if problem is not None:
                raise self.fail(el, path, f"attribute {name!r}: {problem}")
        for name, attr in ctype.attributes.items():
            if attr.required and name not in el.attrib:
                raise self.fail(el, path, f"required attribute {name!r} is missing on {el.tag}")
