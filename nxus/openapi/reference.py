"""The OpenAPI document as plain rows for the portal's API reference page (server-rendered,
no script): operations grouped by tag, each with its parameters, body and answers, and the
schemas with their top-level fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Schema = dict[str, Any]
_METHODS = ("get", "post", "patch", "put", "delete")


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    link: str | None = None  # the schema it refers to
    required: bool = False
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    anchor: str
    public: bool
    parameters: list[Row] = field(default_factory=list)
    body: Row | None = None
    responses: list[Row] = field(default_factory=list)


def ref_name(schema: Schema) -> str | None:
    target = schema.get("$ref", "")
    return target.rsplit("/", 1)[-1] if target else None


def type_label(schema: Schema) -> str:
    """A short human spelling of a schema: `string`, `integer | null`, `array of X`…"""
    if (name := ref_name(schema)) is not None:
        return name
    if "const" in schema:
        return repr(schema["const"])
    if "enum" in schema:
        values = schema["enum"]
        shown = ", ".join(str(v) for v in values[:8])
        return f"one of {shown}{', …' if len(values) > 8 else ''}"
    for combo in ("anyOf", "oneOf", "allOf"):
        if combo in schema:
            joiner = " & " if combo == "allOf" else " | "
            return joiner.join(type_label(s) for s in schema[combo])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {type_label(schema.get('items', {}))}"
    if isinstance(kind, list):
        return " | ".join(kind)
    label = kind or "any"
    if "format" in schema:
        label += f" ({schema['format']})"
    if "maxLength" in schema:
        label += f", ≤ {schema['maxLength']} chars"
    return label


def _link(schema: Schema) -> str | None:
    """The most specific schema a field refers to (a list page: its records' schema)."""
    if (name := ref_name(schema)) is not None:
        return name
    data = schema.get("properties", {}).get("data")
    nested = [*reversed(schema.get("allOf", [])), *schema.get("anyOf", [])]
    for candidate in [data, schema.get("items"), *nested]:
        if candidate and (name := _link(candidate)) is not None:
            return name
    return None


def _parameter(doc: Schema, param: Schema) -> Schema:
    name = ref_name(param)
    return doc["components"]["parameters"][name] if name else param


def operations(doc: Schema) -> dict[str, list[Operation]]:
    """Tag -> its operations, in path order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in doc["paths"].items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            out = Operation(
                method.upper(),
                path,
                op.get("summary", ""),
                op.get("operationId", f"{method}{path}"),
                op.get("security") == [],
            )
            for raw in op.get("parameters", []):
                param = _parameter(doc, raw)
                schema = param.get("schema", {})
                out.parameters.append(
                    Row(
                        param["name"],
                        f"{param['in']}: {type_label(schema)}",
                        None,
                        bool(param.get("required")),
                        param.get("description", ""),
                    )
                )
            body = op.get("requestBody")
            if body:
                media, content = next(iter(body["content"].items()))
                schema = content.get("schema", {})
                out.body = Row(media, type_label(schema), _link(schema), True)
            for code, answer in op.get("responses", {}).items():
                if (shared := ref_name(answer)) is not None:
                    answer = doc["components"]["responses"][shared]
                content = answer.get("content", {})
                schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
                out.responses.append(
                    Row(code, type_label(schema), _link(schema), False, answer["description"])
                )
            groups.setdefault(op.get("tags", ["Other"])[0], []).append(out)
    return groups


def schemas(doc: Schema) -> list[tuple[str, list[Row], str]]:
    """Each component schema: its name, top-level fields and description."""
    out = []
    for name, schema in doc["components"]["schemas"].items():
        variants = schema.get("oneOf") or schema.get("allOf") or [schema]
        rows: list[Row] = []
        for variant in variants:
            required = set(variant.get("required", ()))
            for prop, sub in variant.get("properties", {}).items():
                rows.append(
                    Row(
                        prop,
                        type_label(sub),
                        _link(sub),
                        prop in required,
                        sub.get("description", ""),
                    )
                )
        out.append((name, rows, schema.get("description", "")))
    return out
