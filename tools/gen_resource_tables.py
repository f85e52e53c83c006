"""Draft resource tables (JSON alias -> qbXML element) from the SDK's models and the schema.

    .venv/bin/python tools/gen_resource_tables.py Deposit deposit Deposit CreateDepositRequest \
        UpdateDepositRequest

prints a response table (`{qb}Ret`), a create table (`{qb}AddRq/{qb}Add`) and an update table
(`{qb}ModRq/{qb}Mod`) as Python source for nxus/resources/defs/. A field is matched by, in
order: the element its SDK description names ("The TxnLineID associated with ...",
"... Pattern for AccountRef"), its alias in PascalCase with the usual QuickBooks
abbreviations (Transaction -> Txn, Description -> Desc, ...), `Ref` for references and `xxxId`,
`{Name}Ret`/`Add`/`Mod` for nested models and lines. What nothing matches is None (the SDK
declares it, QuickBooks has no element: null in responses, refused on input); the output is
reviewed like the rest of the tables, and the unit tests hold every table to the SDK and the
schema. A development tool: nothing imports it.
"""

from __future__ import annotations

import enum
import importlib
import re
import sys
import typing
from typing import Any

from pydantic import BaseModel

from nxus.qbxml import spec
from nxus.resources.model import snake_case

ABBREVIATIONS = (
    ("Transaction", "Txn"),
    ("Description", "Desc"),
    ("Percentage", "Pct"),
    ("Percent", "Pct"),
    ("Billing", "Bill"),
    ("Shipping", "Ship"),
    ("Number", "Number"),
    ("Identifier", "ID"),
    ("Reference", "Ref"),
    ("Quantity", "Quantity"),
    ("Message", "Msg"),
)
HEADER = {
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
    "externalId": "ExternalGUID",
    "fullname": "FullName",
    "fullName": "FullName",
    "parent": "ParentRef",
    "parentId": "ParentRef",
    "shipmentOrigin": "FOB",
    "fob": "FOB",
    "payee": "PayeeEntityRef",
    "payeeId": "PayeeEntityRef",
    "payablesAccount": "APAccountRef",
    "payablesAccountId": "APAccountRef",
    "receivablesAccount": "ARAccountRef",
    "receivablesAccountId": "ARAccountRef",
    "isQueuedForPrint": "IsToBePrinted",
    "type": "TxnType",
    "paymentAmount": "Amount",
}
# Aliases whose element QuickBooks names quite otherwise (any that exists at the path wins).
SYNONYMS = {
    "description": ("ItemDesc", "SiteDesc", "Desc"),
    "shouldPrintItemsInGroup": ("IsPrintItemsInGroup",),
    "cogsAccountId": ("COGSAccountRef",),
    "cogsAccount": ("COGSAccountRef",),
    "preferredVendorId": ("PrefVendorRef",),
    "sku": ("ManufacturerPartNumber",),
    "buildNotificationThreshold": ("BuildPoint",),
    "maximumQuantityOnHand": ("Max",),
    "value": ("BarCodeValue",),
    "barcode": ("BarCode",),
    "barCodeValue": ("BarCode",),
    "dueDayOfMonth": ("DayOfMonthDue",),
    "gracePeriod": ("DueNextMonthDays",),
    "address": ("OtherNameAddress", "SiteAddress", "Address"),
    "alternatePhone": ("AltPhone",),
    "alternateContact": ("AltContact",),
    "parentId": ("ParentSiteRef", "ParentRef"),
    "billingRateItems": ("BillingRatePerItem",),
    "rateEntries": ("RateEntry",),
    "salesDescription": ("SalesDesc",),
    "purchaseOrderNumber": ("PONumber",),
    "warrantyExpirationDate": ("WarrantyExpDate",),
    "externalid": ("ExternalGUID",),
    "specialItemType": ("SpecialItemType",),
    "bill": ("BillToPay",),
    "credit": ("CreditToApply",),
}
_HINTS = (
    re.compile(r"[Pp]attern for (\w+)"),
    re.compile(r"^The (\w+) associated with"),
    re.compile(r"\bthe (\w+(?:Ref|ID|Txn\w*))\b"),
)


