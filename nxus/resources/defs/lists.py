"""Response tables of the list resources (customers, vendors, employees, accounts, ...).

JSON alias -> element path, in the SDK model's field order, built from the groups of
shapes.py and common.py. None: the SDK declares the field, this Ret has no element (null).
"""

from nxus.resources.defs.common import (
    ACCRUED_HOURS,
    ADDRESS,
    CREDIT_CARD_INFO_IN,
    CUSTOM_CONTACT_FIELD_IN,
    EMERGENCY_CONTACTS,
    EMPLOYEE_ADDRESS,
    EMPLOYEE_CONTACT_IN,
    EMPLOYEE_ENUMS,
    EMPLOYEE_PHONES,
    PAY_PERIOD,
    PERSON_NAME,
    PHONES_AND_CONTACTS,
    USE_TIME_DATA,
)
from nxus.resources.defs.shapes import CUSTOM_FIELDS, LIST_HEADER, LIST_TAIL, absent
from nxus.resources.model import Const, Nest, Shape

SHIP_TO_ADDRESS: Shape = {**ADDRESS, "name": "Name", "isDefaultShippingAddress": "DefaultShipTo"}

CONTACTS_RET: Shape = {
    "id": "ListID",
    "objectType": Const("qbd_contact"),
    "name": None,
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "contactName": "Contact",
    **PERSON_NAME,
    "customContactFields": None,
    "isActive": None,
    "customFields": None,
}
# The name/value pairs and the contacts of a customer or a vendor.
MORE_CONTACTS: Shape = {
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "additionalContacts": Nest("ContactsRet", CONTACTS_RET),
}

CREDIT_CARD_INFO: Shape = {
    "objectType": Const("qbd_credit_card_info"),
    **CREDIT_CARD_INFO_IN,
}

ADDITIONAL_NOTES: Shape = {
    "additionalNotes": Nest(
        "AdditionalNotesRet", {"noteId": "NoteID", "date": "Date", "note": "Note"}
    ),
}

EMPLOYEE_PAYROLL_INFO: Shape = {
    "payPeriod": PAY_PERIOD,
    "paySchedule": "PayScheduleRef",
    "class": "ClassRef",
    "clearEarnings": "ClearEarnings",
    "clearNonEarnings": "ClearNonEarnings",
    "useTimeDataToCreatePaychecks": USE_TIME_DATA,
    "sickHours": Nest("SickHours", ACCRUED_HOURS),
    "vacationHours": Nest("VacationHours", ACCRUED_HOURS),
}


def employee_enums(*aliases: str) -> Shape:
    return {alias: EMPLOYEE_ENUMS[alias] for alias in aliases}


CUSTOMER: Shape = {
    **LIST_HEADER,
    "fullname": "FullName",
    "sublevel": "Sublevel",
    "companyName": "CompanyName",
    **PERSON_NAME,
    "billingAddress": Nest("BillAddress", ADDRESS),
    "shippingAddress": Nest("ShipAddress", ADDRESS),
    "alternateShippingAddresses": Nest("ShipToAddress", SHIP_TO_ADDRESS),
    **PHONES_AND_CONTACTS,
    **MORE_CONTACTS,
    "class": "ClassRef",
    "parent": "ParentRef",
    "customerType": "CustomerTypeRef",
    "terms": "TermsRef",
    "salesRep": "SalesRepRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "itemSalesTax": "ItemSalesTaxRef",
    "preferredPaymentMethod": "PreferredPaymentMethodRef",
    "jobType": "JobTypeRef",
    "priceLevel": "PriceLevelRef",
    "currency": "CurrencyRef",
    "balance": "Balance",
    "totalBalance": "TotalBalance",
    "salesTaxCountry": "SalesTaxCountry",
    "resaleNumber": "ResaleNumber",
    "accountNumber": "AccountNumber",
    "creditLimit": "CreditLimit",
    "creditCard": Nest("CreditCardInfo", CREDIT_CARD_INFO),
    "jobStatus": "JobStatus",
    "jobStartDate": "JobStartDate",
    "jobProjectedEndDate": "JobProjectedEndDate",
    "jobEndDate": "JobEndDate",
    "jobDescription": "JobDesc",
    "notes": "Notes",
    **ADDITIONAL_NOTES,
    "preferredDeliveryMethod": "PreferredDeliveryMethod",
    "taxRegistrationNumber": "TaxRegistrationNumber",
    **LIST_TAIL,
}

