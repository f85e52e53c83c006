"""What the follow-up made realistic: iterators, sales tax, balances, in-use deletes, 500."""

import pytest

from nxus.qbxml import spec
from nxus.qbxml.status import status_info
from nxus.simulator.qb.iterators import DEFAULT_ITERATOR_TTL
from nxus.simulator.quickbooks import HRESULT_PARSE_ERROR, QuickBooksError, SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import FakeClock, ask, doc, rs

START = '<CustomerQueryRq iterator="Start"><MaxReturned>5</MaxReturned></CustomerQueryRq>'


def cont(iterator_id: str) -> str:
    return (
        f'<CustomerQueryRq iterator="Continue" iteratorID="{iterator_id}">'
        "<MaxReturned>5</MaxReturned></CustomerQueryRq>"
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def qb(clock: FakeClock) -> SimulatedQuickBooks:
    return SimulatedQuickBooks(seed=11, records=600, clock=clock)


# --- iterators ------------------------------------------------------------------------------
@pytest.mark.parametrize("request_name", ["AccountQueryRq", "EmployeeQueryRq", "TermsQueryRq"])
def test_queries_quickbooks_cannot_iterate_refuse_iterator_attributes(qb, request_name):
    assert request_name not in spec.iterator_queries("16.0")
    body = f'<{request_name} iterator="Start"><MaxReturned>5</MaxReturned></{request_name}>'
    with pytest.raises(QuickBooksError) as info:
        qb.process(doc(body))
    assert info.value.hresult == HRESULT_PARSE_ERROR
    assert "CustomerQueryRq" in spec.iterator_queries("16.0")
    assert rs(ask(qb, START)).get("iteratorID")


def test_iterators_expire_after_idle_time_by_default(qb, clock):
    assert qb.iterator_ttl == DEFAULT_ITERATOR_TTL
    iterator_id = rs(ask(qb, START)).get("iteratorID")
    clock.now += DEFAULT_ITERATOR_TTL - 1
    assert rs(ask(qb, cont(iterator_id))).get("statusCode") == "0"  # use refreshes the timer
    clock.now += DEFAULT_ITERATOR_TTL - 1
    assert rs(ask(qb, cont(iterator_id))).get("statusCode") == "0"
    clock.now += DEFAULT_ITERATOR_TTL + 1
    expired = rs(ask(qb, cont(iterator_id)))
    assert (expired.get("statusCode"), expired.get("statusSeverity")) == ("3391", "Error")
    assert expired.get("statusMessage") == status_info(3391).message(value=iterator_id)
    assert len(qb.iterators) == 0


def test_iterators_do_not_outlive_the_session_or_cross_request_types(qb):
    first = rs(ask(qb, START)).get("iteratorID")
    qb.end_session()
    assert rs(ask(qb, cont(first))).get("statusCode") == "3391"
    second = rs(ask(qb, START)).get("iteratorID")
    vendor = (
        f'<VendorQueryRq iterator="Continue" iteratorID="{second}">'
        "<MaxReturned>5</MaxReturned></VendorQueryRq>"
    )
    assert rs(ask(qb, vendor)).get("statusCode") == "3391"
    assert rs(ask(qb, cont("{00000000-0000-4000-8000-000000000000}"))).get("statusCode") == "3391"


def test_iterator_ttl_none_keeps_them_until_the_session_ends(clock):
    qb = SimulatedQuickBooks(seed=11, records=300, clock=clock, iterator_ttl=None)
    iterator_id = rs(ask(qb, START)).get("iteratorID")
    clock.now += 10 * 24 * 3600
    assert rs(ask(qb, cont(iterator_id))).get("statusCode") == "0"


# --- lookups that find nothing ----------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        "<CustomerQueryRq><ListID>8FFFFFFF-1</ListID></CustomerQueryRq>",
        "<CustomerQueryRq><FullName>Nobody At All</FullName></CustomerQueryRq>",
        "<InvoiceQueryRq><TxnID>FFFF-1</TxnID></InvoiceQueryRq>",
    ],
)
def test_id_or_name_lookup_that_finds_nothing_is_500_not_1(qb, body):
    result = rs(ask(qb, body))
    assert (result.get("statusCode"), result.get("statusSeverity")) == ("500", "Warn")
    assert len(result) == 0


