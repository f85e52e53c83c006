import pytest

from nxus.simulator.quickbooks import HRESULT_PARSE_ERROR, QuickBooksError, SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import REQUESTS, FakeClock, ask, assert_valid, rs


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def qb(clock):
    return SimulatedQuickBooks(seed=7, records=1500, clock=clock)


def customer_add(name: str, extra: str = "") -> str:
    return f"<CustomerAddRq><CustomerAdd><Name>{name}</Name>{extra}</CustomerAdd></CustomerAddRq>"


def test_same_seed_same_company(clock):
    query = "<CustomerQueryRq><MaxReturned>20</MaxReturned></CustomerQueryRq>"
    one = SimulatedQuickBooks(seed=3, records=800, clock=clock)
    two = SimulatedQuickBooks(seed=3, records=800, clock=clock)
    other = SimulatedQuickBooks(seed=4, records=800, clock=clock)
    assert one.process(_doc(query)) == two.process(_doc(query))
    assert one.process(_doc(query)) != other.process(_doc(query))


def _doc(body: str, version: str = "16.0") -> bytes:
    return (
        f'<?xml version="1.0"?><?qbxml version="{version}"?><QBXML>'
        f'<QBXMLMsgsRq onError="stopOnError">{body}</QBXMLMsgsRq></QBXML>'
    ).encode()


@pytest.mark.parametrize(
    "doc",
    [
        (REQUESTS / "customer_add_rq_wrong_order.xml").read_bytes(),
        b"<html><body>not qbXML</body></html>",
        b"not even XML",
        _doc("<FrobnicateQueryRq/>"),
        _doc(customer_add("Early Bird", "<Cc>cc@example.com</Cc>"), version="5.0"),
    ],
    ids=["wrong-order", "html", "not-xml", "unknown-request", "element-newer-than-version"],
)
def test_parse_errors_are_hresults(qb, doc):
    with pytest.raises(QuickBooksError) as info:
        qb.process(doc)
    assert info.value.hresult == HRESULT_PARSE_ERROR
    assert info.value.message == (
        "QuickBooks found an error when parsing the provided XML text stream."
    )


def test_version_newer_than_the_year_is_refused(clock):
    qb2014 = SimulatedQuickBooks(records=200, qb_year=2014, clock=clock)
    with pytest.raises(QuickBooksError):
        qb2014.process(_doc("<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq>"))
    ask(qb2014, "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq>", "13.0")


def test_not_running_and_other_file_open(qb):
    qb.running = False
    with pytest.raises(QuickBooksError) as info:
        qb.process(_doc("<HostQueryRq/>"))
    assert info.value.hresult == 0x80040408
    qb.running, qb.open_file = True, r"C:\other.qbw"
    with pytest.raises(QuickBooksError) as info:
        qb.process(_doc("<HostQueryRq/>"))
    assert info.value.hresult == 0x8004040A


def test_valid_sample_add_then_query(qb):
    doc = (REQUESTS / "customer_add_rq_valid.xml").read_bytes()
    added = rs(assert_valid(qb.process(doc)))
    assert added.get("statusCode") == "0"
    ret = added.find("CustomerRet")
    list_id = ret.findtext("ListID")
    found = rs(ask(qb, f"<CustomerQueryRq><ListID>{list_id}</ListID></CustomerQueryRq>"))
    assert found.find("CustomerRet/Name").text == ret.findtext("Name")


def test_status_1_no_match(qb):
    body = (
        "<CustomerQueryRq><NameFilter><MatchCriterion>StartsWith</MatchCriterion>"
        "<Name>zzzz-nobody</Name></NameFilter></CustomerQueryRq>"
    )
    result = rs(ask(qb, body))
    assert (result.get("statusCode"), result.get("statusSeverity")) == ("1", "Info")
    assert result.get("statusMessage") == (
        "A query request did not find a matching object in QuickBooks"
    )


def test_status_500_some_ids_missing(qb):
    first = rs(ask(qb, "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq>"))
    list_id = first.findtext("CustomerRet/ListID")
    body = (
        f"<CustomerQueryRq><ListID>{list_id}</ListID><ListID>8FFFFFFF-1</ListID></CustomerQueryRq>"
    )
    result = rs(ask(qb, body))
    assert (result.get("statusCode"), result.get("statusSeverity")) == ("500", "Warn")
    assert '"8FFFFFFF-1"' in result.get("statusMessage")
    assert [r.findtext("ListID") for r in result] == [list_id]


