"""Create (Add) and update (Mod) tables: SDK Create*/Update* request fields -> elements.

Generated from the SDK models and the qbXML schema, then reviewed: JSON alias -> element path.
None marks a field the SDK declares but QuickBooks has no element for (always null).
"""

from nxus.resources.defs.common import (
    ACCRUED_HOURS,
    ADDRESS,
    CREDIT_CARD_INFO_IN,
    CREDIT_CARD_INPUT_IN,
    CREDIT_CARD_RESULT_IN,
    CUSTOM_CONTACT_FIELD_IN,
    CUSTOM_FIELDS_IN,
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
from nxus.resources.defs.shapes import drop as without
from nxus.resources.defs.shapes import filled, renamed
from nxus.resources.model import Each, Nest, Shape, Source, Text


def mod_of(add: Shape, drop: tuple[str, ...] = (), **changes: Source) -> Shape:
    """An Update (Mod) table written as its Create (Add) table plus the Mod-only differences:
    `drop` the fields the SDK's Update model does not have, `changes` the fields it adds or that
    map elsewhere in the Mod (None: the Mod has no such element). Each fact is written once."""
    return {k: v for k, v in add.items() if k not in drop and k not in changes} | changes


BILL_ADDRESS_IN: Shape = ADDRESS

SHIP_TO_ADDRESS_IN: Shape = {"name": "Name", "defaultShipTo": "DefaultShipTo", **ADDRESS}

CONTACTS_IN: Shape = {
    "id": None,  # not in Contacts
    "name": None,  # not in Contacts
    "createdAt": None,  # not in Contacts
    "updatedAt": None,  # not in Contacts
    "contactName": None,  # not in Contacts
    **PERSON_NAME,
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "isActive": None,  # not in Contacts
    "customFields": None,  # not in Contacts
}

NOTE_IN: Shape = {"note": "Note"}
# The SDK's response-shaped note on vendor writes: QuickBooks numbers and dates notes itself.
ADDITIONAL_NOTES_IN: Shape = NOTE_IN | {"noteId": None, "date": None}

UPDATE_ADDITIONAL_NOTE_IN: Shape = {"noteID": "NoteID", "note": "Note"}

ADDITIONAL_NOTES_MOD_IN: Shape = {
    "noteId": "NoteID",
    "date": None,  # QuickBooks dates notes itself
    "note": "Note",
}

EMPLOYEE_ADDRESS_IN: Shape = EMPLOYEE_ADDRESS


EMERGENCY_CONTACTS_IN: Shape = EMERGENCY_CONTACTS

SICK_HOURS_IN: Shape = ACCRUED_HOURS

VACATION_HOURS_IN: Shape = ACCRUED_HOURS

EMPLOYEE_PAYROLL_INFO_IN: Shape = {
    "payPeriod": PAY_PERIOD,
    "payScheduleId": "PayScheduleRef",
    "classId": "ClassRef",
    "clearEarnings": "ClearEarnings",
    "clearNonEarnings": "ClearNonEarnings",
    "useTimeDataToCreatePaychecks": USE_TIME_DATA,
    "sickHours": Nest("SickHours", SICK_HOURS_IN),
    "vacationHours": Nest("VacationHours", VACATION_HOURS_IN),
}

BAR_CODE_IN: Shape = {
    "value": "BarCodeValue",
    "assignEvenIfUsed": "AssignEvenIfUsed",
    "allowOverride": "AllowOverride",
}

SALES_OR_PURCHASE_IN: Shape = {
    "description": "Desc",
    "price": "Price",
    "pricePercent": "PricePercent",
    "accountId": "AccountRef",
}

# The sales and purchase sides of a service, non-inventory or inventory item.
SALES_AND_PURCHASE_PRICES_IN: Shape = {
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccountId": "IncomeAccountRef",
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCodeId": "PurchaseTaxCodeRef",
}

SALES_AND_PURCHASE_IN: Shape = {
    **SALES_AND_PURCHASE_PRICES_IN,
    "expenseAccountId": "ExpenseAccountRef",
    "prefVendorId": "PrefVendorRef",
}

SALES_OR_PURCHASE_MOD_IN: Shape = mod_of(
    SALES_OR_PURCHASE_IN,
    applyAccountToExistingTransactions="ApplyAccountRefToExistingTxns",
)

SALES_AND_PURCHASE_MOD_IN: Shape = mod_of(
    SALES_AND_PURCHASE_IN,
    applyIncomeAccountToExistingTransactions="ApplyIncomeAccountRefToExistingTxns",
    applyExpenseAccountToExistingTransactions="ApplyExpenseAccountRefToExistingTxns",
)

# Non-inventory and other-charge items: the same elements under the SDK's other names; their
# SalesOrPurchaseMod takes the same fields (no apply-to-existing flags in the SDK model).
SALES_OR_PURCHASE_IN_2: Shape = mod_of(
    SALES_OR_PURCHASE_IN,
    drop=("pricePercent", "accountId"),
    pricePercentage="PricePercent",
    postingAccountId="AccountRef",
)

SALES_AND_PURCHASE_IN_2: Shape = mod_of(
    SALES_AND_PURCHASE_IN, drop=("prefVendorId",), preferredVendorId="PrefVendorRef"
)

SALES_OR_PURCHASE_MOD_IN_2: Shape = SALES_OR_PURCHASE_IN_2

LINK_TO_TXN_IN: Shape = {
    "transactionId": "TxnID",
    "transactionLineId": "TxnLineID",
}

# The item of a line and how much of it: the first fields of the sales and item line models.
LINE_ITEM_IN: Shape = {
    "itemId": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
}

INVENTORY_SITE_IN: Shape = {
    "inventorySiteId": "InventorySiteRef",
    "inventorySiteLocationId": "InventorySiteLocationRef",
}

# Where a line's item is and which serial or lot number it has.
SITE_SERIAL_LOT_IN: Shape = {
    **INVENTORY_SITE_IN,
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
}

# How a sales receipt or credit memo line is priced.
SALES_LINE_PRICE_IN: Shape = {
    "rate": "Rate",
    "ratePercent": "RatePercent",
    "priceLevelId": "PriceLevelRef",
    "classId": "ClassRef",
    "amount": "Amount",
}

OTHER_CUSTOM_FIELDS_IN: Shape = {"otherCustomField1": "Other1", "otherCustomField2": "Other2"}

# An item group line of an invoice, check, bill, estimate or credit memo.
LINE_GROUP_ADD_IN: Shape = {
    "itemGroupId": "ItemGroupRef",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    **INVENTORY_SITE_IN,
    "customFields": CUSTOM_FIELDS_IN,
}

# The head of a sales receipt or purchase order item group Mod.
LINE_GROUP_MOD_IN: Shape = {
    "id": "TxnLineID",
    "itemGroupId": "ItemGroupRef",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
}


def line_group_mod(lines: Nest) -> Shape:
    """An invoice or check/bill item group Mod: LINE_GROUP_ADD_IN with its Mod `lines`; the
    Mod has no inventory site fields."""
    return mod_of(
        LINE_GROUP_ADD_IN,
        drop=("customFields",),
        id="TxnLineID",
        lines=lines,
        inventorySiteId=None,
        inventorySiteLocationId=None,
    )


ITEM_LINE_ADD_IN: Shape = {
    **LINE_ITEM_IN,
    "cost": "Cost",
    "rate": None,  # not in ItemLineAdd
    "amount": "Amount",
    "customerId": "CustomerRef",
    "classId": "ClassRef",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "billableStatus": "BillableStatus",
    **SITE_SERIAL_LOT_IN,
    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
    "overrideItemAccountId": "OverrideItemAccountRef",
    "linkToTransaction": Nest("LinkToTxn", LINK_TO_TXN_IN),
    "salesRepresentativeId": "SalesRepRef",
    "customFields": CUSTOM_FIELDS_IN,
}

# An invoice line: a bill's item line without the purchase-only fields, with a rate.
INVOICE_LINE_ADD_IN: Shape = filled(
    ITEM_LINE_ADD_IN,
    {
        "cost": None,  # not in InvoiceLineAdd
        "rate": "Rate",
        "customerId": None,  # not in InvoiceLineAdd
        "billableStatus": None,  # not in InvoiceLineAdd
        "expirationDateForSerialLotNumber": None,  # not in InvoiceLineAdd
        "salesRepresentativeId": None,  # not in InvoiceLineAdd
    },
)

INVOICE_LINE_GROUP_ADD_IN: Shape = LINE_GROUP_ADD_IN

INVOICE_LINE_MOD_IN: Shape = mod_of(
    INVOICE_LINE_ADD_IN,
    drop=("linkToTransaction", "customFields"),
    id="TxnLineID",
)

INVOICE_LINE_GROUP_MOD_IN: Shape = line_group_mod(Nest("InvoiceLineMod", INVOICE_LINE_MOD_IN))

SALES_RECEIPT_LINE_ADD_IN: Shape = {
    **LINE_ITEM_IN,
    "overrideUOMSetId": None,  # UOM sets are chosen per item on Adds (no OverrideUOMSetRef)
    **SALES_LINE_PRICE_IN,
    **SITE_SERIAL_LOT_IN,
    "expirationDate": None,  # not in SalesReceiptLineAdd
    "serviceDate": "ServiceDate",
    "salesTaxCodeId": "SalesTaxCodeRef",
    **OTHER_CUSTOM_FIELDS_IN,
    "creditCardTransaction": None,  # not in SalesReceiptLineAdd
}

SALES_RECEIPT_LINE_GROUP_ADD_IN: Shape = {
    "id": "ItemGroupRef",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "inventorySiteId": "InventorySiteRef",
}

SALES_RECEIPT_LINE_MOD_IN: Shape = mod_of(
    SALES_RECEIPT_LINE_ADD_IN,
    drop=("overrideUOMSetId", "creditCardTransaction"),
    id="TxnLineID",
    overrideUnitOfMeasureSetId="OverrideUOMSetRef",
)

SALES_RECEIPT_LINE_GROUP_MOD_IN: Shape = {
    **LINE_GROUP_MOD_IN,
    "lines": Nest("SalesReceiptLineMod", SALES_RECEIPT_LINE_MOD_IN),
}


SET_CREDIT_IN: Shape = {
    "creditTransactionId": "CreditTxnID",
    "id": "TxnLineID",
    "appliedAmount": "AppliedAmount",
    "override": "Override",
}

APPLIED_TO_TXN_ADD_IN: Shape = {
    "id": "TxnID",
    "paymentAmount": "PaymentAmount",
    "setCredits": Nest("SetCredit", SET_CREDIT_IN),
    "discountAmount": "DiscountAmount",
    "discountAccountId": "DiscountAccountRef",
    "discountClassId": "DiscountClassRef",
}

EXPENSE_LINE_ADD_IN: Shape = {
    "accountId": "AccountRef",
    "amount": "Amount",
    "memo": "Memo",
    "customerId": "CustomerRef",
    "classId": "ClassRef",
    "vendorId": "VendorRef",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "billableStatus": "BillableStatus",
    "salesRepresentativeId": "SalesRepRef",
    "customFields": CUSTOM_FIELDS_IN,
}


EXPENSE_LINE_MOD_IN: Shape = mod_of(
    EXPENSE_LINE_ADD_IN,
    drop=("customFields",),
    id="TxnLineID",
    vendorId=None,  # not in ExpenseLineMod
)

ITEM_LINE_MOD_IN: Shape = mod_of(
    ITEM_LINE_ADD_IN,
    drop=("linkToTransaction", "customFields"),
    id="TxnLineID",
)

ADDRESS_IN: Shape = ADDRESS

ITEM_GROUP_LINE_ADD_IN: Shape = LINE_GROUP_ADD_IN

ITEM_GROUP_LINE_MOD_IN: Shape = line_group_mod(Nest("ItemLineMod", ITEM_LINE_MOD_IN))

ESTIMATE_LINE_ADD_IN: Shape = {
    "id": None,  # QuickBooks assigns line ids
    "objectType": None,
    **LINE_ITEM_IN,
    "rate": "Rate",
    "ratePercent": "RatePercent",
    "classId": "ClassRef",
    "amount": "Amount",
    "optionForPriceRuleConflict": "OptionForPriceRuleConflict",
    **INVENTORY_SITE_IN,
    "salesTaxCodeId": "SalesTaxCodeRef",
    "markupRate": "MarkupRate",
    "markupRatePercent": "MarkupRatePercent",
    "priceLevelId": "PriceLevelRef",
    "overrideItemAccountId": "OverrideItemAccountRef",
    "other1": "Other1",
    "other2": "Other2",
    "customFields": CUSTOM_FIELDS_IN,
}

ESTIMATE_LINE_GROUP_ADD_IN: Shape = LINE_GROUP_ADD_IN

ESTIMATE_LINE_MOD_IN: Shape = mod_of(
    ESTIMATE_LINE_ADD_IN,
    drop=("objectType",),
    txnLineId="TxnLineID",
    id="TxnLineID",
    overrideItemAccountId=None,  # not in EstimateLineMod
    customFields=None,  # not in EstimateLineMod: set values with /custom-fields
)

ESTIMATE_LINE_GROUP_MOD_IN: Shape = mod_of(
    ESTIMATE_LINE_GROUP_ADD_IN,
    drop=("customFields",),
    id="TxnLineID",
    overrideUnitOfMSetId=None,  # not in EstimateLineGroupMod
    inventorySiteId=None,  # not in EstimateLineGroupMod
    inventorySiteLocationId=None,  # not in EstimateLineGroupMod
    lines=Nest("EstimateLineMod", ESTIMATE_LINE_MOD_IN),
)

PURCHASE_ORDER_LINE_ADD_IN: Shape = {
    "itemId": "ItemRef",
    "manufacturerPartNumber": "ManufacturerPartNumber",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUOMSetId": None,  # not in PurchaseOrderLineAdd
    "rate": "Rate",
    "classId": "ClassRef",
    "amount": "Amount",
    "inventorySiteLocationId": "InventorySiteLocationRef",
    "customerId": "CustomerRef",
    "serviceDate": "ServiceDate",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "other1": "Other1",
    "other2": "Other2",
}

PURCHASE_ORDER_LINE_GROUP_ADD_IN: Shape = {
    "id": "ItemGroupRef",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "inventorySiteLocationId": "InventorySiteLocationRef",
}

PURCHASE_ORDER_LINE_MOD_IN: Shape = mod_of(
    PURCHASE_ORDER_LINE_ADD_IN,
    drop=("overrideUOMSetId", "other1", "other2"),
    id="TxnLineID",
    overrideUnitOfMeasureSetId="OverrideUOMSetRef",
    isManuallyClosed="IsManuallyClosed",
    overrideItemAccountId="OverrideItemAccountRef",
    **OTHER_CUSTOM_FIELDS_IN,
)

PURCHASE_ORDER_LINE_GROUP_MOD_IN: Shape = {
    **LINE_GROUP_MOD_IN,
    "lines": Nest("PurchaseOrderLineMod", PURCHASE_ORDER_LINE_MOD_IN),
}

CREDIT_CARD_TXN_INFO_IN_2: Shape = {
    "inputInfo": Nest("CreditCardTxnInputInfo", CREDIT_CARD_INPUT_IN),
    "resultInfo": Nest("CreditCardTxnResultInfo", CREDIT_CARD_RESULT_IN),
}

CREDIT_MEMO_LINE_ADD_IN: Shape = {
    **LINE_ITEM_IN,
    **SALES_LINE_PRICE_IN,
    **SITE_SERIAL_LOT_IN,
    "serviceDate": "ServiceDate",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "overrideItemAccountId": "OverrideItemAccountRef",
    **OTHER_CUSTOM_FIELDS_IN,
    "creditCardTransactionInfo": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO_IN_2),
    "customFields": CUSTOM_FIELDS_IN,
}

