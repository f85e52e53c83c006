"""Response tables of the transaction resources (invoices, bills, journal entries, ...).

JSON alias -> element path, in the SDK model's field order: the line shapes and header groups
are written once and each transaction unpacks them; the SDK's common transaction fields
(`TXN_TAIL`) come last. None: the SDK declares the field, this Ret has no element (null).
"""

from nxus.resources.defs.common import ADDRESS
from nxus.resources.defs.shapes import CUSTOM_FIELDS, absent, drop, filled, renamed
from nxus.resources.model import Const, Nest, Shape, Text

LINKED_TXN: Shape = {
    "objectType": Const("LinkedTransaction"),
    "transactionId": "TxnID",
    "transactionType": "TxnType",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "linkType": "LinkType",
    "amount": "Amount",
}
LINKED_TRANSACTIONS = Nest("LinkedTxn", LINKED_TXN)

# An address as printed: its five lines only.
ADDRESS_BLOCK = drop(ADDRESS, "city", "state", "postalCode", "country", "note")
BILL_AND_SHIP: Shape = {
    "billingAddress": Nest("BillAddress", ADDRESS),
    "shippingAddress": Nest("ShipAddress", ADDRESS),
}


def with_block(alias: str, element: str) -> Shape:
    """An address and its five lines as printed (`{element}Block`)."""
    return {alias: Nest(element, ADDRESS), f"{alias}Block": Nest(f"{element}Block", ADDRESS_BLOCK)}


BILL_AND_SHIP_WITH_BLOCKS: Shape = {
    **with_block("billingAddress", "BillAddress"),
    **with_block("shippingAddress", "ShipAddress"),
}

CREDIT_CARD_TXN_INFO: Shape = {"request": None, "response": None}
CREDIT_CARD_TRANSACTION: Shape = {
    "creditCardTransaction": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO),
}

# The SDK's item line of any transaction (objectType qbd_item_line), with every element some
# line Ret has; each Ret maps the ones it lacks to None.
ITEM_LINE: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": "Cost",
    "amount": "Amount",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "overrideItemAccount": None,
    "billableStatus": "BillableStatus",
    "itemGroup": None,
    "unitOfMeasure": "UnitOfMeasure",
    "rate": "Rate",
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "serviceDate": "ServiceDate",
    **CUSTOM_FIELDS,
}
# InvoiceLineRet, SalesReceiptLineRet, CreditMemoLineRet.
SALES_ITEM_LINE = absent(ITEM_LINE, "cost", "customer", "billableStatus")
# Bills' and checks' ItemLineRet.
PURCHASE_ITEM_LINE = absent(
    ITEM_LINE, "otherCustomField1", "otherCustomField2", "rate", "serviceDate"
)
PURCHASE_ORDER_ITEM_LINE = absent(
    ITEM_LINE, "cost", "billableStatus", "inventorySite", "serialNumber", "lotNumber"
)

# The SDK's item group line of any transaction (objectType qbd_item_group_line).
ITEM_GROUP_LINE: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": None,
    **CUSTOM_FIELDS,
}

# The item, quantity and price of the SDK's own line models of estimates, sales receipts and
# credit memos.
PRICED_LINE: Shape = {
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "rate": "Rate",
    "ratePercent": "RatePercent",
    "class": "ClassRef",
    "amount": "Amount",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
}
# What follows it in sales receipt and credit memo lines.
SALES_LINE_TAIL: Shape = {
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDate": None,
    "serviceDate": "ServiceDate",
    "salesTaxCode": "SalesTaxCodeRef",
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    **CREDIT_CARD_TRANSACTION,
    **CUSTOM_FIELDS,
}


def line_group(
    object_type: str, print_flag: str = "isPrintItemsInGroup", lines: str = "lines"
) -> Shape:
    """The SDK's own group line model of a transaction (the group's lines are not mapped)."""
    return {
        "id": "TxnLineID",
        "objectType": Const(object_type),
        "itemGroup": "ItemGroupRef",
        "description": "Desc",
        "quantity": "Quantity",
        "unitOfMeasure": "UnitOfMeasure",
        "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
        print_flag: "IsPrintItemsInGroup",
        "totalAmount": "TotalAmount",
        lines: None,
        **CUSTOM_FIELDS,
    }


SALES_RECEIPT_LINE: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_sales_receipt_line"),
    **renamed(PRICED_LINE, {"overrideUnitOfMeasureSet": "overrideUOMSet"}),
    **SALES_LINE_TAIL,
}

CREDIT_MEMO_LINE: Shape = {
    "objectType": Const("qbd_credit_memo_line"),
    "id": "TxnLineID",
    **PRICED_LINE,
    **SALES_LINE_TAIL,
}

