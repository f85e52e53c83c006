"""Request-side rules read from the schema: retrieve flags per query and version, terms
written to one of their two qbXML lists, writes qbXML does not have."""

from __future__ import annotations

import ast
import uuid
from typing import Any

import pytest

from nxus.qbxml import spec, versions
from nxus.resources import RESOURCES, ResourceValidationError, build_create, build_retrieve
from nxus.resources.engine import build_delete, list_type_of
from nxus.resources.operation import LIST_TYPE, BuildFailed, Operation, build
from tests.unit.resources.conftest import assert_builds_valid

ID = "80000001-1234567890"
TXNS = sorted(n for n, r in RESOURCES.items() if r.kind == "txn" and "retrieve" in r.operations)

JOB_ID = uuid.UUID("0123456789abcdef0123456789abcdef")


def test_journal_entry_retrieve_does_not_ask_for_linked_transactions() -> None:
    body = build_retrieve(RESOURCES["journal_entries"], ID).body
    assert body == {"TxnID": ID, "IncludeLineItems": True, "OwnerID": ["0"]}
    assert build_retrieve(RESOURCES["invoices"], ID).body["IncludeLinkedTxns"] is True


@pytest.mark.parametrize("name", TXNS)
def test_retrieve_asks_only_for_what_the_query_has_at_each_version(name: str) -> None:
    resource = RESOURCES[name]
    query = resource.query_request
    for version in versions.SUPPORTED_VERSIONS:
        if not spec.exists(query, version):
            continue
        call = build_retrieve(resource, ID, version)
        for flag in ("IncludeLineItems", "IncludeLinkedTxns"):
            assert (flag in call.body) == spec.exists(f"{query}/{flag}", version), (version, flag)
        document = build(Operation(name, "retrieve", object_id=ID), version, JOB_ID).body
        assert query in document and f'requestID="{JOB_ID.hex}"' in document
    assert "IncludeLinkedTxns" not in build_retrieve(RESOURCES["checks"], ID, "6.0").body
    assert "IncludeLinkedTxns" in build_retrieve(RESOURCES["checks"], ID, "7.0").body


STANDARD = {"name": "Net 30", "isActive": True, "dueDays": 30, "discountDays": 10,
            "discountPercentage": 2}  # fmt: skip
DATE_DRIVEN = {"name": "15th", "isActive": True, "dueDayOfMonth": 15, "gracePeriodDays": 5,
               "discountDayOfMonth": 5, "discountPercentage": 1.5}  # fmt: skip


@pytest.mark.parametrize(
    ("data", "request_name", "elements"),
    [
        (STANDARD, "StandardTermsAddRq", ["StdDueDays", "StdDiscountDays", "DiscountPct"]),
        (DATE_DRIVEN, "DateDrivenTermsAddRq", ["DayOfMonthDue", "DueNextMonthDays"]),
        ({"name": "D", "dueDayOfMonth": 1}, "DateDrivenTermsAddRq", ["DayOfMonthDue"]),
    ],
)
def test_a_term_create_goes_to_the_list_whose_fields_it_sends(
    data: dict[str, Any], request_name: str, elements: list[str]
) -> None:
    call = build_create(RESOURCES["terms"], data)
    assert call.request == request_name
    add = call.body[request_name.removesuffix("Rq")]
    assert set(elements) <= set(add)
    assert_builds_valid(call.request, call.body, call.attributes)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": "N", "dueDays": 30, "dueDayOfMonth": 15}, "dueDays, dueDayOfMonth", "combined"),
        ({"name": "N"}, "", "dueDays, discountDays"),
        ({"name": "N", "discountPercentage": 2}, "", "dueDayOfMonth, gracePeriodDays"),
        ({"name": "N", "dueDays": 30, "externalId": "x"}, "externalId", "not supported"),
        ({"name": "N", "dueDays": "30"}, "dueDays", "number"),
    ],
)
def test_an_ambiguous_or_bad_term_create_names_the_fields(
    data: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ResourceValidationError) as info:
        build_create(RESOURCES["terms"], data)
    assert info.value.field == field
    assert words in info.value.message


def test_a_date_driven_term_needs_its_due_day() -> None:
    call = build_create(RESOURCES["terms"], {"name": "D", "discountDayOfMonth": 1})
    assert call.request == "DateDrivenTermsAddRq"  # the schema requires DayOfMonthDue: a 400
    op = Operation("terms", "create", data={"name": "D", "discountDayOfMonth": 1})
    with pytest.raises(BuildFailed) as info:
        build(op, "16.0", JOB_ID)
    assert (info.value.field, info.value.message) == ("dueDayOfMonth", "required")


