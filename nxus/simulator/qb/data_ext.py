"""Data extensions (custom fields) the way QuickBooks keeps them: definitions per owner
(DataExtDefAdd/Mod/Del/Query) and values on list records, transactions and their lines
(DataExtAdd/Mod/Del, DataExt inside line Adds), returned as DataExtRet by the queries.

QuickBooks refuses a value for a field that is not defined (3120), for an object type the field
is not assigned to, a value longer than its type holds (3070), an object that does not exist
(3120/3140) and a second Add of the same value (3100)."""

from __future__ import annotations

from collections.abc import Iterator

from .common import as_list
from .entities import ENTITIES
from .schema import Record
from .status import Status, status
from .store import Company, format_time

_LONGEST = {"STR255TYPE": 255, "STR1024TYPE": 1024}
# ListDataExtType "Item" covers every kind of item.
_ITEM_ENTITIES = tuple(e.name for e in ENTITIES.values() if e.query_group == "Item")
# The simulator's statusCode for a value on an object type its field is not assigned to (an
# Error with QuickBooks' explanation as the message; the reference names no code of its own).
NOT_ASSIGNED = 3260
DEF_FIELDS = ("OwnerID", "DataExtID", "DataExtName", "DataExtType", "AssignToObject")


def _defs(company: Company) -> dict[tuple[str, str], Record]:
    return company.data_ext_defs


def _key(owner: str, name: str) -> tuple[str, str]:
    return owner.upper(), name.lower()


def _definition(company: Company, owner: str, name: str) -> Record:
    found = _defs(company).get(_key(owner, name))
    if found is None:
        raise status(3120, value=name)
    return found


def _def_ret(record: Record) -> Record:
    return {
        **{k: record[k] for k in DEF_FIELDS if k in record},
        "DataExtListRequire": "false",
        "DataExtTxnRequire": "false",
        "DataExtFormatString": "",
    }


# --- definitions -------------------------------------------------------------------------------


def query_defs(company: Company, q: Record) -> list[tuple[str, Record, None]]:
    owners = {o.upper() for o in as_list(q.get("OwnerID"))}
    assigned = set(as_list(q.get("AssignToObject")))
    found = [
        d
        for d in _defs(company).values()
        if (not owners or d["OwnerID"].upper() in owners)
        and (not assigned or assigned & set(d["AssignToObject"]))
    ]
    if not owners and not assigned:
        found = [d for d in found if d["OwnerID"] == "0"]
    if not found:
        raise status(1)
    return [("DataExtDefRet", _def_ret(d), None) for d in found]


def add_def(company: Company, add: Record) -> list[tuple[str, Record, None]]:
    owner, name = add["OwnerID"], add["DataExtName"]
    if _key(owner, name) in _defs(company):
        raise status(3100, value=name)
    company.data_ext_seq += 1
    record = {
        "OwnerID": owner,
        "DataExtID": str(company.data_ext_seq),
        "DataExtName": name,
        "DataExtType": add["DataExtType"],
        "AssignToObject": list(dict.fromkeys(as_list(add.get("AssignToObject")))),
    }
    _defs(company)[_key(owner, name)] = record
    return [("DataExtDefRet", _def_ret(record), None)]


def mod_def(company: Company, mod: Record) -> list[tuple[str, Record, None]]:
    owner, name = mod["OwnerID"], mod["DataExtName"]
    record = _definition(company, owner, name)
    new_name = mod.get("DataExtNewName")
    if new_name and _key(owner, new_name) != _key(owner, name):
        if _key(owner, new_name) in _defs(company):
            raise status(3100, value=new_name)
        del _defs(company)[_key(owner, name)]
        _rename_values(company, owner, name, new_name)
        record["DataExtName"] = new_name
        _defs(company)[_key(owner, new_name)] = record
    removed = set(as_list(mod.get("RemoveFromObject")))
    kept = [o for o in record["AssignToObject"] if o not in removed]
    record["AssignToObject"] = list(dict.fromkeys(kept + as_list(mod.get("AssignToObject"))))
    return [("DataExtDefRet", _def_ret(record), None)]


def del_def(company: Company, request: Record) -> list[tuple[str, Record, None]]:
    owner, name = request["OwnerID"], request["DataExtName"]
    record = _definition(company, owner, name)
    del _defs(company)[_key(owner, name)]
    for holder in _holders(company):
        holder["DataExtRet"] = [v for v in holder.get("DataExtRet", []) if not _is(v, owner, name)]
    deleted = {
        "OwnerID": record["OwnerID"],
        "DataExtName": record["DataExtName"],
        "TimeDeleted": format_time(company.now()),
    }
    return [("DataExtDefDelRet", deleted, None)]


