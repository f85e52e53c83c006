"""Tables of the second-wave transactions:
deposits, bill payments, assemblies built, inventory adjustments.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input). The shared groups of transactions.py
(responses) and requests.py (requests) are unpacked where the SDK puts them.
"""

from nxus.resources.defs.requests import APPLIED_TO_TXN_ADD_IN, SITE_SERIAL_LOT_IN, mod_of
from nxus.resources.defs.shapes import CUSTOM_FIELDS, absent, drop, filled, renamed
from nxus.resources.defs.transactions import (
    APPLIED_TO_TXN,
    TXN_HEADER,
    TXN_STAMP,
    TXN_TAIL,
    with_block,
)
from nxus.resources.model import Const, Nest, Shape, Text

# The two kinds of deposit line are the two choices of one DepositLineAdd/DepositLineMod.
PAYMENT_LINE_IN: Shape = {
    "id": "PaymentTxnID",
    "paymentTxnLineId": "PaymentTxnLineID",
    "overrideMemo": "OverrideMemo",
    "overrideCheckNumber": "OverrideCheckNumber",
    "overrideClassId": "OverrideClassRef",
}
MANUAL_LINE_IN: Shape = {
    "entityId": "EntityRef",
    "accountId": "AccountRef",
    "memo": "Memo",
    "checkNumber": "CheckNumber",
    "paymentMethodId": "PaymentMethodRef",
    "classId": "ClassRef",
    "amount": "Amount",
}
CASH_BACK_INFO_IN: Shape = {"accountId": "AccountRef", "memo": "Memo", "amount": "Amount"}

DEPOSIT: Shape = {
    **absent(TXN_HEADER, "refNumber"),
    "transactionNumber": "TxnNumber",
    "depositToAccount": "DepositToAccountRef",
    "depositTotal": "DepositTotal",
    "depositTotalInHomeCurrency": "DepositTotalInHomeCurrency",
    "cashBackInfo": Nest(
        "CashBackInfoRet",
        {
            "transactionLineId": "TxnLineID",
            "account": "AccountRef",
            "memo": "Memo",
            "amount": "Amount",
        },
    ),
    "depositLines": Nest(
        "DepositLineRet",
        {
            "transactionType": "TxnType",
            "transactionId": "TxnID",
            "transactionLineId": "TxnLineID",
            "paymentTransactionLineId": "PaymentTxnLineID",
            "entity": "EntityRef",
            "account": "AccountRef",
            "memo": "Memo",
            "checkNumber": "CheckNumber",
            "paymentMethod": "PaymentMethodRef",
            "class": "ClassRef",
            "amount": "Amount",
        },
    ),
    **TXN_TAIL,
}


DEPOSIT_CREATE: Shape = {
    "transactionDate": "TxnDate",
    "depositToAccountId": "DepositToAccountRef",
    "memo": "Memo",
    "cashBackInfo": Nest("CashBackInfoAdd", CASH_BACK_INFO_IN),
    "currencyId": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "depositLines": Nest(
        "DepositLineAdd",
        {
            "paymentLine": Nest("", PAYMENT_LINE_IN),
            "manualLine": Nest("", MANUAL_LINE_IN),
        },
    ),
    "externalId": "ExternalGUID",
}

DEPOSIT_UPDATE: Shape = filled(
    DEPOSIT_CREATE,
    {
        "cashBackInfo": Nest("CashBackInfoMod", CASH_BACK_INFO_IN),
        "depositLines": Nest(
            "DepositLineMod",
            {
                "transactionLineId": "TxnLineID",
                "paymentLineMod": Nest("", PAYMENT_LINE_IN),
                "manualLineMod": Nest("", MANUAL_LINE_IN),
            },
        ),
        "externalId": None,
    },
)


# The transaction fields of a bill payment, by check or by credit card.
BILL_PAYMENT_TAIL = filled(
    TXN_TAIL, {"amount": "Amount", "amountInHomeCurrency": Text("AmountInHomeCurrency")}
)

BILL_PAYMENT_CHECK: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "payablesAccount": "APAccountRef",
    **with_block("address", "Address"),
    "isQueuedForPrint": "IsToBePrinted",
    "appliedToTransactions": Nest("AppliedToTxnRet", APPLIED_TO_TXN),
    **BILL_PAYMENT_TAIL,
}


