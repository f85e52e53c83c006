"""Custom fields (qbXML data extensions): SDK-style JSON <-> DataExtDef* and DataExt* requests.

Definitions: `{ownerId, name, type, assignToObjects[]}` <-> DataExtDefAdd/Mod/Del/Query.
Values on one object: `{ownerId, name, value, objectType, objectId, lineId?}` <->
DataExtAdd/Mod/Del; `objectType` is QuickBooks' object name ("Customer", "Invoice", "Company").
`ownerId` is "0" (public: shown in QuickBooks) unless a GUID names a private owner.

Everything a request carries is checked here against the schema's enumerations and, when the
caller knows the field's definition (`Definition`), against it: the type's values and the
object types a public field is assigned to. A public field's value holds at most 255
characters, a private one's 1024 (STR1024TYPE) unless its known definition says less.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from nxus.qbxml import spec
from nxus.qbxml.builder import NOT_XML
from nxus.resources.model import ResourceValidationError

PUBLIC_OWNER = "0"
DEFINITIONS = "custom_field_definitions"
VALUES = "custom_fields"
DEFINITION_OBJECT = "qbd_custom_field_definition"
VALUE_OBJECT = "qbd_custom_field"
MAX_VALUE = 255  # public fields, and every field whose definition is not known
MAX_LONG_VALUE = 1024  # STR1024TYPE (private fields only)

_GUID = re.compile(r"^\{?[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?$")
_DEF_ADD = "DataExtDefAddRq/DataExtDefAdd"
_ADD = "DataExtAddRq/DataExtAdd"


def field_types() -> tuple[str, ...]:
    return spec.enum_values(f"{_DEF_ADD}/DataExtType") or ()


def assignable_objects() -> tuple[str, ...]:
    return spec.enum_values(f"{_DEF_ADD}/AssignToObject") or ()


def list_object_types() -> tuple[str, ...]:
    return spec.enum_values(f"{_ADD}/ListDataExtType") or ()


def txn_object_types() -> tuple[str, ...]:
    return spec.enum_values(f"{_ADD}/TxnDataExtType") or ()


def other_object_types() -> tuple[str, ...]:
    return spec.enum_values(f"{_ADD}/OtherDataExtType") or ()


@dataclass(frozen=True)
class Definition:
    """What nXus last learned of a field's definition (from QuickBooks' own answers)."""

    owner_id: str
    name: str
    type: str
    assign_to_objects: tuple[str, ...]


# --- reading the JSON --------------------------------------------------------------------------


def owner_id(raw: Any, field: str = "ownerId") -> str:
    """ "0" (public, the default) or a GUID, normalised to QuickBooks' braced upper case."""
    if raw is None or raw == "":
        return PUBLIC_OWNER
    if not isinstance(raw, str):
        raise ResourceValidationError(field, 'must be "0" (public) or a GUID')
    text = raw.strip()
    if text == PUBLIC_OWNER:
        return text
    if not _GUID.match(text):
        raise ResourceValidationError(field, f'must be "0" (public) or a GUID, not {raw!r}')
    return "{" + text.strip("{}").upper() + "}"


def owner_ids(raw: Any) -> list[str]:
    """The `ownerIds` list parameter (repeated, comma separated or a JSON-ish list)."""
    if raw is None or raw == "":
        return [PUBLIC_OWNER]
    items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    out = [owner_id(i if isinstance(i, str) else None, "ownerIds") for i in items if i != ""]
    return list(dict.fromkeys(out)) or [PUBLIC_OWNER]


def field_name(raw: Any, field: str = "name") -> str:
    limit = spec.max_length(f"{_DEF_ADD}/DataExtName") or 31
    if not isinstance(raw, str) or not raw.strip():
        raise ResourceValidationError(field, "required: the custom field's name")
    if len(raw) > limit:
        raise ResourceValidationError(field, f"at most {limit} characters ({len(raw)} given)")
    bad = NOT_XML.search(raw)
    if bad is not None:
        message = f"holds a character QuickBooks cannot store ({bad[0]!r})"
        raise ResourceValidationError(field, message)
    return raw


def _one_of(raw: Any, allowed: Sequence[str], field: str) -> str:
    if isinstance(raw, str):
        for value in allowed:
            if value.lower() == raw.strip().lower():
                return value
    raise ResourceValidationError(field, f"must be one of {', '.join(allowed)}; got {raw!r}")


def field_type(raw: Any) -> str:
    return _one_of(raw, field_types(), "type")


