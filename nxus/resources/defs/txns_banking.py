"""Tables of the second-wave transactions:
deposits, bill payments, assemblies built, inventory adjustments.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input).
"""

from nxus.resources.defs.shapes import DATA_EXT_RET
from nxus.resources.defs.transactions import LINKED_TRANSACTIONS
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

DEPOSIT: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": None,
    "memo": "Memo",
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
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


DEPOSIT_CREATE: Shape = {
    "transactionDate": "TxnDate",
    "depositToAccountId": "DepositToAccountRef",
    "memo": "Memo",
    "cashBackInfo": Nest(
        "CashBackInfoAdd",
        {
            "accountId": "AccountRef",
            "memo": "Memo",
            "amount": "Amount",
        },
    ),
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


DEPOSIT_UPDATE: Shape = {
    "transactionDate": "TxnDate",
    "depositToAccountId": "DepositToAccountRef",
    "memo": "Memo",
    "cashBackInfo": Nest(
        "CashBackInfoMod",
        {
            "accountId": "AccountRef",
            "memo": "Memo",
            "amount": "Amount",
        },
    ),
    "currencyId": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "depositLines": Nest(
        "DepositLineMod",
        {
            "transactionLineId": "TxnLineID",
            "paymentLineMod": Nest("", PAYMENT_LINE_IN),
            "manualLineMod": Nest("", MANUAL_LINE_IN),
        },
    ),
    "externalId": None,
}


BILL_PAYMENT_CHECK: Shape = {
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
    "payablesAccount": "APAccountRef",
    "address": Nest(
        "Address",
        {
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
        },
    ),
    "addressBlock": Nest(
        "AddressBlock",
        {
            "line1": "Addr1",
            "line2": "Addr2",
            "line3": "Addr3",
            "line4": "Addr4",
            "line5": "Addr5",
        },
    ),
    "isQueuedForPrint": "IsToBePrinted",
    "appliedToTransactions": Nest(
        "AppliedToTxnRet",
        {
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
        },
    ),
    "amount": "Amount",
    "entity": None,
    "account": None,
    "amountInHomeCurrency": Text("AmountInHomeCurrency"),
    "hasValidLineItems": None,
    "externalId": "ExternalGUID",
    "linkedTransactions": None,
    "expenseLines": None,
    "itemLines": None,
    "itemGroupLines": None,
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
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
    "appliedToTransactions": Nest(
        "AppliedToTxnAdd",
        {
            "id": "TxnID",
            "paymentAmount": "PaymentAmount",
            "setCredits": Nest(
                "SetCredit",
                {
                    "creditTransactionId": "CreditTxnID",
                    "id": "TxnLineID",
                    "appliedAmount": "AppliedAmount",
                    "override": "Override",
                },
            ),
            "discountAmount": "DiscountAmount",
            "discountAccountId": "DiscountAccountRef",
            "discountClassId": "DiscountClassRef",
        },
    ),
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
    "appliedToTransactions": Nest(
        "AppliedToTxnMod",
        {
            "id": "TxnID",
            "paymentAmount": "PaymentAmount",
            "setCredits": Nest(
                "SetCredit",
                {
                    "creditTransactionId": "CreditTxnID",
                    "id": "TxnLineID",
                    "appliedAmount": "AppliedAmount",
                    "override": "Override",
                },
            ),
            "discountAmount": "DiscountAmount",
            "discountAccountId": "DiscountAccountRef",
            "discountClassId": "DiscountClassRef",
        },
    ),
}


BILL_PAYMENT_CREDIT_CARD: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "payablesAccount": "APAccountRef",
    "appliedToTransactions": Nest(
        "AppliedToTxnRet",
        {
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
        },
    ),
    "amount": "Amount",
    "entity": None,
    "account": None,
    "amountInHomeCurrency": Text("AmountInHomeCurrency"),
    "hasValidLineItems": None,
    "externalId": "ExternalGUID",
    "linkedTransactions": None,
    "expenseLines": None,
    "itemLines": None,
    "itemGroupLines": None,
    "creditCardAccount": "CreditCardAccountRef",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
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
    "applyToTransactions": Nest(
        "AppliedToTxnAdd",
        {
            "id": "TxnID",
            "paymentAmount": "PaymentAmount",
            "appliedCredits": None,
            "discountAmount": "DiscountAmount",
            "discountAccountId": "DiscountAccountRef",
            "discountClassId": "DiscountClassRef",
            "isValid": None,
        },
    ),
    "isValidTotalAmount": None,
}


BUILD_ASSEMBLY: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": None,
    "exchangeRate": None,
    "refNumber": "RefNumber",
    "memo": "Memo",
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
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


BUILD_ASSEMBLY_CREATE: Shape = {
    "inventoryAssemblyItemId": "ItemInventoryAssemblyRef",
    "inventorySiteId": "InventorySiteRef",
    "inventorySiteLocationId": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDate": None,
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "quantityToBuild": "QuantityToBuild",
    "markPendingIfRequired": "MarkPendingIfRequired",
    "externalId": "ExternalGUID",
}