BILL_PAYMENT_CHECK_CREATE: Shape = {
    "payeeId": "PayeeEntityRef",
    "bankAccountId": "BankAccountRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "payablesAccountId": "APAccountRef",
    "amount": None,
    "currencyId": None,
    "exchangeRate": "ExchangeRate",
    "amountInHomeCurrency": None,
    "memo": "Memo",
    "isQueuedForPrint": "IsToBePrinted",
    "externalId": "ExternalGUID",
    "appliedToTransactions": Nest("AppliedToTxnAdd", APPLIED_TO_TXN_ADD_IN),
}

BILL_PAYMENT_CHECK_UPDATE: Shape = {
    "payeeId": None,
    "transactionDate": "TxnDate",
    "memo": "Memo",
    "refNumber": "RefNumber",
    "bankAccountId": "BankAccountRef",
    "payablesAccountId": None,
    "amount": "Amount",
    "currencyId": None,
    "exchangeRate": "ExchangeRate",
    "amountInHomeCurrency": None,
    "isQueuedForPrint": "IsToBePrinted",
    "appliedToTransactions": Nest("AppliedToTxnMod", APPLIED_TO_TXN_ADD_IN),
}


BILL_PAYMENT_CREDIT_CARD: Shape = {
    **TXN_HEADER,
    "payablesAccount": "APAccountRef",
    "appliedToTransactions": Nest("AppliedToTxnRet", APPLIED_TO_TXN),
    # The SDK puts the card account last among its transaction fields, before customFields.
    **drop(BILL_PAYMENT_TAIL, "customFields"),
    "creditCardAccount": "CreditCardAccountRef",
    **CUSTOM_FIELDS,
}


BILL_PAYMENT_CREDIT_CARD_CREATE: Shape = {
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "payeeId": "PayeeEntityRef",
    "payablesAccountId": "APAccountRef",
    "creditCardAccountId": "CreditCardAccountRef",
    "amount": None,
    "memo": "Memo",
    "currencyId": None,
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    # The SDK's model spells setCredits appliedCredits (CreateSetCreditRequest: SetCredit).
    "applyToTransactions": Nest(
        "AppliedToTxnAdd",
        {**renamed(APPLIED_TO_TXN_ADD_IN, {"setCredits": "appliedCredits"}), "isValid": None},
    ),
    "isValidTotalAmount": None,
}


BUILD_ASSEMBLY: Shape = {
    **absent(TXN_HEADER, "currency", "exchangeRate"),
    "transactionNumber": "TxnNumber",
    "itemInventoryAssembly": "ItemInventoryAssemblyRef",
    "inventorySite": "InventorySiteRef",
    "inventorySiteLocation": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
    "isPending": "IsPending",
    "quantityToBuild": "QuantityToBuild",
    "quantityCanBuild": "QuantityCanBuild",
    "quantityOnHand": "QuantityOnHand",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
    "lines": None,
    **TXN_TAIL,
}


BUILD_ASSEMBLY_CREATE: Shape = {
    "inventoryAssemblyItemId": "ItemInventoryAssemblyRef",
    **SITE_SERIAL_LOT_IN,
    "expirationDate": None,
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "quantityToBuild": "QuantityToBuild",
    "markPendingIfRequired": "MarkPendingIfRequired",
    "externalId": "ExternalGUID",
}

BUILD_ASSEMBLY_UPDATE: Shape = mod_of(
    BUILD_ASSEMBLY_CREATE,
    drop=("inventoryAssemblyItemId", "externalId"),
    removePending="RemovePending",
)


INVENTORY_ADJUSTMENT: Shape = {
    **absent(TXN_HEADER, "currency", "exchangeRate"),
    "transactionNumber": "TxnNumber",
    "account": "AccountRef",
    "inventorySite": "InventorySiteRef",
    "customer": "CustomerRef",
    "class": "ClassRef",
    "lines": Nest(
        "InventoryAdjustmentLineRet",
        {
            "id": "TxnLineID",
            "item": "ItemRef",
            "serialNumber": "SerialNumber",
            "serialNumberAddedOrRemoved": "SerialNumberAddedOrRemoved",
            "lotNumber": "LotNumber",
            "expirationDate": "ExpirationDateForSerialLotNumber",
            "inventorySiteLocation": "InventorySiteLocationRef",
            "quantityDifference": "QuantityDifference",
            "valueDifference": "ValueDifference",
            "customFields": None,
        },
    ),
    # The adjustment's account stands above, in the SDK's order.
    **drop(TXN_TAIL, "account"),
}


# Last in each kind of inventory adjustment line: the lot's expiry and the item's location.
EXPIRY_AND_LOCATION_IN: Shape = {
    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
    "inventorySiteLocationId": "InventorySiteLocationRef",
}

