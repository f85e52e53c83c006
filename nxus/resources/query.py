"""SDK list parameters (SPEC §2.3) -> the body of a XxxQueryRq, as a table of filters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from nxus.qbxml import spec
from nxus.qbxml.automaton import ContentAutomaton
from nxus.resources import custom_fields
from nxus.resources.filters import FILTERS, Filter
from nxus.resources.model import Nest, Resource, ResourceValidationError, snake_case
from nxus.resources.request import Body, reference, simple_value

Params = Mapping[str, Any]


def query_body(resource: Resource, params: Params, version: str = spec.LATEST) -> Body:
    """The XxxQueryRq body for list parameters; raises ResourceValidationError naming one.
    Records come with their public custom fields (OwnerID 0) unless `ownerIds` says whose."""
    request = resource.query_request
    body: Body = with_owners(request, {}, version)
    for name in resource.required_params:
        if params.get(name) in (None, ""):
            raise ResourceValidationError(name, f"required to list {resource.name}")
    placed: dict[str, str] = {}  # element path -> the parameter that set it
    for name, raw in params.items():
        rule = FILTERS.get(name)
        if rule is None:
            raise ResourceValidationError(name, "unknown query parameter")
        if raw is None:
            continue
        path = _path_of(resource, rule, name)
        if path in placed:
            raise ResourceValidationError(name, f"cannot be combined with {placed[path]}")
        placed[path] = name
        _check_choices(request, placed, name)
        value = _READERS[rule.read](resource, raw, f"{request}/{path}", name, rule)
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


def filter_path(resource: Resource, rule: Filter) -> str | None:
    """Where the rule's parameter goes in this resource's query (None: not a filter of it)."""
    request = resource.query_request
    if rule.field is not None and rule.field not in resource.variants[0].fields:
        return None
    for candidate in rule.paths:
        path = candidate.replace("{id}", resource.id_element)
        if spec.exists(f"{request}/{path}"):
            return path
    return None


def enum_spellings(resource: Resource, rule: Filter) -> list[str]:
    """The values an enumerated parameter takes on this resource (for documentation)."""
    path = filter_path(resource, rule)
    if path is None or rule.read not in ("enum", "enums"):
        return []
    return list(_spellings(f"{resource.query_request}/{path}", rule))


def _path_of(resource: Resource, rule: Filter, name: str) -> str:
    path = filter_path(resource, rule)
    if path is None:
        raise ResourceValidationError(name, f"is not a filter of {resource.name}")
    return path


@cache
def _automaton(request: str) -> ContentAutomaton:
    node = spec.resolve(request)
    assert node.complex is not None
    return ContentAutomaton(node.complex.model)


@cache
def _order(request: str) -> dict[str, int]:
    return {child.name: i for i, child in enumerate(spec.children(request))}


def _fits(request: str, tops: set[str]) -> bool:
    """Whether the query may hold these top-level elements together (the schema's choices)."""
    machine, order = _automaton(request), _order(request)
    state: Any = machine.start
    for name in sorted(tops, key=order.__getitem__):
        state = machine.step(state, name)
        if state is None:
            return False
    return True


def _check_choices(request: str, placed: dict[str, str], name: str) -> None:
    """400 naming `name` and the parameter it excludes when the schema allows one of them."""
    tops = {path.split("/")[0] for path in placed}
    if _fits(request, tops):
        return
    mine = {p.split("/")[0] for p, n in placed.items() if n == name}
    for path, other in placed.items():
        top = path.split("/")[0]
        if other != name and top not in mine and _fits(request, tops - {top}):
            raise ResourceValidationError(name, f"cannot be combined with {other}")
    raise ResourceValidationError(name, "cannot be combined with the other filters")


def _place(body: Body, steps: list[str], value: Any) -> None:
    for step in steps[:-1]:
        body = body.setdefault(step, {})
    body[steps[-1]] = value


def _check_length(full: str, value: str, name: str) -> None:
    simple_value(full, value, name)


# Values that cannot hold a comma may come comma-separated; names and ref numbers can
# ("Abercrombie, David"): a single one is one value, several come repeated or as a JSON array.
_SPLIT_ON_COMMAS = frozenset({"ids", "fields", "ownerIds"})
# ids (split) or full names (not)
_REF_FILTERS = frozenset(n for n, f in FILTERS.items() if f.read == "ref")
_QB_ID = re.compile(r"^[0-9A-F]+-\d+$")


def as_list(raw: Any, name: str, *, split: bool | None = None) -> list[str]:
    """Repeated values, a JSON array, or one string: split on commas when `split` (default:
    for parameters whose values cannot hold a comma), else taken whole."""
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
            if split is None:
                split = name in _SPLIT_ON_COMMAS or ids_only
            items = parts if split else [raw]
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ResourceValidationError(name, "must be a list of strings")
    return [i.strip() for i in items if i.strip()]


def _read_list(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> list[Any]:
    items = as_list(raw, name)
    if full.endswith("IncludeRetElement"):
        return _ret_elements(resource, items, name)
    return [simple_value(full, item, name) for item in items]


def _read_one(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> Any:
    if full.endswith(("NameFilter", "RefNumberFilter")):
        if not isinstance(raw, str) or not raw:
            raise ResourceValidationError(name, "must be a non-empty string")
        return raw
    return simple_value(full, raw, name)


def _read_bool(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> bool:
    if isinstance(raw, str) and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if not isinstance(raw, bool):
        raise ResourceValidationError(name, "must be true or false")
    return raw


def _read_int(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ResourceValidationError(name, "must be a whole number") from None
    if number < 1 or isinstance(raw, bool):
        raise ResourceValidationError(name, "must be a positive whole number")
    return number


def _spellings(full: str, rule: Filter) -> dict[str, str]:
    """API spelling -> QuickBooks' value: the rule's own, the schema's, and their snake_case."""
    schema = spec.enum_values(full) or ()
    out = {value: value for value in schema}
    out.update({snake_case(value): value for value in schema})
    for spelling, qb in rule.values.items():
        choices = (qb,) if isinstance(qb, str) else qb
        out[spelling] = next((c for c in choices if c in schema), choices[0])
    return out


def _read_enum(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> str:
    spellings = _spellings(full, rule)
    if not isinstance(raw, str) or raw not in spellings:
        shown = rule.values or {snake_case(v): v for v in spec.enum_values(full) or ()}
        raise ResourceValidationError(name, f"must be one of {', '.join(shown)}")
    return spellings[raw]


def _read_enums(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> list[str]:
    return [_read_enum(resource, item, full, name, rule) for item in _split(raw, name)]


def _split(raw: Any, name: str) -> list[str]:
    """Values that cannot hold a comma: comma separated, repeated or a JSON array."""
    items = as_list(raw, name)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _read_amount(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> Body:
    if isinstance(raw, str):  # query strings carry text: "10.50"
        try:
            raw = float(Decimal(raw.strip()))
        except ArithmeticError:
            raise ResourceValidationError(name, "must be a number") from None
    amount = simple_value(f"{full}/Amount", raw, name)
    return {"Operator": rule.operator, "Amount": amount}


def _read_name_filter(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> Body:
    """The hosted `NameFilter`: a JSON object {"matchCriterion", "name"} or a plain name
    (contains)."""
    criterion, text = "Contains", raw
    if isinstance(raw, str) and raw.lstrip().startswith("{"):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ResourceValidationError(name, "must be a name or a JSON object") from None
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"matchCriterion", "name"}
        if unknown:
            raise ResourceValidationError(name, f"unknown key {sorted(unknown)[0]!r}")
        criterion, text = raw.get("matchCriterion", "Contains"), raw.get("name")
    criteria = {"contains": "Contains", "startsWith": "StartsWith", "endsWith": "EndsWith"}
    criterion = criteria.get(criterion, criterion) if isinstance(criterion, str) else criterion
    if criterion not in criteria.values():
        raise ResourceValidationError(name, "matchCriterion must be contains, startsWith, endsWith")
    if not isinstance(text, str) or not text:
        raise ResourceValidationError(name, "needs a non-empty name")
    _check_length(f"{full}/Name", text, name)
    return {"MatchCriterion": criterion, "Name": text}


def _read_one_ref(
    resource: Resource, raw: Any, full: str, name: str, rule: Filter
) -> dict[str, str]:
    if not isinstance(raw, str) or not raw.strip():
        raise ResourceValidationError(name, "must be a QuickBooks id or full name")
    return reference(raw.strip())


def _read_ref(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> Body:
    refs = [reference(i) for i in as_list(raw, name)]
    if not refs:
        raise ResourceValidationError(name, "needs at least one id or full name")
    if len({key for r in refs for key in r}) > 1:  # the schema's choice: ListID or FullName
        raise ResourceValidationError(name, "give either QuickBooks ids or full names, not both")
    key = next(iter(refs[0]))
    node = spec.resolve(f"{full}/{key}")
    if len(refs) > 1 and not (node.child and node.child.repeats):
        raise ResourceValidationError(name, "takes a single id or full name here")
    values = [r[key] for r in refs]
    repeats = node.child is not None and node.child.repeats
    return {key: values if repeats else values[0]}


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


def _read_owners(resource: Resource, raw: Any, full: str, name: str, rule: Filter) -> list[str]:
    return custom_fields.owner_ids(as_list(raw, name))


_READERS: dict[str, Callable[[Resource, Any, str, str, Filter], Any]] = {
    "list": _read_list,
    "one": _read_one,
    "bool": _read_bool,
    "int": _read_int,
    "enum": _read_enum,
    "enums": _read_enums,
    "amount": _read_amount,
    "namefilter": _read_name_filter,
    "ref": _read_ref,
    "oneref": _read_one_ref,
    "owners": _read_owners,
}
