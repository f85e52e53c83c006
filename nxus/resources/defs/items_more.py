"""Tables of the second-wave item types: discount, fixed asset, group, assembly,
payment, sales tax, sales tax group, subtotal.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed and folded: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables,
JSON alias -> element path in the SDK's field order. A response is the item's table in items.py
(the same Ret is a variant of /items); an update is its create less what the SDK's Update model
lacks. None: the SDK declares the field, QuickBooks has no element for it (null in responses,
refused on input).
"""

from nxus.resources.defs.items import (
    ASSEMBLY_LINE,
    DISCOUNT_ITEM,
    FIXED_ASSET_ITEM,
    GROUP_ITEM,
    GROUP_LINE,
    INVENTORY_ASSEMBLY_ITEM,
    PAYMENT_ITEM,
    SALES_TAX_GROUP_ITEM,
    SALES_TAX_ITEM,
    SUBTOTAL_ITEM,
)
from nxus.resources.defs.requests import (
    BAR_CODE_IN,
    ITEM_NAME_IN,
    ITEM_PLACE_IN,
    SALES_AND_PURCHASE_PRICES_IN,
)
from nxus.resources.defs.shapes import LIST_HEADER, LIST_TAIL, absent, drop, renamed
from nxus.resources.model import Nest, Shape

BAR_CODE_FIELD: Shape = {"barCode": Nest("BarCode", BAR_CODE_IN)}
GROUP_LINES_IN = Nest("ItemGroupLine", renamed(GROUP_LINE, {"item": "itemId"}))


def assembly_lines(item_id: str) -> Nest:
    """The assembly's components on a write: the SDK names the item's id `item_id`."""
    return Nest("ItemInventoryAssemblyLine", renamed(ASSEMBLY_LINE, {"inventoryItem": item_id}))


ITEM_DISCOUNT: Shape = DISCOUNT_ITEM
ITEM_DISCOUNT_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentRef",
    "parentName": None,
    "itemDesc": "ItemDesc",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "salesTaxCodeName": None,
    "discountRate": "DiscountRate",
    "discountRatePercent": "DiscountRatePercent",
    "accountId": "AccountRef",
    "accountName": None,
    "externalId": "ExternalGUID",
}
ITEM_DISCOUNT_UPDATE: Shape = drop(ITEM_DISCOUNT_CREATE, "externalId")

ITEM_FIXED_ASSET: Shape = FIXED_ASSET_ITEM
ITEM_FIXED_ASSET_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "acquiredAs": "AcquiredAs",
    "purchaseDescription": "PurchaseDesc",
    "purchaseDate": "PurchaseDate",
    "purchaseCost": "PurchaseCost",
    "vendorOrPayeeName": "VendorOrPayeeName",
    "assetAccountId": "AssetAccountRef",
    "salesDescription": None,
    "salesPrice": None,
    "incomeAccountId": None,
    "salesTaxCodeId": None,
    "assetDescription": "AssetDesc",
    "location": "Location",
    "purchaseOrderNumber": "PONumber",
    "serialNumber": "SerialNumber",
    "warrantyExpirationDate": "WarrantyExpDate",
    "notes": "Notes",
    "assetNumber": "AssetNumber",
    "costBasis": "CostBasis",
    "yearEndAccumulatedDepreciation": "YearEndAccumulatedDepreciation",
    "yearEndBookValue": "YearEndBookValue",
    "externalid": "ExternalGUID",  # the SDK's own spelling
}
ITEM_FIXED_ASSET_UPDATE: Shape = drop(ITEM_FIXED_ASSET_CREATE, "externalid")

ITEM_GROUP: Shape = GROUP_ITEM
ITEM_GROUP_CREATE: Shape = {
    "name": "Name",
    **BAR_CODE_FIELD,
    "description": "ItemDesc",
    "isActive": "IsActive",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": GROUP_LINES_IN,
    "externalId": "ExternalGUID",
}
ITEM_GROUP_UPDATE: Shape = {
    "name": "Name",
    **BAR_CODE_FIELD,
    "isActive": "IsActive",
    "description": "ItemDesc",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "forceUnitOfMeasureChange": None,
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "clearItemsInGroup": "ClearItemsInGroup",
    "lines": GROUP_LINES_IN,
}