def objects(raw: Any, field: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        raise ResourceValidationError(field, "must be a list of QuickBooks object types")
    allowed = assignable_objects()
    picked = [_one_of(item, allowed, f"{field}[{i}]") for i, item in enumerate(raw)]
    return list(dict.fromkeys(picked))


def _refuse_unknown(data: Mapping[str, Any], known: Sequence[str]) -> None:
    for key in data:
        if key not in known:
            raise ResourceValidationError(key, f"unknown field (known: {', '.join(known)})")


# --- definitions -------------------------------------------------------------------------------

_DEF_CREATE = ("ownerId", "name", "type", "assignToObjects")
_DEF_UPDATE = ("ownerId", "name", "newName", "assignToObjects", "removeFromObjects")


def definitions_query(params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """DataExtDefQuery: by owner (`ownerIds`, default public) or by `assignToObjects`."""
    _refuse_unknown(params, ("ownerIds", "assignToObjects"))
    assigned = objects(params.get("assignToObjects"), "assignToObjects")
    if assigned and params.get("ownerIds") not in (None, ""):
        raise ResourceValidationError("assignToObjects", "cannot be combined with ownerIds")
    if assigned:
        return "DataExtDefQueryRq", {"AssignToObject": assigned}
    return "DataExtDefQueryRq", {"OwnerID": owner_ids(params.get("ownerIds"))}


def definition_add(data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    _refuse_unknown(data, _DEF_CREATE)
    body: dict[str, Any] = {
        "OwnerID": owner_id(data.get("ownerId")),
        "DataExtName": field_name(data.get("name")),
        "DataExtType": field_type(data.get("type")),
    }
    assigned = objects(data.get("assignToObjects"), "assignToObjects")
    if body["OwnerID"] == PUBLIC_OWNER:
        if not assigned:
            raise ResourceValidationError(
                "assignToObjects", "a public custom field must be assigned to an object type"
            )
        if body["DataExtType"] == "STR1024TYPE":
            raise ResourceValidationError("type", "a public custom field holds 255 characters")
    if assigned:
        body["AssignToObject"] = assigned
    return "DataExtDefAddRq", {"DataExtDefAdd": body}


def definition_mod(name: str, data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    _refuse_unknown(data, _DEF_UPDATE)
    if data.get("name") not in (None, name):
        raise ResourceValidationError("name", "rename with newName; name is the path's name")
    body: dict[str, Any] = {
        "OwnerID": owner_id(data.get("ownerId")),
        "DataExtName": field_name(name),
    }
    if data.get("newName") is not None:
        body["DataExtNewName"] = field_name(data["newName"], "newName")
    added = objects(data.get("assignToObjects"), "assignToObjects")
    removed = objects(data.get("removeFromObjects"), "removeFromObjects")
    if added:
        body["AssignToObject"] = added
    if removed:
        body["RemoveFromObject"] = removed
    if len(body) == 2:
        raise ResourceValidationError("", "send newName, assignToObjects or removeFromObjects")
    return "DataExtDefModRq", {"DataExtDefMod": body}


def definition_del(name: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    _refuse_unknown(params, ("ownerId",))
    return "DataExtDefDelRq", {
        "OwnerID": owner_id(params.get("ownerId")),
        "DataExtName": field_name(name),
    }


def definition_json(record: Mapping[str, Any]) -> dict[str, Any]:
    """DataExtDefRet -> the definition's JSON."""
    assigned = record.get("AssignToObject") or []
    return {
        "id": record.get("DataExtID"),
        "objectType": DEFINITION_OBJECT,
        "ownerId": record.get("OwnerID"),
        "name": record.get("DataExtName"),
        "type": record.get("DataExtType"),
        "assignToObjects": [assigned] if isinstance(assigned, str) else list(assigned),
        "formatString": record.get("DataExtFormatString"),
    }


def definition_of(item: Mapping[str, Any]) -> Definition:
    """A definition's JSON (definition_json) as the facts validation needs."""
    return Definition(
        str(item.get("ownerId") or PUBLIC_OWNER),
        str(item.get("name") or ""),
        str(item.get("type") or ""),
        tuple(item.get("assignToObjects") or ()),
    )


# --- values on one object ----------------------------------------------------------------------

_VALUE_FIELDS = ("ownerId", "name", "value", "objectType", "objectId", "lineId")


def value_request(
    action: str, data: Mapping[str, Any], known: Definition | None = None
) -> tuple[str, dict[str, Any]]:
    """DataExtAdd (create), DataExtMod (update) or DataExtDel (delete) of one value; `known`
    is the field's definition when nXus knows it (assignment and type are checked then)."""
    _refuse_unknown(data, _VALUE_FIELDS)
    body: dict[str, Any] = {
        "OwnerID": owner_id(data.get("ownerId")),
        "DataExtName": field_name(data.get("name")),
    }
    body |= _target(data)
    object_type = next(v for k, v in body.items() if k.endswith("DataExtType"))
    # Public fields show on the object types they are assigned to; private data goes anywhere.
    public = known is not None and known.owner_id == PUBLIC_OWNER
    if known is not None and public and object_type not in known.assign_to_objects:
        raise ResourceValidationError(
            "objectType",
            f"custom field {known.name!r} is not assigned to {object_type} (it is assigned to "
            f"{', '.join(known.assign_to_objects) or 'nothing'})",
        )
    if action != "delete":
        body["DataExtValue"] = field_value(data.get("value"), known, body["OwnerID"])
    elif data.get("value") is not None:
        raise ResourceValidationError("value", "a delete takes no value")
    element = {"create": "DataExtAdd", "update": "DataExtMod", "delete": "DataExtDel"}[action]
    return f"{element}Rq", {element: body}


def _target(data: Mapping[str, Any]) -> dict[str, Any]:
    kinds = (*list_object_types(), *txn_object_types(), *other_object_types())
    object_type = _one_of(data.get("objectType"), kinds, "objectType")
    object_id, line_id = data.get("objectId"), data.get("lineId")
    if object_type in other_object_types():
        if object_id not in (None, ""):
            raise ResourceValidationError("objectId", f"{object_type} takes no objectId")
        return {"OtherDataExtType": object_type}
    if not isinstance(object_id, str) or not object_id.strip() or len(object_id) > 36:
        raise ResourceValidationError("objectId", f"required: the id of the {object_type}")
    if object_type in list_object_types():
        if line_id is not None:
            raise ResourceValidationError("lineId", "only transactions have lines")
        return {"ListDataExtType": object_type, "ListObjRef": {"ListID": object_id.strip()}}
    target = {"TxnDataExtType": object_type, "TxnID": object_id.strip()}
    if line_id is not None:
        if not isinstance(line_id, str) or not line_id.strip() or len(line_id) > 36:
            raise ResourceValidationError("lineId", "must be the id of a transaction line")
        target["TxnLineID"] = line_id.strip()
    return target


def field_value(raw: Any, known: Definition | None = None, owner: str = PUBLIC_OWNER) -> str:
    """The value as QuickBooks' text: a string, or a number where the type is numeric. At most
    255 characters, 1024 for a private field (STR1024TYPE) unless its definition says less."""
    if isinstance(raw, bool) or raw is None:
        raise ResourceValidationError("value", "required: a string")
    text = str(raw) if isinstance(raw, int | float | Decimal) else raw
    if not isinstance(text, str) or text == "":
        raise ResourceValidationError("value", "required: a non-empty string")
    if known is not None:
        limit = MAX_LONG_VALUE if known.type == "STR1024TYPE" else MAX_VALUE
    else:
        limit = MAX_VALUE if owner == PUBLIC_OWNER else MAX_LONG_VALUE
    if len(text) > limit:
        raise ResourceValidationError("value", f"at most {limit} characters ({len(text)} given)")
    if known is not None:
        _check_typed(text, known.type)
    return text


_NUMERIC = frozenset({"AMTTYPE", "PRICETYPE", "PERCENTTYPE", "QUANTYPE"})


def _check_typed(text: str, kind: str) -> None:
    if kind == "INTTYPE" and not re.fullmatch(r"[+-]?\d+", text.strip()):
        raise ResourceValidationError("value", f"must be a whole number ({kind})")
    if kind in _NUMERIC:
        try:
            Decimal(text)
        except InvalidOperation:
            raise ResourceValidationError("value", f"must be a number ({kind})") from None


def value_json(request: Mapping[str, Any], record: Mapping[str, Any]) -> dict[str, Any]:
    """DataExtRet (after an add or a mod) or DataExtDelRet -> the value's JSON; the object is
    the request's own (QuickBooks' DataExtRet does not name it)."""
    body = next(iter(request.values()))
    return {
        "objectType": VALUE_OBJECT,
        "ownerId": record.get("OwnerID", body["OwnerID"]),
        "name": record.get("DataExtName", body["DataExtName"]),
        "type": record.get("DataExtType"),
        "value": record.get("DataExtValue"),
        "object": {
            "type": next(v for k, v in body.items() if k.endswith("DataExtType")),
            "id": body.get("TxnID") or (body.get("ListObjRef") or {}).get("ListID"),
            "lineId": body.get("TxnLineID"),
        },
    }
