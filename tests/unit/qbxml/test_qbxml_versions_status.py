"""Version table and negotiation; status table; spec lookups."""

from __future__ import annotations

import pytest

from nxus.qbxml import spec, versions
from nxus.qbxml.status import classify_hresult, is_success, status_info


def test_year_table() -> None:
    assert versions.QB_YEAR_TO_MAX_VERSION[2006] == "5.0"
    assert versions.QB_YEAR_TO_MAX_VERSION[2010] == "9.0"
    assert versions.QB_YEAR_TO_MAX_VERSION[2014] == "13.0"
    assert versions.QB_YEAR_TO_MAX_VERSION[2024] == "16.0"
    hcp_2014 = versions.supported_versions_for_year(2014)
    assert hcp_2014[0] == "1.0" and hcp_2014[-1] == "13.0" and "9.0" in hcp_2014
    assert len(hcp_2014) == 16  # as in the real QuickBooks Pro 2014 HostQueryRs
    assert versions.supported_versions_for_year(2030)[-1] == "16.0"
    with pytest.raises(versions.VersionError):
        versions.supported_versions_for_year(1999)


@pytest.mark.parametrize(
    ("host", "major", "minor", "expected"),
    [
        (versions.supported_versions_for_year(2014), None, None, "13.0"),
        (versions.supported_versions_for_year(2006), None, None, "5.0"),
        (versions.supported_versions_for_year(2010), None, None, "9.0"),
        (["CA3.0", "1.0", "2.0", "20.0"], None, None, "2.0"),
        ([], "16", "0", "16.0"),
        ([], "8", "0", "8.0"),
        (["13.0"], "16", "0", "13.0"),
    ],
)
def test_negotiate(host: list[str], major: str | None, minor: str | None, expected: str) -> None:
    assert versions.negotiate(host, major, minor) == expected


def test_negotiate_without_common_version() -> None:
    with pytest.raises(versions.VersionError):
        versions.negotiate(["1.0", "1.1"], None, None)
    assert versions.data_version("9.0") == "8.0"
    assert versions.data_version("15.0") == "14.0"


def test_status_table() -> None:
    assert (
        status_info(3200).message(value="12") == 'The provided edit sequence "12" is out-of-date.'
    )
    assert status_info(3100).message(value="Acme").startswith('The name "Acme" of the list')
    assert status_info(1).severity == "Info" and status_info(500).severity == "Warn"
    assert status_info(3231).retryable and not status_info(3100).retryable
    assert status_info(9999).severity == "Error" and status_info(700).severity == "Warn"
    assert is_success(1) and not is_success(3120)
    err = classify_hresult("0x80040400", "")
    assert err.parse_error and not err.retryable and "parsing" in err.message
    assert classify_hresult(str(0x80040408 - (1 << 32))).hresult == "0x80040408"


def test_spec_lookups() -> None:
    names = [c.name for c in spec.children("CustomerAddRq/CustomerAdd", "16.0")]
    assert names[:3] == ["Name", "IsActive", "ClassRef"]
    assert "ClassRef" not in [c.name for c in spec.children("CustomerAddRq/CustomerAdd", "5.0")]
    ret = spec.children("QBXMLMsgsRs/InvoiceQueryRs/InvoiceRet")
    assert {c.name for c in ret if c.repeats} >= {"InvoiceLineRet", "LinkedTxn"}
    assert spec.children("InvoiceRet")[0].name == "TxnID"
    assert spec.max_length("CustomerAddRq/CustomerAdd/BillAddress/Addr1") == 41
    assert spec.max_length("CustomerModRq/CustomerMod/ListID") == 36
    assert spec.enum_values("CustomerQueryRq/@iterator") == ("Start", "Continue", "Stop")
    assert spec.simple_type("InvoiceAddRq/InvoiceAdd/TxnDate").base == "DATETYPE"
    assert spec.introduced_in("CustomerAddRq/CustomerAdd/ClassRef") == "12.0"
    assert spec.exists("CustomerRet/JobTitle", "12.0") and not spec.exists(
        "CustomerRet/JobTitle", "11.0"
    )
    assert not spec.exists("CustomerAddRq/Nope")
    assert "CustomerQueryRq" in spec.iterator_queries("13.0")
    assert "AccountQueryRq" not in spec.iterator_queries("13.0")
    assert (
        len(spec.request_types("2.0"))
        < len(spec.request_types("13.0"))
        < len(spec.request_types("16.0"))
    )
    assert "CustomerQueryRs" in spec.response_types("13.0")
    item_add = spec.resolve("InvoiceAddRq/InvoiceAdd/InvoiceLineAdd").complex
    so_line = spec.resolve("SalesOrderAddRq/SalesOrderAdd/SalesOrderLineAdd").complex
    assert item_add is not None and so_line is not None and item_add.key != so_line.key
    with pytest.raises(spec.SpecError):
        spec.resolve("CustomerAddRq/Nope")
    assert set(spec.attributes("QBXMLMsgsRq")) >= {"onError", "newMessageSetID"}
