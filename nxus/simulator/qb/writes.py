"""Add, Mod, Del and Void: how QuickBooks changes the company for each write request."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .entities import ENTITIES, Entity
from .schema import Record, child_map
from .status import status
from .store import COMPANY_TZ, Company, format_time

CENT = Decimal("0.01")
RENAMES = {"Contacts": "ContactsRet", "OpenBalance": "Balance"}
LIST_DEFAULTS: dict[str, Record] = {
    "Customer": {"Balance": "0.00", "TotalBalance": "0.00", "JobStatus": "None"},
    "Vendor": {"Balance": "0.00"},
    "Account": {"Balance": "0.00", "TotalBalance": "0.00"},
}


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def dec(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def check_lengths(tag: str, record: Record) -> None:
    """3070 for a string longer than the schema allows (QuickBooks checks, not the parser)."""
    fields = child_map(tag)
    for key, value in record.items():
        spec = fields.get(key)
        if spec is None:
            continue
        _repeated, _since, max_length, leaf = spec
        items = value if isinstance(value, list) else [value]
        for item in items:
            if leaf and max_length and isinstance(item, str) and len(item) > max_length:
                raise status(3070, item, key)
            if not leaf and isinstance(item, dict):
                check_lengths(key, item)


def _renamed(add: Record) -> Record:
    return {RENAMES.get(key, key): value for key, value in add.items()}


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- lists -------------------------------------------------------------------------------
def _place(company: Company, entity: Entity, record: Record, own_id: str = "") -> None:
    """Set FullName/Sublevel from Name and ParentRef; 3100 when the name is taken."""
    full = record["Name"]
    if entity.hierarchical:
        parent_ref = record.get("ParentRef")
        if parent_ref:
            parent = company.get(entity.name, parent_ref["ListID"])
            full = f"{parent['_full']}:{record['Name']}"  # type: ignore[index]
            record["Sublevel"] = str(int(parent.get("Sublevel", "0")) + 1)  # type: ignore[union-attr]
        else:
            record["Sublevel"] = "0"
        record["FullName"] = full
    if company.name_taken(entity.name, full, own_id):
        raise status(3100, record["Name"])
    record["_full"] = full


def add_list(company: Company, entity: Entity, add: Record) -> Record:
    record = _renamed(add)
    check_lengths(entity.ret, record)
    company.resolve_refs(record, entity.name)
    _place(company, entity, record)
    record = {**LIST_DEFAULTS.get(entity.name, {}), "IsActive": "true", **record}
    epoch = company.now()
    record["ListID"] = company.new_id("list", epoch)
    company.stamp(record, epoch, created=True)
    company.insert(entity.name, record, record["ListID"])
    return record


def _current(company: Company, entity: Entity, id_key: str, mod: Record) -> Record:
    record = company.get(entity.name, mod[id_key])
    if record is None:
        raise status(3120, mod[id_key])
    if mod.get("EditSequence") != record["EditSequence"]:
        raise status(3200, mod.get("EditSequence", ""), ret=record)
    return record


def _merge(record: Record, changes: Record) -> None:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(record.get(key), dict) and "ListID" not in value:
            _merge(record[key], value)
        else:
            record[key] = value


def mod_list(company: Company, entity: Entity, mod: Record) -> Record:
    record = _current(company, entity, "ListID", mod)
    changes = _renamed({k: v for k, v in mod.items() if k not in ("ListID", "EditSequence")})
    check_lengths(entity.ret, changes)
    company.resolve_refs(changes, entity.name)
    updated = deepcopy(record)
    _merge(updated, changes)
    old_full = record.get("_full")
    if old_full is not None:
        _place(company, entity, updated, record["ListID"])
        company.unindex(entity.name, record)
    record.clear()
    record.update(updated)
    if old_full is not None:
        company.index(entity.name, record, record["ListID"])
        if old_full != record["_full"]:
            _rename_children(company, entity, old_full, record)
    company.stamp(record, company.now())
    company.version += 1
    return record


def _rename_children(company: Company, entity: Entity, old_full: str, parent: Record) -> None:
    for child in list(company.records[entity.name].values()):
        ref = child.get("ParentRef")
        if ref and ref["ListID"] == parent["ListID"]:
            old_child = child["_full"]
            company.unindex(entity.name, child)
            ref["FullName"] = parent["_full"]
            child["_full"] = child["FullName"] = f"{parent['_full']}:{child['Name']}"
            child["Sublevel"] = str(int(parent.get("Sublevel", "0")) + 1)
            company.index(entity.name, child, child["ListID"])
            _rename_children(company, entity, old_child, child)


# --- transactions ------------------------------------------------------------------------
def _new_line(company: Company, entity: Entity, tag: str, line: Record, epoch: int) -> Record:
    line = dict(line)
    line.pop("TxnLineID", None)
    line.pop("JournalLineType", None)
    check_lengths(tag, line)
    company.resolve_refs(line, entity.name + "Line")
    return {"TxnLineID": company.new_id("txn", epoch), **line}


def _journal_tag(line: Record) -> str:
    return "JournalCreditLine" if line.get("JournalLineType") == "Credit" else "JournalDebitLine"


def _txn_defaults(company: Company, entity: Entity, record: Record, epoch: int) -> None:
    record.setdefault("TxnDate", datetime.fromtimestamp(epoch, COMPANY_TZ).date().isoformat())
    customer = record.get("CustomerRef")
    if customer and entity.totals in ("invoice", "sales", "credit"):
        source = company.get("Customer", customer["ListID"]) or {}
        for key in ("BillAddress", "ShipAddress", "TermsRef", "ItemSalesTaxRef"):
            if key in source and key not in record:
                record[key] = deepcopy(source[key])
    if entity.totals in ("invoice", "credit") and "ARAccountRef" not in record:
        hit = company.by_full_name(("Account",), "Accounts Receivable")
        if hit:
            record["ARAccountRef"] = {"ListID": hit[1]["ListID"], "FullName": hit[1]["_full"]}
    if entity.totals == "bill" and "APAccountRef" not in record:
        hit = company.by_full_name(("Account",), "Accounts Payable")
        if hit:
            record["APAccountRef"] = {"ListID": hit[1]["ListID"], "FullName": hit[1]["_full"]}


def add_txn(company: Company, entity: Entity, add: Record) -> Record:
    epoch = company.now()
    record = {k: v for k, v in add.items() if k not in {lines.add for lines in entity.lines}}
    check_lengths(entity.ret, record)
    company.resolve_refs(record, entity.name)
    for lines in entity.lines:
        record[lines.ret] = [
            _new_line(company, entity, lines.ret, line, epoch)
            for line in _as_list(add.get(lines.add))
        ]
    _txn_defaults(company, entity, record, epoch)
    record["TxnID"] = company.new_id("txn", epoch)
    company._txn_number = getattr(company, "_txn_number", 0) + 1
    record["TxnNumber"] = str(company._txn_number)
    if entity.totals == "payment":
        apply_payment(company, record)
    compute_totals(company, entity, record)
    company.stamp(record, epoch, created=True)
    company.insert(entity.name, record, record["TxnID"])
    return record


def mod_txn(company: Company, entity: Entity, mod: Record) -> Record:
    record = _current(company, entity, "TxnID", mod)
    line_mods = {lines.mod for lines in entity.lines}
    changes = {k: v for k, v in mod.items() if k not in ("TxnID", "EditSequence", *line_mods)}
    check_lengths(entity.ret, changes)
    company.resolve_refs(changes, entity.name)
    epoch = company.now()
    updated = deepcopy(record)
    _merge(updated, changes)
    for mod_tag in sorted(line_mods):
        if mod_tag in mod:
            _mod_lines(company, entity, updated, mod_tag, _as_list(mod[mod_tag]), epoch)
    compute_totals(company, entity, updated)
    record.clear()
    record.update(updated)
    company.stamp(record, epoch)
    company.version += 1
    return record


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
    for line_mod in mods:
        tag = _journal_tag(line_mod) if entity.name == "JournalEntry" else kinds[0].ret
        line_id = line_mod.get("TxnLineID", "-1")
        if line_id == "-1":
            rebuilt[tag].append(_new_line(company, entity, tag, line_mod, epoch))
            continue
        if line_id not in existing:
            raise status(3120, line_id)
        old_tag, line = existing[line_id]
        changes = {k: v for k, v in line_mod.items() if k not in ("TxnLineID", "JournalLineType")}
        check_lengths(tag, changes)
        company.resolve_refs(changes, entity.name + "Line")
        merged = deepcopy(line)
        _merge(merged, changes)
        if "Amount" not in changes and changes.keys() & {"Quantity", "Rate", "Cost"}:
            merged.pop("Amount", None)  # recomputed from the new quantity and rate
        rebuilt[tag if entity.name == "JournalEntry" else old_tag].append(merged)
    record.update(rebuilt)


def line_amount(line: Record) -> Decimal:
    if line.get("Amount"):
        return dec(line["Amount"])
    quantity = dec(line.get("Quantity")) if line.get("Quantity") else Decimal(1)
    price = line.get("Rate") or line.get("Cost")
    amount = (quantity * dec(price)).quantize(CENT, rounding=ROUND_HALF_UP) if price else None
    if amount is not None:
        line["Amount"] = money(amount)
        return amount
    return Decimal(0)


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
    taxable = sum(
        (
            dec(line["Amount"])
            for line in lines
            if line.get("Amount") and (line.get("SalesTaxCodeRef") or {}).get("FullName") == "Tax"
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
    if entity.totals in ("invoice", "sales", "credit"):
        record.update(Subtotal=money(subtotal), SalesTaxTotal=money(tax), TotalAmount=money(total))
    if entity.totals == "invoice":
        applied = dec(record.get("AppliedAmount"))
        record["AppliedAmount"] = money(applied)
        record["BalanceRemaining"] = money(total + applied)
        record["IsPaid"] = "true" if total + applied <= 0 else "false"
    elif entity.totals == "credit":
        record["CreditRemaining"] = money(total)
    elif entity.totals == "purchase_order":
        record["TotalAmount"] = money(subtotal)
    elif entity.totals == "bill":
        record.update(AmountDue=money(subtotal), OpenAmount=money(subtotal))
        record.setdefault("IsPaid", "false")
    elif entity.totals == "check":
        record["Amount"] = money(subtotal)


def apply_payment(company: Company, record: Record) -> None:
    """AppliedToTxnAdd lines pay invoices down; the Ret lines describe the invoices."""
    applied_lines = []
    for line in record.get("AppliedToTxnRet", []):
        invoice = company.get("Invoice", line.get("TxnID", ""))
        if invoice is None:
            raise status(3140, "Invoice", line.get("TxnID", ""), "ReceivePayment")
        amount = dec(line.get("PaymentAmount"))
        invoice["AppliedAmount"] = money(dec(invoice.get("AppliedAmount")) - amount)
        compute_totals(company, ENTITIES["Invoice"], invoice)
        applied_lines.append(
            {
                "TxnID": invoice["TxnID"],
                "TxnType": "Invoice",
                "TxnDate": invoice["TxnDate"],
                "RefNumber": invoice.get("RefNumber"),
                "BalanceRemaining": invoice["BalanceRemaining"],
                "Amount": money(-amount),
            }
        )
    record["AppliedToTxnRet"] = applied_lines


# --- delete and void ---------------------------------------------------------------------
def delete(company: Company, kind: str, type_name: str, record_id: str) -> Record:
    entity = ENTITIES.get(type_name)
    if entity is None or entity.kind != kind or company.get(type_name, record_id) is None:
        raise status(3120, record_id)
    record = company.remove(type_name, record_id)
    epoch = company.now()
    if kind == "list":
        return {
            "ListDelType": type_name,
            "ListID": record_id,
            "TimeDeleted": format_time(epoch),
            "FullName": record.get("_full"),
        }
    return {
        "TxnDelType": type_name,
        "TxnID": record_id,
        "TimeDeleted": format_time(epoch),
        "RefNumber": record.get("RefNumber"),
    }


def void(company: Company, type_name: str, txn_id: str) -> Record:
    entity = ENTITIES.get(type_name)
    record = company.get(type_name, txn_id) if entity and entity.voidable else None
    if entity is None or record is None:
        raise status(3120, txn_id)
    for kind in entity.lines:
        for line in record.get(kind.ret, []):
            for key in ("Quantity", "Amount"):
                if key in line:
                    line[key] = "0" if key == "Quantity" else "0.00"
    record["Memo"] = "VOID: " + record.get("Memo", "")
    record.pop("AppliedAmount", None)
    compute_totals(company, entity, record)
    company.stamp(record, company.now())
    company.version += 1
    return {
        "TxnVoidType": type_name,
        "TxnID": txn_id,
        "TimeCreated": record["TimeCreated"],
        "TimeModified": record["TimeModified"],
        "RefNumber": record.get("RefNumber"),
    }
