"""Transactions: Add and Mod with QuickBooks' line semantics, sales tax and totals."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from . import data_ext, ledger, links
from .adjust import adjustment_line, build_assembly
from .applied import APPLIED, apply_to
from .common import CENT, as_list, current, dec, merge, money, ref
from .entities import ENTITIES, Entity
from .schema import Record
from .status import status
from .store import COMPANY_TZ, Company

SALES = ("invoice", "sales", "credit")  # totals kinds with customer, sales tax and lines
COPIED_FROM_CUSTOMER = ("BillAddress", "ShipAddress", "TermsRef", "ItemSalesTaxRef")


def add_txn(company: Company, entity: Entity, add: Record) -> Record:
    add = deepcopy(add)
    linked = links.fill_lines(company, entity.name, add, links.take_requests(entity.name, add))
    epoch = company.now()
    record = {k: v for k, v in add.items() if k not in {lines.add for lines in entity.lines}}
    credits = as_list(record.pop("SetCredit", None))  # an invoice using credits at once
    for credit in credits:
        _credit_memo(company, credit)
    company.resolve_refs(record, entity.name)
    _txn_defaults(company, entity, record, epoch)
    for lines in entity.lines:
        record[lines.ret] = [
            _new_line(company, entity, record, line, epoch) for line in as_list(add.get(lines.add))
        ]
    record["TxnID"] = company.new_id("txn", epoch)
    company.txn_number += 1
    record["TxnNumber"] = str(company.txn_number)
    if entity.totals == "payment":
        apply_payment(company, record)
    elif entity.totals in APPLIED:
        apply_to(company, entity.totals, entity.name, record)
    elif entity.name == "BuildAssembly":
        build_assembly(company, record)
    compute_totals(company, entity, record)
    links.link_sources(entity.name, record, linked)
    company.stamp(record, epoch, created=True)
    company.insert(entity.name, record, record["TxnID"])
    ledger.apply(company, ledger.effect(entity.name, record))
    for credit in credits:
        _apply_credit(company, record, credit)
    return record


def mod_txn(company: Company, entity: Entity, mod: Record) -> Record:
    record = current(company, entity, "TxnID", mod)
    line_mods = {lines.mod for lines in entity.lines}
    changes = {k: v for k, v in mod.items() if k not in ("TxnID", "EditSequence", *line_mods)}
    company.resolve_refs(changes, entity.name)
    epoch = company.now()
    updated = deepcopy(record)
    merge(updated, changes)
    for mod_tag in sorted(line_mods):
        if mod_tag in mod:
            _mod_lines(company, entity, updated, mod_tag, as_list(mod[mod_tag]), epoch)
    compute_totals(company, entity, updated)
    before = ledger.effect(entity.name, record)
    company.replace(entity.name, record, updated)
    company.stamp(record, epoch)
    ledger.apply(company, before, -1)
    ledger.apply(company, ledger.effect(entity.name, record))
    return record


def _new_line(company: Company, entity: Entity, txn: Record, line: Record, epoch: int) -> Record:
    line = {k: v for k, v in line.items() if k not in ("TxnLineID", "JournalLineType")}
    company.resolve_refs(line, entity.name + "Line")
    data_ext.line_values(company, entity.name, line)
    _line_tax_code(company, entity, txn, line)
    if entity.name == "InventoryAdjustment":
        line = adjustment_line(company, line)
    return {"TxnLineID": company.new_id("txn", epoch), **line}


def _line_tax_code(company: Company, entity: Entity, txn: Record, line: Record) -> None:
    """A sales line is taxed by its item's code, unless the customer is not taxable."""
    if entity.totals not in SALES or line.get("SalesTaxCodeRef") or not line.get("ItemRef"):
        return
    customer_code = txn.get("CustomerSalesTaxCodeRef")
    if customer_code and not _taxable(company, customer_code):
        line["SalesTaxCodeRef"] = dict(customer_code)
        return
    item = company.find(ENTITIES_WITH_ITEMS, line["ItemRef"])
    if item is not None and item[1].get("SalesTaxCodeRef"):
        line["SalesTaxCodeRef"] = dict(item[1]["SalesTaxCodeRef"])


ENTITIES_WITH_ITEMS = tuple(e.name for e in ENTITIES.values() if e.query_group == "Item")


def _taxable(company: Company, code_ref: Record) -> bool:
    code = company.find(("SalesTaxCode",), code_ref)
    return code is not None and code[1].get("IsTaxable") == "true"


def _journal_tag(line: Record) -> str:
    return "JournalCreditLine" if line.get("JournalLineType") == "Credit" else "JournalDebitLine"


def _account_ref(company: Company, name: str) -> Record | None:
    hit = company.by_full_name(("Account",), name)
    return ref(hit[1]) if hit else None