ITEM_INVENTORY_ASSEMBLY: Shape = INVENTORY_ASSEMBLY_ITEM
ITEM_INVENTORY_ASSEMBLY_CREATE: Shape = {
    "name": "Name",
    "incomeAccountId": "IncomeAccountRef",
    "assetAccountId": "AssetAccountRef",
    "cogsAccountId": "COGSAccountRef",
    **BAR_CODE_FIELD,
    "isActive": "IsActive",
    **ITEM_PLACE_IN,
    **drop(SALES_AND_PURCHASE_PRICES_IN, "incomeAccountId"),
    "preferredVendorId": "PrefVendorRef",
    "buildNotificationThreshold": "BuildPoint",
    "maximumQuantityOnHand": "Max",
    "quantityOnHand": "QuantityOnHand",
    "totalValue": "TotalValue",
    "inventoryDate": "InventoryDate",
    "lines": assembly_lines("inventoryItemId"),
    "externalId": "ExternalGUID",
}
ITEM_INVENTORY_ASSEMBLY_UPDATE: Shape = {
    "name": "Name",
    **BAR_CODE_FIELD,
    "isActive": "IsActive",
    **ITEM_PLACE_IN,
    **SALES_AND_PURCHASE_PRICES_IN,
    "cogsAccountId": "COGSAccountRef",
    "preferredVendorId": "PrefVendorRef",
    "assetAccountId": "AssetAccountRef",
    "buildNotificationThreshold": "BuildPoint",
    "maximumQuantityOnHand": "Max",
    "lines": assembly_lines("itemInventoryId"),
}

ITEM_PAYMENT: Shape = PAYMENT_ITEM
ITEM_PAYMENT_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": None,
    "description": "ItemDesc",
    "depositToAccountId": "DepositToAccountRef",
    "paymentMethodId": "PaymentMethodRef",
    "externalId": "ExternalGUID",
}
ITEM_PAYMENT_UPDATE: Shape = drop(ITEM_PAYMENT_CREATE, "externalId")

ITEM_SALES_TAX: Shape = SALES_TAX_ITEM
ITEM_SALES_TAX_CREATE: Shape = {
    **ITEM_NAME_IN,
    "isActive": "IsActive",
    "classId": "ClassRef",
    "description": "ItemDesc",
    "taxRate": "TaxRate",
    "taxVendorId": "TaxVendorRef",
    "salesTaxReturnLineId": "SalesTaxReturnLineRef",
    "externalId": "ExternalGUID",
}
ITEM_SALES_TAX_UPDATE: Shape = drop(ITEM_SALES_TAX_CREATE, "externalId")

ITEM_SALES_TAX_GROUP: Shape = SALES_TAX_GROUP_ITEM
ITEM_SALES_TAX_GROUP_CREATE: Shape = {
    "name": "Name",
    **BAR_CODE_FIELD,
    "isActive": "IsActive",
    "description": "ItemDesc",
    "externalId": "ExternalGUID",
    "itemSalesTaxIds": "ItemSalesTaxRef",
    "customFields": None,
}
ITEM_SALES_TAX_GROUP_UPDATE: Shape = drop(ITEM_SALES_TAX_GROUP_CREATE, "externalId", "customFields")

ITEM_SUBTOTAL: Shape = SUBTOTAL_ITEM
ITEM_SUBTOTAL_CREATE: Shape = {
    "itemDesc": "ItemDesc",
    "specialItemType": None,
    "name": "Name",
    "isActive": "IsActive",
    "barCodeValue": None,
    **BAR_CODE_FIELD,
    "externalId": "ExternalGUID",
}
# The SDK's Update model keeps externalId; ItemSubtotalMod has no ExternalGUID.
ITEM_SUBTOTAL_UPDATE: Shape = absent(ITEM_SUBTOTAL_CREATE, "externalId")

# What SpecialItemAdd answers: the special item as the item it is (an other charge, a
# subtotal or a group), in the SDK's short SpecialItem shape.
SPECIAL_ITEM: Shape = {
    **LIST_HEADER,
    "specialItemType": "SpecialItemType",
    **drop(LIST_TAIL, "externalId"),
}
SPECIAL_ITEM_CREATE: Shape = {
    "specialItemType": "SpecialItemType",
    **BAR_CODE_FIELD,
    "externalId": "ExternalGUID",
}
