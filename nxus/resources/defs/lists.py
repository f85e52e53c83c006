"""Response tables of the list resources (customers, vendors, employees, accounts, ...).

Generated from the SDK models and the qbXML schema, then reviewed: JSON alias -> element path.
None marks a field the SDK declares but QuickBooks has no element for (always null).
"""

from nxus.resources.defs.common import (
    ACCRUED_HOURS,
    ADDITIONAL_CONTACT_IN,
    ADDRESS,
    CUSTOM_CONTACT_FIELD_IN,
    EMPLOYEE_ADDRESS,
    EMPLOYEE_CONTACT_IN,
    EMPLOYEE_ENUMS,
    PAY_PERIOD,
    USE_TIME_DATA,
)
from nxus.resources.model import Const, Nest, Shape

BILL_ADDRESS: Shape = ADDRESS

SHIP_TO_ADDRESS: Shape = {
    "line1": "Addr1",
    "line2": "Addr2",
    "line3": "Addr3",
    "line4": "Addr4",
    "line5": "Addr5",
    "city": "City",
    "state": "State",
    "postalCode": "PostalCode",
    "country": "Country",
    "note": "Note",
    "name": "Name",
    "isDefaultShippingAddress": "DefaultShipTo",
}

CONTACTS_RET: Shape = {
    "id": "ListID",
    "objectType": Const("qbd_contact"),
    "name": None,  # not in ContactsRet
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "contactName": "Contact",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "jobTitle": "JobTitle",
    "customContactFields": None,  # not in ContactsRet
    "isActive": None,  # not in ContactsRet
    "customFields": None,  # not in ContactsRet
}

CREDIT_CARD_INFO: Shape = {
    "objectType": Const("qbd_credit_card_info"),
    "creditCardNumber": "CreditCardNumber",
    "expirationMonth": "ExpirationMonth",
    "expirationYear": "ExpirationYear",
    "nameOnCard": "NameOnCard",
    "creditCardAddress": "CreditCardAddress",
    "creditCardPostalCode": "CreditCardPostalCode",
}

ADDITIONAL_NOTES_RET: Shape = {
    "noteId": "NoteID",
    "date": "Date",
    "note": "Note",
}

DATA_EXT_RET: Shape = {
    "ownerId": "OwnerID",
    "name": "DataExtName",
    "type": "DataExtType",
    "value": "DataExtValue",
}

EMERGENCY_CONTACTS: Shape = {
    "primaryContact": Nest("PrimaryContact", ADDITIONAL_CONTACT_IN),
    "secondaryContact": Nest("SecondaryContact", ADDITIONAL_CONTACT_IN),
}

SICK_HOURS: Shape = ACCRUED_HOURS

VACATION_HOURS: Shape = ACCRUED_HOURS

EMPLOYEE_PAYROLL_INFO: Shape = {
    "payPeriod": PAY_PERIOD,
    "paySchedule": "PayScheduleRef",
    "class": "ClassRef",
    "clearEarnings": "ClearEarnings",
    "clearNonEarnings": "ClearNonEarnings",
    "useTimeDataToCreatePaychecks": USE_TIME_DATA,
    "sickHours": Nest("SickHours", SICK_HOURS),
    "vacationHours": Nest("VacationHours", VACATION_HOURS),
}

TAX_LINE_INFO_RET: Shape = {
    "taxLineId": "TaxLineID",
    "taxLineName": "TaxLineName",
}

CUSTOMER: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "fullname": "FullName",
    "sublevel": "Sublevel",
    "companyName": "CompanyName",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "jobTitle": "JobTitle",
    "billingAddress": Nest("BillAddress", BILL_ADDRESS),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
    "alternateShippingAddresses": Nest("ShipToAddress", SHIP_TO_ADDRESS),
    "phone": "Phone",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "email": "Email",
    "ccEmail": "Cc",
    "contact": "Contact",
    "alternateContact": "AltContact",
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "additionalContacts": Nest("ContactsRet", CONTACTS_RET),
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
    "additionalNotes": Nest("AdditionalNotesRet", ADDITIONAL_NOTES_RET),
    "preferredDeliveryMethod": "PreferredDeliveryMethod",
    "taxRegistrationNumber": "TaxRegistrationNumber",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

