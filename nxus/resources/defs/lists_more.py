"""Tables of the second-wave lists: types, ship methods, other names, price levels,
billing rates, date-driven terms, payroll items and the optional-feature lists.

Drafted by tools/gen_resource_tables.py from the SDK's models and the qbXML schema, then
reviewed and folded: response (`{qb}Ret`), create (`{qb}Add`) and update (`{qb}Mod`) tables,
JSON alias -> element path in the SDK's field order; an update is its create less the SDK's
externalId placeholder. None: the SDK declares the field, QuickBooks has no element for it
(null in responses, refused on input).
"""

from nxus.resources.defs.common import ADDRESS, PERSON_NAME, PHONES_AND_CONTACTS
from nxus.resources.defs.shapes import LIST_HEADER, LIST_TAIL, absent, drop, renamed
from nxus.resources.defs.transactions import ADDRESS_BLOCK
from nxus.resources.model import Enum, Nest, Shape, Text

# Last in a list record QuickBooks gives no custom fields (all of these but other names);
# billing rates, tax lines and bar codes are not even active or inactive.
SIMPLE_TAIL: Shape = absent(drop(LIST_TAIL, "externalId"), "customFields")
NULL_TAIL: Shape = absent(SIMPLE_TAIL, "isActive")
# First in most creates; the creates end with the SDK's externalId, which these lists (but
# other names) do not take.
NAME_IN: Shape = {"name": "Name", "isActive": "IsActive"}

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

# Customer and vendor types: one shape.
CUSTOMER_TYPE: Shape = {
    **LIST_HEADER,
    "fullname": "FullName",
    "parent": "ParentRef",
    "sublevel": "Sublevel",
    **SIMPLE_TAIL,
}
CUSTOMER_TYPE_CREATE: Shape = {**NAME_IN, "parentId": "ParentRef", "externalId": None}
VENDOR_TYPE: Shape = CUSTOMER_TYPE
VENDOR_TYPE_CREATE: Shape = CUSTOMER_TYPE_CREATE

SHIP_METHOD: Shape = {**LIST_HEADER, **SIMPLE_TAIL}
SHIP_METHOD_CREATE: Shape = {**NAME_IN, "externalId": None}

# Who an other name is and how to reach them, read and written alike.
_OTHER_NAME_WHO: Shape = {
    "companyName": "CompanyName",
    **drop(PERSON_NAME, "jobTitle"),
    "address": Nest("OtherNameAddress", ADDRESS),
}
_OTHER_NAME_REACH: Shape = {
    **drop(PHONES_AND_CONTACTS, "ccEmail"),
    "accountNumber": "AccountNumber",
    "notes": "Notes",
}
OTHER_NAME: Shape = {
    **LIST_HEADER,
    **_OTHER_NAME_WHO,
    "addressBlock": None,
    **_OTHER_NAME_REACH,
    **drop(LIST_TAIL, "externalId"),
}
OTHER_NAME_CREATE: Shape = {
    "name": "Name",
    **_OTHER_NAME_WHO,
    **_OTHER_NAME_REACH,
    "customFields": None,
    "externalId": "ExternalGUID",
}
OTHER_NAME_UPDATE: Shape = drop(OTHER_NAME_CREATE, "externalId")

