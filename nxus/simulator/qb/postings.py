"""The general ledger the simulated company's transactions imply: every transaction as
balanced postings (debits = credits), the way QuickBooks posts them.

Invoice: debit A/R, credit each line's income account and the sales tax. Sales receipt: the
same with the deposit account for A/R. Credit memo: the invoice reversed. Payment: debit the
deposit account, credit A/R. Bill: credit A/P, debit each expense/item line. Check: credit the
bank, debit each line. Journal entry: its lines. The balancing leg is computed from the lines,
so each transaction balances by construction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .common import as_list, dec
from .schema import Record
from .store import Company

ITEMS = (
    "ItemService",
    "ItemNonInventory",
    "ItemInventory",
    "ItemOtherCharge",
    "ItemSalesTax",
)
DEBIT_NORMAL = frozenset(
    {
        "Bank",
        "AccountsReceivable",
        "OtherCurrentAsset",
        "FixedAsset",
        "OtherAsset",
        "Expense",
        "OtherExpense",
        "CostOfGoodsSold",
    }
)
INCOME = ("Income", "OtherIncome")
EXPENSE = ("CostOfGoodsSold", "Expense", "OtherExpense")
ASSETS = ("Bank", "AccountsReceivable", "OtherCurrentAsset", "FixedAsset", "OtherAsset")
LIABILITIES = ("AccountsPayable", "CreditCard", "OtherCurrentLiability", "LongTermLiability")


@dataclass(frozen=True)
class Posting:
    txn_id: str
    txn_type: str
    date: str
    ref_number: str
    name: str
    account_id: str
    amount: Decimal  # debit positive, credit negative

    @property
    def debit(self) -> Decimal:
        return self.amount if self.amount > 0 else Decimal(0)

    @property
    def credit(self) -> Decimal:
        return -self.amount if self.amount < 0 else Decimal(0)


def _first(company: Company, *types: str) -> str | None:
    for account in company.records["Account"].values():
        if account.get("AccountType") in types:
            return str(account["ListID"])
    return None


def _named(company: Company, name: str, *types: str) -> str | None:
    for account in company.records["Account"].values():
        if account.get("Name") == name and account.get("AccountType") in types:
            return str(account["ListID"])
    return _first(company, *types)


def _ref(record: Record | None, key: str) -> str | None:
    value = (record or {}).get(key) or {}
    return value.get("ListID") if isinstance(value, dict) else None


def item_account(company: Company, item_ref: Record | None, sale: bool) -> str | None:
    found = company.find(ITEMS, item_ref) if isinstance(item_ref, dict) else None
    item = found[1] if found else {}
    keys = ("IncomeAccountRef",) if sale else ("AssetAccountRef", "COGSAccountRef")
    for key in keys:
        if (account := _ref(item, key)) is not None:
            return account
    for block, key in (
        ("SalesOrPurchase", "AccountRef"),
        ("SalesAndPurchase", "IncomeAccountRef" if sale else "ExpenseAccountRef"),
    ):
        if (account := _ref(item.get(block), key)) is not None:
            return account
    return _first(company, *(INCOME if sale else EXPENSE))


def _lines(record: Record, *keys: str) -> Iterator[Record]:
    for key in keys:
        for line in as_list(record.get(key)):
            if isinstance(line, dict):
                yield line


def _sales(company: Company, record: Record, line_key: str) -> list[tuple[str | None, Decimal]]:
    """(income account, credit) per line, plus the sales tax."""
    legs = [
        (item_account(company, line.get("ItemRef"), True), dec(line.get("Amount")))
        for line in _lines(record, line_key)
    ]
    tax = dec(record.get("SalesTaxTotal"))
    if tax:
        legs.append((_named(company, "Sales Tax Payable", "OtherCurrentLiability"), tax))
    return legs


def _purchase(company: Company, record: Record) -> list[tuple[str | None, Decimal]]:
    legs = [
        (_ref(line, "AccountRef"), dec(line.get("Amount")))
        for line in _lines(record, "ExpenseLineRet")
    ]
    legs += [
        (item_account(company, line.get("ItemRef"), False), dec(line.get("Amount")))
        for line in _lines(record, "ItemLineRet")
    ]
    return legs


def _legs(company: Company, entity: str, r: Record) -> list[tuple[str | None, Decimal]]:
    """(account, signed amount: debit > 0) of one transaction; sums to zero."""
    deposit = (
        _ref(r, "DepositToAccountRef")
        or _named(company, "Undeposited Funds", "OtherCurrentAsset")
        or _first(company, "Bank")
    )
    if entity in ("Invoice", "SalesReceipt", "CreditMemo"):
        line_key = {"Invoice": "InvoiceLineRet", "SalesReceipt": "SalesReceiptLineRet"}.get(
            entity, "CreditMemoLineRet"
        )
        credits = _sales(company, r, line_key)
        total = sum((a for _, a in credits), Decimal(0))
        debit_to = (
            deposit
            if entity == "SalesReceipt"
            else _ref(r, "ARAccountRef") or _first(company, "AccountsReceivable")
        )
        sign = -1 if entity == "CreditMemo" else 1
        return [(debit_to, total * sign)] + [(acc, -a * sign) for acc, a in credits]
    if entity == "ReceivePayment":
        total = dec(r.get("TotalAmount"))
        ar = _ref(r, "ARAccountRef") or _first(company, "AccountsReceivable")
        return [(deposit, total), (ar, -total)]
    if entity in ("Bill", "Check"):
        debits = _purchase(company, r)
        total = sum((a for _, a in debits), Decimal(0))
        credit_to = (
            _ref(r, "APAccountRef") or _first(company, "AccountsPayable")
            if entity == "Bill"
            else _ref(r, "AccountRef") or _first(company, "Bank")
        )
        return [(credit_to, -total)] + debits
    if entity == "JournalEntry":
        return [
            (_ref(line, "AccountRef"), dec(line.get("Amount")))
            for line in _lines(r, "JournalDebitLine")
        ] + [
            (_ref(line, "AccountRef"), -dec(line.get("Amount")))
            for line in _lines(r, "JournalCreditLine")
        ]
    return []


POSTING_TXNS = (
    "Invoice",
    "SalesReceipt",
    "CreditMemo",
    "ReceivePayment",
    "Bill",
    "Check",
    "JournalEntry",
)


def postings(company: Company) -> list[Posting]:
    """Every posting of the company, in date order."""
    out = []
    for entity in POSTING_TXNS:
        for record in company.records[entity].values():
            name = (
                record.get("CustomerRef")
                or record.get("VendorRef")
                or record.get("PayeeEntityRef")
                or {}
            ).get("FullName", "")
            for account, amount in _legs(company, entity, record):
                if account is None or not amount:
                    continue
                out.append(
                    Posting(
                        str(record.get("TxnID")),
                        entity,
                        str(record.get("TxnDate") or ""),
                        str(record.get("RefNumber") or ""),
                        str(name),
                        account,
                        amount,
                    )
                )
    out.sort(key=lambda p: (p.date, p.txn_id))
    return out
