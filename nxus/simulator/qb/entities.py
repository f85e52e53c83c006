"""What the simulated company holds: one row per QuickBooks object type, as data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lines:
    """A kind of transaction line: the tags in Add, Mod and Ret."""

    add: str
    mod: str
    ret: str


@dataclass(frozen=True)
class Entity:
    name: str  # "Customer": CustomerAddRq, CustomerRet, ListDelType/TxnDelType value
    kind: str  # "list" or "txn"
    namespace: str = ""  # list names are unique within a namespace
    hierarchical: bool = False  # FullName "Parent:Child", ParentRef, Sublevel
    lines: tuple[Lines, ...] = ()
    totals: str = ""  # how totals follow from lines (see txns.compute_totals)
    voidable: bool = False
    has_mod: bool = True
    query_group: str = ""  # polymorphic query that also returns this type (ItemQuery ...)
    total: str = ""  # the element holding the sum of the lines' amounts (no other totals kind)
    # A QuickBooks preference the sample company leaves off (multicurrency, advanced
    # inventory, units of measure, workers' comp): the list is empty and writes answer 3250.
    feature: str = ""

    @property
    def ret(self) -> str:
        return f"{self.name}Ret"


def _sales(name: str, totals: str = "sales", voidable: bool = True) -> Entity:
    return Entity(
        name,
        "txn",
        lines=(Lines(f"{name}LineAdd", f"{name}LineMod", f"{name}LineRet"),),
        totals=totals,
        voidable=voidable,
    )


def _lines(name: str) -> tuple[Lines, ...]:
    return (Lines(f"{name}Add", f"{name}Mod", f"{name}Ret"),)


_PURCHASE_LINES = (
    Lines("ExpenseLineAdd", "ExpenseLineMod", "ExpenseLineRet"),
    Lines("ItemLineAdd", "ItemLineMod", "ItemLineRet"),
)

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity("Account", "list", "Account", hierarchical=True),
        Entity("Customer", "list", "names", hierarchical=True),
        Entity("Vendor", "list", "names"),
        Entity("Employee", "list", "names"),
        Entity("OtherName", "list", "names"),
        Entity("Class", "list", "Class", hierarchical=True),
        Entity("StandardTerms", "list", "terms", has_mod=False, query_group="Terms"),
        Entity("DateDrivenTerms", "list", "terms", has_mod=False, query_group="Terms"),
        Entity("PaymentMethod", "list", "PaymentMethod", has_mod=False),
        Entity("SalesTaxCode", "list", "SalesTaxCode"),
        Entity("ItemService", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemNonInventory", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemInventory", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemOtherCharge", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemSalesTax", "list", "items", query_group="Item"),
        Entity("ItemInventoryAssembly", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemDiscount", "list", "items", hierarchical=True, query_group="Item"),
        Entity("ItemFixedAsset", "list", "items", query_group="Item"),
        Entity("ItemGroup", "list", "items", query_group="Item"),
        Entity("ItemPayment", "list", "items", query_group="Item"),
        Entity("ItemSalesTaxGroup", "list", "items", query_group="Item"),
        Entity("ItemSubtotal", "list", "items", query_group="Item"),
        Entity("CustomerType", "list", "CustomerType", hierarchical=True, has_mod=False),
        Entity("VendorType", "list", "VendorType", hierarchical=True, has_mod=False),
        Entity("ShipMethod", "list", "ShipMethod", has_mod=False),
        Entity("PriceLevel", "list", "PriceLevel"),
        Entity("BillingRate", "list", "BillingRate", has_mod=False),
        Entity("PayrollItemWage", "list", "PayrollItemWage", has_mod=False),
        Entity("PayrollItemNonWage", "list", "PayrollItemNonWage", has_mod=False),
        Entity("Currency", "list", "Currency", feature="Multicurrency"),
        Entity("InventorySite", "list", "InventorySite", feature="Advanced Inventory"),
        Entity("UnitOfMeasureSet", "list", "UnitOfMeasureSet", feature="Unit of measure"),
        Entity("WorkersCompCode", "list", "WorkersCompCode", feature="Workers' comp"),
        Entity("AccountTaxLineInfo", "list", "AccountTaxLineInfo", has_mod=False),
        Entity("BarCode", "list", "BarCode", has_mod=False, feature="Bar codes"),
        _sales("Invoice", "invoice"),
        _sales("SalesReceipt"),
        _sales("Estimate"),
        _sales("CreditMemo", "credit"),
        _sales("PurchaseOrder", "purchase_order"),
        Entity(
            "ReceivePayment",
            "txn",
            totals="payment",
            lines=(Lines("AppliedToTxnAdd", "AppliedToTxnMod", "AppliedToTxnRet"),),
        ),
        Entity("Bill", "txn", lines=_PURCHASE_LINES, totals="bill", voidable=True),
        Entity("Check", "txn", lines=_PURCHASE_LINES, totals="check", voidable=True),
        _sales("SalesOrder", voidable=False),
        Entity("VendorCredit", "txn", lines=_PURCHASE_LINES, total="CreditAmount", voidable=True),
        Entity("CreditCardCharge", "txn", lines=_PURCHASE_LINES, total="Amount", voidable=True),
        Entity("CreditCardCredit", "txn", lines=_PURCHASE_LINES, total="Amount", voidable=True),
        Entity("ItemReceipt", "txn", lines=_PURCHASE_LINES, total="TotalAmount", voidable=True),
        Entity("Charge", "txn", voidable=True),
        Entity("Deposit", "txn", lines=_lines("DepositLine"), total="DepositTotal", voidable=True),
        Entity(
            "BillPaymentCheck",
            "txn",
            lines=_lines("AppliedToTxn"),
            totals="bill_payment",
            voidable=True,
        ),
        Entity(
            "BillPaymentCreditCard",
            "txn",
            lines=_lines("AppliedToTxn"),
            totals="bill_payment",
            voidable=True,
            has_mod=False,
        ),
        Entity(
            "ARRefundCreditCard",
            "txn",
            lines=_lines("RefundAppliedToTxn"),
            totals="refund",
            voidable=True,
            has_mod=False,
        ),
        Entity(
            "SalesTaxPaymentCheck", "txn", lines=_lines("SalesTaxPaymentCheckLine"), total="Amount"
        ),
        Entity("TimeTracking", "txn"),
        Entity("BuildAssembly", "txn"),
        Entity(
            "InventoryAdjustment", "txn", lines=_lines("InventoryAdjustmentLine"), voidable=True
        ),
        Entity(
            "JournalEntry",
            "txn",
            totals="journal",
            voidable=True,
            lines=(
                Lines("JournalDebitLine", "JournalLineMod", "JournalDebitLine"),
                Lines("JournalCreditLine", "JournalLineMod", "JournalCreditLine"),
            ),
        ),
    )
}

NAME_ENTITIES = ("Customer", "Vendor", "Employee", "OtherName")
ITEM_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.query_group == "Item")
TERMS_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.query_group == "Terms")

# Which list a reference points into, and the word QuickBooks uses for it in 3140 messages.
ACCOUNT_REFS = (
    "AccountRef ARAccountRef APAccountRef DepositToAccountRef IncomeAccountRef "
    "ExpenseAccountRef COGSAccountRef AssetAccountRef BankAccountRef CreditCardAccountRef"
).split()
REFS: dict[str, tuple[tuple[str, ...], str]] = {
    "CustomerRef": (("Customer",), "Customer"),
    "VendorRef": (("Vendor",), "Vendor"),
    "ClassRef": (("Class",), "Class"),
    "ItemRef": (ITEM_ENTITIES, "Item"),
    "ItemSalesTaxRef": (("ItemSalesTax", "ItemSalesTaxGroup"), "Item"),
    "TermsRef": (TERMS_ENTITIES, "Terms"),
    "SalesTaxCodeRef": (("SalesTaxCode",), "SalesTaxCode"),
    "CustomerSalesTaxCodeRef": (("SalesTaxCode",), "SalesTaxCode"),
    "PaymentMethodRef": (("PaymentMethod",), "PaymentMethod"),
    "PreferredPaymentMethodRef": (("PaymentMethod",), "PaymentMethod"),
    "PayeeEntityRef": (NAME_ENTITIES, "Entity"),
    "ItemInventoryAssemblyRef": (("ItemInventoryAssembly",), "Item"),
    "ItemInventoryRef": (("ItemInventory",), "Item"),
    "CustomerTypeRef": (("CustomerType",), "CustomerType"),
    "VendorTypeRef": (("VendorType",), "VendorType"),
    "ShipMethodRef": (("ShipMethod",), "ShipMethod"),
    "PriceLevelRef": (("PriceLevel",), "PriceLevel"),
    "ItemServiceRef": (("ItemService",), "Item"),
    "EntityRef": (NAME_ENTITIES, "Entity"),
    "ShipToEntityRef": (NAME_ENTITIES, "Entity"),
    **{ref: (("Account",), "Account") for ref in ACCOUNT_REFS},
}

# Queries answered for several types at once: query name -> member entities.
TXN_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.kind == "txn")
POLYMORPHIC = {
    "Item": ITEM_ENTITIES,
    "Terms": TERMS_ENTITIES,
    "Entity": NAME_ENTITIES,
    "Transaction": tuple(n for n in TXN_ENTITIES if n != "TimeTracking"),
    "BillToPay": ("Bill", "VendorCredit"),
}


def entity_for_request(request: str) -> tuple[str, str] | None:
    """("Customer", "Add") for "CustomerAddRq"; None for anything else."""
    for op in ("Add", "Mod", "Query"):
        suffix = f"{op}Rq"
        if request.endswith(suffix):
            name = request[: -len(suffix)]
            if name in ENTITIES or (op == "Query" and name in POLYMORPHIC):
                return name, op
    return None