ESTIMATE_LINE: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_estimate_item_line"),
    **PRICED_LINE,
    "salesTaxCode": "SalesTaxCodeRef",
    "markupRate": "MarkupRate",
    "markupRatePercent": "MarkupRatePercent",
    "other": None,
    "other2": "Other2",
    **CUSTOM_FIELDS,
}

PURCHASE_ORDER_LINE: Shape = {
    "id": "TxnLineID",
    "item": "ItemRef",
    "manufacturerPartNumber": "ManufacturerPartNumber",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "rate": "Rate",
    "class": "ClassRef",
    "amount": "Amount",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "customer": "CustomerRef",
    "serviceDate": "ServiceDate",
    "salesTaxCode": "SalesTaxCodeRef",
    "receivedQuantity": "ReceivedQuantity",
    "unbilledQuantity": "UnbilledQuantity",
    "isBilled": "IsBilled",
    "isManuallyClosed": "IsManuallyClosed",
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    **CUSTOM_FIELDS,
}

EXPENSE_LINE: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_expense_line"),
    "account": "AccountRef",
    "amount": "Amount",
    "memo": "Memo",
    "class": "ClassRef",
    "customer": "CustomerRef",
    "salesRepresentative": "SalesRepRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "taxAmount": "TaxAmount",
    "vendor": "VendorRef",
    "billableStatus": "BillableStatus",
    **CUSTOM_FIELDS,
}

JOURNAL_LINE: Shape = {
    "objectType": Const("qbd_journal_line"),
    "id": "TxnLineID",
    "account": "AccountRef",
    "amount": "Amount",
    "memo": "Memo",
    "entity": "EntityRef",
    "class": "ClassRef",
    "itemSalesTax": "ItemSalesTaxRef",
    "billableStatus": "BillableStatus",
}

APPLIED_TO_TXN: Shape = {
    "id": "TxnID",
    "objectType": Const("qbd_applied_to_txn"),
    "type": "TxnType",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "balanceRemaining": "BalanceRemaining",
    "paymentAmount": "Amount",
    "discountAmount": "DiscountAmount",
    "discountAccount": "DiscountAccountRef",
    "discountClass": "DiscountClassRef",
    "linkedTransactions": LINKED_TRANSACTIONS,
    "appliedCredits": None,
}

# First in every transaction (bills put transactionNumber and the vendor after the stamp).
TXN_STAMP: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
}
TXN_HEADER: Shape = {
    **TXN_STAMP,
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
}
# The sales tax of a sales transaction.
SALES_TAX: Shape = {
    "subtotal": "Subtotal",
    "itemSalesTax": "ItemSalesTaxRef",
    "salesTaxPercentage": "SalesTaxPercentage",
    "salesTaxTotal": "SalesTaxTotal",
}
CUSTOMER_TAX: Shape = {
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCode": "CustomerSalesTaxCodeRef",
}
# The SDK's transaction fields, last in every transaction: each fills in what its Ret has
# (`filled`); hasValidLineItems is in no Ret.
TXN_TAIL: Shape = {
    "amount": None,
    "entity": None,
    "account": None,
    "amountInHomeCurrency": None,
    "hasValidLineItems": None,
    "externalId": "ExternalGUID",
    "linkedTransactions": None,
    "expenseLines": None,
    "itemLines": None,
    "itemGroupLines": None,
    **CUSTOM_FIELDS,
}
# Bills and checks: their expense, item and item group lines.
PURCHASE_LINES: Shape = {
    "expenseLines": Nest("ExpenseLineRet", EXPENSE_LINE),
    "itemLines": Nest("ItemLineRet", PURCHASE_ITEM_LINE),
    "itemGroupLines": Nest(
        "ItemGroupLineRet",
        filled(
            ITEM_GROUP_LINE,
            {
                "isPrintItemsInGroup": None,
                "lines": Nest("ItemLineRet", PURCHASE_ITEM_LINE),
                "customFields": None,
            },
        ),
    ),
}

