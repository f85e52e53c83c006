"""The sample company's second-wave transactions: a few of every other type, linked where
QuickBooks links them (a deposit of a sales receipt). Seeded after the first wave with its own
random stream, so the first wave's records and ids stay what they were."""

from __future__ import annotations

import random
from decimal import Decimal

from .entities import ENTITIES
from .schema import Record
from .store import Company
from .writes import add_list, add_txn


def _ref(record: Record) -> Record:
    return {"ListID": record["ListID"], "FullName": record.get("_full", record.get("Name"))}


def _first(company: Company, entity: str, name: str | None = None) -> Record:
    records = company.records[entity].values()
    return next(r for r in records if name is None or r.get("Name") == name)


def seed_more(company: Company, seed: int, count: int = 3) -> None:
    """`count` records of each second-wave transaction type."""
    rng = random.Random(seed + 1)
    card = add_list(
        company,
        ENTITIES["Account"],
        {"Name": "CalOil Credit Card", "AccountType": "CreditCard"},
    )
    accounts = {a["Name"]: a for a in company.records["Account"].values()}
    customers = [c for c in company.records["Customer"].values() if "ParentRef" not in c][:20]
    vendors = list(company.records["Vendor"].values())[:10]
    employees = list(company.records["Employee"].values())
    items = [r for e in ("ItemService", "ItemNonInventory") for r in company.records[e].values()]
    services = list(company.records["ItemService"].values())
    inventory = list(company.records["ItemInventory"].values())
    receipts = list(company.records["SalesReceipt"].values())

    def line() -> Record:
        item = rng.choice(items)
        return {"ItemRef": _ref(item), "Quantity": str(rng.randrange(1, 5)), "Rate": "45.00"}

    def expense() -> Record:
        account = accounts[rng.choice(("Utilities", "Automobile", "Office Supplies"))]
        return {"AccountRef": _ref(account), "Amount": f"{rng.randrange(20, 400)}.00"}

    def add(entity: str, data: Record) -> Record:
        return add_txn(company, ENTITIES[entity], data)

    for n in range(count):
        date = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        customer, vendor = _ref(rng.choice(customers)), _ref(rng.choice(vendors))
        add(
            "SalesOrder",
            {
                "CustomerRef": customer,
                "TxnDate": date,
                "RefNumber": f"SO-{n}",
                "SalesOrderLineAdd": [line(), line()],
            },
        )
        add(
            "VendorCredit",
            {
                "VendorRef": vendor,
                "TxnDate": date,
                "RefNumber": f"VC-{n}",
                "ExpenseLineAdd": [expense()],
            },
        )
        add(
            "CreditCardCharge",
            {
                "AccountRef": _ref(card),
                "PayeeEntityRef": vendor,
                "TxnDate": date,
                "ExpenseLineAdd": [expense()],
            },
        )
        add(
            "CreditCardCredit",
            {
                "AccountRef": _ref(card),
                "PayeeEntityRef": vendor,
                "TxnDate": date,
                "ExpenseLineAdd": [expense()],
            },
        )
        add(
            "ItemReceipt",
            {"VendorRef": vendor, "TxnDate": date, "RefNumber": f"IR-{n}", "ItemLineAdd": [line()]},
        )
        service = rng.choice(services)
        add(
            "Charge",
            {
                "CustomerRef": customer,
                "TxnDate": date,
                "ItemRef": _ref(service),
                "Quantity": "2",
                "Rate": "40.00",
                "Amount": "80.00",
            },
        )
        deposit_lines: list[Record] = [
            {
                "EntityRef": customer,
                "AccountRef": _ref(accounts["Interest Income"]),
                "Amount": f"{rng.randrange(5, 50)}.00",
            }
        ]
        if n < len(receipts):
            deposit_lines.insert(0, {"PaymentTxnID": receipts[n]["TxnID"]})
        add(
            "Deposit",
            {
                "DepositToAccountRef": _ref(accounts["Checking"]),
                "TxnDate": date,
                "DepositLineAdd": deposit_lines,
            },
        )
        add(
            "TimeTracking",
            {
                "TxnDate": date,
                "EntityRef": _ref(rng.choice(employees)),
                "CustomerRef": customer,
                "ItemServiceRef": _ref(service),
                "Duration": f"PT{rng.randrange(1, 9)}H0M",
                "BillableStatus": "Billable",
            },
        )
        if inventory:
            item = rng.choice(inventory)
            add(
                "InventoryAdjustment",
                {
                    "AccountRef": _ref(accounts["Cost of Goods Sold"]),
                    "TxnDate": date,
                    "InventoryAdjustmentLineAdd": [
                        {
                            "ItemRef": _ref(item),
                            "QuantityAdjustment": {"QuantityDifference": str(rng.randrange(-3, 4))},
                        }
                    ],
                },
            )


