"""Add, Mod, Del and Void of list records; Del and Void of transactions (see txns.py)."""

from __future__ import annotations

from copy import deepcopy

from . import deleted, ledger, links
from .applied import APPLIED, unapply
from .common import current, merge
from .entities import ENTITIES, Entity
from .schema import Record
from .status import status
from .store import Company, format_time
from .txns import add_txn, compute_totals, mod_txn, unapply_payment

__all__ = ["add_list", "add_txn", "delete", "mod_list", "mod_txn", "void"]

RENAMES = {"Contacts": "ContactsRet", "OpenBalance": "Balance"}
LIST_DEFAULTS: dict[str, Record] = {
    "Customer": {"Balance": "0.00", "TotalBalance": "0.00", "JobStatus": "None"},
    "Vendor": {"Balance": "0.00"},
    "Account": {"Balance": "0.00", "TotalBalance": "0.00"},
}
# The word QuickBooks uses for a list type in its messages.
LIST_WORDS = {"StandardTerms": "Terms", "DateDrivenTerms": "Terms", "ItemSalesTax": "Item"}


def _renamed(add: Record | str) -> Record:
    if not isinstance(add, dict):  # an empty <XxxAdd/> parses as text: an Add of no fields
        return {}
    return {RENAMES.get(key, key): value for key, value in add.items()}


EMPLOYEE_NAME_PARTS = ("FirstName", "MiddleName", "LastName")


def _employee_name(record: Record) -> None:
    """QuickBooks Desktop builds an employee's Name from its first, middle and last names
    (the schema's EmployeeAdd/EmployeeMod Name is QuickBooks Online's; the simulator keeps one
    sent anyway, as its seed does); without any of them the employee cannot be saved."""
    name = " ".join(record[part] for part in EMPLOYEE_NAME_PARTS if record.get(part))
    if not name:
        raise status(3180, object="Employee", field="An employee needs a first or last name.")
    record["Name"] = name


def _place(company: Company, entity: Entity, record: Record, own_id: str = "") -> None:
    """Set FullName/Sublevel from Name and ParentRef; 3100 when the name is taken."""
    full = record["Name"]
    if entity.hierarchical:
        parent_ref = record.get("ParentRef")
        if parent_ref:
            parent = company.get(entity.name, parent_ref["ListID"]) or {}
            full = f"{parent['_full']}:{record['Name']}"
            record["Sublevel"] = str(int(parent.get("Sublevel", "0")) + 1)
        else:
            record["Sublevel"] = "0"
        record["FullName"] = full
    if company.name_taken(entity.name, full, own_id):
        raise status(3100, value=record["Name"])
    record["_full"] = full


def add_list(company: Company, entity: Entity, add: Record) -> Record:
    record = _renamed(add)
    company.resolve_refs(record, entity.name)
    if entity.name == "Employee" and "Name" not in record:
        _employee_name(record)
    _place(company, entity, record)
    record = {**LIST_DEFAULTS.get(entity.name, {}), "IsActive": "true", **record}
    epoch = company.now()
    record["ListID"] = company.new_id("list", epoch)
    company.stamp(record, epoch, created=True)
    company.insert(entity.name, record, record["ListID"])
    return record


def mod_list(company: Company, entity: Entity, mod: Record) -> Record:
    record = current(company, entity, "ListID", mod)
    changes = _renamed({k: v for k, v in mod.items() if k not in ("ListID", "EditSequence")})
    company.resolve_refs(changes, entity.name)
    updated = deepcopy(record)
    merge(updated, changes)
    renamed = any(part in changes for part in EMPLOYEE_NAME_PARTS) and "Name" not in changes
    if entity.name == "Employee" and renamed:
        _employee_name(updated)
    old_full = record.get("_full")
    if old_full is not None:
        _place(company, entity, updated, record["ListID"])
    company.replace(entity.name, record, updated)
    if old_full is not None and old_full != record["_full"]:
        _rename_children(company, entity, record)
    company.stamp(record, company.now())
    return record


def _rename_children(company: Company, entity: Entity, parent: Record) -> None:
    for child in list(company.records[entity.name].values()):
        parent_ref = child.get("ParentRef")
        if parent_ref and parent_ref["ListID"] == parent["ListID"]:
            updated = deepcopy(child)
            updated["ParentRef"]["FullName"] = parent["_full"]
            updated["_full"] = updated["FullName"] = f"{parent['_full']}:{child['Name']}"
            updated["Sublevel"] = str(int(parent.get("Sublevel", "0")) + 1)
            company.replace(entity.name, child, updated)
            _rename_children(company, entity, child)


def delete(company: Company, kind: str, type_name: str, record_id: str) -> Record:
    entity = ENTITIES.get(type_name)
    record = company.get(type_name, record_id) if entity and entity.kind == kind else None
    if record is None:
        raise status(3120, value=record_id)
    if kind == "list" and company.uses[record_id] > 0:
        word = LIST_WORDS.get(type_name, type_name)
        raise status(3176, object=word, value=record.get("_full", record_id))
    ledger.apply(company, ledger.effect(type_name, record), -1)
    if type_name == "ReceivePayment":
        unapply_payment(company, record)
    elif entity is not None and entity.totals in APPLIED:
        unapply(company, entity.totals, record)
    if kind == "txn":
        links.unlink(company, record)
    company.remove(type_name, record_id)
    epoch = company.now()
    deleted.remember(company, kind, type_name, record, epoch)
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
        raise status(3120, value=txn_id)
    before = ledger.effect(type_name, record)
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
    ledger.apply(company, before, -1)
    ledger.apply(company, ledger.effect(type_name, record))
    return {
        "TxnVoidType": type_name,
        "TxnID": txn_id,
        "TimeCreated": record["TimeCreated"],
        "TimeModified": record["TimeModified"],
        "RefNumber": record.get("RefNumber"),
    }


# SpecialItemAdd: QuickBooks makes the item under its own name, as the item kind it is.
SPECIAL_ITEMS = {
    "FinanceCharge": ("ItemOtherCharge", "Finance Charge"),
    "ReimbursableExpenseGroup": ("ItemGroup", "Reimb Group"),
    "ReimbursableExpenseSubtotal": ("ItemSubtotal", "Reimb Subt"),
}


def add_special_item(company: Company, add: Record) -> tuple[str, Record]:
    """The special item's Ret name and record (3100 when the company already has it)."""
    entity_name, name = SPECIAL_ITEMS[add["SpecialItemType"]]
    data = {"Name": name, "SpecialItemType": add["SpecialItemType"]}
    if add.get("ExternalGUID"):
        data["ExternalGUID"] = add["ExternalGUID"]
    return f"{entity_name}Ret", add_list(company, ENTITIES[entity_name], data)
