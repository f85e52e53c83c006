"""Response tables of the transaction resources (invoices, bills, journal entries, ...).

Generated from the SDK models and the qbXML schema, then reviewed: JSON alias -> element path.
None marks a field the SDK declares but QuickBooks has no element for (always null).
"""

from nxus.resources.defs.common import ADDRESS
from nxus.resources.model import Const, Nest, Shape, Text

BILL_ADDRESS: Shape = ADDRESS

LINKED_TXN: Shape = {
    "objectType": Const("LinkedTransaction"),
    "transactionId": "TxnID",
    "transactionType": "TxnType",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "linkType": "LinkType",
    "amount": "Amount",
}

DATA_EXT_RET: Shape = {
    "ownerId": "OwnerID",
    "name": "DataExtName",
    "type": "DataExtType",
    "value": "DataExtValue",
}

INVOICE_LINE_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": None,  # not in InvoiceLineRet
    "amount": "Amount",
    "customer": None,  # not in InvoiceLineRet
    "class": "ClassRef",
    "overrideItemAccount": None,  # not in InvoiceLineRet
    "billableStatus": None,  # not in InvoiceLineRet
    "itemGroup": None,  # not in InvoiceLineRet
    "unitOfMeasure": "UnitOfMeasure",
    "rate": "Rate",
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "serviceDate": "ServiceDate",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

INVOICE_LINE_GROUP_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": Nest("InvoiceLineRet", INVOICE_LINE_RET),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

BILL_ADDRESS_BLOCK: Shape = {
    "line1": "Addr1",
    "line2": "Addr2",
    "line3": "Addr3",
    "line4": "Addr4",
    "line5": "Addr5",
}

CREDIT_CARD_TXN_INFO: Shape = {
    "request": None,  # not in CreditCardTxnInfo
    "response": None,  # not in CreditCardTxnInfo
}

SALES_RECEIPT_LINE_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_sales_receipt_line"),
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUOMSet": "OverrideUOMSetRef",
    "rate": "Rate",
    "ratePercent": "RatePercent",
    "class": "ClassRef",
    "amount": "Amount",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDate": None,  # not in SalesReceiptLineRet
    "serviceDate": "ServiceDate",
    "salesTaxCode": "SalesTaxCodeRef",
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "creditCardTransaction": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

SALES_RECEIPT_LINE_GROUP_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_sales_receipt_line_group"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "totalAmount": "TotalAmount",
    "lines": None,  # not in SalesReceiptLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

SALES_RECEIPT_LINE_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": None,  # not in SalesReceiptLineRet
    "amount": "Amount",
    "customer": None,  # not in SalesReceiptLineRet
    "class": "ClassRef",
    "overrideItemAccount": None,  # not in SalesReceiptLineRet
    "billableStatus": None,  # not in SalesReceiptLineRet
    "itemGroup": None,  # not in SalesReceiptLineRet
    "unitOfMeasure": "UnitOfMeasure",
    "rate": "Rate",
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "serviceDate": "ServiceDate",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

SALES_RECEIPT_LINE_GROUP_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": None,  # not in SalesReceiptLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

APPLIED_TO_TXN_RET: Shape = {
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
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "appliedCredits": None,  # not in AppliedToTxnRet
}

EXPENSE_LINE_RET: Shape = {
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
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEM_LINE_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": None,  # not in ItemLineRet
    "otherCustomField2": None,  # not in ItemLineRet
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": "Cost",
    "amount": "Amount",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "overrideItemAccount": None,  # not in ItemLineRet
    "billableStatus": "BillableStatus",
    "itemGroup": None,  # not in ItemLineRet
    "unitOfMeasure": "UnitOfMeasure",
    "rate": None,  # not in ItemLineRet
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "serviceDate": None,  # not in ItemLineRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEM_GROUP_LINE_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": None,  # not in ItemGroupLineRet
    "lines": Nest("ItemLineRet", ITEM_LINE_RET),
    "customFields": None,  # not in ItemGroupLineRet
}

ESTIMATE_LINE_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_estimate_item_line"),
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
    "salesTaxCode": "SalesTaxCodeRef",
    "markupRate": "MarkupRate",
    "markupRatePercent": "MarkupRatePercent",
    "other": None,  # not in EstimateLineRet
    "other2": "Other2",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ESTIMATE_LINE_GROUP_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_estimate_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "totalAmount": "TotalAmount",
    "itemLines": None,  # not in EstimateLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