VENDOR: Shape = {
    **LIST_HEADER,
    "companyName": "CompanyName",
    **PERSON_NAME,
    **PHONES_AND_CONTACTS,
    "nameOnCheck": "NameOnCheck",
    "accountNumber": "AccountNumber",
    "note": "Notes",
    "class": "ClassRef",
    "vendorType": "VendorTypeRef",
    "terms": "TermsRef",
    "billingRate": "BillingRateRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "salesTaxReturn": "SalesTaxReturnRef",
    "purchaseTaxAccount": "TaxOnPurchasesAccountRef",
    "salesTaxAccount": "TaxOnSalesAccountRef",
    "currency": "CurrencyRef",
    "defaultExpenseAccounts": "PrefillAccountRef",
    "billingAddress": Nest("VendorAddress", ADDRESS),
    "shippingAddress": Nest("ShipAddress", ADDRESS),
    **MORE_CONTACTS,
    **ADDITIONAL_NOTES,
    "balance": "Balance",
    "creditLimit": "CreditLimit",
    "taxIdentificationNumber": "VendorTaxIdent",
    "isEligibleFor1099": "IsVendorEligibleFor1099",
    "isTaxAgency": "IsTaxAgency",
    "salesTaxCountry": "SalesTaxCountry",
    "isSalesTaxAgency": "IsSalesTaxAgency",
    "taxRegistrationNumber": "TaxRegistrationNumber",
    "reportingPeriod": "ReportingPeriod",
    "isTrackingPurchaseTax": "IsTaxTrackedOnPurchases",
    "isTrackingSalesTax": "IsTaxTrackedOnSales",
    "isCompoundingTax": "IsTaxOnTax",
    **LIST_TAIL,
}

EMPLOYEE: Shape = {
    **LIST_HEADER,
    **PERSON_NAME,
    "supervisor": "SupervisorRef",
    "department": "Department",
    "description": "Description",
    "targetBonus": "TargetBonus",
    "employeeAddress": Nest("EmployeeAddress", EMPLOYEE_ADDRESS),
    **EMPLOYEE_PHONES,
    "ssn": "SSN",
    "email": "Email",
    "emergencyContacts": Nest("EmergencyContacts", EMERGENCY_CONTACTS),
    "additionalContacts": Nest("AdditionalContactRef", EMPLOYEE_CONTACT_IN),
    **ADDITIONAL_NOTES,
    **employee_enums(
        "employeeType",
        "employmentStatus",
        "overtimeExemptStatus",
        "keyEmployeeStatus",
        "gender",
    ),
    "hiredDate": "HiredDate",
    "originalHireDate": "OriginalHireDate",
    "adjustedServiceDate": "AdjustedServiceDate",
    "releasedDate": "ReleasedDate",
    "birthDate": "BirthDate",
    **employee_enums("usCitizenshipStatus", "ethnicity", "disabilityStatus"),
    "disabilityDescription": "DisabilityDesc",
    "i9OnFileStatus": EMPLOYEE_ENUMS["i9OnFileStatus"],
    "workAuthorizationExpirationDate": "WorkAuthExpireDate",
    **employee_enums("usVeteranStatus", "militaryStatus"),
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "billingRate": "BillingRateRef",
    "employeePayrollInfo": Nest("EmployeePayrollInfo", EMPLOYEE_PAYROLL_INFO),
    **LIST_TAIL,
}

ACCOUNT: Shape = {
    **LIST_HEADER,
    "fullname": "FullName",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "accountType": "AccountType",
    "specialAccountType": "SpecialAccountType",
    "isTaxAccount": "IsTaxAccount",
    "accountNumber": "AccountNumber",
    "bankNumber": "BankNumber",
    "description": "Desc",
    "balance": "Balance",
    "totalBalance": "TotalBalance",
    "salesTaxCode": "SalesTaxCodeRef",
    "taxLineDetails": Nest(
        "TaxLineInfoRet", {"taxLineId": "TaxLineID", "taxLineName": "TaxLineName"}
    ),
    "cashFlowClassification": "CashFlowClassification",
    "currency": "CurrencyRef",
    "isActive": "IsActive",
    **CUSTOM_FIELDS,
}


def _simple_list(own: Shape) -> Shape:
    """A list record QuickBooks gives no custom fields (classes, payment methods, terms, ...)."""
    return {**LIST_HEADER, **own, "isActive": "IsActive", "customFields": None}


CLASS = _simple_list({"fullname": "FullName", "parent": "ParentRef", "sublevel": "Sublevel"})

PAYMENT_METHOD = _simple_list({"paymentMethodType": "PaymentMethodType"})

SALES_TAX_CODE = _simple_list(
    {
        "isTaxable": "IsTaxable",
        "desc": "Desc",
        "itemPurchaseTax": "ItemPurchaseTaxRef",
        "itemSalesTax": "ItemSalesTaxRef",
    }
)

# The fields of both kinds of terms: each kind lacks the other's own.
TERMS = _simple_list(
    {
        "dueDays": "StdDueDays",
        "discountDays": "StdDiscountDays",
        "dueDayOfMonth": "DayOfMonthDue",
        "gracePeriodDays": "DueNextMonthDays",
        "discountDayOfMonth": "DiscountDayOfMonth",
        "discountPercentage": "DiscountPct",
    }
)
STANDARD_TERMS = absent(TERMS, "dueDayOfMonth", "gracePeriodDays", "discountDayOfMonth")
DATE_DRIVEN_TERMS = absent(TERMS, "dueDays", "discountDays")
