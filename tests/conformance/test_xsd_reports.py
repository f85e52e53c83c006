"""The report flows (nine report queries through nxus-qbd, a live server, the simulated Web
Connector and QuickBooks) run again with Intuit's XSDs checking every request nXus sends."""

from __future__ import annotations

from tests.integration.quickbooks.conftest import qb_env, schema_check
from tests.integration.quickbooks.test_reports import (
    client,
    conn,
    test_ar_aging_total_is_the_open_invoice_balances,
    test_custom_job_time_payroll_and_budget_reports,
    test_general_ledger_and_balance_sheet_balance,
    test_profit_and_loss_net_income_is_income_minus_expense,
)

FIXTURES_USED = (client, conn, qb_env, schema_check)
IMPORTED = (
    test_ar_aging_total_is_the_open_invoice_balances,
    test_custom_job_time_payroll_and_budget_reports,
    test_general_ledger_and_balance_sheet_balance,
    test_profit_and_loss_net_income_is_income_minus_expense,
)