CREDIT_MEMO_LINE_GROUP_ADD_IN: Shape = LINE_GROUP_ADD_IN

CREDIT_MEMO_LINE_MOD_IN: Shape = mod_of(
    CREDIT_MEMO_LINE_ADD_IN,
    drop=("creditCardTransactionInfo", "customFields"),
    id="TxnLineID",
    overrideUomSetId="OverrideUOMSetRef",
)

CREDIT_MEMO_LINE_GROUP_MOD_IN: Shape = mod_of(
    CREDIT_MEMO_LINE_GROUP_ADD_IN,
    drop=("inventorySiteId", "inventorySiteLocationId", "customFields"),
    id="TxnLineID",
    overrideUomSetId="OverrideUOMSetRef",
    lines=Nest("CreditMemoLineMod", CREDIT_MEMO_LINE_MOD_IN),
)

JOURNAL_DEBIT_LINE_IN: Shape = {
    "accountId": "AccountRef",
    "amount": "Amount",
    "memo": "Memo",
    "entityId": "EntityRef",
    "classId": "ClassRef",
    "itemSalesTaxId": "ItemSalesTaxRef",
    "billableStatus": "BillableStatus",
}

BILL_AND_SHIP_IN: Shape = {
    "billingAddress": Nest("BillAddress", BILL_ADDRESS_IN),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS_IN),
}

