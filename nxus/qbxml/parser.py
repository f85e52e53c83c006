"""Streaming qbXML response parser with bounded memory.

`iter_response_sets(source)` walks QBXML/QBXMLMsgsRs and yields one `ResponseSet` per response
(CustomerQueryRs, InvoiceAddRs …).  Its `records` iterator yields each child of the response
element (the Ret elements) as a `Record` dict as soon as the element is complete.

How (measured, see docs/qbxml.md): the document is fed in 64 KB chunks to an lxml pull parser
that reports just two events (the QBXML and QBXMLMsgsRs start tags).  After each chunk the
finished children of the current response element are converted and deleted; a child is
finished when an element follows it or its parent is finished, so the parser never reports
per-element events and only the last, possibly incomplete, record is ever held back.  The tree
in memory is at most about one chunk.

Conversion is tolerant: repeated children become lists when the 16.0 schema says they may
repeat (so one line is still a list), unknown or newer elements are kept (a list if they occur
more than once), enum values are never checked, attributes appear as "@name" keys, a record
without element content is {"#text": text}.

Consume the records of one set before asking for the next (like itertools.groupby).  Records
that were still unread when the next set was requested are discarded, and iterating that
set's `records` afterwards raises `QbxmlStreamError`.

Hardened: no DTD loading, no entity substitution, no network, huge text nodes allowed; a
document with a DOCTYPE is rejected with `QbxmlResponseError`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from nxus.formats import parser_options
from nxus.qbxml import _fast
from nxus.qbxml.model import Schema, load

Source = bytes | bytearray | memoryview | str | IO[bytes] | IO[str]

CHUNK_SIZE = 1 << 16  # bytes (or characters) fed to the parser at a time
# The root check's parser reads this much at a time and stops at the root's start tag (fed
# whole chunks, it built a throwaway tree of the first 64 KB on every response).
_PROBE_PIECE = 1 << 10
# Hardened (nxus.formats); comments and PIs (<?qbxml version="13.0"?>) are dropped.
_HARDENED = parser_options(remove_comments=True, remove_pis=True)


class QbxmlResponseError(ValueError):
    """The response is not well-formed qbXML (or carries a DOCTYPE)."""


class QbxmlStreamError(RuntimeError):
    """Records of a response set were read after the stream moved on to the next set."""


class Record(dict[str, Any]):
    """A Ret element as a dict; `tag` is its element name (EntityQueryRs mixes kinds)."""

    tag: str = ""


@dataclass(frozen=True)
class MessageSet:
    """The attributes of QBXMLMsgsRs (error recovery: newMessageSetID, messageSetStatusCode)."""

    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def new_message_set_id(self) -> str | None:
        return self.attributes.get("newMessageSetID")

    @property
    def status_code(self) -> int | None:
        """messageSetStatusCode: 0 = the old message set was processed, 9001 = unknown."""
        return _int_or_none(self.attributes.get("messageSetStatusCode"))


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
    message_set: MessageSet = field(default_factory=MessageSet)

    def render(self, renderer: Callable[[etree._Element, int], list[Any]]) -> Iterator[list[Any]]:
        """The records in batches through a renderer (see `_SetReader.render`) instead of
        `records`; a set built without a parser stream yields its records as one batch."""
        if isinstance(self.records, _SetReader):
            return self.records.render(renderer)
        return iter([list(self.records)])

    @property
    def table(self) -> _fast.TypeTable | None:
        """The parser's schema table of this response element (None if unknown)."""
        return self.records.table if isinstance(self.records, _SetReader) else None

    @property
    def ok(self) -> bool:
        """True for Info/Warn outcomes: 0, 1 (no match) and the 5xx warnings."""
        return self.status_severity.lower() != "error"


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def iter_response_sets(source: Source) -> ResponseSets:
    """Yield the response sets of a qbXML response document, streaming.

    `source`: bytes (any encoding its XML declaration names, UTF-8 by default), a `str`
    (its declaration, if any, is ignored), or a binary or text file object.
    """
    return ResponseSets(source)


def parse_message_set(source: bytes | bytearray | memoryview | str) -> MessageSet | None:
    """The QBXMLMsgsRs attributes, reading only up to that start tag (None if there is none)."""
    stream = _Stream(source)
    while stream.msgs is None and stream.advance():
        pass
    return MessageSet(dict(stream.msgs.attrib)) if stream.msgs is not None else None


