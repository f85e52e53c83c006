"""The fast path of `parse_call` (receiveResponseXML's escaped text unescaped in bulk) gives
exactly what the full lxml parse gives: the same SoapCall, or the same fault. Checked on the
envelope fixtures (tests/fixtures/qbwc), on hand-picked edges and on seeded random bodies
(hypothesis is not a dependency of this project)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from nxus.qbwc import envelope
from nxus.qbwc.envelope import INTUIT_NS, SOAP11_NS, SoapCall, SoapFault, parse_call
from tests.conftest import FIXTURES

ENVELOPES = FIXTURES / "qbwc" / "envelopes"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
DECL = b'<?xml version="1.0" encoding="utf-8"?>'

Outcome = tuple[Any, ...]


@pytest.fixture(params=["c", "python"])
def forced(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every body, however small, tries the fast path; its text is unescaped by the C module
    (skipped when it is not built), then by the Python slices."""
    monkeypatch.setattr(envelope, "FAST_PATH_MIN_BYTES", 0)
    if request.param == "python":
        monkeypatch.setattr(envelope, "_native", None)
    elif envelope._native is None:
        pytest.skip("the C module is not built (python tools/build_native.py)")


def outcome(parse: Callable[[bytes], SoapCall], body: bytes) -> Outcome:
    try:
        call = parse(body)
    except SoapFault as fault:
        return ("fault", fault.code, fault.message, fault.http_status)
    return ("call", call.method, list(call.params.items()))  # the order of params too


def assert_same(body: bytes) -> bool:
    """parse_call (fast path forced by the caller) == the full parse; True if the fast path
    answered."""
    assert outcome(parse_call, body) == outcome(envelope._parse_call_full, body), body[:2000]
    return envelope._parse_call_fast(body) is not None


def receive(response: bytes, *, tag: bytes = b"response", head: bytes = DECL) -> bytes:
    """A receiveResponseXML envelope framed as QBWC frames it, `response` as raw wire bytes."""
    return (
        head + b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>'
        b'<receiveResponseXML xmlns="http://developer.intuit.com/"><ticket>t-1</ticket>'
        b"<" + tag + b">" + response + b"</" + tag.split()[0] + b">"
        b"<hresult /><message /></receiveResponseXML></soap:Body></soap:Envelope>"
    )


# --- the envelope fixtures (QBWC's framing) --------------------------------------------------


def test_fixture_envelopes(forced: None) -> None:
    paths = sorted(ENVELOPES.glob("*.xml"))
    assert any(p.name == "receiveResponseXML_request.xml" for p in paths)
    fast = {p.name for p in paths if assert_same(p.read_bytes())}
    # The HRESULT one has `<response />`: nothing to gain, the full parse reads it.
    assert fast == {"receiveResponseXML_request.xml"}


def test_capture_with_bom_blanks_and_crlf(forced: None) -> None:
    real = (ENVELOPES / "receiveResponseXML_request.xml").read_bytes()
    for body in (envelope._BOM + b" \r\n" + real, real.replace(b"\n", b"\r\n")):
        assert assert_same(body)
    assert "\r" not in parse_call(real.replace(b"\n", b"\r\n")).params["response"]


# --- what the fast path reads, and that it really is the fast path ----------------------------


@pytest.mark.parametrize(
    ("wire", "text"),
    [
        (b"&lt;QBXML&gt;&lt;/QBXML&gt;", "<QBXML></QBXML>"),
        (b"&amp;lt;A &amp;amp; B&amp;gt;", "&lt;A &amp; B&gt;"),  # double escaping survives
        (b"&quot;x&apos; &amp;", "\"x' &"),
        (b"a\r\nb\rc\n\r\r\nd\t", "a\nb\nc\n\n\nd\t"),  # XML end-of-line handling
        ("é € 𝄞 \ufffd \u0085 \u2028 \U0010ffff".encode(), "é € 𝄞 \ufffd \u0085 \u2028 \U0010ffff"),
        (b"]]&gt; ] ]] > '\"", "]]> ] ]] > '\""),
        (b"", ""),
    ],
)
def test_fast_path_text(forced: None, wire: bytes, text: str) -> None:
    body = receive(wire)
    assert assert_same(body)
    assert parse_call(body).params["response"] == text