# --- sales tax --------------------------------------------------------------------------------
LINES = (
    "<InvoiceLineAdd><ItemRef><FullName>Framing</FullName></ItemRef><Quantity>2</Quantity>"
    "<Rate>100.00</Rate></InvoiceLineAdd>"
    "<InvoiceLineAdd><ItemRef><FullName>Lumber</FullName></ItemRef><Quantity>3</Quantity>"
    "<Rate>10.50</Rate></InvoiceLineAdd>"
)


def add_customer(qb, name: str, tax_code: str = "Tax", parent: str = "") -> None:
    parent_ref = f"<ParentRef><FullName>{parent}</FullName></ParentRef>" if parent else ""
    body = (
        f"<CustomerAddRq><CustomerAdd><Name>{name}</Name>{parent_ref}"
        f"<SalesTaxCodeRef><FullName>{tax_code}</FullName></SalesTaxCodeRef>"
        "<ItemSalesTaxRef><FullName>San Tomas</FullName></ItemSalesTaxRef>"
        "</CustomerAdd></CustomerAddRq>"
    )
    assert rs(ask(qb, body)).get("statusCode") == "0"


def add_invoice(qb, customer: str, lines: str = LINES):
    body = (
        f"<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>{customer}</FullName></CustomerRef>"
        f"{lines}</InvoiceAdd></InvoiceAddRq>"
    )
    ret = rs(ask(qb, body)).find("InvoiceRet")
    assert ret is not None
    return ret


def test_line_tax_codes_come_from_the_item_and_tax_from_the_rate(qb):
    add_customer(qb, "Taxable Person")
    ret = add_invoice(qb, "Taxable Person")
    codes = [line.findtext("SalesTaxCodeRef/FullName") for line in ret.findall("InvoiceLineRet")]
    assert codes == ["Non", "Tax"]  # Framing is a non-taxable service, Lumber taxable
    assert ret.findtext("CustomerSalesTaxCodeRef/FullName") == "Tax"
    assert ret.findtext("SalesTaxPercentage") == "7.75"
    assert ret.findtext("Subtotal") == "231.50"
    assert ret.findtext("SalesTaxTotal") == "2.44"  # 31.50 x 7.75 %
    assert ret.findtext("BalanceRemaining") == "233.94"


def test_a_non_taxable_customer_makes_every_line_non_taxable(qb):
    add_customer(qb, "Exempt School", tax_code="Non")
    ret = add_invoice(qb, "Exempt School")
    codes = {line.findtext("SalesTaxCodeRef/FullName") for line in ret.findall("InvoiceLineRet")}
    assert codes == {"Non"}
    assert ret.findtext("SalesTaxTotal") == "0.00"


# --- balances ---------------------------------------------------------------------------------
def balance(qb, entity: str, name: str) -> tuple[str, str | None]:
    ret = rs(ask(qb, f"<{entity}QueryRq><FullName>{name}</FullName></{entity}QueryRq>"))[0]
    return ret.findtext("Balance"), ret.findtext("TotalBalance")


def test_invoices_payments_voids_and_deletes_move_customer_balances(qb):
    add_customer(qb, "Balance Co")
    add_customer(qb, "Deck", parent="Balance Co")
    invoice = add_invoice(qb, "Balance Co")
    job_invoice = add_invoice(
        qb,
        "Balance Co:Deck",
        "<InvoiceLineAdd><ItemRef><FullName>Framing</FullName></ItemRef>"
        "<Amount>100.00</Amount></InvoiceLineAdd>",
    )
    assert balance(qb, "Customer", "Balance Co") == ("233.94", "333.94")
    assert balance(qb, "Customer", "Balance Co:Deck") == ("100.00", "100.00")
    payment = (
        "<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><FullName>Balance Co</FullName>"
        "</CustomerRef><TotalAmount>50.00</TotalAmount><AppliedToTxnAdd>"
        f"<TxnID>{invoice.findtext('TxnID')}</TxnID><PaymentAmount>33.94</PaymentAmount>"
        "</AppliedToTxnAdd></ReceivePaymentAdd></ReceivePaymentAddRq>"
    )
    paid = rs(ask(qb, payment)).find("ReceivePaymentRet")
    assert paid.findtext("UnusedPayment") == "16.06"
    assert balance(qb, "Customer", "Balance Co") == ("183.94", "283.94")
    void = (
        "<TxnVoidRq><TxnVoidType>Invoice</TxnVoidType>"
        f"<TxnID>{job_invoice.findtext('TxnID')}</TxnID></TxnVoidRq>"
    )
    ask(qb, void)
    assert balance(qb, "Customer", "Balance Co:Deck") == ("0.00", "0.00")
    assert balance(qb, "Customer", "Balance Co") == ("183.94", "183.94")
    delete = (
        "<TxnDelRq><TxnDelType>ReceivePayment</TxnDelType>"
        f"<TxnID>{paid.findtext('TxnID')}</TxnID></TxnDelRq>"
    )
    ask(qb, delete)
    assert balance(qb, "Customer", "Balance Co") == ("233.94", "233.94")