INVOICE: Shape = {
    **TXN_HEADER,
    "customer": "CustomerRef",
    "class": "ClassRef",
    "receivablesAccount": "ARAccountRef",
    "template": "TemplateRef",
    "dueDate": "DueDate",
    **BILL_AND_SHIP,
    "isPending": "IsPending",
    "isFinanceCharge": "IsFinanceCharge",
    "purchaseOrderNumber": "PONumber",
    "terms": "TermsRef",
    "salesRepresentative": "SalesRepRef",
    "shipmentOrigin": "FOB",
    "shippingDate": "ShipDate",
    "shippingMethod": "ShipMethodRef",
    "itemSalesTax": "ItemSalesTaxRef",
    "customerMsg": "CustomerMsgRef",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmail": "IsToBeEmailed",
    **CUSTOMER_TAX,
    "otherCustomField": "Other",
    "subtotal": "Subtotal",
    "salesTaxTotal": "SalesTaxTotal",
    "balanceRemaining": "BalanceRemaining",
    "isPaid": "IsPaid",
    **filled(
        TXN_TAIL,
        {
            "entity": "CustomerRef",
            "account": "ARAccountRef",
            "linkedTransactions": LINKED_TRANSACTIONS,
            "itemLines": Nest("InvoiceLineRet", SALES_ITEM_LINE),
            "itemGroupLines": Nest(
                "InvoiceLineGroupRet",
                filled(ITEM_GROUP_LINE, {"lines": Nest("InvoiceLineRet", SALES_ITEM_LINE)}),
            ),
        },
    ),
}

SALES_RECEIPT: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "template": "TemplateRef",
    **BILL_AND_SHIP_WITH_BLOCKS,
    "isPending": "IsPending",
    "checkNumber": "CheckNumber",
    "paymentMethod": "PaymentMethodRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "shipDate": "ShipDate",
    "shipMethod": "ShipMethodRef",
    "shipmentOrigin": "FOB",
    **SALES_TAX,
    "totalAmount": "TotalAmount",
    "totalAmountInHomeCurrency": "TotalAmountInHomeCurrency",
    "customerMessage": "CustomerMsgRef",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmail": "IsToBeEmailed",
    **CUSTOMER_TAX,
    "depositToAccount": "DepositToAccountRef",
    **CREDIT_CARD_TRANSACTION,
    "otherCustomField": "Other",
    "lines": Nest("SalesReceiptLineRet", SALES_RECEIPT_LINE),
    "lineGroups": Nest(
        "SalesReceiptLineGroupRet",
        line_group("qbd_sales_receipt_line_group", print_flag="shouldPrintItemsInGroup"),
    ),
    **filled(
        TXN_TAIL,
        {
            "amount": "TotalAmount",
            "entity": "CustomerRef",
            "account": "DepositToAccountRef",
            "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
            "itemLines": Nest("SalesReceiptLineRet", SALES_ITEM_LINE),
            "itemGroupLines": Nest("SalesReceiptLineGroupRet", ITEM_GROUP_LINE),
        },
    ),
}

RECEIVE_PAYMENT: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "receivablesAccount": "ARAccountRef",
    "paymentMethod": "PaymentMethodRef",
    "depositToAccount": "DepositToAccountRef",
    **CREDIT_CARD_TRANSACTION,
    "unusedPayment": "UnusedPayment",
    "unusedCredits": "UnusedCredits",
    "appliedToTransactions": Nest("AppliedToTxnRet", APPLIED_TO_TXN),
    **filled(
        TXN_TAIL,
        {
            "amount": "TotalAmount",
            "entity": "CustomerRef",
            "account": "ARAccountRef",
            "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
        },
    ),
}

BILL: Shape = {
    **TXN_STAMP,
    "transactionNumber": "TxnNumber",
    "vendor": "VendorRef",
    "vendorAddress": Nest("VendorAddress", ADDRESS),
    "payablesAccount": "APAccountRef",
    "transactionDate": "TxnDate",
    "dueDate": "DueDate",
    "amountDue": "AmountDue",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "amountDueInHomeCurrency": Text("AmountDueInHomeCurrency"),
    "refNumber": "RefNumber",
    "isPending": "IsPending",
    "terms": "TermsRef",
    "class": "ClassRef",
    "memo": "Memo",
    "salesTaxCode": "SalesTaxCodeRef",
    "isPaid": "IsPaid",
    # The SDK's bill has no entity or amountInHomeCurrency; isTaxIncluded and openAmount
    # stand among its transaction fields.
    "amount": "AmountDue",
    "isTaxIncluded": "IsTaxIncluded",
    "account": "APAccountRef",
    "hasValidLineItems": None,
    "externalId": "ExternalGUID",
    "linkedTransactions": LINKED_TRANSACTIONS,
    **PURCHASE_LINES,
    "openAmount": "OpenAmount",
    **CUSTOM_FIELDS,
}

CHECK: Shape = {
    **TXN_HEADER,
    "address": Nest("Address", ADDRESS),
    "isPending": "IsPending",
    "isQueuedForPrint": "IsToBePrinted",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    "isVoid": None,
    "transactionNumber": "TxnNumber",
    **filled(
        TXN_TAIL,
        {
            "amount": "Amount",
            "entity": "PayeeEntityRef",
            "account": "AccountRef",
            "amountInHomeCurrency": Text("AmountInHomeCurrency"),
            "linkedTransactions": LINKED_TRANSACTIONS,
            **PURCHASE_LINES,
        },
    ),
}