@pytest.mark.parametrize(
    "tag",
    [
        b'response xmlns="http://developer.intuit.com/"',
        b'response a="1" b=\'x>y\' xmlns:z="urn:z"',
        b"response\r\n\t",
    ],
)
def test_fast_path_start_tags(forced: None, tag: bytes) -> None:
    assert assert_same(receive(b"&lt;QBXML/&gt;", tag=tag))


@pytest.mark.parametrize(
    "body",
    [
        DECL
        + f'<e:Envelope xmlns:e="{SOAP11_NS}"><e:Body><q:receiveResponseXML '
        f'xmlns:q="{INTUIT_NS}"><q:ticket>t</q:ticket><q:response>&lt;a/&gt;</q:response  >'
        "</q:receiveResponseXML></e:Body></e:Envelope>".encode(),
        f'<Envelope xmlns="{SOAP11_NS}"><Body><receiveResponseXML xmlns="{INTUIT_NS}">'
        "<ticket>t</ticket><response>&lt;a/&gt;</response></receiveResponseXML></Body>"
        "</Envelope>".encode(),
        b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>" + receive(b"x", head=b""),
        b'<?xml version = "1.0"  encoding = "Utf-8"?>' + receive(b"x", head=b""),
        receive(b"x", head=b""),
    ],
)
def test_fast_path_prefixes_and_declarations(forced: None, body: bytes) -> None:
    assert assert_same(body)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (receive(b"&foo;"), "unknown entity"),
        (receive(b"a & b"), "bare ampersand"),
        (receive(b"&lt"), "reference without ;"),
        (receive(b"a<![CDATA[<QBXML/>]]>"), "CDATA section"),
        (receive(b"a<!-- c -->b"), "comment in the text"),
        (receive(b"a<x/>"), "child element"),
        (receive(b"a]]>b"), "]]> in text"),
        (receive(b"a\x01b"), "control character"),
        (receive(b"a\x00b"), "NUL"),
        (receive(b"a\xffb"), "invalid UTF-8"),
        (receive(b"a\xed\xa0\x80b"), "UTF-8 surrogate"),
        (receive(b"a\xc0\xafb"), "overlong UTF-8"),
        (receive(b"a\xef\xbf\xbeb"), "U+FFFE"),
        (
            receive("é".encode("latin-1"), head=b'<?xml version="1.0" encoding="ISO-8859-1"?>'),
            "Latin-1",
        ),
        (receive(b"x", head=b'<?xml version="1.1"?>'), "XML 1.1"),
        (receive(b"x", head=b"<!DOCTYPE x>"), "DOCTYPE"),
        (receive(b"x").replace(b"<response>x</response>", b"<response/>"), "self-closing"),
        (receive(b"x").replace(b"</response>", b"</responseX>"), "other end tag"),
        (receive(b"x")[:-40], "truncated"),
        (receive(b"x").replace(b"receiveResponseXML", b"sendRequestXML"), "other method"),
        (receive(b"x").replace(b"<ticket>t-1</ticket>", b""), "missing ticket"),
        (receive(b"x").replace(SOAP11_NS.encode(), SOAP12_NS.encode()), "SOAP 1.2"),
    ],
)
def test_fallbacks(forced: None, body: bytes, why: str) -> None:
    assert envelope._parse_call_fast(body) is None, why
    assert_same(body)


@pytest.mark.parametrize(
    ("wire", "text"),
    [
        (b"a&#13;b", "a\rb"),  # a referenced CR is no line end: it stays
        (b"a&#xD;&#xA;b\r\nc", "a\r\nb\nc"),
        (b"&#x41;&#66;&#x1F600;&#233;&#x20AC;", "AB\U0001f600\u00e9\u20ac"),
        (b"&#9;&#x9;&#10;", "\t\t\n"),
    ],
)
def test_character_references(forced: None, wire: bytes, text: str) -> None:
    """The C unescaper reads character references as an XML parser does; the Python slices
    leave them to the full parse. Either way the call is the full parse's."""
    fast = envelope._parse_call_fast(receive(wire))
    if envelope._native is None:
        assert fast is None
    else:
        assert fast is not None and fast.params["response"] == text
    assert assert_same(receive(wire)) is (envelope._native is not None)


@pytest.mark.parametrize(
    "wire",
    [b"&#0;", b"&#x1;", b"&#xD800;", b"&#xFFFE;", b"&#x110000;", b"&#x;", b"&#;", b"&#X41;",
     b"&#123456789;", b"&#65", b"&#x4G;", b"&#-1;"],
)  # fmt: skip
def test_bad_character_references_take_the_full_parse(forced: None, wire: bytes) -> None:
    assert envelope._parse_call_fast(receive(b"a" + wire + b"b")) is None
    assert_same(receive(b"a" + wire + b"b"))