def pascal(alias: str) -> str:
    text = alias[:1].upper() + alias[1:]
    return re.sub(r"Line(\d)$", r"Addr\1", text)


def candidates(alias: str, description: str, request: bool) -> list[str]:
    found: list[str] = []
    for hint in _HINTS:
        found += hint.findall(description or "")
    if alias in HEADER:
        found.append(HEADER[alias])
    found += SYNONYMS.get(alias, ())
    stems = [pascal(alias)]
    if request and alias.endswith("Id"):
        stems = [pascal(alias[:-2]), pascal(alias[:-2]) + "ID", pascal(alias)]
    if request and alias.endswith("Ids"):
        stems = [pascal(alias[:-3])]
    more: list[str] = []
    for stem in stems:
        variants = {stem}
        for long, short in ABBREVIATIONS:
            variants |= {v.replace(long, short) for v in variants}
        variants |= {re.sub(r"^Is", "", v) for v in variants}
        for v in sorted(variants, key=lambda s: (s != stem, s)):
            more += [v, v + "Ref", v.replace("Id", "ID"), v + "Ret", v[:-1] + "Ret"]
    return found + more


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The nested model of a field and whether the field is a list."""
    is_list = False
    args = [annotation]
    while args:
        a = args.pop()
        origin = typing.get_origin(a)
        if origin is list:
            is_list = True
        if isinstance(a, type) and issubclass(a, BaseModel):
            if a.__name__ == "QbdRef":
                return None, is_list
            return a, is_list
        args += list(typing.get_args(a))
    return None, is_list


def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    args = [annotation]
    while args:
        a = args.pop()
        if isinstance(a, type) and issubclass(a, enum.Enum):
            return a
        args += list(typing.get_args(a))
    return None


def _literal(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)[0]
    for a in typing.get_args(annotation):
        found = _literal(a)
        if found:
            return found
    return None


def _is_str(annotation: Any) -> bool:
    return annotation is str or str in typing.get_args(annotation)


_NUMERIC = {"AMTTYPE", "PRICETYPE", "QUANTYPE", "PERCENTTYPE", "FLOATTYPE", "INTTYPE"}


def shape(model: type[BaseModel], path: str, request: bool, lines: str, depth: int = 0) -> str:
    """Python source of the table for `model` at the element `path`."""
    kids = {c.name: c for c in spec.children(path)}
    pad = "    " * (depth + 1)
    out = ["{"]
    for key, field in model.model_fields.items():
        alias = field.alias or key
        if alias == "objectType" and depth == 0:
            continue  # the Variant's object type
        if alias == "objectType":
            label = _literal(field.annotation) or f"qbd_{snake_case(model.__name__)}"
            out.append(f'{pad}"objectType": Const("{label}"),')
            continue
        source = _source(alias, field, path, kids, request, lines, depth)
        out.append(f"{pad}{alias!r}: {source},".replace("'", '"'))
    out.append("    " * depth + "}")
    return "\n".join(out)


def _object_type(field: Any) -> str:
    return "qbd_line"


def _source(alias, field, path, kids, request, lines, depth) -> str:  # noqa: ANN001, C901
    if alias == "objectType":
        return f"Const({_literal(field.annotation) or _object_type(field)!r})"
    if alias == "id":
        for name in ("ListID", "TxnLineID", "TxnID"):
            if name in kids:
                return repr(name)
        return "None"
    if alias == "customFields":
        if request or "DataExtRet" not in kids:
            return "None"
        return 'Nest("DataExtRet", DATA_EXT_RET)'
    if alias == "linkedTransactions":
        return "LINKED_TRANSACTIONS" if "LinkedTxn" in kids else "None"
    nested, is_list = _model_of(field.annotation)
    suffix = "Add" if request and "Add" in path.split("/")[-1] else ("Mod" if request else "Ret")
    names = candidates(alias, field.description or "", request)
    if nested is not None:
        stems = [pascal(alias)]
        for long, short in ABBREVIATIONS + (("Apply", "Applied"), ("Transaction", "Txn")):
            stems += [s.replace(long, short) for s in stems]
        if alias == "lines" or alias == "lineItems":
            names = [f"{lines}Line{suffix}", f"{lines}Line", *names]
        for stem in reversed(stems):
            if stem.endswith("s"):
                names = [stem[:-1] + suffix, stem[:-1], *names]
            names = [stem + suffix, stem, *names]
        for name in names:
            child = kids.get(name)
            if child is not None and child.type_key:
                inner = shape(nested, f"{path}/{name}", request, lines, depth + 1)
                return f"Nest({name!r}, {inner})"
        return "None"
    for name in names:
        child = kids.get(name)
        if child is None:
            continue
        if child.type_key and not name.endswith("Ref"):
            continue
        simple = spec.simple_type(f"{path}/{name}")
        choices = _enum_of(field.annotation)
        if choices is not None and simple is not None and simple.enum:
            return _enum(name, choices, simple.enum)
        if simple is not None and simple.base in _NUMERIC and _is_str(field.annotation):
            return f"Text({name!r})"
        return repr(name)
    return "None"


def _enum(name: str, choices: type[enum.Enum], qb: tuple[str, ...]) -> str:
    sdk = [str(c.value) for c in choices]
    if set(sdk) <= set(qb):
        return repr(name)
    if all(snake_case(v) in sdk for v in qb):
        return f"Enum({name!r}, snake=True)"
    norm = {re.sub(r"[^a-z0-9]", "", v.lower()): v for v in sdk}
    mapping = {v: norm[k] for v in qb if (k := re.sub(r"[^a-z0-9]", "", v.lower())) in norm}
    return f"Enum({name!r}, {mapping!r})"


def tables(qb: str, module_name: str, ret: str, create: str, update: str) -> str:
    module = importlib.import_module(f"nxus_qbd.models.qbd.{module_name}")
    upper = snake_case(qb).upper()
    out = [f"{upper}: Shape = {shape(getattr(module, ret), f'{qb}Ret', False, qb)}\n"]
    if create != "-" and f"{qb}AddRq" in spec.request_types():
        table = shape(getattr(module, create), f"{qb}AddRq/{qb}Add", True, qb)
        out.append(f"{upper}_CREATE: Shape = {table}\n")
    if update != "-" and f"{qb}ModRq" in spec.request_types():
        model = getattr(module, update)
        fields = {k: f for k, f in model.model_fields.items() if k != "revision_number"}
        trimmed = type(model.__name__, (BaseModel,), {"__annotations__": {}})
        trimmed.model_fields = fields  # type: ignore[misc]
        table = shape(trimmed, f"{qb}ModRq/{qb}Mod", True, qb)
        out.append(f"{upper}_UPDATE: Shape = {table}\n")
    return "\n".join(out)


def main(argv: list[str]) -> None:
    if len(argv) == 1:  # a file of "Qb module Ret Create Update" lines
        with open(argv[0]) as batch:
            for line in batch:
                if line.strip() and not line.startswith("#"):
                    print(tables(*line.split()))
        return
    qb, module_name, ret_model, create_model, update_model = argv[:5]
    module = importlib.import_module(f"nxus_qbd.models.qbd.{module_name}")
    upper = snake_case(qb).upper()
    print(f"{upper}: Shape = {shape(getattr(module, ret_model), f'{qb}Ret', False, qb)}\n")
    if create_model != "-":
        table = shape(getattr(module, create_model), f"{qb}AddRq/{qb}Add", True, qb)
        print(f"{upper}_CREATE: Shape = {table}\n")
    if update_model != "-":
        model = getattr(module, update_model)
        fields = {k: f for k, f in model.model_fields.items() if k != "revision_number"}
        trimmed = type(model.__name__, (BaseModel,), {"__annotations__": {}})
        trimmed.model_fields = fields  # type: ignore[misc]
        table = shape(trimmed, f"{qb}ModRq/{qb}Mod", True, qb)
        print(f"{upper}_UPDATE: Shape = {table}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