ESTIMATE: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "template": "TemplateRef",
    **BILL_AND_SHIP,
    "isActive": "IsActive",
    "poNumber": "PONumber",
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "fob": "FOB",
    **SALES_TAX,
    "totalAmountInHomeCurrency": "TotalAmountInHomeCurrency",
    "customerMsg": "CustomerMsgRef",
    "isToBeEmailed": "IsToBeEmailed",
    **CUSTOMER_TAX,
    # The SDK's estimate puts its lines before `other` and has no amountInHomeCurrency.
    "linkedTransactions": LINKED_TRANSACTIONS,
    "itemLines": Nest("EstimateLineRet", ESTIMATE_LINE),
    "itemGroupLines": Nest(
        "EstimateLineGroupRet", line_group("qbd_estimate_item_group_line", lines="itemLines")
    ),
    "other": "Other",
    **filled(
        drop(TXN_TAIL, "amountInHomeCurrency", "linkedTransactions", "itemLines", "itemGroupLines"),
        {"amount": "TotalAmount", "entity": "CustomerRef"},
    ),
}

PURCHASE_ORDER: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "vendor": "VendorRef",
    "class": "ClassRef",
    "inventorySite": "InventorySiteRef",
    "shipToEntity": "ShipToEntityRef",
    "template": "TemplateRef",
    **with_block("vendorAddress", "VendorAddress"),
    **with_block("shipAddress", "ShipAddress"),
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "expectedDate": "ExpectedDate",
    "shipmentMethod": "ShipMethodRef",
    "shipmentOrigin": "FOB",
    "totalAmount": "TotalAmount",
    "isManuallyClosed": "IsManuallyClosed",
    "isFullyReceived": "IsFullyReceived",
    "vendorMessage": "VendorMsg",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmailed": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "lines": Nest("PurchaseOrderLineRet", PURCHASE_ORDER_LINE),
    "lineGroups": Nest("PurchaseOrderLineGroupRet", line_group("qbd_purchase_order_line_group")),
    **filled(
        TXN_TAIL,
        {
            "amount": "TotalAmount",
            "entity": "VendorRef",
            "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
            "linkedTransactions": LINKED_TRANSACTIONS,
            "itemLines": Nest("PurchaseOrderLineRet", PURCHASE_ORDER_ITEM_LINE),
            "itemGroupLines": Nest("PurchaseOrderLineGroupRet", ITEM_GROUP_LINE),
        },
    ),
}

CREDIT_MEMO: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "receivablesAccount": "ARAccountRef",
    "template": "TemplateRef",
    **BILL_AND_SHIP_WITH_BLOCKS,
    "isPending": "IsPending",
    "poNumber": "PONumber",
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "fob": "FOB",
    "shipDate": "ShipDate",
    "shipMethod": "ShipMethodRef",
    **SALES_TAX,
    "totalAmount": "TotalAmount",
    "creditRemaining": "CreditRemaining",
    "creditRemainingInHomeCurrency": "CreditRemainingInHomeCurrency",
    "customerMsg": "CustomerMsgRef",
    "isToBePrinted": "IsToBePrinted",
    "isToBeEmailed": "IsToBeEmailed",
    **CUSTOMER_TAX,
    "other": "Other",
    "lines": Nest("CreditMemoLineRet", CREDIT_MEMO_LINE),
    "lineGroups": Nest(
        "CreditMemoLineGroupRet",
        line_group("qbd_credit_memo_line_group", print_flag="shouldPrintItemsInGroup"),
    ),
    # The SDK's credit memo has no amountInHomeCurrency.
    **filled(
        drop(TXN_TAIL, "amountInHomeCurrency"),
        {
            "amount": "TotalAmount",
            "entity": "CustomerRef",
            "account": "ARAccountRef",
            "linkedTransactions": LINKED_TRANSACTIONS,
            "itemLines": Nest("CreditMemoLineRet", SALES_ITEM_LINE),
            "itemGroupLines": Nest("CreditMemoLineGroupRet", ITEM_GROUP_LINE),
        },
    ),
}

JOURNAL_ENTRY: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "isAdjustment": "IsAdjustment",
    "isHomeCurrencyAdjustment": "IsHomeCurrencyAdjustment",
    "isAmountsEnteredInHomeCurrency": "IsAmountsEnteredInHomeCurrency",
    "debitLines": Nest("JournalDebitLine", JOURNAL_LINE),
    "creditLines": Nest("JournalCreditLine", JOURNAL_LINE),
    **TXN_TAIL,
}
