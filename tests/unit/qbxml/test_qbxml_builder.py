"""build_request: ordering, formatting, checks, and output that both validators accept."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from nxus.qbxml import spec
from nxus.qbxml.builder import QbxmlBuildError, RequestSpec, build_request
from nxus.qbxml.validate import QbxmlParseError, validate_request
from tests.qbxml_checks import assert_valid_request


def assert_valid_everywhere(doc: bytes, version: str) -> None:
    """Our validator (with lengths) accepts `doc` as `version`; under `make conformance` the XSD
    of the matching schema (13.0 up to 13.0, else 16.0) must accept it too."""
    assert assert_valid_request(doc).version == version


SAMPLE_VALUES: dict[str, Any] = {
    "STRTYPE": "x",
    "IDTYPE": "80000001-1234567890",
    "BOOLTYPE": True,
    "DATETYPE": date(2024, 2, 29),
    "DATETIMETYPE": datetime(2024, 2, 29, 13, 5, 0, tzinfo=timezone(timedelta(hours=1))),
    "AMTTYPE": Decimal("12.5"),
    "PRICETYPE": Decimal("1.23456"),
    "QUANTYPE": 3,
    "PERCENTTYPE": Decimal("7.25"),
    "INTTYPE": 1,
    "GUIDTYPE": "{12345678-1234-1234-1234-123456789012}",
    "FLOATTYPE": Decimal("1.5"),
    "TIMEINTERVALTYPE": "PT1H30M",
    "UUIDTYPE": "u",
    "MACROTYPE": "TxnID:1",
    "ENUMTYPE": "x",
}


def sample_value(path: str, version: str) -> Any:
    node = spec.resolve(path, version)
    if node.complex is not None and node.simple is None:
        return {}
    simple = node.simple
    assert simple is not None
    if simple.enum:
        return simple.enum[0]
    if simple.min_inclusive is not None:
        return simple.min_inclusive
    return SAMPLE_VALUES[simple.base]


def set_path(body: dict[str, Any], rel: str, value: Any) -> None:
    *parents, leaf = rel.split("/")
    for name in parents:
        current = body.setdefault(name, {})
        body = current[0] if isinstance(current, list) else current
    body.setdefault(leaf, value)


def minimal_request(request: str, version: str, extra: str | None = None) -> bytes:
    """Fill required fields until the builder is satisfied (it names what is missing)."""
    body: dict[str, Any] = {}
    if extra:
        parts = extra.split("/")
        for depth in range(1, len(parts) + 1):
            rel = "/".join(parts[:depth])
            set_path(body, rel, sample_value(f"{request}/{rel}", version))
    for _ in range(60):
        try:
            return build_request(version, [RequestSpec(request, body)])
        except QbxmlBuildError as exc:
            if not exc.message.startswith("required"):
                raise
            set_path(body, exc.path, sample_value(f"{request}/{exc.path}", version))
    raise AssertionError(f"could not complete {request}")


def test_orders_formats_and_validates() -> None:
    body = {
        "CustomerAdd": {
            "Phone": "555-0100",
            "BillAddress": {"City": "Springfield", "Addr1": "1 Main"},
            "Name": "Acme",
            "IsActive": False,
            "OpenBalance": 10,
            "OpenBalanceDate": date(2024, 1, 2),
        }
    }
    for version in ("13.0", "16.0", "5.0"):
        doc = build_request(version, [RequestSpec("CustomerAddRq", body, {"requestID": "9"})])
        assert doc.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<?qbxml version="')
        assert_valid_everywhere(doc, version)
        add = etree.fromstring(doc).find("QBXMLMsgsRq/CustomerAddRq/CustomerAdd")
        assert [c.tag for c in add][:3] == ["Name", "IsActive", "BillAddress"]
        assert add.findtext("OpenBalance") == "10.00"
        assert add.findtext("IsActive") == "false"


def test_lines_lists_and_datetime_offsets() -> None:
    body = {
        "InvoiceAdd": {
            "InvoiceLineAdd": [
                {"Quantity": Decimal("2.5"), "ItemRef": {"FullName": "Widget"}, "Rate": 1.1},
                {"Desc": "Note only"},
            ],
            "CustomerRef": {"ListID": "80000001-1"},
            "TxnDate": date(2024, 3, 1),
        }
    }
    query = {"MaxReturned": 5, "ModifiedDateRangeFilter": {"FromModifiedDate": datetime(
        2024, 1, 2, 3, 4, 5, 678, tzinfo=timezone(timedelta(hours=-5)))}}  # fmt: skip
    doc = build_request(
        "16.0",
        [RequestSpec("InvoiceAddRq", body), RequestSpec("InvoiceQueryRq", query)],
        on_error="continueOnError",
        new_message_set_id="abc",
    )
    assert_valid_everywhere(doc, "16.0")
    root = etree.fromstring(doc)
    lines = root.findall("QBXMLMsgsRq/InvoiceAddRq/InvoiceAdd/InvoiceLineAdd")
    assert [line.findtext("Rate") for line in lines] == ["1.1", None]
    stamp = root.findtext("QBXMLMsgsRq/InvoiceQueryRq/ModifiedDateRangeFilter/FromModifiedDate")
    assert stamp == "2024-01-02T03:04:05-05:00"
    assert validate_request(doc).new_message_set_id == "abc"


@pytest.mark.parametrize(
    ("version", "body", "path", "needs"),
    [
        ("11.0", {"CustomerAdd": {"Name": "A", "JobTitle": "B"}}, "CustomerAdd/JobTitle", "12.0"),
        ("13.0", {"CustomerAdd": {"Name": "A", "BillAddress": {"Addr1": "x" * 42}}},
         "CustomerAdd/BillAddress/Addr1", None),
        ("13.0", {"CustomerAdd": {"IsActive": True}}, "CustomerAdd/Name", None),
        ("13.0", {"CustomerAdd": {"Name": "A", "Bogus": 1}}, "CustomerAdd/Bogus", None),
        ("13.0", {"CustomerAdd": {"Name": "A", "OpenBalance": Decimal("1.005")}},
         "CustomerAdd/OpenBalance", None),
        ("13.0", {"CustomerAdd": {"Name": ["A", "B"]}}, "CustomerAdd/Name", None),
        ("13.0", {"CustomerAdd": {"Name": "A", "IsActive": "yes"}}, "CustomerAdd/IsActive", None),
        ("13.0", {"CustomerAdd": {"Name": "A", "IsActive": 1.5}}, "CustomerAdd/IsActive", None),
        ("13.0", {"CustomerAdd": "A"}, "CustomerAdd", None),
    ],
)  # fmt: skip
def test_errors_name_the_field(version: str, body: dict, path: str, needs: str | None) -> None:
    with pytest.raises(QbxmlBuildError) as info:
        build_request(version, [RequestSpec("CustomerAddRq", body)])
    assert info.value.path == path
    assert info.value.needs_version == needs


def test_choice_conflict_and_enum_attribute() -> None:
    with pytest.raises(QbxmlBuildError, match="cannot be combined with ListID"):
        build_request("13.0", [RequestSpec("CustomerQueryRq", {"ListID": ["1"], "FullName": "x"})])
    with pytest.raises(QbxmlBuildError) as info:
        build_request("13.0", [RequestSpec("CustomerQueryRq", {}, {"iterator": "Sideways"})])
    assert info.value.path == "@iterator"
    with pytest.raises(QbxmlBuildError, match="unknown request"):
        build_request("13.0", [RequestSpec("NopeRq", {})])


@pytest.mark.parametrize(
    ("request_name", "body", "path", "members"),
    [
        # A required choice after optional elements: name the choice, not the optional ones.
        ("CreditMemoAddRq", {"CreditMemoAdd": {"CustomerRef": {"ListID": "1-1"}, "Memo": "m"}},
         "CreditMemoAdd/CreditMemoLineAdd", ["CreditMemoLineAdd", "CreditMemoLineGroupAdd"]),
        ("ReceivePaymentAddRq", {"ReceivePaymentAdd": {"CustomerRef": {"ListID": "1-1"}}},
         "ReceivePaymentAdd/IsAutoApply", ["IsAutoApply", "AppliedToTxnAdd"]),
        ("ItemServiceAddRq", {"ItemServiceAdd": {"Name": "S"}},
         "ItemServiceAdd/SalesOrPurchase", ["SalesOrPurchase", "SalesAndPurchase"]),
        ("JournalEntryAddRq", {"JournalEntryAdd": {"Memo": "m"}},
         "JournalEntryAdd/JournalDebitLine", ["JournalDebitLine", "JournalCreditLine"]),
        # A required element missing before a present one: only that element.
        ("CreditMemoAddRq", {"CreditMemoAdd": {"Memo": "m", "CreditMemoLineAdd": {}}},
         "CreditMemoAdd/CustomerRef", ["CustomerRef"]),
        ("CustomerAddRq", {"CustomerAdd": {}}, "CustomerAdd/Name", ["Name"]),
    ],
)  # fmt: skip
def test_missing_required_choice_names_its_members_only(
    request_name: str, body: dict[str, Any], path: str, members: list[str]
) -> None:
    with pytest.raises(QbxmlBuildError) as info:
        build_request("16.0", [RequestSpec(request_name, body)])
    assert info.value.path == path
    expected = "required" if len(members) == 1 else f"required (one of: {', '.join(members)})"
    assert info.value.message == expected


def test_required_choice_filled_with_any_member_validates() -> None:
    for line in ("CreditMemoLineAdd", "CreditMemoLineGroupAdd"):
        value = {"ItemGroupRef": {"FullName": "G"}} if "Group" in line else {"Desc": "d"}
        add = {"CustomerRef": {"ListID": "1-1"}, "Memo": "m", line: value}
        doc = build_request("16.0", [RequestSpec("CreditMemoAddRq", {"CreditMemoAdd": add})])
        assert_valid_everywhere(doc, "16.0")


def _request_paths(version: str, max_depth: int = 4) -> list[tuple[str, str]]:
    """(request, relative path) of every element below the requests, to `max_depth`."""
    out: list[tuple[str, str]] = []

    def walk(request: str, rel: str, depth: int) -> None:
        for child in spec.children(f"{request}/{rel}" if rel else request, version):
            child_rel = f"{rel}/{child.name}" if rel else child.name
            out.append((request, child_rel))
            if child.type_key and depth < max_depth:
                walk(request, child_rel, depth + 1)

    for request in spec.request_types(version):
        walk(request, "", 1)
    return out


def _added(newer: str, older: str, names: set[str] | None) -> list[tuple[str, str]]:
    found = [
        (req, rel)
        for req, rel in _request_paths(newer)
        if (names is None or rel.rsplit("/", 1)[-1] in names)
        and spec.exists(f"{req}/{rel}".rsplit("/", 1)[0], older)
        and not spec.exists(f"{req}/{rel}", older)
    ]
    return found


def _check_refused(pairs: list[tuple[str, str]], newer: str, older: str) -> int:
    checked = 0
    for request, rel in pairs:
        try:
            doc = minimal_request(request, newer, rel)
        except QbxmlBuildError:
            continue  # a choice the filler cannot satisfy with the extra element: skip it
        assert_valid_everywhere(doc, newer)
        old_doc = doc.replace(f'version="{newer}"'.encode(), f'version="{older}"'.encode())
        with pytest.raises(QbxmlParseError) as info:
            validate_request(old_doc)
        assert "does not exist in qbXML" in info.value.detail or "not allowed" in info.value.detail
        checked += 1
    return checked


def test_elements_added_after_13_are_refused_for_13() -> None:
    pairs = _added("16.0", "13.0", None)
    assert len(pairs) > 20
    assert _check_refused(pairs, "16.0", "13.0") > 20


def test_elements_added_after_5_are_refused_for_5() -> None:
    pairs = _added("13.0", "5.0", None)[::7]
    assert len(pairs) > 50
    assert _check_refused(pairs, "13.0", "5.0") > 50
    with pytest.raises(QbxmlBuildError) as info:
        build_request(
            "5.0", [RequestSpec("CustomerAddRq", {"CustomerAdd": {"Name": "A", "ClassRef": {}}})]
        )
    assert info.value.needs_version == "12.0"