# The head of a sales receipt, estimate or credit memo (the invoice has them in its own order).
CUSTOMER_AND_CLASS_IN: Shape = {"customerId": "CustomerRef", "classId": "ClassRef"}
TEMPLATE_DATE_ADDRESSES_IN: Shape = {
    "templateId": "TemplateRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    **BILL_AND_SHIP_IN,
}

# Order, terms and shipping of an invoice or credit memo (estimates spell two otherwise).
ORDER_AND_TERMS_IN: Shape = {
    "purchaseOrderNumber": "PONumber",
    "termsId": "TermsRef",
    "dueDate": "DueDate",
    "salesRepresentativeId": "SalesRepRef",
    "shipmentOrigin": "FOB",
}

# Memo to tax code of an invoice or sales receipt (credit memos and estimates differ in the
# SDK's spelling of the print and email flags).
MESSAGE_AND_TAX_IN: Shape = {
    "memo": "Memo",
    "customerMessageId": "CustomerMsgRef",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmail": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCodeId": "CustomerSalesTaxCodeRef",
}

# The expense and item lines of a bill or a check.
EXPENSE_AND_ITEM_LINES_ADD_IN: Shape = {
    "expenseLines": Nest("ExpenseLineAdd", EXPENSE_LINE_ADD_IN),
    "itemLines": Nest("ItemLineAdd", ITEM_LINE_ADD_IN),
}
EXPENSE_AND_ITEM_LINES_MOD_IN: Shape = {
    "clearExpenseLines": "ClearExpenseLines",
    "expenseLines": Nest("ExpenseLineMod", EXPENSE_LINE_MOD_IN),
    "clearItemLines": "ClearItemLines",
    "itemLines": Nest("ItemLineMod", ITEM_LINE_MOD_IN),
}