class ResponseSets(Iterator[ResponseSet]):
    """The iterator `iter_response_sets` returns; `message_set` is known after the first set
    (or at the end, for a response without sets) and is None for a document without
    QBXMLMsgsRs."""

    def __init__(self, source: Source) -> None:
        self._stream = _Stream(source)
        self._sets = _iterate(self._stream)  # (see _SetReader: no generator holds `self`)

    @property
    def message_set(self) -> MessageSet | None:
        msgs = self._stream.msgs
        return MessageSet(dict(msgs.attrib)) if msgs is not None else None

    def __iter__(self) -> ResponseSets:
        return self

    def __next__(self) -> ResponseSet:
        return next(self._sets)


def _iterate(stream: _Stream) -> Iterator[ResponseSet]:
    while stream.msgs is None:
        if not stream.advance():
            return  # no QBXMLMsgsRs (QBXMLSubscriptionMsgsRs and the like are skipped)
    msgs = stream.msgs
    message_set = MessageSet(dict(msgs.attrib))
    schema = load().schemas["160"]
    while True:
        if not len(msgs):
            if stream.finished(msgs) or not stream.advance():
                return
            continue
        rs = msgs[0]
        reader = _SetReader(stream, rs, _fast.response_table(schema, rs.tag), schema)
        yield _response_set(rs, reader, message_set)
        reader.discard_rest()
        del msgs[0]  # finished and emptied


class _Stream:
    """The pull parser, fed chunk by chunk; knows the QBXML root and the QBXMLMsgsRs element.

    Finding those two elements: asking lxml for "start" events (filtered to those two tags)
    makes it intercept every element's start, ~40% of the parse of a big list. So a document
    in memory (str or bytes, in an ASCII-compatible encoding) gets a marker comment right
    after its XML declaration instead: its "comment" event is the only one, and the root is
    reached from it (`getroottree().getroot()`). Only when the document holds no comment of
    its own (one `find`): those must still be dropped by the parser (remove_comments), as
    they are for a stream or another encoding, which take the start events.
    """

    def __init__(self, source: Source) -> None:
        at = _marker_position(source)
        self._mark: etree._Element | None = None
        self._marked = at is not None
        self._mark_at: tuple[int, int] | None = None  # (line, column) of the marker
        if at is None:
            self._chunks = _chunks(source)
            self._parser = etree.XMLPullParser(
                events=("start",), tag=("QBXML", "QBXMLMsgsRs"), **_HARDENED
            )
        else:
            assert isinstance(source, str | bytes)
            mark: str | bytes = _MARK if isinstance(source, str) else _MARK.encode()
            newline = "\n" if isinstance(source, str) else b"\n"
            line_start = source.rfind(newline, 0, at) + 1  # type: ignore[arg-type]
            self._mark_at = (source.count(newline, 0, at) + 1, at - line_start)  # type: ignore[arg-type]
            self._chunks = itertools.chain([source[:at] + mark], _chunks(source, at))  # type: ignore[operator]
            self._parser = etree.XMLPullParser(
                events=("comment",), **(_HARDENED | {"remove_comments": False})
            )
        self._probe: etree.XMLPullParser | None = etree.XMLPullParser(
            events=("start",), **_HARDENED
        )
        self.root: etree._Element | None = None
        self.msgs: etree._Element | None = None
        self.closed = False
        self._empty = True  # only whitespace so far

    def advance(self) -> bool:
        """Parse one more chunk; False once the whole document has been parsed."""
        if self.closed:
            return False
        chunk = next(self._chunks, None)
        try:
            if chunk is None:
                self.closed = True
                if self._probe is not None and self._empty:
                    raise QbxmlResponseError("empty qbXML response")
                root = self._parser.close()
                if self._probe is not None:
                    _check_root(root)
            else:
                if self._probe is not None:
                    self._empty = self._empty and not chunk.strip()
                    self._check_first_element(chunk)
                self._parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            raise QbxmlResponseError(
                f"malformed qbXML response: {_describe(exc, self._mark_at)}"
            ) from None
        self._locate()
        return True

    def _locate(self) -> None:
        """Take note of the root and QBXMLMsgsRs once they have started."""
        for _, el in self._parser.read_events():
            if self._marked:
                self._mark = el  # the one comment: the marker
                continue
            parent = el.getparent()
            if parent is None:
                self.root = el
            elif self.msgs is None and parent.getparent() is None:
                self.msgs = el
        if self._mark is None or self.msgs is not None:
            return
        if self.root is None:
            self.root = self._mark.getroottree().getroot()
        for child in self.root if self.root is not None else ():
            if child.tag == "QBXMLMsgsRs":
                self.msgs = child
                break

    def _check_first_element(self, chunk: bytes | str) -> None:
        """Reject a DOCTYPE or a foreign root as soon as the first start tag is parsed.

        The main parser reports QBXML and QBXMLMsgsRs only, so a throwaway parser reporting
        every start tag reads the first chunk(s) alongside it until the root element starts.
        """
        assert self._probe is not None
        for at in range(0, len(chunk), _PROBE_PIECE):
            self._probe.feed(chunk[at : at + _PROBE_PIECE])
            for _, el in self._probe.read_events():
                _check_root(el)
                self._probe = None
                return

    def finished(self, el: etree._Element) -> bool:
        """Whether el's end tag has been parsed: an element follows it, or an ancestor ended.

        (A tail text node also means "ended", but it may still be growing; it is trusted only
        for QBXMLMsgsRs, which stays in the tree, never for an element about to be deleted.)
        """
        if self.closed:
            return True
        node: etree._Element | None = el
        while node is not None:
            if node.getnext() is not None or (node.tail is not None and node is self.msgs):
                return True
            node = node.getparent()
        return False