def test_status_3100_name_in_use_across_name_lists(qb):
    vendor = rs(ask(qb, "<VendorQueryRq><MaxReturned>1</MaxReturned></VendorQueryRq>"))
    name = vendor.findtext("VendorRet/Name")
    result = rs(ask(qb, customer_add(name)))
    assert result.get("statusCode") == "3100"
    assert (
        result.get("statusMessage") == f'The name "{name}" of the list element is already in use.'
    )


def test_status_3120_and_3140(qb):
    mod = (
        "<CustomerModRq><CustomerMod><ListID>8FFFFFFF-1</ListID><EditSequence>1</EditSequence>"
        "<Phone>1</Phone></CustomerMod></CustomerModRq>"
    )
    result = rs(ask(qb, mod))
    assert result.get("statusCode") == "3120"
    assert result.get("statusMessage") == (
        'Object "8FFFFFFF-1" specified in the request cannot be found.'
    )
    invoice = (
        "<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>Nobody Here</FullName></CustomerRef>"
        "</InvoiceAdd></InvoiceAddRq>"
    )
    result = rs(ask(qb, invoice))
    assert (result.get("statusCode"), result.get("statusSeverity")) == ("3140", "Error")
    assert 'invalid reference to QuickBooks Customer "Nobody Here"' in result.get("statusMessage")


def test_status_3070_string_too_long(qb):
    result = rs(ask(qb, customer_add("x" * 42)))
    assert result.get("statusCode") == "3070"


def test_status_3200_stale_edit_sequence_returns_current_record(qb, clock):
    added = rs(ask(qb, customer_add("Stale Test")))
    list_id, seq = added.findtext("CustomerRet/ListID"), added.findtext("CustomerRet/EditSequence")
    mod = (
        f"<CustomerModRq><CustomerMod><ListID>{list_id}</ListID><EditSequence>{{}}</EditSequence>"
        "<Phone>{}</Phone></CustomerMod></CustomerModRq>"
    )
    clock.now += 60
    first = rs(ask(qb, mod.format(seq, "111")))
    assert first.get("statusCode") == "0"
    assert first.findtext("CustomerRet/EditSequence") != seq
    stale = rs(ask(qb, mod.format(seq, "222")))
    assert stale.get("statusCode") == "3200"
    assert stale.get("statusMessage") == f'The provided edit sequence "{seq}" is out-of-date.'
    assert stale.findtext("CustomerRet/Phone") == "111"


def test_stop_on_error_marks_the_rest_3231_and_continue_goes_on(qb):
    body = customer_add("x" * 50) + customer_add("Never Added")
    stopped = ask(qb, body).find("QBXMLMsgsRs")
    assert [r.get("statusCode") for r in stopped] == ["3070", "3231"]
    assert stopped[1].get("statusSeverity") == "Error"
    went_on = ask(qb, body, on_error="continueOnError").find("QBXMLMsgsRs")
    assert [r.get("statusCode") for r in went_on] == ["3070", "0"]


def test_iterator_pages_1000_customers(clock):
    qb = SimulatedQuickBooks(seed=2, customers=1000, clock=clock)
    start = (
        '<CustomerQueryRq requestID="1" iterator="Start"><MaxReturned>150</MaxReturned>'
        "</CustomerQueryRq>"
    )
    page = rs(ask(qb, start))
    iterator_id, seen, remaining = page.get("iteratorID"), [], []
    while True:
        seen += [r.findtext("ListID") for r in page]
        remaining.append(int(page.get("iteratorRemainingCount")))
        if remaining[-1] == 0:
            break
        page = rs(
            ask(
                qb,
                f'<CustomerQueryRq iterator="Continue" iteratorID="{iterator_id}">'
                "<MaxReturned>150</MaxReturned></CustomerQueryRq>",
            )
        )
        assert page.get("iteratorID") == iterator_id
    assert remaining == [850, 700, 550, 400, 250, 100, 0]
    assert len(seen) == len(set(seen)) == 1000
    after = rs(
        ask(
            qb,
            f'<CustomerQueryRq iterator="Continue" iteratorID="{iterator_id}">'
            "<MaxReturned>150</MaxReturned></CustomerQueryRq>",
        )
    )
    assert after.get("statusCode") == "3391"


