"""The list-filter, linked-transaction and daylight-saving tests run again with Intuit's XSDs
checking every request nXus sends QuickBooks (each filter's query element in schema order)."""

from __future__ import annotations

from tests.integration.quickbooks import test_filters as filters
from tests.integration.quickbooks import test_linked_transactions as linked
from tests.integration.quickbooks import test_modified_dst as dst
from tests.integration.quickbooks.conftest import qb_env, schema_check
from tests.integration.quickbooks.test_filters import (
    test_account_type_and_payment_method_type,
    test_class_ids,
    test_customer_ids_payment_status_and_vendor_ids,
    test_detail_level_rows_per_line,
    test_hosted_spellings_match_ours,
    test_item_ids,
    test_name_range_and_total_balance,
    test_transaction_types_and_posting_status,
)
from tests.integration.quickbooks.test_linked_transactions import (
    test_an_invoice_uses_a_credit_when_made,
    test_invoice_a_sales_order_pay_it_and_take_the_payment_back,
)
from tests.integration.quickbooks.test_modified_dst import (
    dst_env,
    test_windows_around_both_changes_are_exact,
)

http = filters.http
FIXTURES_USED = (qb_env, schema_check, dst_env, http, linked.http, dst.found)
IMPORTED = (
    test_account_type_and_payment_method_type,
    test_class_ids,
    test_detail_level_rows_per_line,
    test_customer_ids_payment_status_and_vendor_ids,
    test_hosted_spellings_match_ours,
    test_item_ids,
    test_name_range_and_total_balance,
    test_transaction_types_and_posting_status,
    test_an_invoice_uses_a_credit_when_made,
    test_invoice_a_sales_order_pay_it_and_take_the_payment_back,
    test_windows_around_both_changes_are_exact,
)
