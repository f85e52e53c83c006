"""The compiled Ret -> JSON converters and the record-by-record JSON encoding of lists."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import orjson
import pytest
from flask import Flask

from nxus.qbxml.parser import iter_response_sets
from nxus.quickbooks.calls import render
from nxus.resources import RESOURCES, converters, to_json
from nxus.resources import encoding as qb_json
from nxus.resources.encoding import EncodedList
from nxus.resources.operation import Operation

CUSTOMERS = RESOURCES["customers"]


def test_absent_lists_are_new_per_record() -> None:
    first = to_json(CUSTOMERS, "CustomerRet", {})
    second = to_json(CUSTOMERS, "CustomerRet", {})
    lists = [k for k, v in first.items() if isinstance(v, list)]
    assert lists
    first[lists[0]].append("x")
    assert second[lists[0]] == []


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"Name": "Acme"}, "Acme"),
        ({"Name": {"@attr": "1"}}, None),  # an element with attributes is no text
        ({"Name": ""}, ""),
        ({}, None),
    ],
)
def test_plain_text_fields(record: dict[str, object], expected: object) -> None:
    assert to_json(CUSTOMERS, "CustomerRet", record)["name"] == expected


def test_nested_paths_read_through_dicts_only() -> None:
    ret = {"BillAddress": {"City": "Reno"}, "ParentRef": [{"ListID": "1"}, {"ListID": "2"}]}
    out = to_json(CUSTOMERS, "CustomerRet", ret)
    assert out["billingAddress"]["city"] == "Reno"
    # an unexpectedly repeated element: its first occurrence
    assert out["parent"] == {"id": "1", "fullname": None}
    assert to_json(CUSTOMERS, "CustomerRet", {"BillAddress": "text"})["billingAddress"] is None
    twice = {"Name": ["a", "b"], "Balance": ["1.5", "2"], "IsActive": ["true", "x"]}
    out = to_json(CUSTOMERS, "CustomerRet", twice)
    assert (out["name"], out["balance"], out["isActive"]) == ("a", 1.5, True)
    assert to_json(CUSTOMERS, "CustomerRet", {"Sublevel": "9" * 20})["sublevel"] == "9" * 20


def test_a_repeated_reference_is_a_list() -> None:
    refs = [{"ListID": "1", "FullName": "A"}, "text", {"ListID": "2"}]
    out = to_json(RESOURCES["items"], "ItemSalesTaxGroupRet", {"ItemSalesTaxRef": refs})
    assert out["itemSalesTax"] == [{"id": "1", "fullname": "A"}, {"id": "2", "fullname": None}]
    assert to_json(RESOURCES["items"], "ItemSalesTaxGroupRet", {})["itemSalesTax"] == []


def test_converters_add_object_and_item_types() -> None:
    items = converters(RESOURCES["items"])
    out = items["ItemServiceRet"]({"ListID": "1"})
    assert out["objectType"] == "qbd_service_item" and out["itemType"] == "Service"


def test_encoded_list_splices_sorted_json_chunks() -> None:
    records = EncodedList()
    for i in range(3):
        records.append({"b": i, "a": "é"})
    app = Flask(__name__)
    body = {"z": datetime.date(2024, 1, 2), "data": records, "n": {"more": EncodedList()}}
    body |= {"d": Decimal("1.50"), "u": uuid.UUID(int=1)}
    chunks = qb_json.encode(body, app.json.default)  # type: ignore[attr-defined]
    assert len(chunks) > 1 and chunks[-1].endswith(b"\n")
    text = b"".join(chunks)
    assert text.startswith(b'{"d":"1.50","data":[{"a":"\xc3\xa9","b":0},')
    assert orjson.loads(text) == {
        "d": "1.50",
        "data": [{"a": "é", "b": i} for i in range(3)],
        "n": {"more": []},
        "u": "00000000-0000-0000-0000-000000000001",
        "z": "Tue, 02 Jan 2024 00:00:00 GMT",
    }
    assert len(records) == 3 and list(records)[2] == {"a": "é", "b": 2}


def test_encoded_list_joins_records_into_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qb_json, "CHUNK_BYTES", 30)
    records = EncodedList()
    for i in range(10):
        records.append({"id": str(i)})
    chunks = records.chunks()
    assert 3 < len(chunks) < 20
    assert orjson.loads(b"".join(chunks)) == [{"id": str(i)} for i in range(10)]


def _customers(n: int) -> str:
    rets = "".join(
        f"<CustomerRet><ListID>{i}</ListID><Name>C{i}</Name><Sublevel>0</Sublevel>"
        "<Balance>1.50</Balance></CustomerRet>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="1" '
        f'statusCode="0" statusSeverity="Info" statusMessage="ok">{rets}</CustomerQueryRs>'
        "</QBXMLMsgsRs></QBXML>"
    )


def test_render_list_encodes_every_record_and_stops_at_the_limit() -> None:
    op = Operation("customers", "list", params={})
    every = render(op, _customers(5)).body
    assert isinstance(every, EncodedList) and len(every) == 5
    records = list(next(iter_response_sets(_customers(5))).records)
    assert list(every) == [to_json(CUSTOMERS, r.tag, r) for r in records]
    assert [r["id"] for r in render(op, _customers(5), limit=2).body] == ["0", "1"]


def test_render_retrieve_is_the_first_record() -> None:
    op = Operation("customers", "retrieve", object_id="1")
    body = render(op, _customers(3)).body
    assert isinstance(body, dict) and body["id"] == "0" and body["balance"] == 1.5