def test_iterator_stop_and_expiry(clock):
    qb = SimulatedQuickBooks(seed=2, records=600, clock=clock, iterator_ttl=30)
    start = '<CustomerQueryRq iterator="Start"><MaxReturned>5</MaxReturned></CustomerQueryRq>'

    def cont(iterator_id: str) -> str:
        return (
            f'<CustomerQueryRq iterator="Continue" iteratorID="{iterator_id}">'
            "<MaxReturned>5</MaxReturned></CustomerQueryRq>"
        )

    stopped = rs(ask(qb, start)).get("iteratorID")
    ask(qb, f'<CustomerQueryRq iterator="Stop" iteratorID="{stopped}"></CustomerQueryRq>')
    assert rs(ask(qb, cont(stopped))).get("statusCode") == "3391"
    expiring = rs(ask(qb, start)).get("iteratorID")
    clock.now += 31
    assert rs(ask(qb, cont(expiring))).get("statusCode") == "3391"


def _invoice(qb) -> tuple[str, str, list[str]]:
    body = (
        "<InvoiceAddRq><InvoiceAdd><CustomerRef><FullName>{}</FullName></CustomerRef>"
        "<RefNumber>T-1</RefNumber>"
        "<InvoiceLineAdd><ItemRef><FullName>Framing</FullName></ItemRef><Quantity>2</Quantity>"
        "<Rate>100.00</Rate></InvoiceLineAdd>"
        "<InvoiceLineAdd><ItemRef><FullName>Lumber</FullName></ItemRef><Quantity>3</Quantity>"
        "<Rate>10.50</Rate></InvoiceLineAdd>"
        "</InvoiceAdd></InvoiceAddRq>"
    )
    customer = rs(ask(qb, "<CustomerQueryRq><MaxReturned>1</MaxReturned></CustomerQueryRq>"))
    ret = rs(ask(qb, body.format(customer.findtext("CustomerRet/FullName")))).find("InvoiceRet")
    assert ret.findtext("Subtotal") == "231.50"
    lines = [line.findtext("TxnLineID") for line in ret.findall("InvoiceLineRet")]
    return ret.findtext("TxnID"), ret.findtext("EditSequence"), lines


def test_mod_keeps_named_lines_adds_minus_one_and_drops_the_rest(qb, clock):
    txn_id, seq, (keep, drop) = _invoice(qb)
    clock.now += 5
    mod = (
        f"<InvoiceModRq><InvoiceMod><TxnID>{txn_id}</TxnID><EditSequence>{seq}</EditSequence>"
        f"<InvoiceLineMod><TxnLineID>{keep}</TxnLineID><Quantity>3</Quantity></InvoiceLineMod>"
        "<InvoiceLineMod><TxnLineID>-1</TxnLineID><ItemRef><FullName>Permit</FullName></ItemRef>"
        "<Amount>50.00</Amount></InvoiceLineMod></InvoiceMod></InvoiceModRq>"
    )
    ret = rs(ask(qb, mod)).find("InvoiceRet")
    lines = ret.findall("InvoiceLineRet")
    assert [line.findtext("TxnLineID") for line in lines][0] == keep
    assert drop not in [line.findtext("TxnLineID") for line in lines]
    assert [line.findtext("Amount") for line in lines] == ["300.00", "50.00"]
    assert ret.findtext("Subtotal") == "350.00"


def test_delete_and_void(qb):
    txn_id, _seq, _lines = _invoice(qb)
    voided = rs(
        ask(qb, f"<TxnVoidRq><TxnVoidType>Invoice</TxnVoidType><TxnID>{txn_id}</TxnID></TxnVoidRq>")
    )
    assert voided.get("statusCode") == "0"
    deleted = rs(
        ask(qb, f"<TxnDelRq><TxnDelType>Invoice</TxnDelType><TxnID>{txn_id}</TxnID></TxnDelRq>")
    )
    assert deleted.findtext("TxnID") == txn_id
    gone = rs(ask(qb, f"<InvoiceQueryRq><TxnID>{txn_id}</TxnID></InvoiceQueryRq>"))
    assert gone.get("statusCode") == "500"


