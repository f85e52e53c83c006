"""Tables of the second-wave transactions:
sales orders, statement charges, A/R refunds, time tracking, sales tax payments.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input). The shared groups of transactions.py
(responses) and requests.py (requests) are unpacked where the SDK puts them.
"""

from nxus.resources.defs.requests import (
    ADDRESS_IN,
    CUSTOMER_AND_CLASS_IN,
    INVENTORY_SITE_IN,
    LINE_ITEM_IN,
    TEMPLATE_DATE_ADDRESSES_IN,
    mod_of,
)
from nxus.resources.defs.shapes import absent, drop, filled, renamed
from nxus.resources.defs.transactions import (
    BILL_AND_SHIP,
    LINKED_TRANSACTIONS,
    SALES_ITEM_LINE,
    SALES_TAX,
    TXN_HEADER,
    TXN_TAIL,
    with_block,
)
from nxus.resources.model import Const, Enum, Nest, Shape, Text

# SalesOrderLineRet has no ServiceDate.
SALES_ORDER_LINE = filled(
    SALES_ITEM_LINE, {"objectType": Const("qbd_sales_order_line"), "serviceDate": None}
)

SALES_ORDER: Shape = {
    **TXN_HEADER,
    "customer": "CustomerRef",
    "class": "ClassRef",
    "template": "TemplateRef",
    "referenceNumber": "RefNumber",
    **BILL_AND_SHIP,
    "terms": "TermsRef",
    "dueDate": "DueDate",
    "salesRep": "SalesRepRef",
    "shipmentOrigin": "FOB",
    "shipDate": "ShipDate",
    "shipMethod": "ShipMethodRef",
    # The SDK's sales order declares the percentage a string ("7.5%").
    **filled(SALES_TAX, {"salesTaxPercentage": Text("SalesTaxPercentage")}),
    "totalAmount": "TotalAmount",
    "customerMessage": "CustomerMsgRef",
    "isFullyInvoiced": "IsFullyInvoiced",
    "isManuallyClosed": "IsManuallyClosed",
    "lines": Nest("SalesOrderLineRet", SALES_ORDER_LINE),
    **filled(TXN_TAIL, {"linkedTransactions": LINKED_TRANSACTIONS}),
}


SALES_ORDER_LINE_ADD_IN: Shape = {**LINE_ITEM_IN, "rate": "Rate", "classId": "ClassRef"}

SALES_ORDER_CREATE: Shape = {
    **CUSTOMER_AND_CLASS_IN,
    **renamed(TEMPLATE_DATE_ADDRESSES_IN, {"refNumber": "referenceNumber"}),
    "termsId": "TermsRef",
    "dueDate": "DueDate",
    "salesRepId": "SalesRepRef",
    "shipmentOrigin": "FOB",
    "shipDate": "ShipDate",
    "shipMethodId": "ShipMethodRef",
    "itemSalesTaxId": "ItemSalesTaxRef",
    "memo": "Memo",
    "customerMessageId": "CustomerMsgRef",
    "isToBePrinted": "IsToBePrinted",
    "isToBeEmailed": "IsToBeEmailed",
    "lines": Nest("SalesOrderLineAdd", SALES_ORDER_LINE_ADD_IN),
    "externalId": "ExternalGUID",
}

SALES_ORDER_UPDATE: Shape = mod_of(
    renamed(SALES_ORDER_CREATE, {"shipmentOrigin": "fob"}),
    drop=("externalId",),
    isManuallyClosed="IsManuallyClosed",
    lines=Nest("SalesOrderLineMod", {"id": "TxnLineID", **SALES_ORDER_LINE_ADD_IN}),
)


CHARGE: Shape = {
    **absent(TXN_HEADER, "currency", "exchangeRate", "memo"),
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "item": "ItemRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUnitOfMeasureSet": None,
    "overrideItemAccount": None,
    "rate": "Rate",
    "balanceRemaining": "BalanceRemaining",
    "description": "Desc",
    "receivablesAccount": "ARAccountRef",
    "class": "ClassRef",
    "billedDate": "BilledDate",
    "dueDate": "DueDate",
    "isPaid": "IsPaid",
    **filled(TXN_TAIL, {"amount": "Amount", "linkedTransactions": LINKED_TRANSACTIONS}),
}


# What follows the quantity of a charge, in its Add and in its Mod.
CHARGE_PRICE_IN: Shape = {
    "rate": "Rate",
    "optionForPriceRuleConflict": "OptionForPriceRuleConflict",
    "amount": "Amount",
    "description": "Desc",
    "receivablesAccountId": "ARAccountRef",
    "classId": "ClassRef",
    "billedDate": "BilledDate",
    "dueDate": "DueDate",
    "overrideItemAccountId": "OverrideItemAccountRef",
}

CHARGE_CREATE: Shape = {
    "externalId": "ExternalGUID",
    "customerId": "CustomerRef",
    "itemId": "ItemRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    **INVENTORY_SITE_IN,
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    **CHARGE_PRICE_IN,
}

CHARGE_UPDATE: Shape = {
    "customerId": "CustomerRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "itemId": "ItemRef",
    **INVENTORY_SITE_IN,
    "quantity": "Quantity",
    "unitOfMeasure": "UnitOfMeasure",
    "overrideUomSetId": None,
    **CHARGE_PRICE_IN,
}


