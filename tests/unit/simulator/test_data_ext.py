"""The simulated QuickBooks keeps custom fields (data extensions) like QuickBooks: definitions
per owner, values on records and transaction lines, DataExtRet by the OwnerIDs a query names,
and its refusals (unknown field, object type not assigned, too long, no such object)."""

from __future__ import annotations

from typing import Any

import pytest

from nxus.qbxml.builder import RequestSpec, build_request
from nxus.qbxml.parser import iter_response_sets
from nxus.simulator.qb.data_ext import NOT_ASSIGNED
from nxus.simulator.quickbooks import SimulatedQuickBooks

GUID = "{6B1D5F0E-2C4A-4E7B-9A51-3D2F8C7E1A90}"


@pytest.fixture(scope="module")
def qb() -> SimulatedQuickBooks:
    return SimulatedQuickBooks(seed=4, records=300)


def run(qb: SimulatedQuickBooks, name: str, body: dict[str, Any]) -> tuple[int, list[Any]]:
    out = qb.process(build_request("16.0", [RequestSpec(name, body)]))
    rs = next(iter_response_sets(out))
    return rs.status_code or 0, [dict(r) for r in rs.records]


def define(qb: SimulatedQuickBooks, name: str, kind: str, *objects: str, owner: str = "0") -> None:
    body: dict[str, Any] = {"OwnerID": owner, "DataExtName": name, "DataExtType": kind}
    if objects:
        body["AssignToObject"] = list(objects)
    assert run(qb, "DataExtDefAddRq", {"DataExtDefAdd": body})[0] == 0


def customer(qb: SimulatedQuickBooks) -> str:
    return next(iter(qb.company.records["Customer"]))


def value(name: str, text: str, list_id: str, owner: str = "0") -> dict[str, Any]:
    return {
        "DataExtAdd": {
            "OwnerID": owner,
            "DataExtName": name,
            "ListDataExtType": "Customer",
            "ListObjRef": {"ListID": list_id},
            "DataExtValue": text,
        }
    }


def test_values_come_back_for_the_owners_a_query_names(qb: SimulatedQuickBooks) -> None:
    define(qb, "Shade", "STR255TYPE", "Customer")
    define(qb, "Secret", "STR1024TYPE", owner=GUID)
    cid = customer(qb)
    assert run(qb, "DataExtAddRq", value("Shade", "blue", cid))[0] == 0
    assert run(qb, "DataExtAddRq", value("Secret", "s" * 900, cid, GUID))[0] == 0
    assert run(qb, "DataExtAddRq", value("Shade", "again", cid))[0] == 3100

    def names(owners: list[str]) -> list[str]:
        body: dict[str, Any] = {"ListID": [cid]} | ({"OwnerID": owners} if owners else {})
        found = run(qb, "CustomerQueryRq", body)[1][0].get("DataExtRet", [])
        return sorted(v["DataExtName"] for v in found)

    assert names([]) == []
    assert names(["0"]) == ["Shade"]
    assert names(["0", GUID]) == ["Secret", "Shade"]
    deleted = run(qb, "DataExtDefDelRq", {"OwnerID": "0", "DataExtName": "Shade"})
    assert deleted[1][0]["DataExtName"] == "Shade"
    assert names(["0", GUID]) == ["Secret"]


def test_quickbooks_refusals(qb: SimulatedQuickBooks) -> None:
    define(qb, "Grade", "STR255TYPE", "Vendor")
    cid = customer(qb)
    assert run(qb, "DataExtAddRq", value("Grade", "A", cid))[0] == NOT_ASSIGNED
    assert run(qb, "DataExtAddRq", value("Missing", "A", cid))[0] == 3120
    define(qb, "Note", "STR255TYPE", "Customer")
    assert run(qb, "DataExtAddRq", value("Note", "n" * 256, cid))[0] == 3070
    assert run(qb, "DataExtAddRq", value("Note", "n", "80FFFFFF-1"))[0] == 3140
    mod = {"DataExtMod": value("Note", "n", cid)["DataExtAdd"]}
    assert run(qb, "DataExtModRq", mod)[0] == 3120  # nothing to change yet
    other = "{00000000-0000-4000-8000-000000000001}"
    assert run(qb, "DataExtDefQueryRq", {"OwnerID": [other]})[0] == 1
    define(qb, "Hidden", "STR255TYPE", owner=other)  # owners compare without case
    found = run(qb, "DataExtDefQueryRq", {"OwnerID": [other.lower()]})[1]
    assert [d["DataExtName"] for d in found] == ["Hidden"]


def test_line_adds_carry_their_values(qb: SimulatedQuickBooks) -> None:
    define(qb, "Batch", "STR255TYPE", "Invoice")
    item = next(iter(qb.company.records["ItemService"]))
    line = {
        "ItemRef": {"ListID": item},
        "Quantity": 1,
        "Rate": 5,
        "DataExt": [{"OwnerID": "0", "DataExtName": "Batch", "DataExtValue": "B-9"}],
    }
    add = {"InvoiceAdd": {"CustomerRef": {"ListID": customer(qb)}, "InvoiceLineAdd": [line]}}
    code, rets = run(qb, "InvoiceAddRq", add)
    assert code == 0
    assert rets[0]["InvoiceLineRet"][0]["DataExtRet"][0]["DataExtValue"] == "B-9"
    line["DataExt"][0]["DataExtName"] = "Grade"  # assigned to vendors only
    assert run(qb, "InvoiceAddRq", add)[0] == NOT_ASSIGNED