def _describe(exc: etree.XMLSyntaxError, mark_at: tuple[int, int] | None = None) -> str:
    """The parser's own message: a feed parser may raise a vaguer one ("no element found").
    Its position is in the document as sent: `mark_at` is where the marker comment went in
    (line, column), and columns after it on that line shift back."""
    last = exc.error_log.last_error  # the log is cumulative; its last entry is this error
    if last is None:
        return str(exc)
    column = last.column
    if mark_at is not None and last.line == mark_at[0] and column > mark_at[1]:
        column = max(mark_at[1], column - len(_MARK))
    return f"{last.message} (line {last.line}, column {column})"


def _check_root(root: etree._Element) -> None:
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise QbxmlResponseError("qbXML response with a DOCTYPE rejected (DTDs are not allowed)")
    if root.tag != "QBXML":
        raise QbxmlResponseError(f"root element is {root.tag!r}, expected QBXML")


_MARK = "<!--nxus-->"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _marker_position(source: Source) -> int | None:
    """Where `_Stream` may insert its marker comment (after the XML declaration), or None:
    not a str or bytes, holds a comment, not ASCII-compatible, or not starting with markup."""
    if isinstance(source, str):
        if _has_comment(source, "!", "<!--"):
            return None
        decl, close, start = "<?xml", "?>", 1 if source.startswith("\ufeff") else 0
    elif isinstance(source, bytes):
        if _has_comment(source, b"!", b"<!--") or source.startswith(_BOMS[1:]):
            return None
        if b"\0" in source[:4]:
            return None
        decl, close, start = b"<?xml", b"?>", 3 if source.startswith(_BOMS[0]) else 0  # type: ignore[assignment]
    else:
        return None
    if source.startswith(decl, start):  # type: ignore[arg-type]
        end = source.find(close, start)  # type: ignore[arg-type]
        return end + 2 if end >= 0 else None
    return start if source.startswith(decl[:1], start) else None  # type: ignore[arg-type]


def _has_comment(source: Any, bang: Any, comment: Any) -> bool:
    """Whether `source` holds "<!--". A "!" is rare in QuickBooks data and found by memchr
    (~0.3 ms for 17 MB), the four-character search is not (~9 ms): look at the first few
    "!" one by one, and search the rest only when there are many."""
    at = source.find(bang)
    for _ in range(64):
        if at < 0:
            return False
        if source.startswith(comment, at - 1):
            return True
        at = source.find(bang, at + 1)
    return comment in source[at - 1 :]