def test_error_recovery_returns_stored_response_without_writing_twice(qb):
    body = customer_add("Recovered Once")
    first = ask(qb, body, attrs=' newMessageSetID="AB1F2395"')
    again = ask(qb, body, attrs=' oldMessageSetID="AB1F2395" newMessageSetID="AB1F2395"')
    assert first.find("QBXMLMsgsRs").get("newMessageSetID") == "AB1F2395"
    assert rs(again).findtext("CustomerRet/ListID") == rs(first).findtext("CustomerRet/ListID")
    query = "<CustomerQueryRq><FullName>Recovered Once</FullName></CustomerQueryRq>"
    assert len(rs(ask(qb, query))) == 1
    ask(qb, "", attrs=' oldMessageSetID="AB1F2395"')  # clears the stored state
    assert rs(ask(qb, body)).get("statusCode") == "3100"


def test_job_full_name_and_rename_cascades(qb, clock):
    parent = rs(ask(qb, customer_add("Parent Co"))).find("CustomerRet")
    job = rs(
        ask(qb, customer_add("Job A", "<ParentRef><FullName>Parent Co</FullName></ParentRef>"))
    )
    assert job.findtext("CustomerRet/FullName") == "Parent Co:Job A"
    assert job.findtext("CustomerRet/Sublevel") == "1"
    clock.now += 5
    ask(
        qb,
        f"<CustomerModRq><CustomerMod><ListID>{parent.findtext('ListID')}</ListID>"
        f"<EditSequence>{parent.findtext('EditSequence')}</EditSequence><Name>Renamed Co</Name>"
        "</CustomerMod></CustomerModRq>",
    )
    found = rs(ask(qb, "<CustomerQueryRq><FullName>Renamed Co:Job A</FullName></CustomerQueryRq>"))
    assert found.get("statusCode") == "0"


def test_filters_and_include_ret_element(qb):
    body = (
        "<InvoiceQueryRq><MaxReturned>5</MaxReturned><TxnDateRangeFilter><FromTxnDate>2023-03-01"
        "</FromTxnDate><ToTxnDate>2023-03-31</ToTxnDate></TxnDateRangeFilter>"
        "<IncludeRetElement>TxnID</IncludeRetElement><IncludeRetElement>TxnDate</IncludeRetElement>"
        "</InvoiceQueryRq>"
    )
    result = rs(ask(qb, body))
    assert 0 < len(result) <= 5
    for ret in result:
        assert [c.tag for c in ret] == ["TxnID", "TxnDate"]
        assert ret.findtext("TxnDate").startswith("2023-03")
    items = rs(ask(qb, "<ItemQueryRq/>"))
    assert {r.tag for r in items} >= {"ItemServiceRet", "ItemInventoryRet", "ItemNonInventoryRet"}
    terms = rs(ask(qb, "<TermsQueryRq/>"))
    assert {r.tag for r in terms} == {"StandardTermsRet", "DateDrivenTermsRet"}


def test_a_50_request_gets_a_50_answer(qb):
    ret = rs(ask(qb, "<CustomerQueryRq><MaxReturned>3</MaxReturned></CustomerQueryRq>", "5.0"))
    tags = {c.tag for r in ret for c in r}
    assert "ListID" in tags and "ClassRef" not in tags and "CurrencyRef" not in tags


def test_hcp_response(clock):
    qb = SimulatedQuickBooks(records=200, qb_year=2006, clock=clock)
    qb.file_id = "{00000EE-1111-FFFF-CCCC-5FF123456047}"
    root = assert_valid(qb.hcp_response())
    host = root.find("QBXMLMsgsRs/HostQueryRs/HostRet")
    assert host.findtext("ProductName") == "QuickBooks Pro 2006"
    assert [v.text for v in host.findall("SupportedQBXMLVersion")][-1] == "5.0"
    company = root.find("QBXMLMsgsRs/CompanyQueryRs/CompanyRet")
    assert company.findtext("IsSampleCompany") == "true"
    assert company.findtext("DataExtRet/DataExtValue") == qb.file_id
    assert root.find("QBXMLMsgsRs/PreferencesQueryRs/PreferencesRet") is not None
