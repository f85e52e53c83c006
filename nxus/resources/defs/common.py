"""Sources shared by the response tables (lists.py) and the request tables (requests.py).

One place per fact: an enumeration whose SDK spelling differs from QuickBooks' is declared once
here and read in both directions by the engine.
"""

from nxus.resources.model import Enum, Nest, Shape

# QuickBooks' Yes/No flags that the SDK spells as words of their own.
EMPLOYEE_ENUMS: dict[str, Enum] = {
    "employeeType": Enum("EmployeeType", snake=True),
    "employmentStatus": Enum("PartOrFullTime", snake=True),
    "overtimeExemptStatus": Enum("Exempt", snake=True),
    "keyEmployeeStatus": Enum("KeyEmployee", {"Yes": "key_employee", "No": "not_key_employee"}),
    "gender": Enum("Gender", snake=True),
    "usCitizenshipStatus": Enum("USCitizen", {"Yes": "citizen", "No": "non_citizen"}),
    # QuickBooks' own spelling is "AmericianIndian".
    "ethnicity": Enum("Ethnicity", {"AmericianIndian": "american_indian"}, snake=True),
    "disabilityStatus": Enum("Disabled", {"Yes": "disabled", "No": "not_disabled"}),
    "i9OnFileStatus": Enum("OnFile", {"Yes": "on_file", "No": "not_on_file"}),
    "usVeteranStatus": Enum("USVeteran", {"Yes": "veteran", "No": "non_veteran"}),
    "militaryStatus": Enum("MilitaryStatus", snake=True),
}

PAY_PERIOD = Enum("PayPeriod", snake=True)
ACCRUAL_PERIOD = Enum(
    "AccrualPeriod",
    {
        "BeginningOfYear": "accrues_annually",
        "EveryHourOnPaycheck": "accrues_hourly",
        "EveryPaycheck": "accrues_per_paycheck",
    },
)
# QuickBooks: NotSet, UseTimeData, DoNotUseTimeData; the SDK: not_set, uses_time_data and
# does_not_use_time_date ("date", not "data").
USE_TIME_DATA = Enum(
    "UseTimeDataToCreatePaychecks",
    {"DoNotUseTimeData": "does_not_use_time_date", "UseTimeData": "uses_time_data"},
    snake=True,
)


ADDRESS: Shape = {
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
}
# EmployeeAddress has four lines and no note.
EMPLOYEE_ADDRESS: Shape = ADDRESS | {"line5": None, "note": None}
# Sick and vacation hours: one shape, read and written alike.
ACCRUED_HOURS: Shape = {
    "hoursAvailable": "HoursAvailable",
    "accrualPeriod": ACCRUAL_PERIOD,
    "hoursAccrued": "HoursAccrued",
    "maximumHours": "MaximumHours",
    "isResettingHoursEachNewYear": "IsResettingHoursEachNewYear",
    "hoursUsed": "HoursUsed",
    "yearBeginsDate": "YearBeginsDate",
    "accrualStartDate": "AccrualStartDate",
}

# AdditionalContactRef (name/value pairs) and the emergency contacts that extend it.
ADDITIONAL_CONTACT_IN: Shape = {
    "name": "ContactName",
    "value": "ContactValue",
    "relation": "Relation",
}
CUSTOM_CONTACT_FIELD_IN: Shape = {"name": "ContactName", "value": "ContactValue"}
# The SDK's employee contacts carry a relation; AdditionalContactRef has none.
EMPLOYEE_CONTACT_IN: Shape = CUSTOM_CONTACT_FIELD_IN | {"relation": None}
EMERGENCY_CONTACTS: Shape = {
    "primaryContact": Nest("PrimaryContact", ADDITIONAL_CONTACT_IN),
    "secondaryContact": Nest("SecondaryContact", ADDITIONAL_CONTACT_IN),
}

# A person's name, in customers, vendors, employees and contacts.
PERSON_NAME: Shape = {
    "salutation": "Salutation",
    "firstName": "FirstName",
    "middleName": "MiddleName",
    "lastName": "LastName",
    "jobTitle": "JobTitle",
}
# How to reach a customer or a vendor.
PHONES_AND_CONTACTS: Shape = {
    "phone": "Phone",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
    "email": "Email",
    "ccEmail": "Cc",
    "contact": "Contact",
    "alternateContact": "AltContact",
}
# How to reach an employee (email and SSN follow in an order of each side's own).
EMPLOYEE_PHONES: Shape = {
    "printAs": "PrintAs",
    "phone": "Phone",
    "mobile": "Mobile",
    "pager": "Pager",
    "pagerPin": "PagerPIN",
    "alternatePhone": "AltPhone",
    "fax": "Fax",
}


def _pascal(*aliases: str, **irregular: str) -> Shape:
    """alias -> element where QuickBooks' name is the alias with a capital first letter."""
    return {a: irregular.get(a, a[0].upper() + a[1:]) for a in (*aliases, *irregular)}


# A customer's stored card (CreditCardInfo), and the card of a charge that extends it.
CREDIT_CARD_INFO_IN = _pascal(
    "creditCardNumber",
    "expirationMonth",
    "expirationYear",
    "nameOnCard",
    "creditCardAddress",
    "creditCardPostalCode",
)
CREDIT_CARD_INPUT_IN = CREDIT_CARD_INFO_IN | _pascal(
    "commercialCardCode",
    "transactionMode",
    "creditCardTxnType",
)
CREDIT_CARD_RESULT_IN = _pascal(
    "resultCode",
    "resultMessage",
    "merchantAccountNumber",
    "paymentStatus",
    "txnAuthorizationTime",
    "authorizationCode",
    "cardSecurityCodeMatch",
    "paymentGroupingCode",
    "txnAuthorizationStamp",
    creditCardTransId="CreditCardTransID",
    avsStreet="AVSStreet",
    avsZip="AVSZip",
    reconBatchId="ReconBatchID",
    clientTransId="ClientTransID",
)


# A custom field value written with a transaction line (DataExt of the line Adds); OwnerID "0"
# (public) when the SDK's DataExtRequest leaves ownerId out.
DATA_EXT_IN: Shape = {"ownerId": "OwnerID", "name": "DataExtName", "value": "DataExtValue"}
CUSTOM_FIELDS_IN = Nest("DataExt", DATA_EXT_IN)