CUSTOMER_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": "ParentRef",
    "companyName": "CompanyName",
    **PERSON_NAME,
    **BILL_AND_SHIP_IN,
    "shippingAddresses": Nest("ShipToAddress", SHIP_TO_ADDRESS_IN),
    **renamed(PHONES_AND_CONTACTS, {"alternatePhone": "altPhone"}),
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "contacts": Nest("Contacts", CONTACTS_IN),
    "customerTypeId": "CustomerTypeRef",
    "termsId": "TermsRef",
    "salesRepresentativeId": "SalesRepRef",
    "openBalance": "OpenBalance",
    "openBalanceDate": "OpenBalanceDate",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "itemSalesTaxId": "ItemSalesTaxRef",
    "salesTaxCountry": "SalesTaxCountry",
    "resaleNumber": "ResaleNumber",
    "accountNumber": "AccountNumber",
    "creditLimit": "CreditLimit",
    "preferredPaymentMethodId": "PreferredPaymentMethodRef",
    "creditCardInfo": Nest("CreditCardInfo", CREDIT_CARD_INFO_IN),
    "jobStatus": "JobStatus",
    "jobStartDate": "JobStartDate",
    "jobProjectedEndDate": "JobProjectedEndDate",
    "jobEndDate": "JobEndDate",
    "jobDesc": "JobDesc",
    "jobTypeId": "JobTypeRef",
    "notes": "Notes",
    "additionalNotes": Each("AdditionalNotes", "Note"),
    "preferredDeliveryMethod": "PreferredDeliveryMethod",
    "priceLevelId": "PriceLevelRef",
    "externalId": "ExternalGUID",
    "taxRegistrationNumber": "TaxRegistrationNumber",
    "currencyId": "CurrencyRef",
    "suffix": "Suffix",
    "printAs": "PrintAs",
    "pager": "Pager",
    "mobile": "Mobile",
    "cc": "Cc",
}

CUSTOMER_UPDATE: Shape = mod_of(
    CUSTOMER_CREATE,
    drop=(
        "shippingAddresses",
        "contacts",
        "openBalance",
        "openBalanceDate",
        "salesTaxCodeId",
        "itemSalesTaxId",
        "salesTaxCountry",
        "externalId",
    ),
    salesTaxItemId="ItemSalesTaxRef",
    shipToAddresses=Nest("ShipToAddress", SHIP_TO_ADDRESS_IN),
    additionalNotes=Nest("AdditionalNotesMod", UPDATE_ADDITIONAL_NOTE_IN),
    ccEmail="Cc",  # after "cc" here: an error at CustomerMod/Cc names "cc", as it always has
)

VENDOR_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "companyName": "CompanyName",
    **PERSON_NAME,
    "billingAddress": Nest("VendorAddress", BILL_ADDRESS_IN),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS_IN),
    **PHONES_AND_CONTACTS,
    "customContactFields": Nest("AdditionalContactRef", CUSTOM_CONTACT_FIELD_IN),
    "additionalContacts": Nest("Contacts", CONTACTS_IN),
    "nameOnCheck": "NameOnCheck",
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "additionalNotes": Nest("AdditionalNotes", ADDITIONAL_NOTES_IN),
    "vendorTypeId": "VendorTypeRef",
    "termsId": "TermsRef",
    "creditLimit": "CreditLimit",
    "taxIdentificationNumber": "VendorTaxIdent",
    "isEligibleFor1099": "IsVendorEligibleFor1099",
    "openingBalance": "OpenBalance",
    "openingBalanceDate": "OpenBalanceDate",
    "billingRateId": "BillingRateRef",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "salesTaxCountry": "SalesTaxCountry",
    "isSalesTaxAgency": "IsSalesTaxAgency",
    "salesTaxReturnId": "SalesTaxReturnRef",
    "taxRegistrationNumber": "TaxRegistrationNumber",
    "reportingPeriod": "ReportingPeriod",
    "isTrackingPurchaseTax": "IsTaxTrackedOnPurchases",
    "purchaseTaxAccountId": "TaxOnPurchasesAccountRef",
    "isTaxTrackedOnSales": "IsTaxTrackedOnSales",
    "salesTaxAccountId": "TaxOnSalesAccountRef",
    "isCompoundingTax": "IsTaxOnTax",
    "defaultExpenseAccountIds": "PrefillAccountRef",
    "currencyId": "CurrencyRef",
    "externalId": "ExternalGUID",
}

