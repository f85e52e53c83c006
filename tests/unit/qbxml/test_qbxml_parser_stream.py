"""Response parser: sources, chunk boundaries, message-set attributes, the records contract
after moving on, hardening (DOCTYPE, entities, network, huge text) and a bounded lxml tree."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from nxus.qbxml import parser
from nxus.qbxml.parser import (
    MessageSet,
    QbxmlResponseError,
    QbxmlStreamError,
    Record,
    iter_response_sets,
    parse_message_set,
)
from tests.conftest import FIXTURES

SAMPLES = [
    *sorted((FIXTURES / "qbxml" / "responses").glob("*_rs.xml")),
    FIXTURES / "qbxml" / "hcp_quickbooks_pro_2014.xml",
]

DOC = (
    '<QBXML><QBXMLMsgsRs newMessageSetID="42" messageSetStatusCode="0">'
    '<CustomerQueryRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="OK">'
    "<CustomerRet><Name>Café €</Name><BillAddress><City>Zürich</City></BillAddress>"
    "<DataExtRet><DataExtName>N</DataExtName><DataExtValue>v</DataExtValue></DataExtRet>"
    "</CustomerRet>"
    "<CustomerRet><Name>B</Name></CustomerRet>"
    "</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
)
EXPECTED = [
    {
        "Name": "Café €",
        "BillAddress": {"City": "Zürich"},
        "DataExtRet": [{"DataExtName": "N", "DataExtValue": "v"}],
    },
    {"Name": "B"},
]


def _parse(source: Any) -> list[tuple[str, dict[str, str], list[tuple[str, dict[str, Any]]]]]:
    return [
        (rs.name, rs.attributes, [(r.tag, dict(r)) for r in rs.records])
        for rs in iter_response_sets(source)
    ]


def _records(source: Any) -> list[dict[str, Any]]:
    return [dict(r) for rs in iter_response_sets(source) for r in rs.records]


@pytest.mark.parametrize(
    "source",
    [
        DOC.encode(),
        ('<?xml version="1.0" encoding="utf-8"?>\n' + DOC).encode(),
        ('<?xml version="1.0" encoding="windows-1252"?>' + DOC).encode("cp1252"),
        ('<?xml version="1.0" encoding="utf-16"?>' + DOC).encode("utf-16"),
        DOC,  # str without a declaration
        '<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?>' + DOC,  # ignored
        bytearray(DOC.encode()),
        memoryview(DOC.encode()),
        io.BytesIO(DOC.encode()),
        io.StringIO(DOC),
    ],
    ids=[
        "bytes",
        "bytes-utf8-decl",
        "bytes-cp1252-decl",
        "bytes-utf16",
        "str",
        "str-with-decl",
        "bytearray",
        "memoryview",
        "binary-file",
        "text-file",
    ],
)
def test_sources(source: Any) -> None:
    assert _records(source) == EXPECTED


@pytest.mark.parametrize("size", [1, 7, 100, 4096])
def test_chunk_boundaries_do_not_change_the_result(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = [_parse(sample.read_bytes()) for sample in SAMPLES]
    monkeypatch.setattr(parser, "CHUNK_SIZE", size)
    assert [_parse(sample.read_bytes()) for sample in SAMPLES] == whole
    assert _records(DOC) == EXPECTED


def test_conversion_rules() -> None:
    doc = (
        b"<QBXML><QBXMLMsgsRs>"
        b'<CustomerQueryRs statusCode="0" statusSeverity="Info">'
        b'<CustomerRet kind="x"><Name lang="en">A</Name><BillAddress/><DataExtRet/>'
        b"<Future><Deep>1</Deep><Deep>2</Deep><Deeper><X>y</X></Deeper></Future>"
        b"<Sublevel>  </Sublevel></CustomerRet>"
        b"</CustomerQueryRs>"
        b'<ListDelRs statusCode="0" statusSeverity="Info"><ListDelType>Customer</ListDelType>'
        b"<ListID>80-1</ListID></ListDelRs>"
        b'<NewThingQueryRs statusCode="0" statusSeverity="Info">'
        b"<CustomerRet><DataExtRet><OwnerID>0</OwnerID></DataExtRet></CustomerRet>"
        b"<NewThingRet><A>1</A><A>2</A></NewThingRet>"
        b"</NewThingQueryRs>"
        b"</QBXMLMsgsRs></QBXML>"
    )
    customers, deleted, unknown = [list(rs.records) for rs in iter_response_sets(doc)]
    assert customers == [
        {
            "@kind": "x",
            "Name": {"@lang": "en", "#text": "A"},
            "BillAddress": {},  # an aggregate is a dict even when empty
            "DataExtRet": [{}],  # repeatable: a list
            "Future": {"Deep": ["1", "2"], "Deeper": {"X": "y"}},  # unknown: kept
            "Sublevel": "  ",  # simple content keeps its text as is
        }
    ]
    assert [(r.tag, r) for r in deleted] == [
        ("ListDelType", {"#text": "Customer"}),
        ("ListID", {"#text": "80-1"}),
    ]
    assert all(isinstance(r, Record) for r in deleted)
    # an unknown response: its records are typed by their global element when there is one
    assert [(r.tag, r) for r in unknown] == [
        ("CustomerRet", {"DataExtRet": [{"OwnerID": "0"}]}),
        ("NewThingRet", {"A": ["1", "2"]}),
    ]


# --- message-set attributes -------------------------------------------------------------


def test_message_set_attributes() -> None:
    sets = iter_response_sets(DOC)
    assert sets.message_set is None  # nothing parsed yet
    first = next(sets)
    expected = MessageSet({"newMessageSetID": "42", "messageSetStatusCode": "0"})
    assert first.message_set == expected == sets.message_set
    assert (first.message_set.new_message_set_id, first.message_set.status_code) == ("42", 0)
    assert parse_message_set(DOC) == expected
    assert parse_message_set(DOC.encode()) == expected


def test_message_set_without_response_sets() -> None:
    # error recovery: QuickBooks may answer with the message-set status alone
    doc = b'<QBXML><QBXMLMsgsRs newMessageSetID="7" messageSetStatusCode="9001"/></QBXML>'
    sets = iter_response_sets(doc)
    assert list(sets) == []
    assert sets.message_set is not None and sets.message_set.status_code == 9001
    assert parse_message_set(doc) == sets.message_set
    other = b"<QBXML><QBXMLSubscriptionMsgsRs/></QBXML>"
    assert parse_message_set(other) is None
    sets = iter_response_sets(other)
    assert list(sets) == [] and sets.message_set is None


def test_parse_message_set_reads_only_the_start() -> None:
    head = b'<QBXML><QBXMLMsgsRs newMessageSetID="1"><CustomerQueryRs>'
    # the rest is never needed (the document need not even be complete)
    body = head + b"<CustomerRet><Name>x</Name></CustomerRet>" * 20_000
    assert parse_message_set(body) == MessageSet({"newMessageSetID": "1"})


# --- records after moving on ------------------------------------------------------------


def _three_sets() -> bytes:
    ret = "<CustomerRet><Name>{}</Name></CustomerRet>"
    rs = '<CustomerQueryRs requestID="{}" statusCode="0" statusSeverity="Info">{}</CustomerQueryRs>'
    return (
        "<QBXML><QBXMLMsgsRs>"
        + rs.format("a", "".join(ret.format(i) for i in range(3)))
        + rs.format("b", "")
        + rs.format("c", "".join(ret.format(i) for i in range(2)))
        + "</QBXMLMsgsRs></QBXML>"
    ).encode()


def test_reading_unread_records_after_moving_on_raises() -> None:
    sets = iter_response_sets(_three_sets())
    a, b, c = next(sets), next(sets), next(sets)
    with pytest.raises(QbxmlStreamError, match=r"3 unread record\(s\) of CustomerQueryRs"):
        next(a.records)
    assert list(b.records) == []  # nothing was discarded: just empty
    assert [r["Name"] for r in c.records] == ["0", "1"]
    # list() or unpacking reads to the end, past the last set's records too
    *_, last = iter_response_sets(_three_sets())
    with pytest.raises(QbxmlStreamError, match="2 unread"):
        list(last.records)


def test_partly_read_set_raises_and_fully_read_set_is_exhausted() -> None:
    sets = iter_response_sets(_three_sets())
    a = next(sets)
    assert next(a.records)["Name"] == "0"
    b = next(sets)
    with pytest.raises(QbxmlStreamError, match="2 unread"):
        list(a.records)
    assert list(b.records) == []
    c = next(sets)
    assert len(list(c.records)) == 2
    assert next(sets, None) is None
    assert list(c.records) == []


def test_breaking_out_of_records_then_moving_on() -> None:
    names = []
    for rs in iter_response_sets(_three_sets()):
        for record in rs.records:
            names.append((rs.request_id, record["Name"]))
            break
    assert names == [("a", "0"), ("c", "0")]


# --- hardening --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prolog",
    [
        b"<!DOCTYPE QBXML>",
        b'<!DOCTYPE QBXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
        b'<!DOCTYPE QBXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE QBXML SYSTEM "qbxmlops130.dtd">',
    ],
)
def test_doctype_is_rejected(prolog: bytes) -> None:
    doc = (
        b'<?xml version="1.0"?>' + prolog + b"<QBXML><QBXMLMsgsRs><CustomerQueryRs>"
        b"<CustomerRet><Name>&b;</Name><Notes>&x;</Notes></CustomerRet>"
        b"</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )
    with pytest.raises(QbxmlResponseError, match="DOCTYPE"):
        list(iter_response_sets(doc))
    with pytest.raises(QbxmlResponseError, match="DOCTYPE"):
        parse_message_set(doc)


def test_doctype_is_rejected_before_a_foreign_root() -> None:
    with pytest.raises(QbxmlResponseError, match="DOCTYPE"):
        list(iter_response_sets(b"<!DOCTYPE html><html/>"))
    with pytest.raises(QbxmlResponseError, match="expected QBXML"):
        list(iter_response_sets(b"<html>" + b"<p>x</p>" * 50_000 + b"</html>"))


def test_entities_are_not_resolved() -> None:
    with pytest.raises(QbxmlResponseError, match="Entity 'foo' not defined"):
        list(iter_response_sets(b"<QBXML><QBXMLMsgsRs><A>&foo;</A></QBXMLMsgsRs></QBXML>"))
    # the five predefined entities and character references are plain text
    doc = b"<QBXML><QBXMLMsgsRs><A><B><C>&lt;&amp;&#233;</C></B></A></QBXMLMsgsRs></QBXML>"
    assert _records(doc) == [{"C": "<&\u00e9"}]


@pytest.fixture()
def listener() -> Iterator[socket.socket]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


def test_no_network_access(listener: socket.socket) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/x".encode()
    with_dtd = (
        b'<!DOCTYPE QBXML SYSTEM "' + url + b'.dtd" [<!ENTITY e SYSTEM "' + url + b'.ent">]>'
        b"<QBXML><QBXMLMsgsRs><CustomerQueryRs><CustomerRet><Name>&e;</Name></CustomerRet>"
        b"</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )
    rejected: QbxmlResponseError | None = None
    try:
        list(iter_response_sets(with_dtd))
    except QbxmlResponseError as exc:
        rejected = exc
    # neither the DTD nor the entity was fetched (libxml2 builds without HTTP support cannot
    # fetch at all; this guards builds that can)
    assert _connections(listener) == 0
    assert rejected is not None and "DOCTYPE" in str(rejected)
    xinclude = (
        b'<QBXML xmlns:xi="http://www.w3.org/2001/XInclude"><QBXMLMsgsRs><CustomerQueryRs>'
        b'<CustomerRet><xi:include href="' + url + b'.xml" parse="text"/></CustomerRet>'
        b"</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )
    (record,) = _records(xinclude)  # kept as an unknown element, never fetched
    assert record == {
        "{http://www.w3.org/2001/XInclude}include": {
            "@href": url.decode() + ".xml",
            "@parse": "text",
        }
    }
    assert _connections(listener) == 0


def test_huge_text_node() -> None:
    notes = "n" * 11_000_000  # over libxml2's 10 MB text limit without huge_tree
    doc = (
        "<QBXML><QBXMLMsgsRs><CustomerQueryRs><CustomerRet><Notes>"
        + notes
        + "</Notes></CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )
    (record,) = _records(doc.encode())
    assert record["Notes"] == notes


def test_empty_and_truncated_documents() -> None:
    for doc in (b"", b"  \n", ""):
        with pytest.raises(QbxmlResponseError, match="empty"):
            list(iter_response_sets(doc))
    truncated = _three_sets()[:-40]
    sets = iter_response_sets(truncated)
    with pytest.raises(QbxmlResponseError, match="malformed"):
        for rs in sets:
            list(rs.records)


# --- bounded tree -----------------------------------------------------------------------


def _customers(count: int) -> Iterator[bytes]:
    yield b'<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs statusCode="0">'
    for i in range(count):
        yield (
            f"<CustomerRet><ListID>{i}</ListID><Name>Customer {i}</Name>"
            f"<BillAddress><Addr1>{i} Main</Addr1></BillAddress><Notes>{'x' * 500}</Notes>"
            f"<DataExtRet><DataExtName>N</DataExtName></DataExtRet></CustomerRet>\n"
        ).encode()
    yield b"</CustomerQueryRs></QBXMLMsgsRs></QBXML>"


def test_the_lxml_tree_stays_small() -> None:
    """tracemalloc does not see libxml2's memory: check the tree itself stays about a chunk."""
    sets = iter_response_sets(b"".join(_customers(5_000)))
    largest = count = 0
    for rs in sets:
        for record in rs.records:
            assert record.tag == "CustomerRet" and isinstance(record["DataExtRet"], list)
            count += 1
            if count % 100 == 0:
                root = sets._stream.root
                assert root is not None
                largest = max(largest, sum(1 for _ in root.iter()))
    assert count == 5_000
    # one 64 KB chunk is ~110 records of 7 elements; never the 35,000 of the document
    assert 0 < largest < 2_000


