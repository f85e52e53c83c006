"""Response tables of the item resources, and of each Ret of the polymorphic ItemQuery.

Generated from the SDK models and the qbXML schema, then reviewed: JSON alias -> element path.
None marks a field the SDK declares but QuickBooks has no element for (always null).
"""

from nxus.resources.model import Nest, Shape

DATA_EXT_RET: Shape = {
    "ownerId": "OwnerID",
    "name": "DataExtName",
    "type": "DataExtType",
    "value": "DataExtValue",
}

SERVICE_ITEM: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "SalesOrPurchase/Desc",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDesc": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

NON_INVENTORY_ITEM: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "SalesOrPurchase/Desc",
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDescription": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

INVENTORY_ITEM: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "manufacturerPartNumber": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "salesDesc": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccount": "IncomeAccountRef",
    "purchaseDesc": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCode": "PurchaseTaxCodeRef",
    "cogsAccount": "COGSAccountRef",
    "preferredVendor": "PrefVendorRef",
    "assetAccount": "AssetAccountRef",
    "reorderPoint": "ReorderPoint",
    "max": "Max",
    "quantityOnHand": "QuantityOnHand",
    "averageCost": "AverageCost",
    "quantityOnOrder": "QuantityOnOrder",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "description": "SalesDesc",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

