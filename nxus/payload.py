"""Stored payloads (qbXML of jobs, exchange bodies): compressed on SQLite, transparently.

`CompressedText` is a Text column whose values are str for every reader. On SQLite a value of
COMPRESS_MIN_CHARS or more is written as a BLOB: a 2-byte header (`HEADER`: 0xFF can never
start UTF-8 text) and a zlib stream at level 1 (a 17 MB qbXML answer: ~45 ms, ~15x smaller;
levels 2-3 are no smaller on qbXML, level 6 is 2.3x slower) primed with `DICTIONARY`, the
text every SOAP envelope of the exchange log repeats: a 612-byte sendRequestXML request then
takes 71 bytes instead of 348, a receiveResponseXML result 33 instead of 205. A TEXT value (a
row written before compression, or a short one) is read as it is, so no migration rewrites old
rows. SQLite keeps a BLOB in a TEXT-declared column as it is (affinity never converts a BLOB).

PostgreSQL stores the text as it is: its TOAST compression (lz4, see nxus.db.tune_postgres)
does the same work in the server. Measured on a 17 MB answer (PostgreSQL 15): lz4 text 1.55 MB,
write 80 ms, read 42 ms; zlib-1 in a bytea 1.15 MB, 54 ms, 33 ms. The bytea would need a
column type change that rewrites the jobs table; the purge (nxus.services.retention) keeps
that table small, so the 35% is not worth it.
"""

from __future__ import annotations

import zlib

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

HEADER = b"\xffD"  # zlib primed with DICTIONARY (version 1); another codec: another 2nd byte
LEVEL = 1
# Shorter values stay text, and so does a compressed value that would not be shorter.
COMPRESS_MIN_CHARS = 64
# NEVER CHANGE: every stored value with HEADER needs exactly these bytes to be read. A new
# dictionary takes a new header. zlib looks back from the end: the most common text is last.
DICTIONARY = (
    b'<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><QBXMLMsgsRq onError="stopOnError">'
    b'requestID="" statusCode="0" statusSeverity="Info" statusMessage="Status OK">'
    b'</QBXMLMsgsRs></QBXML><?qbxml version="16.0"?>'
    b"<soap:Fault><faultcode>soap:Client</faultcode><faultstring></faultstring></soap:Fault>"
    b"<authenticateResponse><authenticateResult><string>[ticket ]</string><string>none"
    b"</string></authenticateResult></authenticateResponse>"
    b"<strUserName></strUserName><strPassword>[redacted]</strPassword>"
    b"<getLastErrorResponse><getLastErrorResult>NoOp</getLastErrorResult>"
    b"</getLastErrorResponse><closeConnectionResponse><closeConnectionResult>OK"
    b"</closeConnectionResult></closeConnectionResponse><sendRequestXMLResponse>"
    b"<sendRequestXMLResult /></sendRequestXMLResponse><receiveResponseXMLResponse "
    b'xmlns="http://developer.intuit.com/"><receiveResponseXMLResult>100'
    b"</receiveResponseXMLResult></receiveResponseXMLResponse></soap:Body></soap:Envelope>"
    b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.'
    b'org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd='
    b'"http://www.w3.org/2001/XMLSchema"><soap:Body><sendRequestXML xmlns="http://developer.'
    b'intuit.com/"><ticket>[ticket ]</ticket><strHCPResponse /><strCompanyFileName>C:\\Users'
    b"\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\.qbw</strCompanyFileName>"
    b"<qbXMLCountry>US</qbXMLCountry><qbXMLMajorVers>16</qbXMLMajorVers><qbXMLMinorVers>0"
    b"</qbXMLMinorVers></sendRequestXML></soap:Body></soap:Envelope>"
)
# The text is encoded and compressed in slices: a 17 MB answer never exists twice in memory
# (its UTF-8 copy and the compressed bytes grow slice by slice).
_SLICE_CHARS = 1 << 20


def compress(text: str) -> bytes:
    """HEADER + a zlib stream of the UTF-8 text (surrogates refused, as by the database)."""
    packer = zlib.compressobj(LEVEL, zdict=DICTIONARY)
    parts = [HEADER]
    for start in range(0, len(text), _SLICE_CHARS):
        parts.append(packer.compress(text[start : start + _SLICE_CHARS].encode("utf-8")))
    parts.append(packer.flush())
    return b"".join(parts)


def decompress(blob: bytes) -> str:
    """The text `compress` was given; ValueError for bytes that are not a stored payload."""
    if not blob.startswith(HEADER):
        raise ValueError(f"not a stored payload (header {bytes(blob[:2])!r})")
    try:
        unpacker = zlib.decompressobj(zdict=DICTIONARY)
        raw = unpacker.decompress(memoryview(blob)[len(HEADER) :])
        tail = unpacker.flush()
        if tail:
            raw += tail
        if not unpacker.eof:
            raise zlib.error("the stream is cut short")
    except zlib.error as exc:
        raise ValueError(f"a damaged stored payload: {exc}") from None
    return raw.decode("utf-8")


class CompressedText(TypeDecorator[str]):
    """Text, compressed on SQLite (see the module docstring); readers always get str."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | bytes | None:
        if value is None or dialect.name != "sqlite" or len(value) < COMPRESS_MIN_CHARS:
            return value
        blob = compress(value)
        if len(value) < 4096 and len(blob) >= len(value.encode("utf-8")):
            return value
        return blob

    def process_result_value(self, value: object, dialect: Dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bytes | bytearray | memoryview):
            return decompress(bytes(value))
        raise TypeError(f"unexpected stored payload type {type(value).__name__}")
