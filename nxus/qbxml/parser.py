"""Streaming qbXML response parser with bounded memory.

`iter_response_sets` walks QBXML/QBXMLMsgsRs with lxml iterparse and yields one ResponseSet per
response (CustomerQueryRs, InvoiceAddRs …).  Its `records` iterator yields each Ret element as
a plain dict as soon as the element is complete; finished elements are cleared and detached so
a 20 MB, 20,000-customer response stays at a flat footprint.  Consume the records of one set
before asking for the next (like itertools.groupby); unconsumed records are skipped.

Conversion is tolerant: repeated children become lists when the 16.0 schema says they may
repeat (so one line is still a list), unknown or newer elements are kept (a list if they occur
more than once), enum values are never checked, attributes appear as "@name" keys.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from nxus.qbxml.model import ComplexType, Schema, load

_DEPTH_SET = 3  # QBXML(1) / QBXMLMsgsRs(2) / XxxRs(3) / XxxRet(4)


class QbxmlResponseError(ValueError):
    """The response is not well-formed qbXML."""


class Record(dict[str, Any]):
    """A Ret element as a dict; `tag` is its element name (EntityQueryRs mixes kinds)."""

    tag: str = ""


@dataclass
class ResponseSet:
    name: str
    request_id: str | None
    status_code: int
    status_severity: str
    status_message: str
    iterator_remaining_count: int | None
    iterator_id: str | None
    ret_count: int | None
    attributes: dict[str, str]
    records: Iterator[Record] = field(repr=False, default_factory=lambda: iter(()))

    @property
    def ok(self) -> bool:
        """True for Info/Warn outcomes: 0, 1 (no match) and the 5xx warnings."""
        return self.status_severity.lower() != "error"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def iter_response_sets(source: bytes | IO[bytes]) -> Iterator[ResponseSet]:
    """Yield the response sets of a qbXML response document, streaming."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        huge_tree=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    schema = load().schemas["160"]
    rs_types = schema.complex_type("QBXMLMsgsRs").child_map
    depth = 0
    try:
        for event, el in events:
            if event == "end":
                depth -= 1
                if depth <= 2:
                    _release(el)
                continue
            depth += 1
            if depth == 1 and el.tag != "QBXML":
                raise QbxmlResponseError(f"root element is {el.tag!r}, expected QBXML")
            if depth != _DEPTH_SET or el.getparent().tag != "QBXMLMsgsRs":
                continue
            info = rs_types.get(el.tag)
            ctype = schema.complex_type(info.type_key) if info and info.type_key else None
            reader = _SetReader(events, schema, ctype)
            yield _response_set(el, reader)
            reader.skip_rest()
            depth -= 1  # the set's end event was consumed by the reader
            _release(el)
    except etree.XMLSyntaxError as exc:
        raise QbxmlResponseError(f"malformed qbXML response: {exc}") from None


def _response_set(el: etree._Element, reader: _SetReader) -> ResponseSet:
    attrs = dict(el.attrib)
    code = _int_or_none(attrs.get("statusCode"))
    return ResponseSet(
        name=el.tag,
        request_id=attrs.get("requestID"),
        status_code=code if code is not None else -1,
        status_severity=attrs.get("statusSeverity", ""),
        status_message=attrs.get("statusMessage", ""),
        iterator_remaining_count=_int_or_none(attrs.get("iteratorRemainingCount")),
        iterator_id=attrs.get("iteratorID"),
        ret_count=_int_or_none(attrs.get("retCount")),
        attributes=attrs,
        records=reader.records(),
    )


def _release(el: etree._Element) -> None:
    """Free a finished element and the siblings before it (the iterparse memory idiom)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


class _SetReader:
    """Pulls the records of one response set from the shared event stream."""

    def __init__(self, events: Any, schema: Schema, ctype: ComplexType | None) -> None:
        self._events = events
        self._schema = schema
        self._ctype = ctype
        self._done = False
        self._skipping = False

    def records(self) -> Iterator[Record]:
        depth = 0
        for event, el in self._events:
            if event == "start":
                depth += 1
                continue
            if depth == 0:  # the end of the response set itself
                self._done = True
                return
            depth -= 1
            if depth == 0:
                if not self._skipping:
                    yield self._record(el)
                _release(el)
        self._done = True

    def skip_rest(self) -> None:
        if not self._done:
            self._skipping = True
            for _ in self.records():
                pass

    def _record(self, el: etree._Element) -> Record:
        info = self._ctype.child_map.get(el.tag) if self._ctype else None
        ctype = self._type(info.type_key if info else None)
        value = _convert(el, ctype, self._schema)
        record = Record(value) if isinstance(value, dict) else Record({"#text": value})
        record.tag = el.tag
        return record

    def _type(self, key: str | None) -> ComplexType | None:
        return self._schema.complex_type(key) if key else None


def _convert(el: etree._Element, ctype: ComplexType | None, schema: Schema) -> Any:
    kids = [c for c in el if isinstance(c.tag, str)]
    aggregate = ctype is not None and ctype.text is None and ctype.model is not None
    if not kids and not el.attrib and not aggregate:
        return el.text or ""
    out: dict[str, Any] = {f"@{k}": v for k, v in el.attrib.items()}
    if not kids:
        if el.text and el.text.strip():
            out["#text"] = el.text
        return out
    made_lists: set[str] = set()
    for child in kids:
        info = ctype.child_map.get(child.tag) if ctype else None
        sub = schema.complex_type(info.type_key) if info and info.type_key else None
        value = _convert(child, sub, schema)
        tag = child.tag
        if info is not None and info.repeats:
            out.setdefault(tag, []).append(value)
        elif tag not in out:
            out[tag] = value
        elif tag in made_lists:
            out[tag].append(value)
        else:  # unknown or unexpectedly repeated: keep every occurrence
            out[tag] = [out[tag], value]
            made_lists.add(tag)
    return out