VENDOR_UPDATE: Shape = mod_of(
    VENDOR_CREATE,
    drop=("notes", "openingBalance", "openingBalanceDate", "isTaxTrackedOnSales", "externalId"),
    additionalContacts=None,  # ContactsMod needs each contact's ListID and EditSequence
    note="Notes",
    additionalNotes=Nest("AdditionalNotesMod", ADDITIONAL_NOTES_MOD_IN),
    isTrackingSalesTax="IsTaxTrackedOnSales",
)

EMPLOYEE_CREATE: Shape = {
    "isActive": "IsActive",
    **PERSON_NAME,
    "supervisorId": "SupervisorRef",
    "department": "Department",
    "description": "Description",
    "employeeAddress": Nest("EmployeeAddress", EMPLOYEE_ADDRESS_IN),
    **EMPLOYEE_PHONES,
    "email": "Email",
    "ssn": "SSN",
    "additionalContacts": Nest("AdditionalContactRef", EMPLOYEE_CONTACT_IN),
    "emergencyContacts": Nest("EmergencyContacts", EMERGENCY_CONTACTS_IN),
    "additionalNotes": Nest("AdditionalNotes", NOTE_IN),
    "employeeType": EMPLOYEE_ENUMS["employeeType"],
    "employmentStatus": EMPLOYEE_ENUMS["employmentStatus"],
    "gender": EMPLOYEE_ENUMS["gender"],
    "hiredDate": "HiredDate",
    "releasedDate": "ReleasedDate",
    "birthDate": "BirthDate",
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "billingRateId": "BillingRateRef",
    "targetBonus": "TargetBonus",
    "overtimeExemptStatus": EMPLOYEE_ENUMS["overtimeExemptStatus"],
    "keyEmployeeStatus": EMPLOYEE_ENUMS["keyEmployeeStatus"],
    "originalHireDate": "OriginalHireDate",
    "adjustedServiceDate": "AdjustedServiceDate",
    "usCitizenshipStatus": EMPLOYEE_ENUMS["usCitizenshipStatus"],
    "ethnicity": EMPLOYEE_ENUMS["ethnicity"],
    "disabilityStatus": EMPLOYEE_ENUMS["disabilityStatus"],
    "disabilityDescription": "DisabilityDesc",
    "i9OnFileStatus": EMPLOYEE_ENUMS["i9OnFileStatus"],
    "workAuthorizationExpirationDate": "WorkAuthExpireDate",
    "usVeteranStatus": EMPLOYEE_ENUMS["usVeteranStatus"],
    "militaryStatus": EMPLOYEE_ENUMS["militaryStatus"],
    "employeePayrollInfo": Nest("EmployeePayrollInfo", EMPLOYEE_PAYROLL_INFO_IN),
    "externalId": "ExternalGUID",
}

EMPLOYEE_UPDATE: Shape = mod_of(
    EMPLOYEE_CREATE,
    additionalNotes=Nest("AdditionalNotesMod", UPDATE_ADDITIONAL_NOTE_IN),
    employeePayrollInfo=Nest("EmployeePayrollInfoMod", EMPLOYEE_PAYROLL_INFO_IN),
    externalId=None,  # not in EmployeeMod
)

ACCOUNT_CREATE: Shape = {
    "name": "Name",
    "accountType": "AccountType",
    "accountNumber": "AccountNumber",
    "description": "Desc",
    "parentId": "ParentRef",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "taxLineId": Text("TaxLineID"),
    "currencyId": "CurrencyRef",
    "isActive": "IsActive",
    "openBalance": "OpenBalance",
    "openBalanceDate": "OpenBalanceDate",
    "bankNumber": "BankNumber",
    "externalId": None,  # not in AccountAdd
}

ACCOUNT_UPDATE: Shape = mod_of(
    ACCOUNT_CREATE,
    drop=("externalId",),
    isTaxAccount=None,  # not in AccountMod
)

CLASS_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentRef",
}

CLASS_UPDATE: Shape = CLASS_CREATE

# Terms: two qbXML lists behind one resource; a create goes to the one whose own fields it
# sends (nxus.resources.engine.choose). qbXML has no StandardTermsMod/DateDrivenTermsMod.
# `externalId` is the SDK's placeholder CreateTermRequest field (terms take no ExternalGUID).
STANDARD_TERMS_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "dueDays": "StdDueDays",
    "discountDays": "StdDiscountDays",
    "discountPercentage": "DiscountPct",
    "externalId": None,  # not in StandardTermsAdd
}

DATE_DRIVEN_TERMS_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "dueDayOfMonth": "DayOfMonthDue",
    "gracePeriodDays": "DueNextMonthDays",
    "discountDayOfMonth": "DiscountDayOfMonth",
    "discountPercentage": "DiscountPct",
    "externalId": None,  # not in DateDrivenTermsAdd
}

PAYMENTMETHOD_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "paymentMethodType": "PaymentMethodType",
}

# No PAYMENTMETHOD_UPDATE: qbXML has no PaymentMethodMod (the API answers 405).

SALESTAXCODE_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "isTaxable": "IsTaxable",
    "description": "Desc",
    "itemPurchaseTaxId": "ItemPurchaseTaxRef",
    "itemSalesTaxId": "ItemSalesTaxRef",
}

