"""Tables of the second-wave purchase transactions:
vendor credits, credit card charges and credits, item receipts.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input).

All four carry a bill's lines: the same ExpenseLine/ItemLine/ItemGroupLine Ret, Add and Mod
elements and the same SDK line models, so they use the bill's and check's groups
(transactions.PURCHASE_LINES, requests.EXPENSE_AND_ITEM_LINES_*_IN).
"""

from nxus.resources.defs.requests import (
    EXPENSE_AND_ITEM_LINES_ADD_IN,
    EXPENSE_AND_ITEM_LINES_MOD_IN,
    ITEM_GROUP_LINE_ADD_IN,
    ITEM_GROUP_LINE_MOD_IN,
    mod_of,
)
from nxus.resources.defs.shapes import drop, filled
from nxus.resources.defs.transactions import (
    LINKED_TRANSACTIONS,
    PURCHASE_LINES,
    TXN_HEADER,
    TXN_TAIL,
)
from nxus.resources.model import Nest, Shape, Text

VENDOR_CREDIT: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    # vendor, payablesAccount and creditAmountInHomeCurrency carry what entity, account and
    # amountInHomeCurrency would; the SDK's vendor credit has no amount.
    "entity": None,
    "vendor": "VendorRef",
    "account": None,
    "payablesAccount": "APAccountRef",
    "creditAmount": "CreditAmount",
    "creditAmountInHomeCurrency": "CreditAmountInHomeCurrency",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    "openAmount": "OpenAmount",
    **filled(
        drop(TXN_TAIL, "amount", "entity", "account"),
        {"linkedTransactions": LINKED_TRANSACTIONS, **PURCHASE_LINES},
    ),
}

# A credit card charge or credit: the card's account, the payee and no linked transactions.
CREDIT_CARD_CREDIT: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    **filled(
        TXN_TAIL,
        {
            "amount": "Amount",
            "entity": "PayeeEntityRef",
            "account": "AccountRef",
            "amountInHomeCurrency": Text("AmountInHomeCurrency"),
            **PURCHASE_LINES,
        },
    ),
}
# The SDK's credit card charge declares its transactionNumber a string.
CREDIT_CARD_CHARGE: Shape = filled(CREDIT_CARD_CREDIT, {"transactionNumber": Text("TxnNumber")})

ITEM_RECEIPT: Shape = {
    **TXN_HEADER,
    "transactionNumber": "TxnNumber",
    "payablesAccount": "APAccountRef",
    "liabilityAccount": "LiabilityAccountRef",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCode": "SalesTaxCodeRef",
    # The SDK's item receipt has no vendor or total of its own: entity and amount carry them.
    **filled(
        TXN_TAIL,
        {
            "amount": "TotalAmount",
            "entity": "VendorRef",
            "amountInHomeCurrency": Text("TotalAmountInHomeCurrency"),
            "linkedTransactions": LINKED_TRANSACTIONS,
            **PURCHASE_LINES,
        },
    ),
}


# What every create sends after its vendor or card.
_DATE_AND_TAX_IN: Shape = {
    "transactionDate": "TxnDate",
    "refNumber": "RefNumber",
    "memo": "Memo",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
}
# A check's lines: expense, item and item group lines.
_LINES_ADD_IN: Shape = {
    **EXPENSE_AND_ITEM_LINES_ADD_IN,
    "itemGroupLines": Nest("ItemGroupLineAdd", ITEM_GROUP_LINE_ADD_IN),
}
_GROUP_LINES_MOD_IN: Shape = {"itemGroupLines": Nest("ItemGroupLineMod", ITEM_GROUP_LINE_MOD_IN)}
_CLEAR_LINES_IN = drop(EXPENSE_AND_ITEM_LINES_MOD_IN, "expenseLines", "itemLines")
_LINES_MOD_IN: Shape = {
    **drop(EXPENSE_AND_ITEM_LINES_MOD_IN, "clearExpenseLines", "clearItemLines"),
    **_GROUP_LINES_MOD_IN,
}
# The rest of a vendor credit's or card transaction's create.
_TAIL_IN: Shape = {
    **_DATE_AND_TAX_IN,
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    **_LINES_ADD_IN,
}
_CARD_AND_PAYEE_IN: Shape = {"accountId": "AccountRef", "payeeId": "PayeeEntityRef"}

VENDOR_CREDIT_CREATE: Shape = {
    "vendorId": "VendorRef",
    "payablesAccountId": "APAccountRef",
    **_TAIL_IN,
}

VENDOR_CREDIT_UPDATE: Shape = mod_of(
    VENDOR_CREDIT_CREATE,
    drop=("externalId",),
    **EXPENSE_AND_ITEM_LINES_MOD_IN,
    **_GROUP_LINES_MOD_IN,
)

CREDIT_CARD_CHARGE_CREATE: Shape = {**_CARD_AND_PAYEE_IN, **_TAIL_IN}

CREDIT_CARD_CHARGE_UPDATE: Shape = mod_of(
    CREDIT_CARD_CHARGE_CREATE,
    drop=("externalId",),
    **EXPENSE_AND_ITEM_LINES_MOD_IN,
    **_GROUP_LINES_MOD_IN,
)

CREDIT_CARD_CREDIT_CREATE: Shape = {
    **_CARD_AND_PAYEE_IN,
    "defMacro": None,  # an attribute of CreditCardCreditAdd, not an element: not mapped
    **_TAIL_IN,
}

# The SDK's update model puts both clear flags before the lines.
CREDIT_CARD_CREDIT_UPDATE: Shape = mod_of(
    CREDIT_CARD_CREDIT_CREATE,
    drop=("defMacro", "externalId"),
    **_CLEAR_LINES_IN,
    **_LINES_MOD_IN,
)

ITEM_RECEIPT_CREATE: Shape = {
    "vendorId": "VendorRef",
    "payablesAccountId": "APAccountRef",
    "liabilityAccountId": None,  # not in ItemReceiptAdd (only the Ret has LiabilityAccountRef)
    **_DATE_AND_TAX_IN,
    "currencyId": None,  # not in ItemReceiptAdd
    "exchangeRate": "ExchangeRate",
    "externalId": "ExternalGUID",
    "linkToTransactionIds": "LinkToTxnID",  # purchase orders, whole
    **_LINES_ADD_IN,
}

# The SDK's update model has no clear flags.
ITEM_RECEIPT_UPDATE: Shape = mod_of(
    ITEM_RECEIPT_CREATE, drop=("externalId", "linkToTransactionIds"), **_LINES_MOD_IN
)
