"""Tables of the second-wave lists: types, ship methods, other names, price levels,
billing rates, date-driven terms, payroll items and the optional-feature lists.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables, JSON alias
-> element path in the SDK's field order. None: the SDK declares the field, QuickBooks has no
element for it (null in responses, refused on input).
"""

from nxus.resources.defs.shapes import DATA_EXT_RET
from nxus.resources.model import Enum, Nest, Shape, Text

# The SDK's request numbers for QuickBooks' currency format choices.
CURRENCY_FORMAT_IN: Shape = {
    "thousandSeparator": Enum(
        "ThousandSeparator", {"Comma": 0, "Period": 1, "Space": 2, "Apostrophe": 3}
    ),
    "thousandSeparatorGrouping": Enum(
        "ThousandSeparatorGrouping", {"XX_XXX_XXX": 0, "X_XX_XX_XXX": 1}
    ),
    "decimalPlaces": Enum("DecimalPlaces", {"0": 0, "2": 2}),
    "decimalSeparator": Enum("DecimalSeparator", {"Period": 0, "Comma": 1}),
}

CUSTOMER_TYPE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "fullname": "FullName",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "isActive": "IsActive",
    "customFields": None,
}


CUSTOMER_TYPE_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentRef",
    "externalId": None,
}


VENDOR_TYPE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "fullname": "FullName",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    "isActive": "IsActive",
    "customFields": None,
}


VENDOR_TYPE_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentRef",
    "externalId": None,
}


SHIP_METHOD: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "isActive": "IsActive",
    "customFields": None,
}


SHIP_METHOD_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "externalId": None,
}


OTHER_NAME: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "companyName": "CompanyName",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "address": Nest(
        "OtherNameAddress",
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
    "addressBlock": None,
    "phone": "Phone",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "email": "Email",
    "contact": "Contact",
    "alternateContact": "AltContact",
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "isActive": "IsActive",
    "customFields": Nest("DataExtRet", DATA_EXT_RET),
}


# The fields an other name takes on create and on update alike.
_OTHER_NAME_FIELDS: Shape = {
    "name": "Name",
    "companyName": "CompanyName",
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "address": Nest(
        "OtherNameAddress",
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
    "phone": "Phone",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "email": "Email",
    "contact": "Contact",
    "alternateContact": "AltContact",
    "accountNumber": "AccountNumber",
    "notes": "Notes",
    "customFields": None,
}


OTHER_NAME_CREATE: Shape = {**_OTHER_NAME_FIELDS, "externalId": "ExternalGUID"}


OTHER_NAME_UPDATE: Shape = dict(_OTHER_NAME_FIELDS)


PRICE_LEVEL: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "priceLevelType": "PriceLevelType",
    "fixedPercentage": None,
    "perItemPriceLevels": None,
    "currency": "CurrencyRef",
    "isActive": "IsActive",
    "customFields": None,
}


PRICE_LEVEL_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "priceLevelFixedPercentage": "PriceLevelFixedPercentage",
    "priceLevelPerItem": Nest(
        "PriceLevelPerItem",
        {
            "itemId": "ItemRef",
            "customPrice": "CustomPrice",
            "customPricePercent": "CustomPricePercent",
            "adjustPercentage": "AdjustPercentage",
            "adjustRelativeTo": "AdjustRelativeTo",
        },
    ),
    "currencyId": "CurrencyRef",
    "externalId": None,
}


PRICE_LEVEL_UPDATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "priceLevelFixedPercentage": "PriceLevelFixedPercentage",
    "priceLevelPerItem": Nest(
        "PriceLevelPerItem",
        {
            "itemId": "ItemRef",
            "customPrice": "CustomPrice",
            "customPricePercent": "CustomPricePercent",
            "adjustPercentage": "AdjustPercentage",
            "adjustRelativeTo": "AdjustRelativeTo",
        },
    ),
    "currencyId": "CurrencyRef",
}


BILLING_RATE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "billingRateType": "BillingRateType",
    "fixedBillingRate": "FixedBillingRate",
    "billingRatePerItems": Nest(
        "BillingRatePerItemRet",
        {
            "item": "ItemRef",
            "customRate": "CustomRate",
            "customRatePercent": "CustomRatePercent",
        },
    ),
    "isActive": None,
    "customFields": None,
}


BILLING_RATE_CREATE: Shape = {
    "name": "Name",
    "fixedBillingRate": "FixedBillingRate",
    "billingRateItems": Nest(
        "BillingRatePerItem",
        {
            "itemId": "ItemRef",
            "customRate": "CustomRate",
            "customRatePercent": "CustomRatePercent",
            "adjustPercentage": "AdjustPercentage",
            "adjustBillingRateRelativeTo": "AdjustBillingRateRelativeTo",
        },
    ),
    "externalId": None,
}


DATE_DRIVEN_TERMS: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "dueDayOfMonth": "DayOfMonthDue",
    "gracePeriod": "DueNextMonthDays",
    "discountDayOfMonth": "DiscountDayOfMonth",
    "discountPercntage": None,
    "isActive": "IsActive",
    "customFields": None,
}


DATE_DRIVEN_TERMS_CREATE: Shape = {
    "id": None,
    "name": "Name",
    "isActive": "IsActive",
    "dueDayOfMonth": Text("DayOfMonthDue"),
    "gracePeriod": Text("DueNextMonthDays"),
    "discountDayOfMonth": Text("DiscountDayOfMonth"),
    "discountPercentage": Text("DiscountPct"),
}


PAYROLL_ITEM_WAGE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "wageType": "WageType",
    "expenseAccount": "ExpenseAccountRef",
    "isActive": "IsActive",
    "customFields": None,
}


