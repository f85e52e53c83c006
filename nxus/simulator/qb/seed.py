"""A deterministic sample company in the spirit of QuickBooks' Rock Castle Construction."""

from __future__ import annotations

import random
from decimal import Decimal

from .entities import ENTITIES
from .sample_data import ACCOUNTS, CITIES, FIRST, JOBS, LAST, MATERIALS, SERVICES
from .schema import Record
from .store import Company
from .writes import add_list, add_txn


def _ref(record: Record) -> Record:
    return {"ListID": record["ListID"], "FullName": record.get("_full", record.get("Name"))}


class Seeder:
    def __init__(self, company: Company, seed: int) -> None:
        self.company = company
        self.rng = random.Random(seed)
        self.used: set[str] = set()  # customers, vendors and employees share one name list

    def add(self, entity: str, data: Record) -> Record:
        return add_list(self.company, ENTITIES[entity], data)

    def run(self, records: int, customers: int | None) -> None:
        company = self.company
        accounts = {
            n: self.add(
                "Account", {"Name": n, "AccountType": t, **({"SpecialAccountType": s} if s else {})}
            )
            for n, t, s in ACCOUNTS
        }
        self.accounts = accounts
        for name in ("New Construction", "Remodel", "Overhead"):
            self.add("Class", {"Name": name})
        for name, days, disc, pct in (
            ("Net 15", 15, 0, 0),
            ("Net 30", 30, 0, 0),
            ("Due on receipt", 0, 0, 0),
            ("1% 10 Net 30", 30, 10, 1),
        ):
            self.add(
                "StandardTerms",
                {
                    "Name": name,
                    "StdDueDays": str(days),
                    "StdDiscountDays": str(disc),
                    "DiscountPct": f"{pct}.00",
                },
            )
        for name, kind in (
            ("Cash", "Cash"),
            ("Check", "Check"),
            ("Visa", "Visa"),
            ("MasterCard", "MasterCard"),
            ("American Express", "AmericanExpress"),
        ):
            self.add("PaymentMethod", {"Name": name, "PaymentMethodType": kind})
        self.tax = self.add("SalesTaxCode", {"Name": "Tax", "IsTaxable": "true"})
        self.non = self.add("SalesTaxCode", {"Name": "Non", "IsTaxable": "false"})
        self.tax_item = self.add("ItemSalesTax", {"Name": "San Tomas", "TaxRate": "7.75"})
        self.add("ItemSalesTax", {"Name": "Out of State", "TaxRate": "0.0"})
        self.items = self._items()
        n_customers = customers if customers is not None else max(records * 3 // 10, 20)
        self.customers = self._names("Customer", n_customers, jobs=customers is None)
        self.vendors = self._names("Vendor", max(records // 20, 5))
        self._names("Employee", max(records // 100, 3))
        if customers is None:
            self._transactions(max(records - len(company.records["Customer"]) - 400, 50))

    def _items(self) -> list[Record]:
        income, cogs = (
            _ref(self.accounts["Construction Income"]),
            _ref(self.accounts["Cost of Goods Sold"]),
        )
        items = []
        for i, name in enumerate(SERVICES):
            items.append(
                self.add(
                    "ItemService",
                    {
                        "Name": name,
                        "SalesTaxCodeRef": _ref(self.non),
                        "SalesOrPurchase": {
                            "Desc": f"{name} labor",
                            "Price": f"{35 + 5 * i}.00",
                            "AccountRef": income,
                        },
                    },
                )
            )
        for i, name in enumerate(MATERIALS):
            kind = "ItemInventory" if i % 2 else "ItemNonInventory"
            data: Record = {"Name": name, "SalesTaxCodeRef": _ref(self.tax)}
            if kind == "ItemInventory":
                data.update(
                    SalesDesc=name,
                    SalesPrice=f"{20 + 15 * i}.00",
                    IncomeAccountRef=income,
                    PurchaseCost=f"{10 + 8 * i}.00",
                    COGSAccountRef=cogs,
                    AssetAccountRef=_ref(self.accounts["Inventory Asset"]),
                    QuantityOnHand=str(10 * i),
                )
            else:
                data["SalesOrPurchase"] = {
                    "Desc": name,
                    "Price": f"{15 + 10 * i}.00",
                    "AccountRef": income,
                }
            items.append(self.add(kind, data))
        for name in ("Permit", "Delivery Fee"):
            items.append(
                self.add(
                    "ItemOtherCharge",
                    {
                        "Name": name,
                        "SalesTaxCodeRef": _ref(self.non),
                        "SalesOrPurchase": {"Price": "50.00", "AccountRef": income},
                    },
                )
            )
        return items

    def _names(self, entity: str, count: int, jobs: bool = False) -> list[Record]:
        rng, out, used = self.rng, [], self.used
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = {"Customer": f"{last}, {first}", "Vendor": f"{last} Supply"}.get(
                entity, f"{first} {last}"
            )
            if name in used:
                name = f"{name} {i}"
            used.add(name)
            city, state, postal = rng.choice(CITIES)
            data: Record = {
                "Name": name,
                "FirstName": first,
                "LastName": last,
                "Phone": f"415-555-{rng.randrange(10000):04d}",
                "Email": f"{first.lower()}.{last.lower()}{i}@samplerock.example",
            }
            address = {
                "Addr1": f"{rng.randrange(1, 999)} Main St",
                "City": city,
                "State": state,
                "PostalCode": postal,
            }
            if entity == "Customer":
                data.update(
                    CompanyName=f"{last} Residence",
                    BillAddress=address,
                    SalesTaxCodeRef=_ref(self.tax),
                    ItemSalesTaxRef=_ref(self.tax_item),
                )
            elif entity == "Vendor":
                data.update(CompanyName=name, VendorAddress=address)
            else:
                data.update(EmployeeAddress={k: v for k, v in address.items() if k != "Addr1"})
            record = self.add(entity, data)
            out.append(record)
            if jobs and i % 3 == 0:
                job = self.add(
                    "Customer",
                    {
                        "Name": rng.choice(JOBS),
                        "ParentRef": _ref(record),
                        "JobStatus": "InProgress",
                    },
                )
                out.append(job)
        return out

    def _transactions(self, count: int) -> None:
        rng, company = self.rng, self.company
        plan = [
            ("Invoice", 40),
            ("SalesReceipt", 10),
            ("Estimate", 6),
            ("CreditMemo", 3),
            ("PurchaseOrder", 5),
            ("Bill", 15),
            ("Check", 10),
            ("JournalEntry", 3),
            ("ReceivePayment", 8),
        ]
        total = sum(weight for _, weight in plan)
        invoices: list[Record] = []
        for entity, weight in plan:
            for n in range(count * weight // total):
                date = f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
                data = self._txn(entity, date, n, invoices)
                if data is None:
                    continue
                record = add_txn(company, ENTITIES[entity], data)
                if entity == "Invoice":
                    invoices.append(record)

    def _lines(self, tag: str, count: int) -> list[Record]:
        lines = []
        for _ in range(count):
            item = self.rng.choice(self.items)
            lines.append(
                {
                    "ItemRef": _ref(item),
                    "Quantity": str(self.rng.randrange(1, 10)),
                    "Rate": str(Decimal(self.rng.randrange(1000, 20000)) / 100),
                }
            )
        return lines

    def _txn(self, entity: str, date: str, n: int, invoices: list[Record]) -> Record | None:
        rng = self.rng
        customer, vendor = _ref(rng.choice(self.customers)), _ref(rng.choice(self.vendors))
        if entity in ("Invoice", "SalesReceipt", "Estimate", "CreditMemo"):
            return {
                "CustomerRef": customer,
                "TxnDate": date,
                "RefNumber": str(1000 + n),
                f"{entity}LineAdd": self._lines(entity, rng.randrange(1, 5)),
            }
        if entity == "PurchaseOrder":
            return {
                "VendorRef": vendor,
                "TxnDate": date,
                "RefNumber": str(6000 + n),
                "PurchaseOrderLineAdd": self._lines(entity, rng.randrange(1, 4)),
            }
        expense = {
            "AccountRef": _ref(self.accounts[rng.choice(("Utilities", "Rent", "Repairs"))]),
            "Amount": f"{rng.randrange(50, 2000)}.00",
        }
        if entity == "Bill":
            return {
                "VendorRef": vendor,
                "TxnDate": date,
                "RefNumber": f"B-{n}",
                "ExpenseLineAdd": [expense],
            }
        if entity == "Check":
            return {
                "AccountRef": _ref(self.accounts["Checking"]),
                "PayeeEntityRef": vendor,
                "TxnDate": date,
                "RefNumber": str(500 + n),
                "ExpenseLineAdd": [expense],
            }
        if entity == "JournalEntry":
            amount = expense["Amount"]
            return {
                "TxnDate": date,
                "RefNumber": f"GJ{n}",
                "JournalDebitLine": [{"AccountRef": expense["AccountRef"], "Amount": amount}],
                "JournalCreditLine": [
                    {"AccountRef": _ref(self.accounts["Checking"]), "Amount": amount}
                ],
            }
        if not invoices:
            return None
        invoice = invoices.pop(rng.randrange(len(invoices)))
        amount = invoice["BalanceRemaining"]
        return {
            "CustomerRef": invoice["CustomerRef"],
            "TxnDate": date,
            "TotalAmount": amount,
            "PaymentMethodRef": {"FullName": "Check"},
            "AppliedToTxnAdd": [{"TxnID": invoice["TxnID"], "PaymentAmount": amount}],
        }