INVENTORY_ADJUSTMENT_CREATE: Shape = {
    "accountId": "AccountRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "inventorySiteId": "InventorySiteRef",
    "customerId": "CustomerRef",
    "classId": "ClassRef",
    "memo": "Memo",
    "inventoryAdjustmentLines": Nest(
        "InventoryAdjustmentLineAdd",
        {
            "itemId": "ItemRef",
            "quantityAdjustment": Nest(
                "QuantityAdjustment",
                {
                    "newQuantity": "NewQuantity",
                    "quantityDifference": "QuantityDifference",
                    "serialNumber": "SerialNumber",
                    "lotNumber": "LotNumber",
                    **EXPIRY_AND_LOCATION_IN,
                },
            ),
            "valueAdjustment": Nest(
                "ValueAdjustment",
                {
                    "newQuantity": "NewQuantity",
                    "quantityDifference": "QuantityDifference",
                    "newValue": None,
                    "valueDifference": None,
                },
            ),
            "serialNumberAdjustment": Nest(
                "SerialNumberAdjustment",
                {
                    "addSerialNumber": "AddSerialNumber",
                    "removeSerialNumber": "RemoveSerialNumber",
                    **EXPIRY_AND_LOCATION_IN,
                },
            ),
            "lotNumberAdjustment": Nest(
                "LotNumberAdjustment",
                {
                    "lotNumber": "LotNumber",
                    "countAdjustment": "CountAdjustment",
                    **EXPIRY_AND_LOCATION_IN,
                },
            ),
        },
    ),
    "externalId": "ExternalGUID",
}

INVENTORY_ADJUSTMENT_UPDATE: Shape = filled(
    INVENTORY_ADJUSTMENT_CREATE,
    {
        "inventoryAdjustmentLines": Nest(
            "InventoryAdjustmentLineMod",
            {
                "id": "TxnLineID",
                "itemId": "ItemRef",
                "quantityDifference": "QuantityDifference",
                "valueDifference": "ValueDifference",
                "serialNumber": "SerialNumber",
                "lotNumber": "LotNumber",
                "countAdjustment": "CountAdjustment",
                **EXPIRY_AND_LOCATION_IN,
            },
        ),
        "externalId": None,
    },
)


# TXN_TAIL with every field null: the cross-type rows below fill in the few they have.
NULL_TAIL = absent(TXN_TAIL, *TXN_TAIL)

# One row of the cross-type TransactionQuery (any transaction type; `transactionType` names it
# and is what a delete sends as TxnDelType). The SDK's transaction has its entity first.
TRANSACTION: Shape = {
    **absent(TXN_HEADER, "revisionNumber"),
    "transactionType": "TxnType",
    "transactionLineId": "TxnLineID",
    "entity": "EntityRef",
    **filled(
        drop(NULL_TAIL, "entity"),
        {
            "amount": "Amount",
            "account": "AccountRef",
            "amountInHomeCurrency": Text("AmountInHomeCurrency"),
        },
    ),
}


# BillToPayRet and its rows have no stamp: the SDK's createdAt, updatedAt and revisionNumber
# are null.
NO_STAMP = absent(drop(TXN_STAMP, "id"), "createdAt", "updatedAt", "revisionNumber")
PAYABLE_TXN: Shape = {"transactionType": "TxnType", "payablesAccount": "APAccountRef"}

# BillToPayQuery (the SDK's bill_to_pay: GET /bill-payment-or-credits?vendorId=…): a vendor's
# open bills and the credits that can pay them, one of the two per row.
BILL_TO_PAY: Shape = {
    **NO_STAMP,
    "bill": Nest(
        "BillToPay",
        {
            "id": "TxnID",
            "objectType": Const("qbd_payable_bill"),
            **NO_STAMP,
            "transactionDate": "TxnDate",
            "currency": "CurrencyRef",
            "amountDue": "AmountDue",
            "exchangeRate": "ExchangeRate",
            "amountDueInHomeCurrency": Text("AmountDueInHomeCurrency"),
            "refNumber": "RefNumber",
            "memo": None,
            **PAYABLE_TXN,
            "dueDate": "DueDate",
            **drop(NULL_TAIL, "amount"),
        },
    ),
    "credit": Nest(
        "CreditToApply",
        {
            "id": "TxnID",
            "objectType": Const("qbd_applicable_credit"),
            **NO_STAMP,
            **absent(drop(TXN_HEADER, *TXN_STAMP), "memo"),
            **PAYABLE_TXN,
            "creditRemaining": "CreditRemaining",
            "creditRemainingInHomeCurrency": "CreditRemainingInHomeCurrency",
            **drop(NULL_TAIL, "amountInHomeCurrency"),
        },
    ),
    "customFields": None,
}