VENDOR: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "companyName": "CompanyName",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "jobTitle": "JobTitle",
    "phone": "Phone",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "email": "Email",
    "ccEmail": "Cc",
    "contact": "Contact",
    "alternateContact": "AltContact",
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
    "billingAddress": Nest("VendorAddress", BILL_ADDRESS),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "additionalContacts": Nest("ContactsRet", CONTACTS_RET),
    "additionalNotes": Nest("AdditionalNotesRet", ADDITIONAL_NOTES_RET),
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
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

EMPLOYEE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "jobTitle": "JobTitle",
    "supervisor": "SupervisorRef",
    "department": "Department",
    "description": "Description",
    "targetBonus": "TargetBonus",
    "employeeAddress": Nest("EmployeeAddress", EMPLOYEE_ADDRESS),
    "printAs": "PrintAs",
    "phone": "Phone",
    "mobile": "Mobile",
    "pager": "Pager",
    "pagerPin": "PagerPIN",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "ssn": "SSN",
    "email": "Email",
    "emergencyContacts": Nest("EmergencyContacts", EMERGENCY_CONTACTS),
    "additionalContacts": Nest("AdditionalContactRef", EMPLOYEE_CONTACT_IN),
    "additionalNotes": Nest("AdditionalNotesRet", ADDITIONAL_NOTES_RET),
    "employeeType": EMPLOYEE_ENUMS["employeeType"],
    "employmentStatus": EMPLOYEE_ENUMS["employmentStatus"],
    "overtimeExemptStatus": EMPLOYEE_ENUMS["overtimeExemptStatus"],
    "keyEmployeeStatus": EMPLOYEE_ENUMS["keyEmployeeStatus"],
    "gender": EMPLOYEE_ENUMS["gender"],
    "hiredDate": "HiredDate",
    "originalHireDate": "OriginalHireDate",
    "adjustedServiceDate": "AdjustedServiceDate",
    "releasedDate": "ReleasedDate",
    "birthDate": "BirthDate",
    "usCitizenshipStatus": EMPLOYEE_ENUMS["usCitizenshipStatus"],
    "ethnicity": EMPLOYEE_ENUMS["ethnicity"],
    "disabilityStatus": EMPLOYEE_ENUMS["disabilityStatus"],
    "disabilityDescription": "DisabilityDesc",
    "i9OnFileStatus": EMPLOYEE_ENUMS["i9OnFileStatus"],
    "workAuthorizationExpirationDate": "WorkAuthExpireDate",
    "usVeteranStatus": EMPLOYEE_ENUMS["usVeteranStatus"],
    "militaryStatus": EMPLOYEE_ENUMS["militaryStatus"],
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "billingRate": "BillingRateRef",
    "employeePayrollInfo": Nest("EmployeePayrollInfo", EMPLOYEE_PAYROLL_INFO),
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ACCOUNT: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
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
    "taxLineDetails": Nest("TaxLineInfoRet", TAX_LINE_INFO_RET),
    "cashFlowClassification": "CashFlowClassification",
    "currency": "CurrencyRef",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CLASS: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "fullname": "FullName",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "isActive": "IsActive",
    "customFields": None,  # not in ClassRet
}

PAYMENT_METHOD: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "paymentMethodType": "PaymentMethodType",
    "isActive": "IsActive",
    "customFields": None,  # not in PaymentMethodRet
}

SALES_TAX_CODE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "isTaxable": "IsTaxable",
    "desc": "Desc",
    "itemPurchaseTax": "ItemPurchaseTaxRef",
    "itemSalesTax": "ItemSalesTaxRef",
    "isActive": "IsActive",
    "customFields": None,  # not in SalesTaxCodeRet
}

STANDARD_TERMS: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "dueDays": "StdDueDays",
    "discountDays": "StdDiscountDays",
    "dueDayOfMonth": None,  # not in StandardTermsRet
    "gracePeriodDays": None,  # not in StandardTermsRet
    "discountDayOfMonth": None,  # not in StandardTermsRet
    "discountPercentage": "DiscountPct",
    "isActive": "IsActive",
    "customFields": None,  # not in StandardTermsRet
}

DATE_DRIVEN_TERMS: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "dueDays": None,  # not in DateDrivenTermsRet
    "discountDays": None,  # not in DateDrivenTermsRet
    "dueDayOfMonth": "DayOfMonthDue",
    "gracePeriodDays": "DueNextMonthDays",
    "discountDayOfMonth": "DiscountDayOfMonth",
    "discountPercentage": "DiscountPct",
    "isActive": "IsActive",
    "customFields": None,  # not in DateDrivenTermsRet
}