PRICE_LEVEL: Shape = {
    **LIST_HEADER,
    "priceLevelType": "PriceLevelType",
    "fixedPercentage": None,
    "perItemPriceLevels": None,
    "currency": "CurrencyRef",
    **SIMPLE_TAIL,
}
PRICE_LEVEL_CREATE: Shape = {
    **NAME_IN,
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
PRICE_LEVEL_UPDATE: Shape = drop(PRICE_LEVEL_CREATE, "externalId")

BILLING_RATE_PER_ITEM: Shape = {
    "item": "ItemRef",
    "customRate": "CustomRate",
    "customRatePercent": "CustomRatePercent",
}
BILLING_RATE: Shape = {
    **LIST_HEADER,
    "billingRateType": "BillingRateType",
    "fixedBillingRate": "FixedBillingRate",
    "billingRatePerItems": Nest("BillingRatePerItemRet", BILLING_RATE_PER_ITEM),
    **NULL_TAIL,
}
BILLING_RATE_CREATE: Shape = {
    "name": "Name",
    "fixedBillingRate": "FixedBillingRate",
    "billingRateItems": Nest(
        "BillingRatePerItem",
        {
            **renamed(BILLING_RATE_PER_ITEM, {"item": "itemId"}),
            "adjustPercentage": "AdjustPercentage",
            "adjustBillingRateRelativeTo": "AdjustBillingRateRelativeTo",
        },
    ),
    "externalId": None,
}

DATE_DRIVEN_TERMS: Shape = {
    **LIST_HEADER,
    "dueDayOfMonth": "DayOfMonthDue",
    "gracePeriod": "DueNextMonthDays",
    "discountDayOfMonth": "DiscountDayOfMonth",
    "discountPercntage": None,
    **SIMPLE_TAIL,
}
DATE_DRIVEN_TERMS_CREATE: Shape = {
    "id": None,
    **NAME_IN,
    "dueDayOfMonth": Text("DayOfMonthDue"),
    "gracePeriod": Text("DueNextMonthDays"),
    "discountDayOfMonth": Text("DiscountDayOfMonth"),
    "discountPercentage": Text("DiscountPct"),
}

PAYROLL_ITEM_WAGE: Shape = {
    **LIST_HEADER,
    "wageType": "WageType",
    "expenseAccount": "ExpenseAccountRef",
    **SIMPLE_TAIL,
}
PAYROLL_ITEM_WAGE_CREATE: Shape = {
    "name": "Name",
    "wageType": "WageType",
    "expenseAccountId": "ExpenseAccountRef",
    "isActive": "IsActive",
    "externalId": None,
}

PAYROLL_ITEM_NON_WAGE: Shape = {
    **LIST_HEADER,
    "nonWageType": "NonWageType",
    "expenseAccount": "ExpenseAccountRef",
    "liabilityAccount": "LiabilityAccountRef",
    **SIMPLE_TAIL,
}

CURRENCY: Shape = {
    **LIST_HEADER,
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
    **SIMPLE_TAIL,
}
CURRENCY_CREATE: Shape = {
    **NAME_IN,
    "currencyCode": "CurrencyCode",
    "currencyFormat": Nest("CurrencyFormat", CURRENCY_FORMAT_IN),
    "externalId": None,
}
CURRENCY_UPDATE: Shape = drop(CURRENCY_CREATE, "externalId")

# A site's address has no note.
SITE_ADDRESS: Shape = absent(ADDRESS, "note")
SITE_CONTACT: Shape = {"contact": "Contact", "phone": "Phone", "fax": "Fax", "email": "Email"}
INVENTORY_SITE: Shape = {
    **LIST_HEADER,
    "parentSite": "ParentSiteRef",
    "isDefaultSite": "IsDefaultSite",
    "siteDesc": "SiteDesc",
    **SITE_CONTACT,
    "siteAddress": Nest("SiteAddress", SITE_ADDRESS),
    "siteAddressBlock": Nest("SiteAddressBlock", ADDRESS_BLOCK),
    **SIMPLE_TAIL,
}
INVENTORY_SITE_CREATE: Shape = {
    **NAME_IN,
    "parentId": "ParentSiteRef",
    "description": "SiteDesc",
    **SITE_CONTACT,
    "address": Nest("SiteAddress", SITE_ADDRESS),
    "externalId": None,
}
INVENTORY_SITE_UPDATE: Shape = drop(INVENTORY_SITE_CREATE, "externalId")

# A set's units, read and written alike.
BASE_UNIT: Shape = {"name": "Name", "abbreviation": "Abbreviation"}
UNITS: Shape = {
    "baseUnit": Nest("BaseUnit", BASE_UNIT),
    "relatedUnits": Nest("RelatedUnit", {**BASE_UNIT, "conversionRatio": "ConversionRatio"}),
    "defaultUnits": Nest("DefaultUnit", {"unitUsedFor": "UnitUsedFor", "unit": "Unit"}),
}
UNIT_OF_MEASURE_SET: Shape = {
    **LIST_HEADER,
    "unitOfMeasureType": "UnitOfMeasureType",
    **UNITS,
    **SIMPLE_TAIL,
}
UNIT_OF_MEASURE_SET_CREATE: Shape = {
    **NAME_IN,
    "unitOfMeasureType": "UnitOfMeasureType",
    **UNITS,
    "externalId": None,
}

RATE: Shape = {"rate": "Rate", "effectiveDate": "EffectiveDate"}
WORKERS_COMP_CODE: Shape = {
    **LIST_HEADER,
    "desc": "Desc",
    "currentRate": "CurrentRate",
    "currentEffectiveDate": "CurrentEffectiveDate",
    "nextRate": "NextRate",
    "nextEffectiveDate": "NextEffectiveDate",
    "rateHistory": Nest("RateHistory", RATE),
    **SIMPLE_TAIL,
}
WORKERS_COMP_CODE_CREATE: Shape = {
    **NAME_IN,
    "desc": "Desc",
    "rateEntries": Nest("RateEntry", RATE),
    "externalId": None,
}
WORKERS_COMP_CODE_UPDATE: Shape = drop(WORKERS_COMP_CODE_CREATE, "externalId")


# The tax lines an account can be assigned (AccountTaxLineInfoQuery: no filters, no count).
ACCOUNT_TAX_LINE_INFO: Shape = {"id": Text("TaxLineID"), "name": "TaxLineName", **NULL_TAIL}


# BarCodeQuery: which list record holds a bar code (an optional QuickBooks feature).
BAR_CODE: Shape = {
    **absent(LIST_HEADER, "name", "createdAt", "updatedAt", "revisionNumber"),
    "listType": "ListType",
    **NULL_TAIL,
}