def _txn_defaults(company: Company, entity: Entity, record: Record, epoch: int) -> None:
    record.setdefault("TxnDate", datetime.fromtimestamp(epoch, COMPANY_TZ).date().isoformat())
    customer_ref = record.get("CustomerRef")
    if customer_ref and entity.totals in SALES:
        customer = company.get("Customer", customer_ref["ListID"]) or {}
        for key in COPIED_FROM_CUSTOMER:
            if key in customer and key not in record:
                record[key] = deepcopy(customer[key])
        if customer.get("SalesTaxCodeRef") and "CustomerSalesTaxCodeRef" not in record:
            record["CustomerSalesTaxCodeRef"] = dict(customer["SalesTaxCodeRef"])
    if entity.totals in ("invoice", "credit") and "ARAccountRef" not in record:
        found = _account_ref(company, "Accounts Receivable")
        if found:
            record["ARAccountRef"] = found
    payable = entity.totals == "bill" or entity.name in ("VendorCredit", "ItemReceipt")
    if payable and "APAccountRef" not in record:
        found = _account_ref(company, "Accounts Payable")
        if found:
            record["APAccountRef"] = found


def _mod_lines(
    company: Company, entity: Entity, record: Record, mod_tag: str, mods: list, epoch: int
) -> None:
    """TxnLineID -1 adds a line, a known ID keeps and updates it, omitted lines are deleted."""
    kinds = [lines for lines in entity.lines if lines.mod == mod_tag]
    existing = {
        line["TxnLineID"]: (lines.ret, line)
        for lines in kinds
        for line in record.get(lines.ret, [])
    }
    rebuilt: dict[str, list] = {lines.ret: [] for lines in kinds}
    journal = entity.name == "JournalEntry"
    for line_mod in mods:
        tag = _journal_tag(line_mod) if journal else kinds[0].ret
        line_id = line_mod.get("TxnLineID", "-1")
        if line_id == "-1":
            rebuilt[tag].append(_new_line(company, entity, record, line_mod, epoch))
            continue
        if line_id not in existing:
            raise status(3120, value=line_id)
        old_tag, line = existing[line_id]
        changes = {k: v for k, v in line_mod.items() if k not in ("TxnLineID", "JournalLineType")}
        company.resolve_refs(changes, entity.name + "Line")
        merged = deepcopy(line)
        merge(merged, changes)
        if "ItemRef" in changes and "SalesTaxCodeRef" not in changes:
            merged.pop("SalesTaxCodeRef", None)  # the new item brings its own code
            _line_tax_code(company, entity, record, merged)
        if "Amount" not in changes and changes.keys() & {"Quantity", "Rate", "Cost"}:
            merged.pop("Amount", None)  # recomputed from the new quantity and rate
        rebuilt[tag if journal else old_tag].append(merged)
    record.update(rebuilt)


def line_amount(line: Record) -> Decimal:
    if line.get("Amount"):
        return dec(line["Amount"])
    quantity = dec(line.get("Quantity")) if line.get("Quantity") else Decimal(1)
    price = line.get("Rate") or line.get("Cost")
    if not price:
        return Decimal(0)
    amount = (quantity * dec(price)).quantize(CENT, rounding=ROUND_HALF_UP)
    line["Amount"] = money(amount)
    return amount


def compute_totals(company: Company, entity: Entity, record: Record) -> None:
    lines = [line for kind in entity.lines for line in record.get(kind.ret, [])]
    if entity.totals == "journal":
        for line in lines:
            line["Amount"] = money(dec(line.get("Amount")))
        return
    if entity.totals == "payment":
        applied = sum((-dec(a.get("Amount")) for a in lines), Decimal(0))
        record["TotalAmount"] = money(dec(record.get("TotalAmount")))
        record["UnusedPayment"] = money(dec(record["TotalAmount"]) - applied)
        record["UnusedCredits"] = "0.00"
        return
    subtotal = sum((line_amount(line) for line in lines), Decimal(0))
    if entity.totals in SALES:
        _sales_totals(company, entity, record, lines, subtotal)
    elif entity.totals == "purchase_order":
        record["TotalAmount"] = money(subtotal)
    elif entity.totals == "bill":
        paid = dec(record.get("AmountDue")) - dec(record.get("OpenAmount"))
        record.update(AmountDue=money(subtotal), OpenAmount=money(subtotal - paid))
        record["IsPaid"] = "true" if subtotal - paid <= 0 < subtotal else "false"
    elif entity.totals == "check":
        record["Amount"] = money(subtotal)
    elif entity.total:
        record[entity.total] = money(subtotal)