SALESTAXCODE_UPDATE: Shape = SALESTAXCODE_CREATE

ITEMSERVICE_CREATE: Shape = {
    "name": "Name",
    "barCode": Nest("BarCode", BAR_CODE_IN),
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": "ParentRef",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "forceUOMChange": None,  # not in ItemServiceAdd
    "isTaxIncluded": "IsTaxIncluded",
    "dataExt": None,  # not in ItemServiceAdd
    "salesOrPurchase": Nest("SalesOrPurchase", SALES_OR_PURCHASE_IN),
    "salesAndPurchase": Nest("SalesAndPurchase", SALES_AND_PURCHASE_IN),
}

ITEMSERVICE_UPDATE: Shape = mod_of(
    ITEMSERVICE_CREATE,
    drop=("externalId", "classId", "dataExt", "salesOrPurchase", "salesAndPurchase"),
    forceUOMChange="ForceUOMChange",
    applyAccountToExistingTransactions=None,  # not in ItemServiceMod
    applyIncomeAccountToExistingTransactions=None,  # not in ItemServiceMod
    applyExpenseAccountToExistingTransactions=None,  # not in ItemServiceMod
    salesOrPurchaseMod=Nest("SalesOrPurchaseMod", SALES_OR_PURCHASE_MOD_IN),
    salesAndPurchaseMod=Nest("SalesAndPurchaseMod", SALES_AND_PURCHASE_MOD_IN),
    includeRetElement=None,  # not in ItemServiceMod
)

# Non-inventory, inventory and other-charge items.
ITEM_NAME_IN: Shape = {
    "name": "Name",
    "barcode": Nest("BarCode", BAR_CODE_IN),
}
ITEM_PLACE_IN: Shape = {
    "classId": "ClassRef",
    "parentId": "ParentRef",
    "sku": "ManufacturerPartNumber",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
}
ITEM_DETAILS_IN: Shape = {
    "salesOrPurchaseDetails": Nest("SalesOrPurchase", SALES_OR_PURCHASE_IN_2),
    "salesAndPurchaseDetails": Nest("SalesAndPurchase", SALES_AND_PURCHASE_IN_2),
}
ITEM_DETAILS_MOD_IN: Shape = {
    "salesOrPurchaseDetails": Nest("SalesOrPurchaseMod", SALES_OR_PURCHASE_MOD_IN_2),
    "salesAndPurchaseDetails": Nest("SalesAndPurchaseMod", SALES_AND_PURCHASE_IN_2),
}

ITEMNONINVENTORY_CREATE: Shape = {
    **ITEM_NAME_IN,
    "isActive": "IsActive",
    **ITEM_PLACE_IN,
    **ITEM_DETAILS_IN,
    "externalId": "ExternalGUID",
}

ITEMNONINVENTORY_UPDATE: Shape = mod_of(
    ITEMNONINVENTORY_CREATE,
    drop=("externalId",),
    **ITEM_DETAILS_MOD_IN,
)

ITEMINVENTORY_CREATE: Shape = {
    **ITEM_NAME_IN,
    **ITEM_PLACE_IN,
    **SALES_AND_PURCHASE_PRICES_IN,
    "cogsAccountId": "COGSAccountRef",
    "preferredVendorId": "PrefVendorRef",
    "assetAccountId": "AssetAccountRef",
    "reorderPoint": "ReorderPoint",
    "maximumQuantityOnHand": "Max",
    "quantityOnHand": "QuantityOnHand",
    "totalValue": "TotalValue",
    "inventoryDate": "InventoryDate",
    "isActive": "IsActive",
    "externalId": "ExternalGUID",
}

ITEMINVENTORY_UPDATE: Shape = mod_of(
    ITEMINVENTORY_CREATE,
    drop=("quantityOnHand", "totalValue", "inventoryDate", "externalId"),
    forceUOMChange="ForceUOMChange",
    applyIncomeAccountRefToExistingTxns="ApplyIncomeAccountRefToExistingTxns",
    applyCOGSAccountRefToExistingTxns="ApplyCOGSAccountRefToExistingTxns",
)

ITEMOTHERCHARGE_CREATE: Shape = {
    **ITEM_NAME_IN,
    "isActive": "IsActive",
    "classId": "ClassRef",
    "className": None,  # not in ItemOtherChargeAdd
    "parentId": "ParentRef",
    "parentName": None,  # not in ItemOtherChargeAdd
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    **ITEM_DETAILS_IN,
    "externalId": "ExternalGUID",
}

ITEMOTHERCHARGE_UPDATE: Shape = mod_of(
    ITEMOTHERCHARGE_CREATE,
    drop=("className", "parentName", "externalId"),
    **ITEM_DETAILS_MOD_IN,
)

INVOICE_CREATE: Shape = {
    "customerId": "CustomerRef",
    "transactionDate": "TxnDate",
    "classId": "ClassRef",
    "receivablesAccountId": "ARAccountRef",
    "templateId": "TemplateRef",
    "refNumber": "RefNumber",
    **BILL_AND_SHIP_IN,
    "isPending": "IsPending",
    "isFinanceCharge": "IsFinanceCharge",
    **ORDER_AND_TERMS_IN,
    "shippingDate": "ShipDate",
    "shippingMethodId": "ShipMethodRef",
    "salesTaxItemId": "ItemSalesTaxRef",
    **MESSAGE_AND_TAX_IN,
    "otherCustomField": "Other",
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    "linkToTransactionIds": "LinkToTxnID",  # an estimate or sales order, whole
    "applyCredits": Nest("SetCredit", SET_CREDIT_IN),
    "lines": Nest("InvoiceLineAdd", INVOICE_LINE_ADD_IN),
    "lineGroups": Nest("InvoiceLineGroupAdd", INVOICE_LINE_GROUP_ADD_IN),
}