BUILD_ASSEMBLY_UPDATE: Shape = {
    "inventorySiteId": "InventorySiteRef",
    "inventorySiteLocationId": "InventorySiteLocationRef",
    "serialNumber": "SerialNumber",
    "lotNumber": "LotNumber",
    "expirationDate": None,
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "quantityToBuild": "QuantityToBuild",
    "markPendingIfRequired": "MarkPendingIfRequired",
    "removePending": "RemovePending",
}


INVENTORY_ADJUSTMENT: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "transactionDate": "TxnDate",
    "currency": None,
    "exchangeRate": None,
    "refNumber": "RefNumber",
    "memo": "Memo",
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
    "amount": None,
    "entity": None,
    "amountInHomeCurrency": None,
    "hasValidLineItems": None,
    "externalId": "ExternalGUID",
    "linkedTransactions": None,
    "expenseLines": None,
    "itemLines": None,
    "itemGroupLines": None,
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
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
                    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
                    "inventorySiteLocationId": "InventorySiteLocationRef",
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
                    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
                    "inventorySiteLocationId": "InventorySiteLocationRef",
                },
            ),
            "lotNumberAdjustment": Nest(
                "LotNumberAdjustment",
                {
                    "lotNumber": "LotNumber",
                    "countAdjustment": "CountAdjustment",
                    "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
                    "inventorySiteLocationId": "InventorySiteLocationRef",
                },
            ),
        },
    ),
    "externalId": "ExternalGUID",
}


INVENTORY_ADJUSTMENT_UPDATE: Shape = {
    "accountId": "AccountRef",
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "inventorySiteId": "InventorySiteRef",
    "customerId": "CustomerRef",
    "classId": "ClassRef",
    "memo": "Memo",
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
            "expirationDateForSerialLotNumber": "ExpirationDateForSerialLotNumber",
            "inventorySiteLocationId": "InventorySiteLocationRef",
        },
    ),
    "externalId": None,
}


# One row of the cross-type TransactionQuery (any transaction type; `transactionType` names it
# and is what a delete sends as TxnDelType).
TRANSACTION: Shape = {
    "id": "TxnID",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": None,
    "transactionDate": "TxnDate",
    "currency": "CurrencyRef",
    "exchangeRate": "ExchangeRate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "transactionType": "TxnType",
    "transactionLineId": "TxnLineID",
    "entity": "EntityRef",
    "amount": "Amount",
    "account": "AccountRef",
    "amountInHomeCurrency": Text("AmountInHomeCurrency"),
    "hasValidLineItems": None,
    "externalId": None,
    "linkedTransactions": None,
    "expenseLines": None,
    "itemLines": None,
    "itemGroupLines": None,
    "customFields": None,
}


# BillToPayQuery (the SDK's bill_to_pay: GET /bill-payment-or-credits?vendorId=…): a vendor's
# open bills and the credits that can pay them, one of the two per row.
BILL_TO_PAY: Shape = {
    "createdAt": None,
    "updatedAt": None,
    "revisionNumber": None,
    "bill": Nest(
        "BillToPay",
        {
            "id": "TxnID",
            "objectType": Const("qbd_payable_bill"),
            "createdAt": None,
            "updatedAt": None,
            "revisionNumber": None,
            "transactionDate": "TxnDate",
            "currency": "CurrencyRef",
            "amountDue": "AmountDue",
            "exchangeRate": "ExchangeRate",
            "amountDueInHomeCurrency": Text("AmountDueInHomeCurrency"),
            "refNumber": "RefNumber",
            "memo": None,
            "transactionType": "TxnType",
            "payablesAccount": "APAccountRef",
            "dueDate": "DueDate",
            "entity": None,
            "account": None,
            "amountInHomeCurrency": None,
            "hasValidLineItems": None,
            "externalId": None,
            "linkedTransactions": None,
            "expenseLines": None,
            "itemLines": None,
            "itemGroupLines": None,
            "customFields": None,
        },
    ),
    "credit": Nest(
        "CreditToApply",
        {
            "id": "TxnID",
            "objectType": Const("qbd_applicable_credit"),
            "createdAt": None,
            "updatedAt": None,
            "revisionNumber": None,
            "transactionDate": "TxnDate",
            "currency": "CurrencyRef",
            "exchangeRate": "ExchangeRate",
            "refNumber": "RefNumber",
            "memo": None,
            "transactionType": "TxnType",
            "payablesAccount": "APAccountRef",
            "creditRemaining": "CreditRemaining",
            "creditRemainingInHomeCurrency": "CreditRemainingInHomeCurrency",
            "amount": None,
            "entity": None,
            "account": None,
            "hasValidLineItems": None,
            "externalId": None,
            "linkedTransactions": None,
            "expenseLines": None,
            "itemLines": None,
            "itemGroupLines": None,
            "customFields": None,
        },
    ),
    "customFields": None,
}