PURCHASE_ORDER_LINE_RET: Shape = {
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
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

PURCHASE_ORDER_LINE_GROUP_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_purchase_order_line_group"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "totalAmount": "TotalAmount",
    "lines": None,  # not in PurchaseOrderLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

PURCHASE_ORDER_LINE_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": None,  # not in PurchaseOrderLineRet
    "amount": "Amount",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "overrideItemAccount": None,  # not in PurchaseOrderLineRet
    "billableStatus": None,  # not in PurchaseOrderLineRet
    "itemGroup": None,  # not in PurchaseOrderLineRet
    "unitOfMeasure": "UnitOfMeasure",
    "rate": "Rate",
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": None,  # not in PurchaseOrderLineRet
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": None,  # not in PurchaseOrderLineRet
    "lotNumber": None,  # not in PurchaseOrderLineRet
    "serviceDate": "ServiceDate",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

PURCHASE_ORDER_LINE_GROUP_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": None,  # not in PurchaseOrderLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CREDIT_MEMO_LINE_RET: Shape = {
    "objectType": Const("qbd_credit_memo_line"),
    "id": "TxnLineID",
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
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDate": None,  # not in CreditMemoLineRet
    "serviceDate": "ServiceDate",
    "salesTaxCode": "SalesTaxCodeRef",
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "creditCardTransaction": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CREDIT_MEMO_LINE_GROUP_RET: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_credit_memo_line_group"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": "OverrideUOMSetRef",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "totalAmount": "TotalAmount",
    "lines": None,  # not in CreditMemoLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CREDIT_MEMO_LINE_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_line"),
    "otherCustomField1": "Other1",
    "otherCustomField2": "Other2",
    "item": "ItemRef",
    "description": "Desc",
    "quantity": "Quantity",
    "cost": None,  # not in CreditMemoLineRet
    "amount": "Amount",
    "customer": None,  # not in CreditMemoLineRet
    "class": "ClassRef",
    "overrideItemAccount": None,  # not in CreditMemoLineRet
    "billableStatus": None,  # not in CreditMemoLineRet
    "itemGroup": None,  # not in CreditMemoLineRet
    "unitOfMeasure": "UnitOfMeasure",
    "rate": "Rate",
    "salesTaxCode": "SalesTaxCodeRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "serviceDate": "ServiceDate",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CREDIT_MEMO_LINE_GROUP_RET_2: Shape = {
    "id": "TxnLineID",
    "objectType": Const("qbd_item_group_line"),
    "itemGroup": "ItemGroupRef",
    "description": "Desc",
    "quantity": "Quantity",
    "totalAmount": "TotalAmount",
    "unitOfMeasure": "UnitOfMeasure",
    "isPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": None,  # not in CreditMemoLineGroupRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

JOURNAL_DEBIT_LINE: Shape = {
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

INVOICE: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "receivablesAccount": "ARAccountRef",
    "template": "TemplateRef",
    "dueDate": "DueDate",
    "billingAddress": Nest("BillAddress", BILL_ADDRESS),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
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
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCode": "CustomerSalesTaxCodeRef",
    "otherCustomField": "Other",
    "subtotal": "Subtotal",
    "salesTaxTotal": "SalesTaxTotal",
    "balanceRemaining": "BalanceRemaining",
    "isPaid": "IsPaid",
    "amount": None,  # not in InvoiceRet
    "entity": "CustomerRef",
    "account": "ARAccountRef",
    "amountInHomeCurrency": None,  # not in InvoiceRet
    "hasValidLineItems": None,  # not in InvoiceRet
    "externalId": "ExternalGUID",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "expenseLines": None,  # not in InvoiceRet
    "itemLines": Nest("InvoiceLineRet", INVOICE_LINE_RET),
    "itemGroupLines": Nest("InvoiceLineGroupRet", INVOICE_LINE_GROUP_RET),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

SALES_RECEIPT: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "template": "TemplateRef",
    "billingAddress": Nest("BillAddress", BILL_ADDRESS),
    "billingAddressBlock": Nest("BillAddressBlock", BILL_ADDRESS_BLOCK),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
    "shippingAddressBlock": Nest("ShipAddressBlock", BILL_ADDRESS_BLOCK),
    "isPending": "IsPending",
    "checkNumber": "CheckNumber",
    "paymentMethod": "PaymentMethodRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "shipDate": "ShipDate",
    "shipMethod": "ShipMethodRef",
    "shipmentOrigin": "FOB",
    "subtotal": "Subtotal",
    "itemSalesTax": "ItemSalesTaxRef",
    "salesTaxPercentage": "SalesTaxPercentage",
    "salesTaxTotal": "SalesTaxTotal",
    "totalAmount": "TotalAmount",
    "totalAmountInHomeCurrency": "TotalAmountInHomeCurrency",
    "customerMessage": "CustomerMsgRef",
    "isQueuedForPrint": "IsToBePrinted",
    "isQueuedForEmail": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCode": "CustomerSalesTaxCodeRef",
    "depositToAccount": "DepositToAccountRef",
    "creditCardTransaction": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO),
    "otherCustomField": "Other",
    "lines": Nest("SalesReceiptLineRet", SALES_RECEIPT_LINE_RET),
    "lineGroups": Nest("SalesReceiptLineGroupRet", SALES_RECEIPT_LINE_GROUP_RET),
    "amount": "TotalAmount",
    "entity": "CustomerRef",
    "account": "DepositToAccountRef",
    "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
    "hasValidLineItems": None,  # not in SalesReceiptRet
    "externalId": "ExternalGUID",
    "linkedTransactions": None,  # not in SalesReceiptRet
    "expenseLines": None,  # not in SalesReceiptRet
    "itemLines": Nest("SalesReceiptLineRet", SALES_RECEIPT_LINE_RET_2),
    "itemGroupLines": Nest("SalesReceiptLineGroupRet", SALES_RECEIPT_LINE_GROUP_RET_2),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

RECEIVE_PAYMENT: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "receivablesAccount": "ARAccountRef",
    "paymentMethod": "PaymentMethodRef",
    "depositToAccount": "DepositToAccountRef",
    "creditCardTransaction": Nest("CreditCardTxnInfo", CREDIT_CARD_TXN_INFO),
    "unusedPayment": "UnusedPayment",
    "unusedCredits": "UnusedCredits",
    "appliedToTransactions": Nest("AppliedToTxnRet", APPLIED_TO_TXN_RET),
    "amount": "TotalAmount",
    "entity": "CustomerRef",
    "account": "ARAccountRef",
    "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
    "hasValidLineItems": None,  # not in ReceivePaymentRet
    "externalId": "ExternalGUID",
    "linkedTransactions": None,  # not in ReceivePaymentRet
    "expenseLines": None,  # not in ReceivePaymentRet
    "itemLines": None,  # not in ReceivePaymentRet
    "itemGroupLines": None,  # not in ReceivePaymentRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

BILL: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionNumber": "TxnNumber",
    "vendor": "VendorRef",
    "vendorAddress": Nest("VendorAddress", BILL_ADDRESS),
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
    "amount": "AmountDue",
    "isTaxIncluded": "IsTaxIncluded",
    "account": "APAccountRef",
    "hasValidLineItems": None,  # not in BillRet
    "externalId": "ExternalGUID",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "expenseLines": Nest("ExpenseLineRet", EXPENSE_LINE_RET),
    "itemLines": Nest("ItemLineRet", ITEM_LINE_RET),
    "itemGroupLines": Nest("ItemGroupLineRet", ITEM_GROUP_LINE_RET),
    "openAmount": "OpenAmount",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CHECK: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "address": Nest("Address", BILL_ADDRESS),
    "isPending": "IsPending",
    "isQueuedForPrint": "IsToBePrinted",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    "isVoid": None,  # not in CheckRet
    "transactionNumber": "TxnNumber",
    "amount": "Amount",
    "entity": "PayeeEntityRef",
    "account": "AccountRef",
    "amountInHomeCurrency": Text("AmountInHomeCurrency"),
    "hasValidLineItems": None,  # not in CheckRet
    "externalId": "ExternalGUID",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "expenseLines": Nest("ExpenseLineRet", EXPENSE_LINE_RET),
    "itemLines": Nest("ItemLineRet", ITEM_LINE_RET),
    "itemGroupLines": Nest("ItemGroupLineRet", ITEM_GROUP_LINE_RET),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ESTIMATE: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "template": "TemplateRef",
    "billingAddress": Nest("BillAddress", BILL_ADDRESS),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
    "isActive": "IsActive",
    "poNumber": "PONumber",
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "fob": "FOB",
    "subtotal": "Subtotal",
    "itemSalesTax": "ItemSalesTaxRef",
    "salesTaxPercentage": "SalesTaxPercentage",
    "salesTaxTotal": "SalesTaxTotal",
    "totalAmountInHomeCurrency": "TotalAmountInHomeCurrency",
    "customerMsg": "CustomerMsgRef",
    "isToBeEmailed": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCode": "CustomerSalesTaxCodeRef",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "itemLines": Nest("EstimateLineRet", ESTIMATE_LINE_RET),
    "itemGroupLines": Nest("EstimateLineGroupRet", ESTIMATE_LINE_GROUP_RET),
    "other": "Other",
    "amount": "TotalAmount",
    "entity": "CustomerRef",
    "account": None,  # not in EstimateRet
    "hasValidLineItems": None,  # not in EstimateRet
    "externalId": "ExternalGUID",
    "expenseLines": None,  # not in EstimateRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

PURCHASE_ORDER: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "vendor": "VendorRef",
    "class": "ClassRef",
    "inventorySite": "InventorySiteRef",
    "shipToEntity": "ShipToEntityRef",
    "template": "TemplateRef",
    "vendorAddress": Nest("VendorAddress", BILL_ADDRESS),
    "vendorAddressBlock": Nest("VendorAddressBlock", BILL_ADDRESS_BLOCK),
    "shipAddress": Nest("ShipAddress", BILL_ADDRESS),
    "shipAddressBlock": Nest("ShipAddressBlock", BILL_ADDRESS_BLOCK),
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
    "lines": Nest("PurchaseOrderLineRet", PURCHASE_ORDER_LINE_RET),
    "lineGroups": Nest("PurchaseOrderLineGroupRet", PURCHASE_ORDER_LINE_GROUP_RET),
    "amount": "TotalAmount",
    "entity": "VendorRef",
    "account": None,  # not in PurchaseOrderRet
    "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
    "hasValidLineItems": None,  # not in PurchaseOrderRet
    "externalId": "ExternalGUID",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "expenseLines": None,  # not in PurchaseOrderRet
    "itemLines": Nest("PurchaseOrderLineRet", PURCHASE_ORDER_LINE_RET_2),
    "itemGroupLines": Nest("PurchaseOrderLineGroupRet", PURCHASE_ORDER_LINE_GROUP_RET_2),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

CREDIT_MEMO: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "receivablesAccount": "ARAccountRef",
    "template": "TemplateRef",
    "billingAddress": Nest("BillAddress", BILL_ADDRESS),
    "billingAddressBlock": Nest("BillAddressBlock", BILL_ADDRESS_BLOCK),
    "shippingAddress": Nest("ShipAddress", BILL_ADDRESS),
    "shippingAddressBlock": Nest("ShipAddressBlock", BILL_ADDRESS_BLOCK),
    "isPending": "IsPending",
    "poNumber": "PONumber",
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "salesRepresentative": "SalesRepRef",
    "fob": "FOB",
    "shipDate": "ShipDate",
    "shipMethod": "ShipMethodRef",
    "subtotal": "Subtotal",
    "itemSalesTax": "ItemSalesTaxRef",
    "salesTaxPercentage": "SalesTaxPercentage",
    "salesTaxTotal": "SalesTaxTotal",
    "totalAmount": "TotalAmount",
    "creditRemaining": "CreditRemaining",
    "creditRemainingInHomeCurrency": "CreditRemainingInHomeCurrency",
    "customerMsg": "CustomerMsgRef",
    "isToBePrinted": "IsToBePrinted",
    "isToBeEmailed": "IsToBeEmailed",
    "isTaxIncluded": "IsTaxIncluded",
    "customerSalesTaxCode": "CustomerSalesTaxCodeRef",
    "other": "Other",
    "lines": Nest("CreditMemoLineRet", CREDIT_MEMO_LINE_RET),
    "lineGroups": Nest("CreditMemoLineGroupRet", CREDIT_MEMO_LINE_GROUP_RET),
    "amount": "TotalAmount",
    "entity": "CustomerRef",
    "account": "ARAccountRef",
    "hasValidLineItems": None,  # not in CreditMemoRet
    "externalId": "ExternalGUID",
    "linkedTransactions": Nest("LinkedTxn", LINKED_TXN),
    "expenseLines": None,  # not in CreditMemoRet
    "itemLines": Nest("CreditMemoLineRet", CREDIT_MEMO_LINE_RET_2),
    "itemGroupLines": Nest("CreditMemoLineGroupRet", CREDIT_MEMO_LINE_GROUP_RET_2),
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

JOURNAL_ENTRY: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionNumber": "TxnNumber",
    "isAdjustment": "IsAdjustment",
    "isHomeCurrencyAdjustment": "IsHomeCurrencyAdjustment",
    "isAmountsEnteredInHomeCurrency": "IsAmountsEnteredInHomeCurrency",
    "debitLines": Nest("JournalDebitLine", JOURNAL_DEBIT_LINE),
    "creditLines": Nest("JournalCreditLine", JOURNAL_DEBIT_LINE),
    "amount": None,  # not in JournalEntryRet
    "entity": None,  # not in JournalEntryRet
    "account": None,  # not in JournalEntryRet
    "amountInHomeCurrency": None,  # not in JournalEntryRet
    "hasValidLineItems": None,  # not in JournalEntryRet
    "externalId": "ExternalGUID",
    "linkedTransactions": None,  # not in JournalEntryRet
    "expenseLines": None,  # not in JournalEntryRet
    "itemLines": None,  # not in JournalEntryRet
    "itemGroupLines": None,  # not in JournalEntryRet
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}
