"""Tables of the second-wave item types: discount, fixed asset, group, assembly,
payment, sales tax, sales tax group, subtotal.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input).
"""

from nxus.resources.defs.shapes import DATA_EXT_RET
from nxus.resources.model import Enum, Nest, Shape

ITEM_DISCOUNT: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "itemDesc": "ItemDesc",
    "discountRate": "DiscountRate",
    "discountRatePercent": "DiscountRatePercent",
    "account": "AccountRef",
    "fullname": "FullName",
    "barcode": None,
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": None,
    "salesTaxCode": "SalesTaxCodeRef",
    "description": "ItemDesc",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


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


ITEM_DISCOUNT_UPDATE: Shape = {
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
}


ITEM_FIXED_ASSET: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "acquiredAs": "AcquiredAs",
    "purchaseDesc": "PurchaseDesc",
    "purchaseDate": "PurchaseDate",
    "purchaseCost": "PurchaseCost",
    "vendorOrPayeeName": "VendorOrPayeeName",
    "assetAccount": "AssetAccountRef",
    "salesInfo": None,
    "assetDesc": "AssetDesc",
    "location": "Location",
    "poNumber": None,
    "serialNumber": "SerialNumber",
    "warrantyExpDate": "WarrantyExpDate",
    "notes": "Notes",
    "assetNumber": "AssetNumber",
    "costBasis": "CostBasis",
    "yearEndAccumulatedDepreciation": "YearEndAccumulatedDepreciation",
    "yearEndBookValue": "YearEndBookValue",
    "fullname": None,
    "barcode": None,
    "class": "ClassRef",
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": None,
    "salesTaxCode": None,
    "description": None,
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


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
    "externalid": "ExternalGUID",
}


ITEM_FIXED_ASSET_UPDATE: Shape = {
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
}


ITEM_GROUP: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "specialItemType": "SpecialItemType",
    "lines": Nest(
        "ItemGroupLine",
        {
            "item": "ItemRef",
            "quantity": "Quantity",
            "unitOfMeasure": "UnitOfMeasure",
        },
    ),
    "fullname": None,
    "barcode": None,
    "class": None,
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": None,
    "description": "ItemDesc",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


ITEM_GROUP_CREATE: Shape = {
    "name": "Name",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "description": "ItemDesc",
    "isActive": "IsActive",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "lines": Nest(
        "ItemGroupLine",
        {
            "itemId": "ItemRef",
            "quantity": "Quantity",
            "unitOfMeasure": "UnitOfMeasure",
        },
    ),
    "externalId": "ExternalGUID",
}


ITEM_GROUP_UPDATE: Shape = {
    "name": "Name",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "description": "ItemDesc",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "forceUnitOfMeasureChange": None,
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "clearItemsInGroup": "ClearItemsInGroup",
    "lines": Nest(
        "ItemGroupLine",
        {
            "itemId": "ItemRef",
            "quantity": "Quantity",
            "unitOfMeasure": "UnitOfMeasure",
        },
    ),
}


ITEM_INVENTORY_ASSEMBLY: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": None,
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccount": "IncomeAccountRef",
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCode": "PurchaseTaxCodeRef",
    "cogsAccount": "COGSAccountRef",
    "preferredVendor": None,
    "assetAccount": "AssetAccountRef",
    "buildPoint": "BuildPoint",
    "max": "Max",
    "quantityOnHand": "QuantityOnHand",
    "totalValue": None,
    "averageCost": "AverageCost",
    "quantityOnOrder": "QuantityOnOrder",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
    "lines": Nest(
        "ItemInventoryAssemblyLine",
        {
            "inventoryItem": None,
            "quantity": "Quantity",
        },
    ),
    "fullname": "FullName",
    "barcode": None,
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


ITEM_INVENTORY_ASSEMBLY_CREATE: Shape = {
    "name": "Name",
    "incomeAccountId": "IncomeAccountRef",
    "assetAccountId": "AssetAccountRef",
    "cogsAccountId": "COGSAccountRef",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": "ParentRef",
    "sku": "ManufacturerPartNumber",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCodeId": "PurchaseTaxCodeRef",
    "preferredVendorId": "PrefVendorRef",
    "buildNotificationThreshold": "BuildPoint",
    "maximumQuantityOnHand": "Max",
    "quantityOnHand": "QuantityOnHand",
    "totalValue": "TotalValue",
    "inventoryDate": "InventoryDate",
    "lines": Nest(
        "ItemInventoryAssemblyLine",
        {
            "inventoryItemId": "ItemInventoryRef",
            "quantity": "Quantity",
        },
    ),
    "externalId": "ExternalGUID",
}