def test_fake_response_in_a_comment_and_a_second_response(forced: None) -> None:
    in_comment = receive(b"real").replace(
        b"<ticket>", b"<!-- <response>fake</response> --><ticket>"
    )
    assert not assert_same(in_comment)
    assert parse_call(in_comment).params["response"] == "real"
    twice = receive(b"first").replace(b"<hresult />", b"<response>second</response><hresult />")
    assert not assert_same(twice)
    assert parse_call(twice).params["response"] == "second"  # the last one wins, as in lxml
    skip_empty = receive(b"real").replace(b"<ticket>", b"<response/><ticket>")
    assert assert_same(skip_empty)  # the first start tag that has content is the one used


def test_big_body_never_reaches_libxml2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above FAST_PATH_MIN_BYTES a plain answer is parsed without its text: if the optimisation
    stops applying, this fails."""
    record = b"&lt;CustomerRet&gt;&lt;Name&gt;A &amp;amp; B&lt;/Name&gt;&lt;/CustomerRet&gt;\r\n"
    body = receive(b"&lt;QBXML&gt;" + record * 8000 + b"&lt;/QBXML&gt;")
    assert len(body) > envelope.FAST_PATH_MIN_BYTES
    expected = envelope._parse_call_full(body)
    seen: list[int] = []
    real_parse = envelope._parse_envelope

    def spy(data: bytes) -> etree._Element:
        seen.append(len(data))
        return real_parse(data)

    monkeypatch.setattr(envelope, "_parse_envelope", spy)
    call = parse_call(body)
    assert call == expected
    assert call.params["response"].count("<CustomerRet><Name>A &amp; B</Name>") == 8000
    assert seen and max(seen) < 1000


def test_small_bodies_take_the_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(envelope, "_parse_call_fast", lambda body: pytest.fail("fast path"))
    assert parse_call(receive(b"x")).params["response"] == "x"


@pytest.mark.parametrize("chunk", [8, 9, 10, 11, 13, 64])
def test_slices_never_split_references_crlf_or_utf8(
    forced: None, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(envelope, "_CHUNK_BYTES", chunk)
    monkeypatch.setattr(envelope, "_native", None)
    text = "a\r\nb&lt;é&quot;\r\r\n𝄞&amp;amp;€&apos;\r\n&gt;" * 7
    assert assert_same(receive(text.encode()))
    assert envelope._parse_call_fast(receive(b"a\r\n" * 50)) is not None


# --- seeded random bodies ---------------------------------------------------------------------

GOOD_TEXT = [
    b"plain words ",
    b"&lt;CustomerRet&gt;",
    b"&lt;/CustomerRet&gt;",
    b"&amp;lt;",
    b"&amp;",
    b"&amp;amp;",
    b"&quot;",
    b"&apos;",
    b"\r\n",
    b"\r",
    b"\n",
    b"\t",
    b" ",
    b">",
    b"'\"",
    b"]",
    b"]]",
    b"]]&gt;",
    "é€𝄞\ufffd\u00a0".encode(),
    "\u0085\u2028\ue000\U0010ffff\ufdd0\U0001fffe".encode(),
    b"\x7f",
]
BAD_TEXT = [
    b"&#13;",
    b"&#x41;",
    b"&#65;",
    b"&#0;",
    b"&#xFFFE;",
    b"&#;",
    b"<![CDATA[a&b]]>",
    b"<!-- c -->",
    b"<?pi x?>",
    b"<x/>",
    b"]]>",
    b"\x01",
    b"\x00",
    b"\x0b",
    b"\x1f",
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xef\xbf\xbe",
    b"\xef\xbf\xbf",
    b"\xf4\x90\x80\x80",
    b"&foo;",
    b"&",
    b"&lt",
    b"& lt;",
    b"&LT;",
    b"&amp",
]
DECLS = [
    b"",
    DECL,
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b'<?xml version="1.0"?>',
    b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
    b'<?xml version = "1.0"  encoding = "Utf-8" ?>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b'<?xml version="1.0" encoding="utf8"?>',
    b'<?xml version="1.1"?>',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="us-ascii"?>',
    b'<?xml-stylesheet href="a"?>',
]
LEADS = [b"", envelope._BOM, b"\r\n  ", envelope._BOM + b" \n"]
DOCTYPES = [b"", b"<!DOCTYPE soap:Envelope>", b'<!DOCTYPE x [<!ENTITY foo "bar">]>']


def random_text(rng: random.Random) -> bytes:
    pieces = [rng.choice(GOOD_TEXT) for _ in range(rng.randrange(0, 12))]
    if rng.random() < 0.25:
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(BAD_TEXT))
    if rng.random() < 0.06:
        pieces.append(b"\xe9")  # Latin-1 é: fine under ISO-8859-1, invalid as UTF-8
    return b"".join(pieces)


def random_body(rng: random.Random) -> bytes:
    env = rng.choice(["soap:", "s:", ""])
    op_prefix = rng.choice(["", "q:"])
    env_ns = SOAP12_NS if rng.random() < 0.03 else SOAP11_NS
    env_xmlns = f'xmlns:{env[:-1]}="{env_ns}"' if env else f'xmlns="{env_ns}"'
    op_xmlns = f'xmlns:q="{INTUIT_NS}"' if op_prefix else f'xmlns="{INTUIT_NS}"'
    method = rng.choices(
        ["receiveResponseXML", "sendRequestXML", "connectionError", "format"], [20, 2, 1, 1]
    )[0]
    name = f"{op_prefix}response"
    attrs = rng.choice(
        ["", f' xmlns="{INTUIT_NS}"', " a=\"1\" b='x>y'", ' xmlns:z="urn:z"', "\r\n"]
    )
    if attrs.startswith(' xmlns="'):
        name = "response"
    end_tag = f"</{name}{rng.choice(['', ' ', chr(10)])}>"
    response = (
        f"<{name}/>".encode()
        if rng.random() < 0.05
        else f"<{name}{attrs}>".encode() + random_text(rng) + end_tag.encode()
    )
    params = [
        f"<{op_prefix}ticket>t-{rng.randrange(99)}</{op_prefix}ticket>".encode(),
        response,
        f"<{op_prefix}hresult />".encode(),
        f"<{op_prefix}message>m</{op_prefix}message>".encode(),
    ]
    if rng.random() < 0.1:
        params.pop(0)  # no ticket
    if rng.random() < 0.1:
        rng.shuffle(params)
    extras = [
        b"<!-- <response>fake</response> -->",
        b"<response>second &lt;x/&gt;</response>",
        b"<hresult><response>nested</response></hresult>",
        b'<z:response xmlns:z="urn:z">foreign</z:response>',
        b"<?pi <response>x</response>?>",
    ]
    for extra in extras:
        if rng.random() < 0.06:
            params.insert(rng.randrange(len(params) + 1), extra)
    operation = (
        f"<{op_prefix}{method} {op_xmlns}>".encode()
        + b"".join(params)
        + f"</{op_prefix}{method}>".encode()
    )
    body = (
        rng.choices(LEADS, [6, 1, 1, 1])[0]
        + rng.choices(DECLS, [4, 6, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1])[0]
        + rng.choices(DOCTYPES, [20, 1, 1])[0]
        + f"<{env}Envelope {env_xmlns}><{env}Body>".encode()
        + operation
        + f"</{env}Body></{env}Envelope>".encode()
    )
    if rng.random() < 0.05:
        body = body[: rng.randrange(len(body))]
    return body


def random_bodies(seed: int, count: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    for _ in range(count):
        yield random_body(rng)


@pytest.mark.parametrize("seed", range(6))
def test_random_bodies(forced: None, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.setattr(envelope, "_CHUNK_BYTES", [1 << 16, 8, 9, 13, 16, 31][seed])
    bodies = list(random_bodies(seed, 700))
    fast = sum(assert_same(body) for body in bodies)
    # Enough of them take the fast path for the comparison to mean something.
    assert fast >= len(bodies) // 6, fast


def test_random_bodies_cover_both_paths(forced: None) -> None:
    results = {assert_same(body) for body in random_bodies(99, 300)}
    assert results == {True, False}


def test_reference_text_unchanged_by_the_fast_path(forced: None) -> None:
    path: Path = ENVELOPES / "receiveResponseXML_request.xml"
    root = etree.fromstring(path.read_bytes())
    text = root.findtext(f".//{{{INTUIT_NS}}}response")
    assert parse_call(path.read_bytes()).params["response"] == text