# The card payment of an A/R refund, as QuickBooks returns it (transactions.CREDIT_CARD_TXN_INFO
# maps neither side).
REFUND_CREDIT_CARD_TXN_INFO: Shape = {
    "request": Nest(
        "CreditCardTxnInputInfo",
        {
            "number": "CreditCardNumber",
            "expirationMonth": "ExpirationMonth",
            "expirationYear": "ExpirationYear",
            "name": "NameOnCard",
            "sddress": "CreditCardAddress",
            "postalCode": "CreditCardPostalCode",
            "commercialCardCode": "CommercialCardCode",
            "transactionMode": Enum(
                "TransactionMode",
                {"CardNotPresent": "CardNotPresent", "CardPresent": "CardPresent"},
            ),
            "transactionType": Enum(
                "CreditCardTxnType",
                {
                    "Authorization": "Authorization",
                    "Capture": "Capture",
                    "Charge": "Charge",
                    "Refund": "Refund",
                    "VoiceAuthorization": "VoiceAuthorization",
                },
            ),
        },
    ),
    "response": Nest(
        "CreditCardTxnResultInfo",
        {
            "resultCode": "ResultCode",
            "resultMessage": "ResultMessage",
            "creditCardTransID": "CreditCardTransID",
            "merchantAccountNumber": "MerchantAccountNumber",
            "authorizationCode": "AuthorizationCode",
            "avsStreet": None,
            "avsZip": None,
            "cardSecurityCodeMatch": Enum(
                "CardSecurityCodeMatch",
                {"Pass": "Pass", "Fail": "Fail", "NotAvailable": "NotAvailable"},
            ),
            "reconBatchID": "ReconBatchID",
            "paymentGroupingCode": "PaymentGroupingCode",
            "paymentStatus": "PaymentStatus",
            "transactionAuthorizationTime": "TxnAuthorizationTime",
            "transactionAuthorizationStamp": "TxnAuthorizationStamp",
            "clientTransactionId": "ClientTransID",
        },
    ),
}

REFUND_APPLIED_TO_TXN: Shape = {
    "id": "TxnID",
    "objectType": Const("qbd_refund_applied_to_transaction"),
    "transactionType": "TxnType",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "creditRemaining": "CreditRemaining",
    "refundAmount": "RefundAmount",
    "creditRemainingInHomeCurrency": "CreditRemainingInHomeCurrency",
    "refundAmountInHomeCurrency": "RefundAmountInHomeCurrency",
}

ARREFUND_CREDIT_CARD: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "receivablesAccount": "ARAccountRef",
    **with_block("address", "Address"),
    "paymentMethod": "PaymentMethodRef",
    "creditCardTransaction": Nest("CreditCardTxnInfo", REFUND_CREDIT_CARD_TXN_INFO),
    "refundAppliedToTransactions": Nest("RefundAppliedToTxnRet", REFUND_APPLIED_TO_TXN),
    **TXN_TAIL,
}


ARREFUND_CREDIT_CARD_CREATE: Shape = {
    "customerId": "CustomerRef",
    "refundFromAccountId": "RefundFromAccountRef",
    "receivablesAccountId": "ARAccountRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "address": Nest("Address", ADDRESS_IN),
    "paymentMethodId": "PaymentMethodRef",
    "memo": "Memo",
    "creditCardTransaction": None,
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    "refundAppliedToTransactions": Nest(
        "RefundAppliedToTxnAdd", {"id": "TxnID", "refundAmount": "RefundAmount"}
    ),
}


TIME_TRACKING: Shape = {
    **absent(TXN_HEADER, "currency", "exchangeRate", "refNumber", "memo"),
    "transactionNumber": "TxnNumber",
    "customer": "CustomerRef",
    "itemService": "ItemServiceRef",
    "duration": "Duration",
    "class": "ClassRef",
    "payrollItemWage": "PayrollItemWageRef",
    "notes": "Notes",
    "billableStatus": "BillableStatus",
    "isBillable": None,
    "isBilled": None,
    **filled(TXN_TAIL, {"entity": "EntityRef", "customFields": None}),
}


TIME_TRACKING_CREATE: Shape = {
    "transactionDate": "TxnDate",
    "entityId": "EntityRef",
    "customerId": "CustomerRef",
    "itemServiceId": "ItemServiceRef",
    "duration": "Duration",
    "classId": "ClassRef",
    "payrollItemWageId": "PayrollItemWageRef",
    "notes": "Notes",
    "billableStatus": "BillableStatus",
    "isBillable": None,
    "externalId": "ExternalGUID",
}

TIME_TRACKING_UPDATE: Shape = drop(TIME_TRACKING_CREATE, "externalId")


SALES_TAX_PAYMENT_CHECK: Shape = {
    **absent(TXN_HEADER, "currency", "exchangeRate"),
    "transactionNumber": "TxnNumber",
    **with_block("address", "Address"),
    "isQueuedForPrint": "IsToBePrinted",
    "lines": Nest(
        "SalesTaxPaymentCheckLineRet",
        {
            "objectType": Const("qbd_sales_tax_payment_check_line"),
            "id": "TxnLineID",
            "itemSalesTax": "ItemSalesTaxRef",
            "amount": "Amount",
        },
    ),
    **filled(TXN_TAIL, {"amount": "Amount"}),
}


SALES_TAX_PAYMENT_CHECK_CREATE: Shape = {
    "payeeId": "PayeeEntityRef",
    "transactionDate": "TxnDate",
    "bankAccountId": "BankAccountRef",
    "isQueuedForPrint": "IsToBePrinted",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "address": Nest("Address", ADDRESS_IN),
    "externalId": "ExternalGUID",
    "lines": Nest(
        "SalesTaxPaymentCheckLineAdd",
        {"itemSalesTaxId": "ItemSalesTaxRef", "amount": "Amount"},
    ),
}

SALES_TAX_PAYMENT_CHECK_UPDATE: Shape = drop(
    SALES_TAX_PAYMENT_CHECK_CREATE, "payeeId", "externalId", "lines"
)
