"""The SDK end-to-end flows (every resource: list, count, retrieve, create, update, void,
delete through nxus-qbd, a live server, the simulated Web Connector and QuickBooks) run again
with Intuit's XSDs checking every request nXus sends QuickBooks."""

from __future__ import annotations

from tests.e2e.test_sdk_quickbooks import (
    client,
    qb_env,
    refs,
    schema_check,
    test_auto_pagination_of_1000_customers,
    test_create_update_void_delete,
    test_list_count_retrieve,
    test_stale_revision_and_duplicate_name,
)

FIXTURES_USED = (client, qb_env, refs, schema_check)
IMPORTED = (
    test_auto_pagination_of_1000_customers,
    test_create_update_void_delete,
    test_list_count_retrieve,
    test_stale_revision_and_duplicate_name,
)