# --- the marker comment (a document in memory is parsed without start events) ----------------


def _forced_start_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser, "_marker_position", lambda source: None)


@pytest.mark.parametrize("size", [1, 7, 4096, 1 << 16])
def test_marker_and_start_events_read_the_same(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser, "CHUNK_SIZE", size)
    sources = [s.read_bytes() for s in SAMPLES] + [DOC, DOC.encode(), "\n" + DOC]
    sources += [s.decode("utf-8", "replace") for s in sources if isinstance(s, bytes)]
    marked = [_parse(s) for s in sources]
    with monkeypatch.context() as m:
        _forced_start_events(m)
        assert [_parse(s) for s in sources] == marked


@pytest.mark.parametrize(
    ("source", "marked"),
    [
        (DOC, True),
        (DOC.encode(), True),
        ('<?xml version="1.0" ?>\r\n' + DOC, True),
        ("\ufeff" + DOC, True),
        (b"\xef\xbb\xbf" + DOC.encode(), True),
        ("Wow! " + DOC, False),  # not markup first: the parser says what is wrong
        (DOC.replace("<CustomerRet>", "<CustomerRet><!-- a comment -->", 1), False),
        (DOC.encode().replace(b"<Name>B", b"<Name>B!"), True),  # "!" alone is no comment
        (DOC.replace("<Name>B", "<Name>" + "B!" * 100), True),  # many, looked at in bulk
        (DOC.replace("<Name>B", "<Name>" + "B!" * 100 + "<!-- c -->"), False),
        (('<?xml version="1.0" encoding="utf-16"?>' + DOC).encode("utf-16"), False),
        (io.BytesIO(DOC.encode()), False),
        (bytearray(DOC.encode()), False),
    ],
)
def test_which_documents_get_the_marker(source: Any, marked: bool) -> None:
    sets = iter_response_sets(source)
    assert sets._stream._marked is marked
    if not isinstance(source, str) or not source.startswith("Wow"):
        assert [dict(r) for rs in sets for r in rs.records]