ITEM_INVENTORY_ASSEMBLY_UPDATE: Shape = {
    "name": "Name",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": "ParentRef",
    "sku": "ManufacturerPartNumber",
    "unitOfMeasureSetId": "UnitOfMeasureSetRef",
    "isTaxIncluded": "IsTaxIncluded",
    "salesTaxCodeId": "SalesTaxCodeRef",
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccountId": "IncomeAccountRef",
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCodeId": "PurchaseTaxCodeRef",
    "cogsAccountId": "COGSAccountRef",
    "preferredVendorId": "PrefVendorRef",
    "assetAccountId": "AssetAccountRef",
    "buildNotificationThreshold": "BuildPoint",
    "maximumQuantityOnHand": "Max",
    "lines": Nest(
        "ItemInventoryAssemblyLine",
        {
            "itemInventoryId": "ItemInventoryRef",
            "quantity": "Quantity",
        },
    ),
}


ITEM_PAYMENT: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "ItemDesc",
    "depositToAccount": "DepositToAccountRef",
    "paymentMethod": "PaymentMethodRef",
    "fullname": None,
    "barcode": None,
    "class": "ClassRef",
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": None,
    "salesTaxCode": None,
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


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


ITEM_PAYMENT_UPDATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "classId": "ClassRef",
    "parentId": None,
    "description": "ItemDesc",
    "depositToAccountId": "DepositToAccountRef",
    "paymentMethodId": "PaymentMethodRef",
}


ITEM_SALES_TAX: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "ItemDesc",
    "taxRate": "TaxRate",
    "taxVendor": "TaxVendorRef",
    "salesTaxReturnLine": "SalesTaxReturnLineRef",
    "fullname": None,
    "barcode": None,
    "class": "ClassRef",
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": None,
    "salesTaxCode": None,
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


ITEM_SALES_TAX_CREATE: Shape = {
    "name": "Name",
    "barcode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "classId": "ClassRef",
    "description": "ItemDesc",
    "taxRate": "TaxRate",
    "taxVendorId": "TaxVendorRef",
    "salesTaxReturnLineId": "SalesTaxReturnLineRef",
    "externalId": "ExternalGUID",
}


ITEM_SALES_TAX_UPDATE: Shape = {
    "name": "Name",
    "barcode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "classId": "ClassRef",
    "description": "ItemDesc",
    "taxRate": "TaxRate",
    "taxVendorId": "TaxVendorRef",
    "salesTaxReturnLineId": "SalesTaxReturnLineRef",
}


ITEM_SALES_TAX_GROUP: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "ItemDesc",
    "itemSalesTax": "ItemSalesTaxRef",
    "fullname": None,
    "barcode": None,
    "class": None,
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": None,
    "salesTaxCode": None,
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


ITEM_SALES_TAX_GROUP_CREATE: Shape = {
    "name": "Name",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "description": "ItemDesc",
    "externalId": "ExternalGUID",
    "itemSalesTaxIds": "ItemSalesTaxRef",
    "customFields": None,
}


ITEM_SALES_TAX_GROUP_UPDATE: Shape = {
    "name": "Name",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "isActive": "IsActive",
    "description": "ItemDesc",
    "itemSalesTaxIds": "ItemSalesTaxRef",
}


ITEM_SUBTOTAL: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "ItemDesc",
    "specialItemType": Enum(
        "SpecialItemType",
        {
            "FinanceCharge": "FinanceCharge",
            "ReimbursableExpenseGroup": "ReimbursableExpenseGroup",
            "ReimbursableExpenseSubtotal": "ReimbursableExpenseSubtotal",
        },
    ),
    "fullname": None,
    "barcode": None,
    "class": None,
    "parent": None,
    "sublevel": None,
    "unitOfMeasureSet": None,
    "salesTaxCode": None,
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


ITEM_SUBTOTAL_CREATE: Shape = {
    "itemDesc": "ItemDesc",
    "specialItemType": None,
    "name": "Name",
    "isActive": "IsActive",
    "barCodeValue": None,
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "externalId": "ExternalGUID",
}


ITEM_SUBTOTAL_UPDATE: Shape = {
    "itemDesc": "ItemDesc",
    "specialItemType": None,
    "name": "Name",
    "isActive": "IsActive",
    "barCodeValue": None,
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "externalId": None,
}


# What SpecialItemAdd answers: the special item as the item it is (an other charge, a
# subtotal or a group), in the SDK's short SpecialItem shape.
SPECIAL_ITEM: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "specialItemType": "SpecialItemType",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}
SPECIAL_ITEM_CREATE: Shape = {
    "specialItemType": "SpecialItemType",
    "barCode": Nest(
        "BarCode",
        {
            "value": "BarCodeValue",
            "assignEvenIfUsed": "AssignEvenIfUsed",
            "allowOverride": "AllowOverride",
        },
    ),
    "externalId": "ExternalGUID",
}