def _rename_values(company: Company, owner: str, old: str, new: str) -> None:
    for holder in _holders(company):
        for value in holder.get("DataExtRet", []):
            if _is(value, owner, old):
                value["DataExtName"] = new


def _holders(company: Company) -> Iterator[Record]:
    """Every record and line that may hold values."""
    yield company.company_data_ext
    for records in company.records.values():
        for record in records.values():
            if "DataExtRet" in record:
                yield record
            yield from _lines(record)


def _lines(record: Record) -> Iterator[Record]:
    for key, value in record.items():
        if key.endswith("LineRet") or key.endswith("LineGroupRet"):
            for line in as_list(value):
                if isinstance(line, dict):
                    yield line
                    yield from _lines(line)


def _is(value: Record, owner: str, name: str) -> bool:
    return _key(value["OwnerID"], value["DataExtName"]) == _key(owner, name)


# --- values ------------------------------------------------------------------------------------


def write_value(company: Company, op: str, body: Record) -> list[tuple[str, Record, None]]:
    """DataExtAdd ("Add"), DataExtMod ("Mod") or DataExtDel ("Del") of one value."""
    owner, name = body["OwnerID"], body["DataExtName"]
    definition = _definition(company, owner, name)
    object_type = (
        body.get("ListDataExtType") or body.get("TxnDataExtType") or body["OtherDataExtType"]
    )
    _check_assigned(definition, object_type)
    holder = _holder(company, body, object_type)
    values = holder.setdefault("DataExtRet", [])
    current = next((v for v in values if _is(v, owner, name)), None)
    if op == "Del":
        if current is None:
            raise status(3120, value=name)
        values.remove(current)
        deleted = {k: body[k] for k in body if k != "DataExtValue"}
        return [("DataExtDelRet", {**deleted, "TimeDeleted": format_time(company.now())}, None)]
    if op == "Add" and current is not None:
        raise status(3100, value=name)
    if op == "Mod" and current is None:
        raise status(3120, value=name)
    value = _checked_value(definition, body["DataExtValue"])
    if current is None:
        current = {"OwnerID": definition["OwnerID"], "DataExtName": definition["DataExtName"]}
        values.append(current)
    current |= {"DataExtType": definition["DataExtType"], "DataExtValue": value}
    return [("DataExtRet", dict(current), None)]


def _check_assigned(definition: Record, object_type: str) -> None:
    if definition["OwnerID"] == "0" and object_type not in definition["AssignToObject"]:
        raise Status(
            NOT_ASSIGNED,
            {"value": f"{definition['DataExtName']} is not assigned to {object_type}"},
        )


def _checked_value(definition: Record, value: str) -> str:
    longest = _LONGEST.get(definition["DataExtType"])
    if longest is not None and len(value) > longest:
        raise status(3070, value=value[:40], field="DataExtValue")
    return value


def _holder(company: Company, body: Record, object_type: str) -> Record:
    if body.get("OtherDataExtType"):
        return company.company_data_ext
    if body.get("ListDataExtType"):
        names = _ITEM_ENTITIES if object_type == "Item" else (object_type,)
        ref = body.get("ListObjRef") or {}
        found = company.find(names, ref)
        if found is None:
            shown = ref.get("ListID") or ref.get("FullName") or ""
            raise status(3140, object=object_type, value=shown, field="ListObjRef")
        return found[1]
    record = company.get(object_type, body["TxnID"]) if object_type in ENTITIES else None
    if record is None:
        raise status(3120, value=body["TxnID"])
    line_id = body.get("TxnLineID")
    if not line_id:
        return record
    line = next((li for li in _lines(record) if li.get("TxnLineID") == line_id), None)
    if line is None:
        raise status(3120, value=line_id)
    return line


def line_values(company: Company, entity_name: str, line: Record) -> None:
    """DataExt of a line Add -> the line's DataExtRet, checked like a DataExtAdd."""
    added = as_list(line.pop("DataExt", None))
    values = []
    for one in added:
        definition = _definition(company, one["OwnerID"], one["DataExtName"])
        _check_assigned(definition, entity_name)
        values.append(
            {
                "OwnerID": definition["OwnerID"],
                "DataExtName": definition["DataExtName"],
                "DataExtType": definition["DataExtType"],
                "DataExtValue": _checked_value(definition, one["DataExtValue"]),
            }
        )
    if values:
        line["DataExtRet"] = values


def owned(values: list[Record], owners: set[str]) -> list[Record]:
    """The values of the owners a query asked for (OwnerID), none when it asked for none."""
    wanted = {o.upper() for o in owners}
    return [v for v in values if str(v.get("OwnerID", "")).upper() in wanted]