def test_a_term_delete_names_the_terms_list() -> None:
    terms = RESOURCES["terms"]
    assert "update" not in terms.operations  # qbXML has no StandardTermsMod/DateDrivenTermsMod
    assert not spec.exists("StandardTermsModRq") and not spec.exists("DateDrivenTermsModRq")
    for object_type, list_type in [
        ("qbd_standard_term", "StandardTerms"),
        ("qbd_date_driven_term", "DateDrivenTerms"),
    ]:
        assert list_type_of(terms, object_type) == list_type
        call = build_delete(terms, ID, list_type)
        assert call.body == {"ListDelType": list_type, "ListID": ID}
        op = Operation("terms", "delete", object_id=ID, params={LIST_TYPE: list_type})
        assert f"<ListDelType>{list_type}</ListDelType>" in build(op, "16.0", JOB_ID).body
    with pytest.raises(ResourceValidationError) as info:
        build_delete(terms, ID)
    assert info.value.field == "id"
    assert build_delete(RESOURCES["customers"], ID).body["ListDelType"] == "Customer"


def test_payment_methods_have_no_update_because_qbxml_has_no_mod() -> None:
    assert not any(spec.exists("PaymentMethodModRq", v) for v in versions.SUPPORTED_VERSIONS)
    assert "update" not in RESOURCES["payment_methods"].operations


def test_update_tables_are_their_create_tables_plus_the_mod_differences() -> None:
    """Each fact once: an Update table is its Create table or `mod_of(CREATE, drop, **changes)`."""
    from pathlib import Path

    import nxus.resources.defs.requests as tables

    tree = ast.parse(Path(tables.__file__).read_text())
    updates = {
        node.target.id: node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id.endswith("_UPDATE")
    }
    assert len(updates) >= 19
    for name, value in updates.items():
        create = name.replace("_UPDATE", "_CREATE")
        if isinstance(value, ast.Name):  # the Mod takes exactly the Add's fields
            assert value.id == create
            continue
        assert isinstance(value, ast.Call) and ast.unparse(value.func) == "mod_of", name
        assert ast.unparse(value.args[0]) == create


@pytest.mark.parametrize(
    ("name", "field", "branches"),
    [
        (
            "price_levels",
            "priceLevelPerItem",
            [
                {"customPrice": 12.5},
                {"customPricePercent": 10},
                {"adjustPercentage": -5, "adjustRelativeTo": "StandardPrice"},
            ],
        ),
        (
            "billing_rates",
            "billingRateItems",
            [
                {"customRate": 40},
                {"customRatePercent": 10},
                {"adjustPercentage": 5, "adjustBillingRateRelativeTo": "StandardRate"},
            ],
        ),
    ],
)
def test_each_branch_of_a_per_item_price_builds(
    name: str, field: str, branches: list[dict[str, object]]
) -> None:
    resource = RESOURCES[name]
    for branch in branches:
        data = {"name": "Level", field: [{"itemId": ID, **branch}]}
        call = build_create(resource, data)
        assert_builds_valid(call.request, call.body, call.attributes)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Abercrombie, David", ["Abercrombie, David"]),
        (["Abercrombie, David", "Baker, Anna"], ["Abercrombie, David", "Baker, Anna"]),
        ('["Abercrombie, David", "Baker, Anna"]', ["Abercrombie, David", "Baker, Anna"]),
    ],
)
def test_a_name_with_a_comma_is_one_name(raw: object, names: list[str]) -> None:
    from nxus.resources import build_query

    call = build_query(RESOURCES["customers"], {"names": raw})
    assert call.body["FullName"] == names
    assert_builds_valid(call.request, call.body, call.attributes)


def test_ids_may_still_come_comma_separated_and_a_bad_json_array_is_named() -> None:
    from nxus.resources import build_query

    ids = build_query(RESOURCES["customers"], {"ids": f"{ID},80000002-1234567890"}).body
    assert ids["ListID"] == [ID, "80000002-1234567890"]
    with pytest.raises(ResourceValidationError) as bad:
        build_query(RESOURCES["customers"], {"names": '["unterminated'})
    assert bad.value.field == "names"


@pytest.mark.parametrize("amount", [1.1095177710926465e36, 1e15, -1e20])
def test_an_amount_beyond_quickbooks_digits_is_400_naming_the_field(amount: float) -> None:
    """Found by fuzzing: Decimal's quantize overflowed (a 500) on huge amounts."""
    from nxus.resources import RESOURCES
    from nxus.resources.engine import build_create
    from nxus.resources.request import ResourceValidationError

    body = {"appliedToTransactions": [{"setCredits": [{"appliedAmount": amount}]}]}
    with pytest.raises(ResourceValidationError) as caught:
        build_create(RESOURCES["check_bill_payments"], body)
    assert "appliedAmount" in str(caught.value) and "out of range" in str(caught.value)
