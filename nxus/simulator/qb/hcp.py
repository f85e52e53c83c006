"""Host, Company and Preferences: what QBWC reports on a session's first sendRequestXML."""

from __future__ import annotations

from .schema import Record

ALL_VERSIONS = [
    "1.0",
    "1.1",
    "2.0",
    "2.1",
    "3.0",
    "4.0",
    "4.1",
    "5.0",
    "6.0",
    "7.0",
    "8.0",
    "9.0",
    "10.0",
    "11.0",
    "12.0",
    "13.0",
    "14.0",
    "15.0",
    "16.0",
]
# Highest qbXML version each QuickBooks Desktop year speaks (2023 R3 and later: 16.0).
MAX_VERSION_BY_YEAR = {
    2006: "5.0",
    2007: "6.0",
    2008: "7.0",
    2009: "8.0",
    2010: "9.0",
    2011: "10.0",
    2012: "11.0",
    2013: "12.0",
    2014: "13.0",
    2015: "13.0",
    2016: "13.0",
    2017: "13.0",
    2018: "13.0",
    2019: "13.0",
    2020: "14.0",
    2021: "15.0",
    2022: "15.0",
    2023: "16.0",
    2024: "16.0",
}


def supported_versions(year: int) -> list[str]:
    if year not in MAX_VERSION_BY_YEAR:
        raise ValueError(f"QuickBooks year must be 2006..2024, not {year}")
    return ALL_VERSIONS[: ALL_VERSIONS.index(MAX_VERSION_BY_YEAR[year]) + 1]


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