INVOICE_UPDATE: Shape = mod_of(
    INVOICE_CREATE,
    drop=("isFinanceCharge", "customerSalesTaxCodeId", "externalId", "linkToTransactionIds"),
    salesTaxCodeId=None,  # not in InvoiceMod
    lines=Nest("InvoiceLineMod", INVOICE_LINE_MOD_IN),
    lineGroups=Nest("InvoiceLineGroupMod", INVOICE_LINE_GROUP_MOD_IN),
)

SALESRECEIPT_CREATE: Shape = {
    **CUSTOMER_AND_CLASS_IN,
    **TEMPLATE_DATE_ADDRESSES_IN,
    "isPending": "IsPending",
    "checkNumber": "CheckNumber",
    "paymentMethodId": "PaymentMethodRef",
    "dueDate": "DueDate",
    "salesRepresentativeId": "SalesRepRef",
    "shipMethodId": "ShipMethodRef",
    "shipmentOrigin": "FOB",
    "itemSalesTaxId": "ItemSalesTaxRef",
    **MESSAGE_AND_TAX_IN,
    "depositToAccountId": "DepositToAccountRef",
    "creditCardTransaction": None,  # not in SalesReceiptAdd
    "exchangeRate": "ExchangeRate",
    "otherCustomerField": None,  # not in SalesReceiptAdd
    "lines": Nest("SalesReceiptLineAdd", SALES_RECEIPT_LINE_ADD_IN),
    "lineGroups": Nest("SalesReceiptLineGroupAdd", SALES_RECEIPT_LINE_GROUP_ADD_IN),
    "externalId": "ExternalGUID",
}

SALESRECEIPT_UPDATE: Shape = mod_of(
    SALESRECEIPT_CREATE,
    drop=("isPending", "shipMethodId", "otherCustomerField", "externalId"),
    shippingMethodId="ShipMethodRef",
    otherCustomField="Other",
    lines=Nest("SalesReceiptLineMod", SALES_RECEIPT_LINE_MOD_IN),
    lineGroups=Nest("SalesReceiptLineGroupMod", SALES_RECEIPT_LINE_GROUP_MOD_IN),
)

RECEIVEPAYMENT_CREATE: Shape = {
    "customerId": "CustomerRef",
    "receivablesAccountId": "ARAccountRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "totalAmount": "TotalAmount",
    "exchangeRate": "ExchangeRate",
    "paymentMethodId": "PaymentMethodRef",
    "memo": "Memo",
    "depositToAccountId": "DepositToAccountRef",
    # qbXML needs CreditCardTxnResultInfo with the input info; the SDK's flat shape has none.
    "creditCardTransactionInfo": None,
    "externalId": "ExternalGUID",
    "isAutoApply": "IsAutoApply",
    "appliedToTransactions": Nest("AppliedToTxnAdd", APPLIED_TO_TXN_ADD_IN),
}

RECEIVEPAYMENT_UPDATE: Shape = mod_of(
    RECEIVEPAYMENT_CREATE,
    drop=("creditCardTransactionInfo", "externalId", "isAutoApply"),
    creditCardTxnInfo=None,  # not in ReceivePaymentMod
    appliedToTransactions=Nest("AppliedToTxnMod", APPLIED_TO_TXN_ADD_IN),
)

BILL_CREATE: Shape = {
    "vendorId": "VendorRef",
    "vendorAddress": Nest("VendorAddress", BILL_ADDRESS_IN),
    "payablesAccountId": "APAccountRef",
    "transactionDate": "TxnDate",
    "dueDate": "DueDate",
    "refNumber": "RefNumber",
    "termsId": "TermsRef",
    "classId": "ClassRef",
    "memo": "Memo",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    "linkToTransactionIds": "LinkToTxnID",  # purchase orders, whole
    **EXPENSE_AND_ITEM_LINES_ADD_IN,
}

BILL_UPDATE: Shape = mod_of(
    BILL_CREATE,
    drop=("externalId", "linkToTransactionIds"),
    **EXPENSE_AND_ITEM_LINES_MOD_IN,
)

CHECK_CREATE: Shape = {
    "refNumber": "RefNumber",
    "transactionDate": "TxnDate",
    "accountId": "AccountRef",
    "payeeId": "PayeeEntityRef",
    "memo": "Memo",
    "externalId": "ExternalGUID",
    "isQueuedForPrint": "IsToBePrinted",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "address": Nest("Address", ADDRESS_IN),
    "exchangeRate": "ExchangeRate",
    **EXPENSE_AND_ITEM_LINES_ADD_IN,
    "itemGroupLines": Nest("ItemGroupLineAdd", ITEM_GROUP_LINE_ADD_IN),
    "applyToTransactions": None,  # not in CheckAdd
}

CHECK_UPDATE: Shape = mod_of(
    CHECK_CREATE,
    drop=("transactionDate", "externalId"),
    traansactionDate="TxnDate",
    **EXPENSE_AND_ITEM_LINES_MOD_IN,
    itemGroupLines=Nest("ItemGroupLineMod", ITEM_GROUP_LINE_MOD_IN),
)

ESTIMATE_CREATE: Shape = {
    **CUSTOMER_AND_CLASS_IN,
    **TEMPLATE_DATE_ADDRESSES_IN,
    "isActive": "IsActive",
    **renamed(
        ORDER_AND_TERMS_IN,
        {"salesRepresentativeId": "salesRepId", "shipmentOrigin": "shippmentOrigin"},
    ),
    "itemSalesTaxId": "ItemSalesTaxRef",
    **renamed(
        without(MESSAGE_AND_TAX_IN, "isQueuedForPrint"),
        {"isQueuedForEmail": "isQueuedForEmailed"},
    ),
    "other": "Other",
    "exchangeRate": "ExchangeRate",
    "lineItems": Nest("EstimateLineAdd", ESTIMATE_LINE_ADD_IN),
    "lineItemGroups": Nest("EstimateLineGroupAdd", ESTIMATE_LINE_GROUP_ADD_IN),
    "externalId": "ExternalGUID",
    "dataExt": None,  # not in EstimateAdd
}

