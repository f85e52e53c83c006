"""Two threads at once, and the 100,000-customer company the benchmarks use."""

import hashlib
import threading

import pytest
from lxml import etree

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import FakeClock, assert_valid, doc


def test_two_threads_processing_at_once():
    qb = SimulatedQuickBooks(seed=3, records=400, clock=FakeClock())
    before = len(qb.company.records["Customer"])
    barrier = threading.Barrier(2)
    results: dict[str, list[bytes]] = {"adds": [], "pages": []}
    errors: list[Exception] = []

    def adds() -> None:
        barrier.wait()
        for i in range(60):
            body = (
                f"<CustomerAddRq><CustomerAdd><Name>Thread {i}</Name></CustomerAdd></CustomerAddRq>"
            )
            results["adds"].append(qb.process(doc(body)))

    def pages() -> None:
        barrier.wait()
        start = '<CustomerQueryRq iterator="Start"><MaxReturned>25</MaxReturned></CustomerQueryRq>'
        for _ in range(20):
            results["pages"].append(qb.process(doc(start)))
            qb.end_session()

    def run(target) -> None:  # type: ignore[no-untyped-def]
        try:
            target()
        except Exception as exc:  # reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in (adds, pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ids = []
    for body in results["adds"]:
        rs = assert_valid(body).find("QBXMLMsgsRs")[0]
        assert rs.get("statusCode") == "0"
        ids.append(rs.findtext("CustomerRet/ListID"))
    assert len(set(ids)) == 60
    for body in results["pages"]:
        rs = assert_valid(body).find("QBXMLMsgsRs")[0]
        names = [r.findtext("FullName").lower() for r in rs]
        assert rs.get("statusCode") == "0" and names == sorted(names)
    assert len(qb.company.records["Customer"]) == before + 60


def _fingerprint(qb: SimulatedQuickBooks) -> str:
    digest = hashlib.sha256()
    for list_id, record in qb.company.records["Customer"].items():
        digest.update(f"{list_id}|{record['FullName']}|{record['EditSequence']}\n".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def big_pair() -> tuple[SimulatedQuickBooks, SimulatedQuickBooks]:
    make = lambda: SimulatedQuickBooks(seed=5, customers=100_000, clock=FakeClock())  # noqa: E731
    return make(), make()


@pytest.mark.slow  # two 100,000-record companies
def test_100k_company_is_deterministic_from_its_seed(big_pair):
    one, two = big_pair
    assert len(one.company.records["Customer"]) == 100_000
    assert _fingerprint(one) == _fingerprint(two)
    start = '<CustomerQueryRq iterator="Start"><MaxReturned>100</MaxReturned></CustomerQueryRq>'
    first, second = one.process(doc(start)), two.process(doc(start))
    assert first == second  # same records, same order, same iterator ID
    page = assert_valid(first).find("QBXMLMsgsRs")[0]
    assert page.get("iteratorRemainingCount") == "99900"
    assert len(page) == 100


@pytest.mark.slow
def test_first_page_on_100k_uses_the_sorted_index(big_pair, monkeypatch):
    qb = big_pair[0]

    def no_rebuild(entity: str) -> None:
        raise AssertionError(f"the {entity} list was re-sorted for a query")

    monkeypatch.setattr(qb.company, "build_order_of", no_rebuild)
    start = '<CustomerQueryRq iterator="Start"><MaxReturned>50</MaxReturned></CustomerQueryRq>'
    page = etree.fromstring(qb.process(doc(start))).find("QBXMLMsgsRs")[0]
    names = [r.findtext("FullName").lower() for r in page]
    assert names == sorted(names) and len(names) == 50
    qb.end_session()
