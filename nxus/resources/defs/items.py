"""Response tables of the item resources, and of each Ret of the polymorphic ItemQuery.

JSON alias -> element path, in the SDK model's field order: each item unpacks the shared
groups (header, sales and purchase sides, `ITEM_COMMON`, tail) where its model puts them.
None: the SDK declares the field, this Ret has no element (always null).
"""

from nxus.resources.defs.shapes import (
    LIST_HEADER,
    LIST_TAIL,
    absent,
    renamed,
    under,
)
from nxus.resources.model import Nest, Shape

# The fields every item of the SDK's item union has after its own; an item whose Ret lacks
# one maps it to None (`absent`).
ITEM_COMMON: Shape = {
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
}

# Items QuickBooks keeps flat: no parent, unit of measure or tax code (fixed asset, payment,
# sales tax; subtotals and sales tax groups have no class either).
FLAT_ITEM: Shape = absent(
    ITEM_COMMON, "fullname", "parent", "sublevel", "unitOfMeasureSet", "salesTaxCode"
)

# How an item is sold and bought: flat in inventory items, below SalesAndPurchase in service,
# non-inventory and other-charge items (which are either that or SalesOrPurchase).
SALES_SIDE: Shape = {
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccount": "IncomeAccountRef",
}
PURCHASE_SIDE: Shape = {
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCode": "PurchaseTaxCodeRef",
}
SALES_OR_PURCHASE: Shape = under(
    "SalesOrPurchase", {"price": "Price", "pricePercent": "PricePercent", "account": "AccountRef"}
)
SALES_AND_PURCHASE: Shape = under(
    "SalesAndPurchase",
    {
        **SALES_SIDE,
        **PURCHASE_SIDE,
        "expenseAccount": "ExpenseAccountRef",
        "preferredVendor": "PrefVendorRef",
    },
)
INVENTORY_SIDES: Shape = {
    **SALES_SIDE,
    **PURCHASE_SIDE,
    "cogsAccount": "COGSAccountRef",
    "preferredVendor": "PrefVendorRef",
    "assetAccount": "AssetAccountRef",
}
# The inventory and inventory assembly SDK models spell two of them short.
SHORT_DESCRIPTIONS = {"salesDescription": "salesDesc", "purchaseDescription": "purchaseDesc"}
ON_HAND: Shape = {"max": "Max", "quantityOnHand": "QuantityOnHand"}
ON_ORDER: Shape = {
    "averageCost": "AverageCost",
    "quantityOnOrder": "QuantityOnOrder",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
}

SERVICE_ITEM: Shape = {
    **LIST_HEADER,
    "description": "SalesOrPurchase/Desc",
    **SALES_OR_PURCHASE,
    **renamed(SALES_AND_PURCHASE, {"purchaseDescription": "purchaseDesc"}),
    **ITEM_COMMON,
    **LIST_TAIL,
}

NON_INVENTORY_ITEM: Shape = {
    **LIST_HEADER,
    "description": "SalesOrPurchase/Desc",
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    **SALES_OR_PURCHASE,
    **SALES_AND_PURCHASE,
    **ITEM_COMMON,
    **LIST_TAIL,
}

INVENTORY_ITEM: Shape = {
    **LIST_HEADER,
    "manufacturerPartNumber": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    **renamed(INVENTORY_SIDES, SHORT_DESCRIPTIONS),
    "reorderPoint": "ReorderPoint",
    **ON_HAND,
    **ON_ORDER,
    **ITEM_COMMON,
    "description": "SalesDesc",
    **LIST_TAIL,
}

OTHER_CHARGE_ITEM: Shape = {
    **LIST_HEADER,
    "isTaxIncluded": "IsTaxIncluded",
    "description": "SalesOrPurchase/Desc",
    "specialItemType": "SpecialItemType",
    **SALES_OR_PURCHASE,
    **SALES_AND_PURCHASE,
    **absent(ITEM_COMMON, "unitOfMeasureSet"),
    **LIST_TAIL,
}


def in_union(item: Shape) -> Shape:
    """An item as a variant of /items: `itemType` first (the engine sets it per Ret)."""
    return {"itemType": None, **item}


ITEMS_SERVICE = in_union(SERVICE_ITEM)
ITEMS_NON_INVENTORY = in_union(NON_INVENTORY_ITEM)
ITEMS_OTHER_CHARGE = in_union(OTHER_CHARGE_ITEM)
ITEMS_INVENTORY = in_union(INVENTORY_ITEM)

