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
from nxus.resources.model import Shape

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

ITEMS_INVENTORY_ASSEMBLY = in_union(
    {
        **LIST_HEADER,
        "description": "SalesDesc",
        "sku": "ManufacturerPartNumber",
        "isTaxIncluded": "IsTaxIncluded",
        **INVENTORY_SIDES,
        "buildPoint": "BuildPoint",
        **ON_HAND,
        "totalValue": None,
        **ON_ORDER,
        "lines": None,
        **ITEM_COMMON,
        **LIST_TAIL,
    }
)

ITEMS_FIXED_ASSET = in_union(
    {
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
)

ITEMS_SUBTOTAL = in_union(
    {
        **LIST_HEADER,
        "description": None,
        "specialItemType": "SpecialItemType",
        **absent(FLAT_ITEM, "class"),
        **LIST_TAIL,
    }
)

ITEMS_DISCOUNT = in_union(
    {
        **LIST_HEADER,
        "itemDesc": "ItemDesc",
        "discountRate": "DiscountRate",
        "discountRatePercent": "DiscountRatePercent",
        "account": "AccountRef",
        **absent(ITEM_COMMON, "unitOfMeasureSet"),
        "description": None,
        **LIST_TAIL,
    }
)

ITEMS_PAYMENT = in_union(
    {
        **LIST_HEADER,
        "description": None,
        "depositToAccount": "DepositToAccountRef",
        "paymentMethod": "PaymentMethodRef",
        **FLAT_ITEM,
        **LIST_TAIL,
    }
)

ITEMS_SALES_TAX = in_union(
    {
        **LIST_HEADER,
        "description": None,
        "taxRate": "TaxRate",
        "taxVendor": "TaxVendorRef",
        "salesTaxReturnLine": "SalesTaxReturnLineRef",
        **FLAT_ITEM,
        **LIST_TAIL,
    }
)

ITEMS_SALES_TAX_GROUP = in_union(
    {
        **LIST_HEADER,
        "description": None,
        "itemSalesTax": "ItemSalesTaxRef",
        **absent(FLAT_ITEM, "class"),
        **LIST_TAIL,
    }
)

ITEMS_GROUP = in_union(
    {
        **LIST_HEADER,
        "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
        "specialItemType": "SpecialItemType",
        "lines": None,
        **absent(ITEM_COMMON, "fullname", "class", "parent", "sublevel", "salesTaxCode"),
        "description": None,
        **LIST_TAIL,
    }
)