OTHER_CHARGE_ITEM: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "isTaxIncluded": "IsTaxIncluded",
    "description": "SalesOrPurchase/Desc",
    "specialItemType": "SpecialItemType",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDescription": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": None,  # not in ItemOtherChargeRet
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_SERVICE: Shape = {
    "itemType": None,  # not in ItemServiceRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "SalesOrPurchase/Desc",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDesc": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_NON_INVENTORY: Shape = {
    "itemType": None,  # not in ItemNonInventoryRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "SalesOrPurchase/Desc",
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDescription": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_OTHER_CHARGE: Shape = {
    "itemType": None,  # not in ItemOtherChargeRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "isTaxIncluded": "IsTaxIncluded",
    "description": "SalesOrPurchase/Desc",
    "specialItemType": "SpecialItemType",
    "price": "SalesOrPurchase/Price",
    "pricePercent": "SalesOrPurchase/PricePercent",
    "account": "SalesOrPurchase/AccountRef",
    "salesDescription": "SalesAndPurchase/SalesDesc",
    "salesPrice": "SalesAndPurchase/SalesPrice",
    "incomeAccount": "SalesAndPurchase/IncomeAccountRef",
    "purchaseDescription": "SalesAndPurchase/PurchaseDesc",
    "purchaseCost": "SalesAndPurchase/PurchaseCost",
    "purchaseTaxCode": "SalesAndPurchase/PurchaseTaxCodeRef",
    "expenseAccount": "SalesAndPurchase/ExpenseAccountRef",
    "preferredVendor": "SalesAndPurchase/PrefVendorRef",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": None,  # not in ItemOtherChargeRet
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_INVENTORY: Shape = {
    "itemType": None,  # not in ItemInventoryRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "manufacturerPartNumber": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "salesDesc": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccount": "IncomeAccountRef",
    "purchaseDesc": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCode": "PurchaseTaxCodeRef",
    "cogsAccount": "COGSAccountRef",
    "preferredVendor": "PrefVendorRef",
    "assetAccount": "AssetAccountRef",
    "reorderPoint": "ReorderPoint",
    "max": "Max",
    "quantityOnHand": "QuantityOnHand",
    "averageCost": "AverageCost",
    "quantityOnOrder": "QuantityOnOrder",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "description": "SalesDesc",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_INVENTORY_ASSEMBLY: Shape = {
    "itemType": None,  # not in ItemInventoryAssemblyRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": "SalesDesc",
    "sku": "ManufacturerPartNumber",
    "isTaxIncluded": "IsTaxIncluded",
    "salesDescription": "SalesDesc",
    "salesPrice": "SalesPrice",
    "incomeAccount": "IncomeAccountRef",
    "purchaseDescription": "PurchaseDesc",
    "purchaseCost": "PurchaseCost",
    "purchaseTaxCode": "PurchaseTaxCodeRef",
    "cogsAccount": "COGSAccountRef",
    "preferredVendor": "PrefVendorRef",
    "assetAccount": "AssetAccountRef",
    "buildPoint": "BuildPoint",
    "max": "Max",
    "quantityOnHand": "QuantityOnHand",
    "totalValue": None,  # not in ItemInventoryAssemblyRet
    "averageCost": "AverageCost",
    "quantityOnOrder": "QuantityOnOrder",
    "quantityOnSalesOrder": "QuantityOnSalesOrder",
    "lines": None,  # not in ItemInventoryAssemblyRet
    "fullname": "FullName",
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": "SalesTaxCodeRef",
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_FIXED_ASSET: Shape = {
    "itemType": None,  # not in ItemFixedAssetRet
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
    "salesInfo": None,  # not in ItemFixedAssetRet
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
    "fullname": None,  # not in ItemFixedAssetRet
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": None,  # not in ItemFixedAssetRet
    "sublevel": None,  # not in ItemFixedAssetRet
    "unitOfMeasureSet": None,  # not in ItemFixedAssetRet
    "salesTaxCode": None,  # not in ItemFixedAssetRet
    "description": None,  # not in ItemFixedAssetRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_SUBTOTAL: Shape = {
    "itemType": None,  # not in ItemSubtotalRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": None,  # not in ItemSubtotalRet
    "specialItemType": "SpecialItemType",
    "fullname": None,  # not in ItemSubtotalRet
    "barcode": "BarCodeValue",
    "class": None,  # not in ItemSubtotalRet
    "parent": None,  # not in ItemSubtotalRet
    "sublevel": None,  # not in ItemSubtotalRet
    "unitOfMeasureSet": None,  # not in ItemSubtotalRet
    "salesTaxCode": None,  # not in ItemSubtotalRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_DISCOUNT: Shape = {
    "itemType": None,  # not in ItemDiscountRet
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
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "unitOfMeasureSet": None,  # not in ItemDiscountRet
    "salesTaxCode": "SalesTaxCodeRef",
    "description": None,  # not in ItemDiscountRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_PAYMENT: Shape = {
    "itemType": None,  # not in ItemPaymentRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": None,  # not in ItemPaymentRet
    "depositToAccount": "DepositToAccountRef",
    "paymentMethod": "PaymentMethodRef",
    "fullname": None,  # not in ItemPaymentRet
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": None,  # not in ItemPaymentRet
    "sublevel": None,  # not in ItemPaymentRet
    "unitOfMeasureSet": None,  # not in ItemPaymentRet
    "salesTaxCode": None,  # not in ItemPaymentRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_SALES_TAX: Shape = {
    "itemType": None,  # not in ItemSalesTaxRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": None,  # not in ItemSalesTaxRet
    "taxRate": "TaxRate",
    "taxVendor": "TaxVendorRef",
    "salesTaxReturnLine": "SalesTaxReturnLineRef",
    "fullname": None,  # not in ItemSalesTaxRet
    "barcode": "BarCodeValue",
    "class": "ClassRef",
    "parent": None,  # not in ItemSalesTaxRet
    "sublevel": None,  # not in ItemSalesTaxRet
    "unitOfMeasureSet": None,  # not in ItemSalesTaxRet
    "salesTaxCode": None,  # not in ItemSalesTaxRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_SALES_TAX_GROUP: Shape = {
    "itemType": None,  # not in ItemSalesTaxGroupRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "description": None,  # not in ItemSalesTaxGroupRet
    "itemSalesTax": "ItemSalesTaxRef",
    "fullname": None,  # not in ItemSalesTaxGroupRet
    "barcode": "BarCodeValue",
    "class": None,  # not in ItemSalesTaxGroupRet
    "parent": None,  # not in ItemSalesTaxGroupRet
    "sublevel": None,  # not in ItemSalesTaxGroupRet
    "unitOfMeasureSet": None,  # not in ItemSalesTaxGroupRet
    "salesTaxCode": None,  # not in ItemSalesTaxGroupRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}

ITEMS_GROUP: Shape = {
    "itemType": None,  # not in ItemGroupRet
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "shouldPrintItemsInGroup": "IsPrintItemsInGroup",
    "specialItemType": "SpecialItemType",
    "lines": None,  # not in ItemGroupRet
    "fullname": None,  # not in ItemGroupRet
    "barcode": "BarCodeValue",
    "class": None,  # not in ItemGroupRet
    "parent": None,  # not in ItemGroupRet
    "sublevel": None,  # not in ItemGroupRet
    "unitOfMeasureSet": "UnitOfMeasureSetRef",
    "salesTaxCode": None,  # not in ItemGroupRet
    "description": None,  # not in ItemGroupRet
    "externalId": "ExternalGUID",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}