def _sales_totals(
    company: Company, entity: Entity, record: Record, lines: list[Record], subtotal: Decimal
) -> None:
    taxable = sum(
        (
            dec(line.get("Amount"))
            for line in lines
            if line.get("SalesTaxCodeRef") and _taxable(company, line["SalesTaxCodeRef"])
        ),
        Decimal(0),
    )
    rate = Decimal(0)
    tax_ref = record.get("ItemSalesTaxRef")
    if tax_ref:
        tax_item = company.get("ItemSalesTax", tax_ref["ListID"]) or {}
        rate = dec(tax_item.get("TaxRate"))
        record["SalesTaxPercentage"] = str(rate)
    tax = (taxable * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    total = subtotal + tax
    record.update(Subtotal=money(subtotal), SalesTaxTotal=money(tax), TotalAmount=money(total))
    if entity.totals == "invoice":
        applied = dec(record.get("AppliedAmount"))
        record["AppliedAmount"] = money(applied)
        record["BalanceRemaining"] = money(total + applied)
        record["IsPaid"] = "true" if total + applied <= 0 else "false"
    elif entity.totals == "credit":
        record["CreditRemaining"] = money(total)


def unapply_payment(company: Company, record: Record) -> None:
    """A deleted payment gives the invoices it paid their balance back."""
    for line in record.get("AppliedToTxnRet", []):
        invoice = company.get("Invoice", line.get("TxnID", ""))
        if invoice is None:
            continue
        _set_applied(company, invoice, dec(invoice.get("AppliedAmount")) - dec(line["Amount"]))
        for credit in line.get("LinkedTxn", []):  # the credits it applied come back too
            memo = company.get("CreditMemo", credit["TxnID"])
            if memo is not None:
                amount = -dec(credit["Amount"])
                _use_credit(company, memo, -amount)
                _set_applied(company, invoice, dec(invoice.get("AppliedAmount")) + amount)
                links.unlink_pair(invoice, memo)


def _use_credit(company: Company, memo: Record, amount: Decimal) -> None:
    before = ledger.effect("CreditMemo", memo)
    memo["CreditRemaining"] = money(dec(memo.get("CreditRemaining")) - amount)
    ledger.apply(company, before, -1)
    ledger.apply(company, ledger.effect("CreditMemo", memo))


def _set_applied(company: Company, invoice: Record, applied: Decimal) -> None:
    before = ledger.effect("Invoice", invoice)
    invoice["AppliedAmount"] = money(applied)
    compute_totals(company, ENTITIES["Invoice"], invoice)
    ledger.apply(company, before, -1)
    ledger.apply(company, ledger.effect("Invoice", invoice))


def _credit_memo(company: Company, credit: Record) -> Record:
    """The credit memo a SetCredit names: 3140 when missing, 3180 when it has less credit."""
    memo = company.get("CreditMemo", credit.get("CreditTxnID", ""))
    if memo is None:
        raise status(
            3140, object="CreditMemo", value=credit.get("CreditTxnID", ""), field="SetCredit"
        )
    if dec(credit.get("AppliedAmount")) > dec(memo.get("CreditRemaining")):
        raise status(3180, object="Invoice", field="The amount applied is more than the credit.")
    return memo


def _apply_credit(company: Company, invoice: Record, credit: Record) -> Record:
    """A SetCredit: the credit memo's remaining credit pays the invoice down; the payment's
    line describes the credit (its LinkedTxn)."""
    memo = _credit_memo(company, credit)
    amount = dec(credit.get("AppliedAmount"))
    _use_credit(company, memo, amount)
    _set_applied(company, invoice, dec(invoice.get("AppliedAmount")) - amount)
    links.link("Invoice", invoice, "CreditMemo", memo, "AMTTYPE", -amount)
    return invoice["LinkedTxn"][-1] | {"TxnID": memo["TxnID"]}


def apply_payment(company: Company, record: Record) -> None:
    """AppliedToTxnAdd lines pay invoices down; the Ret lines describe the invoices."""
    applied_lines = []
    for line in record.get("AppliedToTxnRet", []):
        invoice = company.get("Invoice", line.get("TxnID", ""))
        if invoice is None:
            raise status(
                3140, object="Invoice", value=line.get("TxnID", ""), field="ReceivePayment"
            )
        amount = dec(line.get("PaymentAmount"))
        _set_applied(company, invoice, dec(invoice.get("AppliedAmount")) - amount)
        links.link("Invoice", invoice, "ReceivePayment", record, "AMTTYPE", -amount)
        credits = [_apply_credit(company, invoice, c) for c in as_list(line.get("SetCredit"))]
        applied = {
            "TxnID": invoice["TxnID"],
            "TxnType": "Invoice",
            "TxnDate": invoice["TxnDate"],
            "RefNumber": invoice.get("RefNumber"),
            "BalanceRemaining": invoice["BalanceRemaining"],
            "Amount": money(-amount),
        }
        if credits:
            applied["LinkedTxn"] = credits
        applied_lines.append(applied)
    record["AppliedToTxnRet"] = applied_lines