# The second-wave items: each is a resource of its own (items_more.py) and a variant of /items.
# `description` is the SDK's "primary description for the item type": ItemDesc, an assembly's
# SalesDesc (as an inventory item's); a fixed asset has none.
ASSEMBLY_LINE: Shape = {"inventoryItem": "ItemInventoryRef", "quantity": "Quantity"}
INVENTORY_ASSEMBLY_ITEM: Shape = {
    **LIST_HEADER,
    "description": "SalesDesc",
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    **INVENTORY_SIDES,
    "buildPoint": "BuildPoint",
    **ON_HAND,
    "totalValue": None,
    **ON_ORDER,
    "lines": Nest("ItemInventoryAssemblyLine", ASSEMBLY_LINE),
    **ITEM_COMMON,
    **LIST_TAIL,
}

FIXED_ASSET_ITEM: Shape = {
    **LIST_HEADER,
    "acquiredAs": "AcquiredAs",
    "purchaseDesc": "PurchaseDesc",
    "purchaseDate": "PurchaseDate",
    "purchaseCost": "PurchaseCost",
    "vendorOrPayeeName": "VendorOrPayeeName",
    "assetAccount": "AssetAccountRef",
    "salesInfo": None,
    "assetDesc": "AssetDesc",
    "location": "Location",
    "poNumber": "PONumber",
    "serialNumber": "SerialNumber",
    "warrantyExpDate": "WarrantyExpDate",
    "notes": "Notes",
    "assetNumber": "AssetNumber",
    "costBasis": "CostBasis",
    "yearEndAccumulatedDepreciation": "YearEndAccumulatedDepreciation",
    "yearEndBookValue": "YearEndBookValue",
    **FLAT_ITEM,
    "description": None,
    **LIST_TAIL,
}

DISCOUNT_ITEM: Shape = {
    **LIST_HEADER,
    "itemDesc": "ItemDesc",
    "discountRate": "DiscountRate",
    "discountRatePercent": "DiscountRatePercent",
    "account": "AccountRef",
    **absent(ITEM_COMMON, "unitOfMeasureSet"),
    "description": "ItemDesc",
    **LIST_TAIL,
}

GROUP_LINE: Shape = {"item": "ItemRef", "quantity": "Quantity", "unitOfMeasure": "UnitOfMeasure"}
GROUP_ITEM: Shape = {
    **LIST_HEADER,
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "specialItemType": "SpecialItemType",
    "lines": Nest("ItemGroupLine", GROUP_LINE),
    **absent(ITEM_COMMON, "fullname", "class", "parent", "sublevel", "salesTaxCode"),
    "description": "ItemDesc",
    **LIST_TAIL,
}


def _described(own: Shape, common: Shape = FLAT_ITEM) -> Shape:
    """A flat item whose ItemDesc comes first (payment, sales tax, subtotal, sales tax group)."""
    return {**LIST_HEADER, "description": "ItemDesc", **own, **common, **LIST_TAIL}


PAYMENT_ITEM: Shape = _described(
    {"depositToAccount": "DepositToAccountRef", "paymentMethod": "PaymentMethodRef"}
)
SALES_TAX_ITEM: Shape = _described(
    {
        "taxRate": "TaxRate",
        "taxVendor": "TaxVendorRef",
        "salesTaxReturnLine": "SalesTaxReturnLineRef",
    }
)
# Subtotals and sales tax groups have no class either.
UNCLASSED_ITEM: Shape = absent(FLAT_ITEM, "class")
SUBTOTAL_ITEM: Shape = _described({"specialItemType": "SpecialItemType"}, UNCLASSED_ITEM)
SALES_TAX_GROUP_ITEM: Shape = _described({"itemSalesTax": "ItemSalesTaxRef"}, UNCLASSED_ITEM)

ITEMS_INVENTORY_ASSEMBLY = in_union(INVENTORY_ASSEMBLY_ITEM)
ITEMS_FIXED_ASSET = in_union(FIXED_ASSET_ITEM)
ITEMS_SUBTOTAL = in_union(SUBTOTAL_ITEM)
ITEMS_DISCOUNT = in_union(DISCOUNT_ITEM)
ITEMS_PAYMENT = in_union(PAYMENT_ITEM)
ITEMS_SALES_TAX = in_union(SALES_TAX_ITEM)
ITEMS_SALES_TAX_GROUP = in_union(SALES_TAX_GROUP_ITEM)
ITEMS_GROUP = in_union(GROUP_ITEM)