def half(amount: str) -> str:
    """Half an amount, to the cent (a refund of part of a credit)."""
    return str((Decimal(amount) / 2).quantize(Decimal("0.01")))


def seed_payments(company: Company, seed: int, count: int = 3) -> None:
    """Bill payments of open bills, refunds of credit memos, sales tax paid, an assembly
    built: the second-wave transactions that point at earlier ones."""
    rng = random.Random(seed + 2)
    accounts = {a["Name"]: a for a in company.records["Account"].values()}
    card = accounts["CalOil Credit Card"]
    bills = [b for b in company.records["Bill"].values() if b.get("IsPaid") != "true"]
    memos = list(company.records["CreditMemo"].values())
    tax_item = _first(company, "ItemSalesTax")
    vendor = _ref(_first(company, "Vendor"))
    assembly = add_list(
        company,
        ENTITIES["ItemInventoryAssembly"],
        {
            "Name": "Cabinet Set",
            "SalesPrice": "850.00",
            "IncomeAccountRef": _ref(accounts["Construction Income"]),
            "COGSAccountRef": _ref(accounts["Cost of Goods Sold"]),
            "AssetAccountRef": _ref(accounts["Inventory Asset"]),
        },
    )
    for n in range(count):
        date = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        for entity, account_key in (
            ("BillPaymentCheck", "BankAccountRef"),
            ("BillPaymentCreditCard", "CreditCardAccountRef"),
        ):
            if not bills:
                break
            bill = bills.pop(0)
            account = accounts["Checking"] if entity == "BillPaymentCheck" else card
            add_txn(
                company,
                ENTITIES[entity],
                {
                    "PayeeEntityRef": bill["VendorRef"],
                    account_key: _ref(account),
                    "TxnDate": date,
                    "AppliedToTxnAdd": [
                        {"TxnID": bill["TxnID"], "PaymentAmount": bill["OpenAmount"]}
                    ],
                },
            )
        if n < len(memos):
            memo = memos[n]
            add_txn(
                company,
                ENTITIES["ARRefundCreditCard"],
                {
                    "CustomerRef": memo["CustomerRef"],
                    "RefundFromAccountRef": _ref(accounts["Checking"]),
                    "TxnDate": date,
                    "PaymentMethodRef": {"FullName": "Visa"},
                    "RefundAppliedToTxnAdd": [
                        {"TxnID": memo["TxnID"], "RefundAmount": half(memo["CreditRemaining"])}
                    ],
                },
            )
        add_txn(
            company,
            ENTITIES["SalesTaxPaymentCheck"],
            {
                "PayeeEntityRef": vendor,
                "BankAccountRef": _ref(accounts["Checking"]),
                "TxnDate": date,
                "SalesTaxPaymentCheckLineAdd": [
                    {"ItemSalesTaxRef": _ref(tax_item), "Amount": f"{rng.randrange(50, 300)}.00"}
                ],
            },
        )
        add_txn(
            company,
            ENTITIES["BuildAssembly"],
            {
                "ItemInventoryAssemblyRef": _ref(assembly),
                "TxnDate": date,
                "RefNumber": f"BA-{n}",
                "QuantityToBuild": str(rng.randrange(1, 4)),
            },
        )