def test_bills_move_vendor_balances(qb):
    vendor = rs(ask(qb, "<VendorQueryRq><MaxReturned>1</MaxReturned></VendorQueryRq>"))[0]
    name, before = vendor.findtext("Name"), vendor.findtext("Balance")
    bill = (
        f"<BillAddRq><BillAdd><VendorRef><FullName>{name}</FullName></VendorRef>"
        "<ExpenseLineAdd><AccountRef><FullName>Utilities</FullName></AccountRef>"
        "<Amount>120.00</Amount></ExpenseLineAdd></BillAdd></BillAddRq>"
    )
    assert rs(ask(qb, bill)).findtext("BillRet/OpenAmount") == "120.00"
    after, _total = balance(qb, "Vendor", name)
    assert float(after) == pytest.approx(float(before) + 120)


# --- deleting what transactions use ------------------------------------------------------------
def list_del(qb, list_type: str, list_id: str):
    return rs(
        ask(
            qb,
            f"<ListDelRq><ListDelType>{list_type}</ListDelType><ListID>{list_id}</ListID>"
            "</ListDelRq>",
        )
    )


def test_deleting_a_record_used_by_transactions_is_refused(qb):
    add_customer(qb, "Used Customer")
    add_customer(qb, "Unused Customer")
    add_invoice(qb, "Used Customer")
    used = rs(ask(qb, "<CustomerQueryRq><FullName>Used Customer</FullName></CustomerQueryRq>"))
    refused = list_del(qb, "Customer", used.findtext("CustomerRet/ListID"))
    assert (refused.get("statusCode"), refused.get("statusSeverity")) == ("3176", "Error")
    assert refused.get("statusMessage") == status_info(3176).message(
        object="Customer", value="Used Customer"
    )
    framing = rs(ask(qb, "<ItemQueryRq><FullName>Framing</FullName></ItemQueryRq>"))[0]
    assert list_del(qb, "ItemService", framing.findtext("ListID")).get("statusCode") == "3176"
    unused = rs(ask(qb, "<CustomerQueryRq><FullName>Unused Customer</FullName></CustomerQueryRq>"))
    deleted = list_del(qb, "Customer", unused.findtext("CustomerRet/ListID"))
    assert deleted.get("statusCode") == "0"
    assert deleted.findtext("FullName") == "Unused Customer"


def test_list_order_stays_sorted_through_adds_renames_and_deletes(qb, clock):
    add_customer(qb, "Aaa First")
    added = rs(ask(qb, "<CustomerQueryRq><FullName>Aaa First</FullName></CustomerQueryRq>"))[0]
    clock.now += 5
    rename = (
        f"<CustomerModRq><CustomerMod><ListID>{added.findtext('ListID')}</ListID>"
        f"<EditSequence>{added.findtext('EditSequence')}</EditSequence><Name>Zzz Last</Name>"
        "</CustomerMod></CustomerModRq>"
    )
    ask(qb, rename)
    names = [
        r.findtext("FullName")
        for r in rs(ask(qb, "<CustomerQueryRq><ActiveStatus>All</ActiveStatus></CustomerQueryRq>"))
    ]
    assert names == sorted(names, key=str.lower)
    assert names[-1] == "Zzz Last" and "Aaa First" not in names
