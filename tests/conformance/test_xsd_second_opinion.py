"""The tests of the main suite that check the qbXML nXus builds and the simulator answers, run
again with Intuit's XSDs as a second opinion (the autouse `xsd_second_opinion` of this folder's
conftest): each request builder, every SDK field and filter, the simulator's answers in every
version, and every request nXus sends QuickBooks through the API over a live Web Connector.
`make test` runs them with nXus' own validator only."""

from __future__ import annotations

from tests.conformance.reference import xsd_problem
from tests.integration.quickbooks.conftest import qb_env, schema_check
from tests.integration.quickbooks.test_api import (
    http,
    test_bad_bodies_name_the_field,
    test_count,
    test_cursors_belong_to_their_key_and_close,
    test_idempotent_create_replays,
    test_lists_quickbooks_cannot_iterate_are_paged_from_one_call,
    test_raw_qbxml_passthrough,
    test_respond_async_and_jobs,
)
from tests.qbxml_checks import assert_valid_request, second_opinions_active
from tests.unit.qbxml.test_qbxml_builder import (
    test_elements_added_after_5_are_refused_for_5,
    test_elements_added_after_13_are_refused_for_13,
    test_lines_lists_and_datetime_offsets,
    test_orders_formats_and_validates,
    test_required_choice_filled_with_any_member_validates,
)
from tests.unit.resources.test_requests_and_samples import (
    test_a_13_0_request_validates_against_the_13_0_schema,
    test_combined_filters_build_schema_valid_xml,
    test_each_filter_builds_schema_valid_xml,
    test_every_sdk_request_field_builds_into_an_xsd_valid_request,
)
from tests.unit.simulator.test_fidelity import (
    full_company,
    test_every_query_in_every_version_answers_valid_16_0,
)
from tests.unit.simulator.test_quickbooks import (
    clock,
    qb,
    test_a_50_request_gets_a_50_answer,
    test_delete_and_void,
    test_filters_and_include_ret_element,
    test_hcp_response,
    test_mod_keeps_named_lines_adds_minus_one_and_drops_the_rest,
    test_valid_sample_add_then_query,
)

FIXTURES_USED = (qb_env, schema_check, http, full_company, clock, qb)
IMPORTED = (
    test_bad_bodies_name_the_field,
    test_count,
    test_cursors_belong_to_their_key_and_close,
    test_idempotent_create_replays,
    test_lists_quickbooks_cannot_iterate_are_paged_from_one_call,
    test_raw_qbxml_passthrough,
    test_respond_async_and_jobs,
    test_elements_added_after_5_are_refused_for_5,
    test_elements_added_after_13_are_refused_for_13,
    test_lines_lists_and_datetime_offsets,
    test_orders_formats_and_validates,
    test_required_choice_filled_with_any_member_validates,
    test_a_13_0_request_validates_against_the_13_0_schema,
    test_combined_filters_build_schema_valid_xml,
    test_each_filter_builds_schema_valid_xml,
    test_every_sdk_request_field_builds_into_an_xsd_valid_request,
    test_every_query_in_every_version_answers_valid_16_0,
    test_a_50_request_gets_a_50_answer,
    test_delete_and_void,
    test_filters_and_include_ret_element,
    test_hcp_response,
    test_mod_keeps_named_lines_adds_minus_one_and_drops_the_rest,
    test_valid_sample_add_then_query,
)


def test_the_second_opinion_is_on_and_can_refuse() -> None:
    """The XSD is really asked while these tests run, and it does refuse a bad document."""
    assert second_opinions_active() == 1
    doc = (
        b'<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        b"<CustomerAddRq><CustomerAdd><Name>A</Name></CustomerAdd></CustomerAddRq>"
        b"</QBXMLMsgsRq></QBXML>"
    )
    assert_valid_request(doc)
    assert xsd_problem(doc, "16.0", "request") is None
    wrong = doc.replace(b"<Name>A</Name>", b"<Name>A</Name><Bogus/>")
    assert "Bogus" in (xsd_problem(wrong, "16.0", "request") or "")
