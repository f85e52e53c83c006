"""JSON Schemas of the resource tables: what a record looks like in a response (from the Ret
element's schema types, exactly as nxus.resources.response converts it) and what a create or
update body may hold (as nxus.resources.request checks it)."""

from __future__ import annotations

from typing import Any

from nxus.qbxml import spec
from nxus.resources.model import Const, Each, Enum, Nest, Resource, Shape, Text, snake_case
from nxus.resources.response import describe, is_reference, repeats

Schema = dict[str, Any]

REFERENCE: Schema = {
    "type": "object",
    "description": "A reference to another QuickBooks record.",
    "properties": {"id": {"type": ["string", "null"]}, "fullname": {"type": ["string", "null"]}},
    "required": ["id", "fullname"],
}
_SCALARS = {
    "text": ["string", "null"],
    "textonly": ["string", "null"],
    "enum": ["string", "null"],
    "number": ["number", "null"],
    "int": ["integer", "null"],
    "bool": ["boolean", "null"],
}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def response_shape(parent: str, shape: Shape) -> Schema:
    """The JSON object a record (or nested aggregate) at qbXML path `parent` becomes."""
    properties = {name: _response_field(parent, source) for name, source in shape.items()}
    return {"type": "object", "properties": properties, "required": list(shape)}


def _response_field(parent: str, source: Any) -> Schema:
    field = describe(parent, source)
    kind = field.kind
    if kind == "null":
        return {"type": "null", "description": "QuickBooks has no such value here."}
    if kind == "const":
        return {"const": field.arg}
    if kind in _SCALARS:
        return {"type": _SCALARS[kind]}
    if kind == "ref":
        return _nullable({"$ref": "#/components/schemas/Reference"})
    if kind == "refs":
        return {"type": "array", "items": {"$ref": "#/components/schemas/Reference"}}
    if kind == "each":
        return {"type": "array", "items": {"type": ["string", "null"]}}
    nested = response_shape(f"{parent}/{'/'.join(field.steps)}", field.arg)
    return {"type": "array", "items": nested} if field.repeats else _nullable(nested)


def request_shape(parent: str, shape: Shape) -> Schema:
    """A create/update body for the qbXML element at `parent`: the fields QuickBooks takes
    (unknown ones, constants and fields without an element are refused: 400)."""
    properties: dict[str, Schema] = {}
    for name, source in shape.items():
        if source is None or isinstance(source, Const):
            continue
        properties[name] = _request_field(parent, source)
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _request_field(parent: str, source: Text | Each | Nest | Enum | str) -> Schema:
    path = source if isinstance(source, str) else source.path
    full = f"{parent}/{path}" if path else parent  # Nest(""): fields of the parent itself
    if isinstance(source, Text):
        return {"type": "string", "description": "A number written as a string."}
    if isinstance(source, Each):
        return {"type": "array", "items": simple(f"{full}/{source.leaf}")}
    if isinstance(source, Nest):
        nested = request_shape(full, source.shape)
        return {"type": "array", "items": nested} if path and repeats(full) else nested
    if isinstance(source, Enum):
        values = set(source.values.values())
        if source.snake:
            values |= {snake_case(v) for v in spec.enum_values(full) or ()}
        return {"type": "string", "enum": sorted(values)}
    one = simple(full)
    return {"type": "array", "items": one} if repeats(full) else one


def simple(full: str) -> Schema:
    if is_reference(full):
        return {"type": "string", "minLength": 1, "description": "The record's id or full name."}
    simple = spec.simple_type(full)
    if simple is None:
        return {}
    base = simple.base
    if base == "BOOLTYPE":
        return {"type": "boolean"}
    if base == "INTTYPE":
        return {"type": "integer"}
    if base == "AMTTYPE":
        return {"type": "number", "multipleOf": 0.01}
    if base in {"PRICETYPE", "QUANTYPE", "PERCENTTYPE", "FLOATTYPE"}:
        return {"type": "number"}
    if base == "DATETYPE":
        return {"type": "string", "format": "date"}
    if base == "DATETIMETYPE":
        return {"type": "string", "format": "date-time"}
    if base == "GUIDTYPE":
        return {"type": "string", "format": "uuid"}
    schema: Schema = {"type": "string"}
    if simple.enum is not None:
        schema["enum"] = list(simple.enum)
    if simple.max_length is not None:
        schema["maxLength"] = simple.max_length
    return schema


def record_schema(resource: Resource) -> Schema:
    """A record of the resource (one of its variants for polymorphic queries)."""
    shapes = []
    for variant in resource.variants:
        shape = response_shape(variant.ret, variant.fields)
        shape["properties"]["objectType"] = {"const": variant.object_type}
        if variant.item_type is not None:
            shape["properties"]["itemType"] = {"const": variant.item_type}
        shapes.append(shape)
    if len(shapes) == 1:
        return shapes[0]
    # Variants told apart by objectType are exclusive; ones sharing it (a special item is
    # one of three item kinds with one shape) can all match one record.
    distinct = len({v.object_type for v in resource.variants}) == len(resource.variants)
    return {"oneOf" if distinct else "anyOf": shapes}


def create_schema(resource: Resource) -> Schema:
    if resource.choices:  # the list a create goes to is picked by the fields only it has
        shapes = []
        for choice in resource.choices:
            shape = request_shape(f"{choice.qb}AddRq/{choice.qb}Add", choice.create)
            own = choice.own_fields(resource.choices)
            shape["anyOf"] = [{"required": [name]} for name in own]
            shape["description"] = f"A {choice.qb} entry: send one of {', '.join(own)}."
            shapes.append(shape)
        return {"oneOf": shapes}
    return request_shape(f"{resource.qb}AddRq/{resource.qb}Add", resource.create)


def update_schema(resource: Resource) -> Schema:
    return request_shape(f"{resource.qb}ModRq/{resource.qb}Mod", resource.update)
