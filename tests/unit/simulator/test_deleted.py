"""The simulator remembers deletions for TxnDeletedQuery / ListDeletedQuery: type, id,
creation and deletion time, RefNumber or FullName; grouped by the types asked for, each by
deletion time; DeletedDateRangeFilter narrows it; after 90 days QuickBooks forgets."""

from __future__ import annotations

import pytest

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import FakeClock, ask, rs


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def qb(clock: FakeClock) -> SimulatedQuickBooks:
    return SimulatedQuickBooks(seed=4, records=300, clock=clock)


def _first(qb: SimulatedQuickBooks, query: str, id_tag: str, extra: str = "") -> tuple[str, str]:
    ret = rs(ask(qb, f"<{query}><MaxReturned>1</MaxReturned>{extra}</{query}>"))[0]
    return ret.findtext(id_tag) or "", ret.findtext("RefNumber") or ret.findtext("FullName") or ""


def _delete_txn(qb: SimulatedQuickBooks, kind: str, txn_id: str) -> None:
    answer = rs(
        ask(qb, f"<TxnDelRq><TxnDelType>{kind}</TxnDelType><TxnID>{txn_id}</TxnID></TxnDelRq>")
    )
    assert answer.get("statusCode") == "0", answer.get("statusMessage")


def _deleted(qb: SimulatedQuickBooks, body: str, kind: str = "Txn") -> list[dict[str, str]]:
    answer = rs(ask(qb, f"<{kind}DeletedQueryRq>{body}</{kind}DeletedQueryRq>"))
    return [{c.tag: c.text or "" for c in ret} for ret in answer]


def test_deleted_transactions_are_listed_by_type_then_time(
    qb: SimulatedQuickBooks, clock: FakeClock
) -> None:
    empty = rs(ask(qb, "<TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>"))
    assert empty.get("statusCode") == "1"  # nothing deleted yet: no match
    estimate, estimate_ref = _first(qb, "EstimateQueryRq", "TxnID")
    first, first_ref = _first(qb, "InvoiceQueryRq", "TxnID")
    _delete_txn(qb, "Invoice", first)
    clock.now += 60
    _delete_txn(qb, "Estimate", estimate)
    clock.now += 60
    second, _ = _first(qb, "InvoiceQueryRq", "TxnID")
    _delete_txn(qb, "Invoice", second)

    rows = _deleted(qb, "<TxnDelType>Estimate</TxnDelType><TxnDelType>Invoice</TxnDelType>")
    assert [(r["TxnDelType"], r["TxnID"]) for r in rows] == [
        ("Estimate", estimate),
        ("Invoice", first),
        ("Invoice", second),
    ]
    assert rows[0]["RefNumber"] == estimate_ref and rows[1]["RefNumber"] == first_ref
    assert all(r["TimeCreated"] and r["TimeDeleted"] for r in rows)
    only = _deleted(qb, "<TxnDelType>Estimate</TxnDelType>")
    assert [r["TxnID"] for r in only] == [estimate]

    # The window: from the estimate's deletion on (company time, no offset) finds two.
    since = rows[0]["TimeDeleted"][:19]
    window = _deleted(
        qb,
        "<TxnDelType>Estimate</TxnDelType><TxnDelType>Invoice</TxnDelType>"
        f"<DeletedDateRangeFilter><FromDeletedDate>{since}</FromDeletedDate>"
        "</DeletedDateRangeFilter>",
    )
    assert [r["TxnID"] for r in window] == [estimate, second]

    clock.now += 91 * 24 * 3600  # QuickBooks keeps 90 days
    gone = rs(ask(qb, "<TxnDeletedQueryRq><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>"))
    assert gone.get("statusCode") == "1"


def test_deleted_list_objects_carry_their_full_name(qb: SimulatedQuickBooks) -> None:
    added = rs(
        ask(qb, "<CustomerAddRq><CustomerAdd><Name>Gone Soon</Name></CustomerAdd></CustomerAddRq>")
    )[0]
    list_id = added.findtext("ListID")
    ask(qb, f"<ListDelRq><ListDelType>Customer</ListDelType><ListID>{list_id}</ListID></ListDelRq>")
    rows = _deleted(
        qb, "<ListDelType>Customer</ListDelType><ListDelType>Vendor</ListDelType>", "List"
    )
    assert rows == [
        {
            "ListDelType": "Customer",
            "ListID": list_id or "",
            "TimeCreated": added.findtext("TimeCreated") or "",
            "TimeDeleted": rows[0]["TimeDeleted"],
            "FullName": "Gone Soon",
        }
    ]
    trimmed = _deleted(
        qb,
        "<ListDelType>Customer</ListDelType><IncludeRetElement>ListID</IncludeRetElement>",
        "List",
    )
    assert trimmed == [{"ListID": list_id}]