PAYROLL_ITEM_WAGE_CREATE: Shape = {
    "name": "Name",
    "wageType": "WageType",
    "expenseAccountId": "ExpenseAccountRef",
    "isActive": "IsActive",
    "externalId": None,
}


PAYROLL_ITEM_NON_WAGE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "nonWageType": "NonWageType",
    "expenseAccount": "ExpenseAccountRef",
    "liabilityAccount": "LiabilityAccountRef",
    "isActive": "IsActive",
    "customFields": None,
}


CURRENCY: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "currencyCode": "CurrencyCode",
    "currencyFormat": Nest(
        "CurrencyFormat",
        {
            "thousandSeparator": "ThousandSeparator",
            "thousandSeparatorGrouping": "ThousandSeparatorGrouping",
            "decimalPlaces": "DecimalPlaces",
            "decimalSeparator": "DecimalSeparator",
        },
    ),
    "isUserDefinedCurrency": "IsUserDefinedCurrency",
    "exchangeRate": "ExchangeRate",
    "asOfDate": "AsOfDate",
    "isActive": "IsActive",
    "customFields": None,
}


CURRENCY_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "currencyCode": "CurrencyCode",
    "currencyFormat": Nest(
        "CurrencyFormat",
        CURRENCY_FORMAT_IN,
    ),
    "externalId": None,
}


CURRENCY_UPDATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "currencyCode": "CurrencyCode",
    "currencyFormat": Nest(
        "CurrencyFormat",
        CURRENCY_FORMAT_IN,
    ),
}


INVENTORY_SITE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "parentSite": "ParentSiteRef",
    "isDefaultSite": "IsDefaultSite",
    "siteDesc": "SiteDesc",
    "contact": "Contact",
    "phone": "Phone",
    "fax": "Fax",
    "email": "Email",
    "siteAddress": Nest(
        "SiteAddress",
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
            "note": None,
        },
    ),
    "siteAddressBlock": Nest(
        "SiteAddressBlock",
        {
            "line1": "Addr1",
            "line2": "Addr2",
            "line3": "Addr3",
            "line4": "Addr4",
            "line5": "Addr5",
        },
    ),
    "isActive": "IsActive",
    "customFields": None,
}


INVENTORY_SITE_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentSiteRef",
    "description": "SiteDesc",
    "contact": "Contact",
    "phone": "Phone",
    "fax": "Fax",
    "email": "Email",
    "address": Nest(
        "SiteAddress",
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
            "note": None,
        },
    ),
    "externalId": None,
}


INVENTORY_SITE_UPDATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "parentId": "ParentSiteRef",
    "description": "SiteDesc",
    "contact": "Contact",
    "phone": "Phone",
    "fax": "Fax",
    "email": "Email",
    "address": Nest(
        "SiteAddress",
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
            "note": None,
        },
    ),
}


UNIT_OF_MEASURE_SET: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "unitOfMeasureType": "UnitOfMeasureType",
    "baseUnit": Nest(
        "BaseUnit",
        {
            "name": "Name",
            "abbreviation": "Abbreviation",
        },
    ),
    "relatedUnits": Nest(
        "RelatedUnit",
        {
            "name": "Name",
            "abbreviation": "Abbreviation",
            "conversionRatio": "ConversionRatio",
        },
    ),
    "defaultUnits": Nest(
        "DefaultUnit",
        {
            "unitUsedFor": "UnitUsedFor",
            "unit": "Unit",
        },
    ),
    "isActive": "IsActive",
    "customFields": None,
}


UNIT_OF_MEASURE_SET_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "unitOfMeasureType": "UnitOfMeasureType",
    "baseUnit": Nest(
        "BaseUnit",
        {
            "name": "Name",
            "abbreviation": "Abbreviation",
        },
    ),
    "relatedUnits": Nest(
        "RelatedUnit",
        {
            "name": "Name",
            "abbreviation": "Abbreviation",
            "conversionRatio": "ConversionRatio",
        },
    ),
    "defaultUnits": Nest(
        "DefaultUnit",
        {
            "unitUsedFor": "UnitUsedFor",
            "unit": "Unit",
        },
    ),
    "externalId": None,
}


WORKERS_COMP_CODE: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "desc": "Desc",
    "currentRate": "CurrentRate",
    "currentEffectiveDate": "CurrentEffectiveDate",
    "nextRate": "NextRate",
    "nextEffectiveDate": "NextEffectiveDate",
    "rateHistory": Nest(
        "RateHistory",
        {
            "rate": "Rate",
            "effectiveDate": "EffectiveDate",
        },
    ),
    "isActive": "IsActive",
    "customFields": None,
}


WORKERS_COMP_CODE_CREATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "desc": "Desc",
    "rateEntries": Nest(
        "RateEntry",
        {
            "rate": "Rate",
            "effectiveDate": "EffectiveDate",
        },
    ),
    "externalId": None,
}


WORKERS_COMP_CODE_UPDATE: Shape = {
    "name": "Name",
    "isActive": "IsActive",
    "desc": "Desc",
    "rateEntries": Nest(
        "RateEntry",
        {
            "rate": "Rate",
            "effectiveDate": "EffectiveDate",
        },
    ),
}


# The tax lines an account can be assigned (AccountTaxLineInfoQuery: no filters, no count).
ACCOUNT_TAX_LINE_INFO: Shape = {
    "id": Text("TaxLineID"),
    "name": "TaxLineName",
    "isActive": None,
    "customFields": None,
}


# BarCodeQuery: which list record holds a bar code (an optional QuickBooks feature).
BAR_CODE: Shape = {
    "id": "ListID",
    "name": None,
    "createdAt": None,
    "updatedAt": None,
    "revisionNumber": None,
    "listType": "ListType",
    "isActive": None,
    "customFields": None,
}