def test_comments_in_a_document_are_still_dropped() -> None:
    doc = DOC.replace("<Name>B</Name>", "<Name>B<!-- x -->C</Name>")
    assert _records(doc)[1] == {"Name": "BC"}


@pytest.mark.parametrize(
    "doc",
    [
        '<?xml version="1.0"?><QBXML><QBXMLMsgsRs><A>&bad;</A></QBXMLMsgsRs></QBXML>',
        "<QBXML><QBXMLMsgsRs><A>x</B></QBXMLMsgsRs></QBXML>",
        '<?xml version="1.0"?>\n<QBXML><QBXMLMsgsRs><A>x</B></QBXMLMsgsRs></QBXML>',
        '<?xml version="1.0"?><QBXML><QBXMLMsgsRs><A>x</A>',
    ],
)
def test_error_positions_are_in_the_document_as_sent(
    doc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def message(source: Any) -> str:
        with pytest.raises(QbxmlResponseError) as caught:
            for rs in iter_response_sets(source):
                list(rs.records)
        return str(caught.value)

    marked = [message(doc), message(doc.encode())]
    _forced_start_events(monkeypatch)
    assert [message(doc), message(doc.encode())] == marked


@pytest.mark.parametrize("read", ["first set", "first record", "render"])
def test_a_document_read_in_part_is_freed_at_once(read: str) -> None:
    """No generator of the parser holds its own reader: a document read in part (the status
    of the first set, a first page) is freed as soon as its reader goes, not left with its
    whole text for the garbage collector (a 20 MB answer kept until the next collection)."""
    import gc
    import weakref

    many = "".join(f"<CustomerRet><Name>C{n}</Name></CustomerRet>" for n in range(3000))
    rs = DOC[DOC.index("<CustomerQueryRs") : DOC.index("</QBXMLMsgsRs>")]
    second = rs.replace("</CustomerQueryRs>", many + "</CustomerQueryRs>")
    doc = DOC.replace("</QBXMLMsgsRs>", second + "</QBXMLMsgsRs>")
    gc.disable()
    try:
        sets = iter_response_sets(doc)
        first = next(sets)
        if read == "first record":
            next(iter(first.records))
        elif read == "render":
            next(first.render(lambda rs, n: list(range(n))))
        stream = weakref.ref(sets._stream)
        del sets, first
        assert stream() is None  # freed by reference counting alone
    finally:
        gc.enable()
