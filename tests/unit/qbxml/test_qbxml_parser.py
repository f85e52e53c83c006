"""Streaming response parser: conversion rules and flat memory on a 20,000-customer response."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from nxus.qbxml.parser import QbxmlResponseError, iter_response_sets
from tests.conftest import FIXTURES

QBXML = FIXTURES / "qbxml"
RESPONSES = sorted((QBXML / "responses").glob("*_rs.xml"))
HCP = QBXML / "hcp_quickbooks_pro_2014.xml"


@pytest.mark.parametrize("sample", RESPONSES, ids=lambda p: p.name)
def test_recorded_responses_parse(sample: Path) -> None:
    sets = [(rs, list(rs.records)) for rs in iter_response_sets(sample.read_bytes())]
    assert sets
    for rs, records in sets:
        assert rs.name.endswith("Rs") and rs.status_code == 0 and rs.ok
        assert records and all(r.tag.endswith("Ret") for r in records)


def test_lines_are_lists_even_when_single() -> None:
    data = (QBXML / "responses" / "purchase_order_query_rs.xml").read_bytes()
    sets = [(rs, list(rs.records)) for rs in iter_response_sets(data)]
    ((rs, (order,)),) = sets
    assert isinstance(order["PurchaseOrderLineRet"], list)
    assert isinstance(order["VendorRef"], dict)
    assert rs.iterator_remaining_count == 0


def test_hcp_response_and_tolerance() -> None:
    data = HCP.read_bytes()
    sets = {rs.name: list(rs.records) for rs in iter_response_sets(data)}
    host = sets["HostQueryRs"][0]
    assert host["SupportedQBXMLVersion"][-1] == "13.0"
    assert sets["CompanyQueryRs"][0]["CompanyName"] == "Orchard Lane Farm"
    doc = (
        b'<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>'
        b'<CustomerQueryRs requestID="5" statusCode="1" statusSeverity="Info" statusMessage="x"/>'
        b'<CustomerAddRs requestID="6" statusCode="3100" statusSeverity="Error"'
        b' statusMessage="The name &quot;A&quot; of the list element is already in use."/>'
        b'<CustomerQueryRs requestID="7" statusCode="0" statusSeverity="Info">'
        b"<CustomerRet><Name>A</Name><FutureThing>x</FutureThing><FutureThing>y</FutureThing>"
        b"<JobStatus>BrandNewEnum</JobStatus></CustomerRet></CustomerQueryRs>"
        b"</QBXMLMsgsRs></QBXML>"
    )
    parsed = [
        (rs.request_id, rs.status_code, rs.ok, list(rs.records)) for rs in iter_response_sets(doc)
    ]
    assert parsed[0][:3] == ("5", 1, True) and parsed[0][3] == []
    assert parsed[1][:3] == ("6", 3100, False)
    record = parsed[2][3][0]
    assert record == {"Name": "A", "FutureThing": ["x", "y"], "JobStatus": "BrandNewEnum"}


def test_unread_records_are_skipped_and_bad_xml_raises() -> None:
    names = [rs.name for rs in iter_response_sets(HCP.read_bytes())]
    assert names == ["HostQueryRs", "CompanyQueryRs", "PreferencesQueryRs"]
    with pytest.raises(QbxmlResponseError):
        list(iter_response_sets(b"<QBXML><QBXMLMsgsRs><X"))
    with pytest.raises(QbxmlResponseError):
        list(iter_response_sets(b"<Other/>"))


class _Chunks(io.RawIOBase):
    """A file-like object producing a big response on the fly (never all in memory)."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self._parts = parts
        self._buffer = b""
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        while len(self._buffer) < len(target):
            part = next(self._parts, None)
            if part is None:
                break
            self._buffer += part
        count = min(len(target), len(self._buffer))
        target[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        self.size += count
        return count


def customer_response(count: int) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="1" '
        b'statusCode="0" statusSeverity="Info" statusMessage="Status OK" '
        b'iteratorRemainingCount="0" iteratorID="{1}">'
    )
    notes = "Some notes about this customer. " * 18
    for i in range(count):
        yield (
            f"<CustomerRet><ListID>80000{i:05d}-1234567890</ListID><EditSequence>1</EditSequence>"
            f"<Name>Customer {i}</Name><FullName>Customer {i}</FullName><IsActive>true</IsActive>"
            f"<CompanyName>Company {i}</CompanyName><BillAddress><Addr1>{i} Main</Addr1>"
            f"<City>Springfield</City><PostalCode>62701</PostalCode></BillAddress>"
            f"<Email>c{i}@example.com</Email><Balance>{i}.00</Balance><Notes>{notes}</Notes>"
            f"<DataExtRet><OwnerID>0</OwnerID><DataExtName>N</DataExtName>"
            f"<DataExtType>STR255TYPE</DataExtType><DataExtValue>v</DataExtValue></DataExtRet>"
            f"</CustomerRet>"
        ).encode()
    yield b"</CustomerQueryRs></QBXMLMsgsRs></QBXML>"


@pytest.mark.slow  # a 20,000-customer response
def test_memory_stays_flat_on_20000_customers() -> None:
    source = _Chunks(customer_response(20_000))
    # Warm the parser's once-per-process tables first: run alone, their first build would
    # count as the parse's peak (the suite's order used to hide it).
    for rs in iter_response_sets(io.BufferedReader(_Chunks(customer_response(2)), 1 << 16)):
        list(rs.records)
    tracemalloc.start()
    try:
        count = 0
        for rs in iter_response_sets(io.BufferedReader(source, 1 << 16)):
            for record in rs.records:
                count += 1
                assert isinstance(record["DataExtRet"], list)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert source.size > 15_000_000
    assert peak < source.size / 20  # a small fraction of the input (measured: well under 1 MB)