def _chunks(source: Source, start: int = 0) -> Iterator[bytes | str]:
    if isinstance(source, str | bytes):
        for at in range(start, len(source), CHUNK_SIZE):
            yield source[at : at + CHUNK_SIZE]
    elif isinstance(source, bytearray | memoryview):
        view = memoryview(source)
        for start in range(0, len(view), CHUNK_SIZE):
            yield bytes(view[start : start + CHUNK_SIZE])
    else:
        while chunk := source.read(CHUNK_SIZE):
            yield chunk


def _response_set(el: etree._Element, reader: _SetReader, message_set: MessageSet) -> ResponseSet:
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
        records=reader,
        message_set=message_set,
    )


class _SetReader(Iterator[Record]):
    """The records of one response set, pulled from the shared stream."""

    def __init__(
        self, stream: _Stream, rs: etree._Element, tt: _fast.TypeTable | None, schema: Schema
    ) -> None:
        self._stream = stream
        self._rs: etree._Element | None = rs
        self._name = rs.tag
        self._tt = tt
        self._schema = schema
        # Generators outside the class: one holding `self` is a reference cycle, and a set
        # read in part (a status, a first page) left the whole document to the collector.
        self._records = _generate(stream, rs, tt.kids if tt is not None else None, schema)
        self._discarded = 0

    def __iter__(self) -> _SetReader:
        return self

    def __next__(self) -> Record:
        if self._rs is None:
            if self._discarded:
                raise QbxmlStreamError(
                    f"{self._discarded} unread record(s) of {self._name} were discarded when"
                    " the next response set was requested; read rs.records (or list() them)"
                    " before moving on"
                )
            raise StopIteration
        return next(self._records)

    @property
    def table(self) -> _fast.TypeTable | None:
        """The schema table of the response element (None for an unknown response)."""
        return self._tt

    def render(self, renderer: Callable[[etree._Element, int], list[Any]]) -> Iterator[list[Any]]:
        """The records in batches through `renderer(response_element, n)`, which reads the
        first n children of the response element (e.g. writing their JSON in C, without a
        Python object per element) and returns a list of items. Yields those lists, with
        each int item i ("child i as a Record") replaced by the Record `records` would give.
        Use either this or `records`, once."""
        rs = self._rs
        if rs is None:
            return
        kids = self._tt.kids if self._tt is not None else None
        schema = self._schema
        for count in _ready(rs, self._stream):
            items = renderer(rs, count)
            for at, item in enumerate(items):
                if item.__class__ is int:
                    items[at] = _record(rs[item], kids, schema)
            yield items
            del rs[:count]
        self._rs = None

    def discard_rest(self) -> None:
        """Skip what was not read (without converting it); later reads raise."""
        if self._rs is None:
            return
        self._records.close()
        rs = self._rs
        for count in _ready(rs, self._stream):
            self._discarded += count
            del rs[:count]
        self._rs = None


def _ready(rs: etree._Element, stream: _Stream) -> Iterator[int]:
    """How many children of the response element are finished, until it has ended."""
    while True:
        count = len(rs)
        done = stream.finished(rs)
        if not done and count:
            count -= 1  # the last child may still be incomplete
        if count:
            yield count
        elif done:
            return
        else:
            stream.advance()


def _generate(
    stream: _Stream,
    rs: etree._Element,
    kids: dict[str, tuple[_fast.TypeTable | None, bool]] | None,
    schema: Schema,
) -> Generator[Record, None, None]:
    for count in _ready(rs, stream):
        for el in rs[:count]:
            record = _record(el, kids, schema)
            el.clear(keep_tail=False)
            del rs[0]  # el: finished records leave the tree before they are handed out
            yield record


def _record(
    el: etree._Element,
    kids: dict[str, tuple[_fast.TypeTable | None, bool]] | None,
    schema: Schema,
) -> Record:
    """A finished child of a response element as a Record."""
    tag = el.tag
    tt = kids.get(tag, (None, False))[0] if kids is not None else _fast.global_table(schema, tag)
    record = Record()
    record.tag = tag
    attrs = el.items()
    if attrs or len(el) or (tt is not None and tt.aggregate):
        _fast.fill(record, el, tt, attrs)
    else:
        record["#text"] = el.text or ""
    return record