def seed_lists(company: Company) -> None:
    """A few records of every other list the SDK reads (none of the optional-feature lists:
    currencies, inventory sites, units of measure, workers' comp codes stay off)."""
    accounts = {a["Name"]: a for a in company.records["Account"].values()}

    def add(entity: str, data: Record) -> Record:
        return add_list(company, ENTITIES[entity], data)

    # QuickBooks' tax lines (form 1120 lines), keyed by TaxLineID, not ListID.
    for line_id, line_name in (
        (1, "<Unassigned>"),
        (29, "B/S-Assets: Cash"),
        (56, "Other deductions"),
    ):
        company.insert(
            "AccountTaxLineInfo",
            {"TaxLineID": str(line_id), "TaxLineName": line_name, "_full": line_name},
            str(line_id),
        )
    for name in ("Residential", "Commercial"):
        add("CustomerType", {"Name": name})
    for name in ("Materials", "Subcontractors"):
        add("VendorType", {"Name": name})
    for name in ("UPS", "Federal Express", "Our truck"):
        add("ShipMethod", {"Name": name})
    for name, first, last in (("City of Middlefield", "", ""), ("Hank Owner", "Hank", "Owner")):
        data: Record = {"Name": name, "Phone": "650-555-0100"}
        if first:
            data.update(FirstName=first, LastName=last)
        add("OtherName", data)
    add("PriceLevel", {"Name": "Commercial", "PriceLevelFixedPercentage": "-10.0"})
    add("PriceLevel", {"Name": "Premium", "PriceLevelFixedPercentage": "15.0"})
    add("BillingRate", {"Name": "Senior crew", "FixedBillingRate": "65.00"})
    add("BillingRate", {"Name": "Apprentice", "FixedBillingRate": "35.00"})
    add(
        "DateDrivenTerms",
        {
            "Name": "10th of next month",
            "DayOfMonthDue": "10",
            "DueNextMonthDays": "5",
            "DiscountPct": "0.00",
        },
    )
    wages = _ref(accounts["Job Expenses"])
    add(
        "PayrollItemWage",
        {
            "Name": "Regular Pay",
            "WageType": "HourlyRegular",
            "ExpenseAccountRef": wages,
            "Rate": "25.00",
        },
    )
    add(
        "PayrollItemWage",
        {"Name": "Salary", "WageType": "SalaryRegular", "ExpenseAccountRef": wages},
    )
    add(
        "PayrollItemNonWage",
        {
            "Name": "Health Insurance",
            "NonWageType": "Deduction",
            "LiabilityAccountRef": _ref(accounts["Sales Tax Payable"]),
        },
    )
    income = _ref(accounts["Construction Income"])
    add(
        "ItemDiscount",
        {
            "Name": "Good customer",
            "ItemDesc": "Discount for repeat customers",
            "DiscountRatePercent": "10.0",
            "AccountRef": income,
        },
    )
    add(
        "ItemFixedAsset",
        {
            "Name": "Pickup truck",
            "AcquiredAs": "New",
            "PurchaseDesc": "2022 pickup",
            "PurchaseDate": "2022-03-01",
            "PurchaseCost": "38000.00",
        },
    )
    add(
        "ItemPayment",
        {
            "Name": "Deposit received",
            "ItemDesc": "Customer deposit",
            "DepositToAccountRef": _ref(accounts["Undeposited Funds"]),
        },
    )
    add("ItemSubtotal", {"Name": "Subtotal", "ItemDesc": "Subtotal"})
    taxes = [r for r in company.records["ItemSalesTax"].values()]
    add(
        "ItemSalesTaxGroup",
        {
            "Name": "Bay Area",
            "ItemDesc": "County and city",
            "ItemSalesTaxRef": [_ref(t) for t in taxes],
        },
    )
    services = list(company.records["ItemService"].values())[:2]
    add(
        "ItemGroup",
        {
            "Name": "Kitchen package",
            "ItemDesc": "Design and install",
            "IsPrintItemsInGroup": "false",
            "ItemGroupLine": [{"ItemRef": _ref(s), "Quantity": "1"} for s in services],
        },
    )
