"""SDK list parameters (SPEC §2.3) -> the body of a XxxQueryRq, as a table of filters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from nxus.qbxml import spec
from nxus.resources import custom_fields
from nxus.resources.model import Nest, Resource, ResourceValidationError
from nxus.resources.request import Body, reference, simple_value

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Filter:
    """A list parameter: where it goes ({kind} = ListID/TxnID) and how its text is read."""

    path: str  # element path inside the query; "{id}" -> ListID or TxnID
    read: str  # "list" (comma separated or repeated), "one", "bool", "int", "status", "ref"
    group: str  # parameters of one group must not be mixed with another group of its exclusive set
    match: str | None = None  # MatchCriterion of NameFilter / RefNumberFilter


FILTERS: dict[str, Filter] = {
    "ids": Filter("{id}", "list", "id"),
    "names": Filter("FullName", "list", "id"),
    "refNumbers": Filter("RefNumber", "list", "id"),
    "limit": Filter("MaxReturned", "int", "limit"),
    "status": Filter("ActiveStatus", "status", "status"),
    "updatedAfter": Filter("{modified}FromModifiedDate", "one", "modified"),
    "updatedBefore": Filter("{modified}ToModifiedDate", "one", "modified"),
    "fromTransactionDate": Filter("TxnDateRangeFilter/FromTxnDate", "one", "txnDate"),
    "toTransactionDate": Filter("TxnDateRangeFilter/ToTxnDate", "one", "txnDate"),
    "entityIds": Filter("EntityFilter", "ref", "entity"),
    "accountIds": Filter("AccountFilter", "ref", "account"),
    "nameContains": Filter("NameFilter", "one", "nameFilter", "Contains"),
    "nameStartsWith": Filter("NameFilter", "one", "nameFilter", "StartsWith"),
    "nameEndsWith": Filter("NameFilter", "one", "nameFilter", "EndsWith"),
    "refNumberContains": Filter("RefNumberFilter", "one", "refFilter", "Contains"),
    "refNumberStartsWith": Filter("RefNumberFilter", "one", "refFilter", "StartsWith"),
    "refNumberEndsWith": Filter("RefNumberFilter", "one", "refFilter", "EndsWith"),
    "refNumberFrom": Filter("RefNumberRangeFilter/FromRefNumber", "one", "refRange"),
    "refNumberTo": Filter("RefNumberRangeFilter/ToRefNumber", "one", "refRange"),
    "includeLineItems": Filter("IncludeLineItems", "bool", "include"),
    "includeLinkedTransactions": Filter("IncludeLinkedTxns", "bool", "include"),
    "fields": Filter("IncludeRetElement", "list", "fields"),
    "vendorId": Filter("PayeeEntityRef", "oneref", "payee"),
    "ownerIds": Filter("OwnerID", "owners", "owners"),
}

# Groups that the schema's choices forbid together: the key group excludes the listed ones.
EXCLUSIVE: dict[str, frozenset[str]] = {
    "id": frozenset(
        {"limit", "status", "modified", "txnDate", "entity", "account", "nameFilter"}
        | {"refFilter", "refRange"}
    ),
    "nameFilter": frozenset({"nameFilter"}),  # one NameFilter: a single match criterion
    "refFilter": frozenset({"refFilter", "refRange"}),
}
_STATUS = {"active": "ActiveOnly", "inactive": "InactiveOnly", "all": "All"}


def query_body(resource: Resource, params: Params, version: str = spec.LATEST) -> Body:
    """The XxxQueryRq body for list parameters; raises ResourceValidationError naming one.
    Records come with their public custom fields (OwnerID 0) unless `ownerIds` says whose."""
    request = resource.query_request
    body: Body = with_owners(request, {}, version)
    for name in resource.required_params:
        if params.get(name) in (None, ""):
            raise ResourceValidationError(name, f"required to list {resource.name}")
    used: dict[str, str] = {}  # group -> first parameter seen
    for name, raw in params.items():
        rule = FILTERS.get(name)
        if rule is None:
            raise ResourceValidationError(name, "unknown query parameter")
        if raw is None:
            continue
        path = rule.path.replace("{id}", resource.id_element)
        path = path.replace(
            "{modified}", "ModifiedDateRangeFilter/" if resource.kind == "txn" else ""
        )
        if not spec.exists(f"{request}/{path.split('/')[0]}"):
            raise ResourceValidationError(name, f"is not a filter of {resource.name}")
        _check_exclusive(name, rule.group, used)
        value = _READERS[rule.read](resource, raw, f"{request}/{path}", name)
        if rule.match is not None:
            leaf = "Name" if path == "NameFilter" else "RefNumber"
            _check_length(f"{request}/{path}/{leaf}", value, name)
            value = {"MatchCriterion": rule.match, leaf: value}
        _place(body, path.split("/"), value)
    return body


def with_owners(request: str, body: Body, version: str = spec.LATEST) -> Body:
    """`body` asking for the public custom fields (OwnerID 0), where the query has OwnerID."""
    if spec.exists(f"{request}/OwnerID", version):
        body["OwnerID"] = [custom_fields.PUBLIC_OWNER]
    return body


def _check_exclusive(name: str, group: str, used: dict[str, str]) -> None:
    for seen_group, seen_name in used.items():
        if group in EXCLUSIVE.get(seen_group, ()) or seen_group in EXCLUSIVE.get(group, ()):
            if seen_name != name:
                raise ResourceValidationError(name, f"cannot be combined with {seen_name}")
    used.setdefault(group, name)


def _place(body: Body, steps: list[str], value: Any) -> None:
    for step in steps[:-1]:
        body = body.setdefault(step, {})
    body[steps[-1]] = value


def _check_length(full: str, value: str, name: str) -> None:
    simple_value(full, value, name)


# Values that cannot hold a comma may come comma-separated; names and ref numbers can
# ("Abercrombie, David"): a single one is one value, several come repeated or as a JSON array.
_SPLIT_ON_COMMAS = frozenset({"ids", "fields", "ownerIds"})
_REF_FILTERS = frozenset({"entityIds", "accountIds"})  # ids (split) or full names (not)
_QB_ID = re.compile(r"^[0-9A-F]+-\d+$")


def _as_list(raw: Any, name: str) -> list[str]:
    items = raw
    if isinstance(raw, str):
        if raw.lstrip().startswith("["):
            try:
                items = json.loads(raw)
            except ValueError:
                raise ResourceValidationError(name, "must be a JSON array of strings") from None
        else:
            parts = raw.split(",")
            ids_only = name in _REF_FILTERS and all(_QB_ID.match(p.strip()) for p in parts)
            items = parts if name in _SPLIT_ON_COMMAS or ids_only else [raw]
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ResourceValidationError(name, "must be a list of strings")
    return [i.strip() for i in items if i.strip()]


def _read_list(resource: Resource, raw: Any, full: str, name: str) -> list[Any]:
    items = _as_list(raw, name)
    if full.endswith("IncludeRetElement"):
        return _ret_elements(resource, items, name)
    return [simple_value(full, item, name) for item in items]


def _read_one(resource: Resource, raw: Any, full: str, name: str) -> Any:
    if full.endswith(("NameFilter", "RefNumberFilter")):
        if not isinstance(raw, str) or not raw:
            raise ResourceValidationError(name, "must be a non-empty string")
        return raw
    return simple_value(full, raw, name)


def _read_bool(resource: Resource, raw: Any, full: str, name: str) -> bool:
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if not isinstance(raw, bool):
        raise ResourceValidationError(name, "must be true or false")
    return raw


def _read_int(resource: Resource, raw: Any, full: str, name: str) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ResourceValidationError(name, "must be a whole number") from None
    if number < 1 or isinstance(raw, bool):
        raise ResourceValidationError(name, "must be a positive whole number")
    return number


def _read_status(resource: Resource, raw: Any, full: str, name: str) -> str:
    if raw not in _STATUS:
        raise ResourceValidationError(name, "must be one of active, inactive, all")
    return _STATUS[raw]


def _read_one_ref(resource: Resource, raw: Any, full: str, name: str) -> dict[str, str]:
    if not isinstance(raw, str) or not raw.strip():
        raise ResourceValidationError(name, "must be a QuickBooks id or full name")
    return reference(raw.strip())


def _read_ref(resource: Resource, raw: Any, full: str, name: str) -> dict[str, list[str]]:
    refs = [reference(i) for i in _as_list(raw, name)]
    if len({key for r in refs for key in r}) > 1:  # the schema's choice: ListID or FullName
        raise ResourceValidationError(name, "give either QuickBooks ids or full names, not both")
    return {
        key: [r[key] for r in refs if key in r]
        for key in ("ListID", "FullName")
        if any(key in r for r in refs)
    }


def _read_owners(resource: Resource, raw: Any, full: str, name: str) -> list[str]:
    return custom_fields.owner_ids(_as_list(raw, name))


def _ret_elements(resource: Resource, aliases: list[str], name: str) -> list[str]:
    """`fields` (JSON names) -> IncludeRetElement (top-level Ret elements); id always comes."""
    fields = resource.variants[0].fields
    elements = [resource.id_element]
    for alias in aliases:
        source = fields.get(alias)
        if source is None:
            raise ResourceValidationError(name, f"unknown field {alias!r}")
        if isinstance(source, str | Nest):
            path = source if isinstance(source, str) else source.path
            elements.append(path.split("/")[0])
    return list(dict.fromkeys(elements))


_READERS: dict[str, Callable[[Resource, Any, str, str], Any]] = {
    "list": _read_list,
    "one": _read_one,
    "bool": _read_bool,
    "int": _read_int,
    "status": _read_status,
    "ref": _read_ref,
    "oneref": _read_one_ref,
    "owners": _read_owners,
}