ESTIMATE_UPDATE: Shape = mod_of(
    ESTIMATE_CREATE,
    drop=(
        "purchaseOrderNumber",
        "shippmentOrigin",
        "isQueuedForEmailed",
        "other",
        "lineItems",
        "lineItemGroups",
        "externalId",
        "dataExt",
    ),
    createChangeOrder="CreateChangeOrder",
    poNumber="PONumber",
    fob="FOB",
    isToBeEmailed="IsToBeEmailed",
    otherCustomField="Other",
    lines=Nest("EstimateLineMod", ESTIMATE_LINE_MOD_IN),
    lineGroups=Nest("EstimateLineGroupMod", ESTIMATE_LINE_GROUP_MOD_IN),
)

PURCHASEORDER_CREATE: Shape = {
    "vendorId": "VendorRef",
    "classId": "ClassRef",
    "inventorySiteId": "InventorySiteRef",
    "shipToEntityId": "ShipToEntityRef",
    "templateId": "TemplateRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "vendorAddress": Nest("VendorAddress", BILL_ADDRESS_IN),
    "shipAddress": Nest("ShipAddress", BILL_ADDRESS_IN),
    "termsId": "TermsRef",
    "dueDate": "DueDate",
    "expectedDate": "ExpectedDate",
    "shipMethodId": "ShipMethodRef",
    "shipmentOrigin": "FOB",
    "memo": "Memo",
    "vendorMsg": "VendorMsg",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmail": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    **OTHER_CUSTOM_FIELDS_IN,
    "exchangeRate": "ExchangeRate",
    "lines": Nest("PurchaseOrderLineAdd", PURCHASE_ORDER_LINE_ADD_IN),
    "lineGroups": Nest("PurchaseOrderLineGroupAdd", PURCHASE_ORDER_LINE_GROUP_ADD_IN),
    "externalId": "ExternalGUID",
}

PURCHASEORDER_UPDATE: Shape = mod_of(
    PURCHASEORDER_CREATE,
    drop=(
        "shipmentOrigin",
        "isQueuedForPrint",
        "isQueuedForEmail",
        "otherCustomField1",
        "otherCustomField2",
        "externalId",
    ),
    fob="FOB",
    isManuallyClosed="IsManuallyClosed",
    isToBePrinted="IsToBePrinted",
    isToBeEmailed="IsToBeEmailed",
    other1="Other1",
    other2="Other2",
    lines=Nest("PurchaseOrderLineMod", PURCHASE_ORDER_LINE_MOD_IN),
    lineGroups=Nest("PurchaseOrderLineGroupMod", PURCHASE_ORDER_LINE_GROUP_MOD_IN),
)

CREDITMEMO_CREATE: Shape = {
    **CUSTOMER_AND_CLASS_IN,
    "receivablesAccountId": "ARAccountRef",
    **TEMPLATE_DATE_ADDRESSES_IN,
    "isPending": "IsPending",
    **ORDER_AND_TERMS_IN,
    "shipDate": "ShipDate",
    "shipMethodId": "ShipMethodRef",
    "itemSalesTaxId": "ItemSalesTaxRef",
    **renamed(MESSAGE_AND_TAX_IN, {"isQueuedForPrint": "isToBePrinted"}),
    "otherCustomField": "Other",
    "exchangeRate": "ExchangeRate",
    "lines": Nest("CreditMemoLineAdd", CREDIT_MEMO_LINE_ADD_IN),
    "lineGroups": Nest("CreditMemoLineGroupAdd", CREDIT_MEMO_LINE_GROUP_ADD_IN),
    "externalId": "ExternalGUID",
}

CREDITMEMO_UPDATE: Shape = mod_of(
    CREDITMEMO_CREATE,
    drop=(
        "receivablesAccountId",
        "shipmentOrigin",
        "isToBePrinted",
        "isQueuedForEmail",
        "externalId",
    ),
    receiveablesAccountId="ARAccountRef",
    shippingOrigin="FOB",
    isQueuedToPrint="IsToBePrinted",
    isQueuedToEmail="IsToBeEmailed",
    lines=Nest("CreditMemoLineMod", CREDIT_MEMO_LINE_MOD_IN),
    lineGroups=Nest("CreditMemoLineGroupMod", CREDIT_MEMO_LINE_GROUP_MOD_IN),
)

JOURNALENTRY_CREATE: Shape = {
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "isAdjustment": "IsAdjustment",
    "isHomeCurrencyAdjustment": "IsHomeCurrencyAdjustment",
    "isAmountsEnteredInHomeCurrency": "IsAmountsEnteredInHomeCurrency",
    "currencyId": "CurrencyRef",
    "externalId": "ExternalGUID",
    "debitLines": Nest("JournalDebitLine", JOURNAL_DEBIT_LINE_IN),
    "creditLines": Nest("JournalCreditLine", JOURNAL_DEBIT_LINE_IN),
}

JOURNALENTRY_UPDATE: Shape = mod_of(
    JOURNALENTRY_CREATE,
    drop=("externalId", "debitLines", "creditLines"),
    isHomeCurrencyAdjustment=None,  # not in JournalEntryMod
    lines=Nest("JournalLineMod", JOURNAL_DEBIT_LINE_IN),  # the same fields
    groupLines=None,  # not in JournalEntryMod
)
