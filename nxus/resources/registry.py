"""The first-wave resources: SDK paths and operations (as in nxus_qbd `_RESOURCE_DEFS`), qbXML
names, and their field tables. Routes are generated from `RESOURCES`."""

from __future__ import annotations

from nxus.resources.defs import items, lists, requests, transactions
from nxus.resources.model import Choice, Operation, Resource, Shape, Variant

LIST_OPS: tuple[Operation, ...] = ("list", "count", "retrieve", "create", "update", "delete")
TXN_OPS: tuple[Operation, ...] = LIST_OPS + ("void",)
READ_OPS: tuple[Operation, ...] = ("list", "count", "retrieve")


def _resource(
    name: str,
    singular: str,
    qb: str,
    object_type: str,
    fields: Shape,
    create: Shape | None,
    update: Shape | None,
    ops: tuple[Operation, ...],
    *,
    plural: str | None = None,
    kind: str = "list",
) -> Resource:
    plural_path = plural or f"{singular}s"
    return Resource(
        name=name,
        list_path=f"/api/v1/{plural_path}",
        item_path=f"/api/v1/{singular}/{{id}}",
        create_path=f"/api/v1/{singular}",
        operations=ops,
        kind="txn" if kind == "txn" else "list",
        qb=qb,
        variants=(Variant(f"{qb}Ret", object_type, fields),),
        create=create or {},
        update=update or {},
    )


_ITEM_VARIANTS = (
    Variant("ItemServiceRet", "qbd_service_item", items.ITEMS_SERVICE, "Service"),
    Variant(
        "ItemNonInventoryRet", "qbd_non_inventory_item", items.ITEMS_NON_INVENTORY, "NonInventory"
    ),
    Variant("ItemOtherChargeRet", "qbd_other_charge_item", items.ITEMS_OTHER_CHARGE, "OtherCharge"),
    Variant("ItemInventoryRet", "qbd_inventory_item", items.ITEMS_INVENTORY, "InventoryItem"),
    Variant(
        "ItemInventoryAssemblyRet",
        "qbd_inventory_assembly_item",
        items.ITEMS_INVENTORY_ASSEMBLY,
        "InventoryAssembly",
    ),
    Variant("ItemFixedAssetRet", "qbd_fixed_asset_item", items.ITEMS_FIXED_ASSET, "FixedAsset"),
    Variant("ItemSubtotalRet", "qbd_subtotal_item", items.ITEMS_SUBTOTAL, "Subtotal"),
    Variant("ItemDiscountRet", "qbd_discount_item", items.ITEMS_DISCOUNT, "Discount"),
    Variant("ItemPaymentRet", "qbd_payment_item", items.ITEMS_PAYMENT, "Payment"),
    Variant("ItemSalesTaxRet", "qbd_sales_tax_item", items.ITEMS_SALES_TAX, "SalesTax"),
    Variant(
        "ItemSalesTaxGroupRet",
        "qbd_sales_tax_group_item",
        items.ITEMS_SALES_TAX_GROUP,
        "SalesTaxGroup",
    ),
    Variant("ItemGroupRet", "qbd_item_group", items.ITEMS_GROUP, "Group"),
)

