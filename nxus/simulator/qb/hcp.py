"""Host, Company and Preferences: what QBWC reports on a session's first sendRequestXML."""

from __future__ import annotations

from nxus.qbxml.versions import supported_versions_for_year

from .schema import Record

FIRST_YEAR, LAST_YEAR = 2006, 2024  # the QuickBooks Desktop releases the simulator offers


def supported_versions(year: int) -> list[str]:
    """The SupportedQBXMLVersion list of that year's HostQueryRs (``nxus.qbxml.versions``)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"QuickBooks year must be {FIRST_YEAR}..{LAST_YEAR}, not {year}")
    return supported_versions_for_year(year)


def host_ret(year: int, edition: str) -> Record:
    return {
        "ProductName": f"QuickBooks {edition} {year}",
        "MajorVersion": str(year - 1990),
        "MinorVersion": "0",
        "Country": "US",
        "SupportedQBXMLVersion": supported_versions(year),
        "IsAutomaticLogin": "false",
        "QBFileMode": "SingleUser",
    }


def company_ret(name: str, is_sample: bool, owner_id: str, file_id: str | None) -> Record:
    record: Record = {
        "IsSampleCompany": "true" if is_sample else "false",
        "CompanyName": name,
        "LegalCompanyName": name,
        "Address": {
            "Addr1": "1735 County Road",
            "City": "Bayshore",
            "State": "CA",
            "PostalCode": "94326",
            "Country": "US",
        },
        "AddressBlock": {"Addr1": "1735 County Road", "Addr2": "Bayshore, CA 94326"},
        "Phone": "650-555-1234",
        "Email": "rockcastle@samplename.example",
        "FirstMonthFiscalYear": "January",
        "FirstMonthIncomeTaxYear": "January",
        "CompanyType": "Construction",
        "EIN": "00-7904153",
        "TaxForm": "Form1120",
    }
    if file_id:
        record["DataExtRet"] = [
            {
                "OwnerID": owner_id,
                "DataExtName": "FileID",
                "DataExtType": "STR255TYPE",
                "DataExtValue": file_id,
            }
        ]
    return record


PREFERENCES: Record = {
    "AccountingPreferences": {
        "IsUsingAccountNumbers": "false",
        "IsRequiringAccounts": "true",
        "IsUsingClassTracking": "true",
        "IsUsingAuditTrail": "true",
        "IsAssigningJournalEntryNumbers": "true",
    },
    "FinanceChargePreferences": {
        "AnnualInterestRate": "0.00",
        "MinFinanceCharge": "0.00",
        "GracePeriod": "0",
        "IsAssessingForOverdueCharges": "false",
        "CalculateChargesFrom": "DueDate",
        "IsMarkedToBePrinted": "false",
    },
    "JobsAndEstimatesPreferences": {
        "IsUsingEstimates": "true",
        "IsUsingProgressInvoicing": "false",
        "IsPrintingItemsWithZeroAmounts": "false",
    },
    "MultiCurrencyPreferences": {"IsMultiCurrencyOn": "false"},
    "MultiLocationInventoryPreferences": {
        "IsMultiLocationInventoryAvailable": "false",
        "IsMultiLocationInventoryEnabled": "false",
    },
    "PurchasesAndVendorsPreferences": {
        "IsUsingInventory": "true",
        "DaysBillsAreDue": "10",
        "IsAutomaticallyUsingDiscounts": "false",
    },
    "ReportsPreferences": {"AgingReportBasis": "AgeFromDueDate", "SummaryReportBasis": "Accrual"},
    "SalesAndCustomersPreferences": {
        "IsTrackingReimbursedExpensesAsIncome": "false",
        "IsAutoApplyingPayments": "true",
        "PriceLevels": {"IsUsingPriceLevels": "true", "IsRoundingSalesPriceUp": "true"},
    },
    "SalesTaxPreferences": {
        "DefaultItemSalesTaxRef": {"FullName": "San Tomas"},
        "PaySalesTax": "Monthly",
        "DefaultTaxableSalesTaxCodeRef": {"FullName": "Tax"},
        "DefaultNonTaxableSalesTaxCodeRef": {"FullName": "Non"},
    },
    "TimeTrackingPreferences": {"FirstDayOfWeek": "Monday"},
    "CurrentAppAccessRights": {
        "IsAutomaticLoginAllowed": "false",
        "IsPersonalDataAccessAllowed": "true",
    },
}