R = requests
RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        _resource(
            "customers",
            "customer",
            "Customer",
            "qbd_customer",
            lists.CUSTOMER,
            R.CUSTOMER_CREATE,
            R.CUSTOMER_UPDATE,
            LIST_OPS,
        ),
        _resource(
            "vendors",
            "vendor",
            "Vendor",
            "qbd_vendor",
            lists.VENDOR,
            R.VENDOR_CREATE,
            R.VENDOR_UPDATE,
            LIST_OPS,
        ),
        _resource(
            "employees",
            "employee",
            "Employee",
            "qbd_employee",
            lists.EMPLOYEE,
            R.EMPLOYEE_CREATE,
            R.EMPLOYEE_UPDATE,
            LIST_OPS,
        ),
        _resource(
            "accounts",
            "account",
            "Account",
            "qbd_account",
            lists.ACCOUNT,
            R.ACCOUNT_CREATE,
            R.ACCOUNT_UPDATE,
            LIST_OPS,
        ),
        _resource(
            "qbd_classes",
            "class",
            "Class",
            "qbd_class",
            lists.CLASS,
            R.CLASS_CREATE,
            R.CLASS_UPDATE,
            LIST_OPS,
            plural="classes",
        ),
        _resource(
            "payment_methods",
            "payment-method",
            "PaymentMethod",
            "qbd_payment_method",
            lists.PAYMENT_METHOD,
            R.PAYMENTMETHOD_CREATE,
            None,
            ("list", "count", "retrieve", "create", "delete"),  # qbXML has no PaymentMethodMod
        ),
        _resource(
            "sales_tax_codes",
            "sales-tax-code",
            "SalesTaxCode",
            "qbd_sales_tax_code",
            lists.SALES_TAX_CODE,
            R.SALESTAXCODE_CREATE,
            R.SALESTAXCODE_UPDATE,
            LIST_OPS,
        ),
        _resource(
            "service_items",
            "item-service",
            "ItemService",
            "qbd_service_item",
            items.SERVICE_ITEM,
            R.ITEMSERVICE_CREATE,
            R.ITEMSERVICE_UPDATE,
            LIST_OPS,
            plural="items-service",
        ),
        _resource(
            "item_non_inventory",
            "item-non-inventory",
            "ItemNonInventory",
            "qbd_non_inventory_item",
            items.NON_INVENTORY_ITEM,
            R.ITEMNONINVENTORY_CREATE,
            R.ITEMNONINVENTORY_UPDATE,
            LIST_OPS,
            plural="items-non-inventory",
        ),
        _resource(
            "inventory_items",
            "item-inventory",
            "ItemInventory",
            "qbd_inventory_item",
            items.INVENTORY_ITEM,
            R.ITEMINVENTORY_CREATE,
            R.ITEMINVENTORY_UPDATE,
            LIST_OPS,
            plural="items-inventory",
        ),
        _resource(
            "item_other_charges",
            "item-other-charge",
            "ItemOtherCharge",
            "qbd_other_charge_item",
            items.OTHER_CHARGE_ITEM,
            R.ITEMOTHERCHARGE_CREATE,
            R.ITEMOTHERCHARGE_UPDATE,
            LIST_OPS,
            plural="items-other-charge",
        ),
        _resource(
            "invoices",
            "invoice",
            "Invoice",
            "qbd_invoice",
            transactions.INVOICE,
            R.INVOICE_CREATE,
            R.INVOICE_UPDATE,
            TXN_OPS,
            kind="txn",
        ),
        _resource(
            "sales_receipts",
            "sales-receipt",
            "SalesReceipt",
            "qbd_sales_receipt",
            transactions.SALES_RECEIPT,
            R.SALESRECEIPT_CREATE,
            R.SALESRECEIPT_UPDATE,
            TXN_OPS,
            kind="txn",
        ),
        _resource(
            "receive_payments",
            "receive-payment",
            "ReceivePayment",
            "qbd_receive_payment",
            transactions.RECEIVE_PAYMENT,
            R.RECEIVEPAYMENT_CREATE,
            R.RECEIVEPAYMENT_UPDATE,
            LIST_OPS,
            kind="txn",
        ),
        _resource(
            "bills",
            "bill",
            "Bill",
            "qbd_bill",
            transactions.BILL,
            R.BILL_CREATE,
            R.BILL_UPDATE,
            TXN_OPS,
            kind="txn",
        ),
        _resource(
            "checks",
            "check",
            "Check",
            "qbd_check",
            transactions.CHECK,
            R.CHECK_CREATE,
            R.CHECK_UPDATE,
            TXN_OPS,
            kind="txn",
        ),
        _resource(
            "estimates",
            "estimate",
            "Estimate",
            "qbd_estimate",
            transactions.ESTIMATE,
            R.ESTIMATE_CREATE,
            R.ESTIMATE_UPDATE,
            LIST_OPS,
            kind="txn",
        ),
        _resource(
            "purchase_orders",
            "purchase-order",
            "PurchaseOrder",
            "qbd_purchase_order",
            transactions.PURCHASE_ORDER,
            R.PURCHASEORDER_CREATE,
            R.PURCHASEORDER_UPDATE,
            LIST_OPS,
            kind="txn",
        ),
        _resource(
            "credit_memos",
            "credit-memo",
            "CreditMemo",
            "qbd_credit_memo",
            transactions.CREDIT_MEMO,
            R.CREDITMEMO_CREATE,
            R.CREDITMEMO_UPDATE,
            TXN_OPS,
            kind="txn",
        ),
        _resource(
            "journal_entries",
            "journal-entry",
            "JournalEntry",
            "qbd_journal_entry",
            transactions.JOURNAL_ENTRY,
            R.JOURNALENTRY_CREATE,
            R.JOURNALENTRY_UPDATE,
            TXN_OPS,
            plural="journal-entries",
            kind="txn",
        ),
        Resource(
            name="items",
            list_path="/api/v1/items",
            item_path="/api/v1/item/{id}",
            create_path="/api/v1/item",
            operations=READ_OPS,
            kind="list",
            qb="Item",
            variants=_ITEM_VARIANTS,
        ),
        # Terms are two QuickBooks lists behind one TermsQuery: a create picks the list by its
        # fields, a delete needs the term's list (the API looks it up first); qbXML has no
        # StandardTermsMod/DateDrivenTermsMod, so no update (405).
        Resource(
            name="terms",
            list_path="/api/v1/terms",
            item_path="/api/v1/term/{id}",
            create_path="/api/v1/term",
            operations=("list", "count", "retrieve", "create", "delete"),
            kind="list",
            qb="Terms",
            variants=(
                Variant("StandardTermsRet", "qbd_standard_term", lists.STANDARD_TERMS),
                Variant("DateDrivenTermsRet", "qbd_date_driven_term", lists.DATE_DRIVEN_TERMS),
            ),
            create=R.STANDARD_TERMS_CREATE | R.DATE_DRIVEN_TERMS_CREATE,
            choices=(
                Choice("StandardTerms", R.STANDARD_TERMS_CREATE),
                Choice("DateDrivenTerms", R.DATE_DRIVEN_TERMS_CREATE),
            ),
        ),
    )
}


def resource(name: str) -> Resource:
    """The resource registered under the SDK namespace `name` (KeyError if none)."""
    return RESOURCES[name]
