"""qbXML Ret dicts -> nXus JSON, compiled once per (Ret element, table) from the schema types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nxus.qbxml import spec
from nxus.resources.model import Const, Each, Enum, Nest, Shape, Text, snake_case

Json = dict[str, Any]
Reader = Callable[[Mapping[str, Any]], Any]

_FLOATS = frozenset({"AMTTYPE", "PRICETYPE", "QUANTYPE", "PERCENTTYPE", "FLOATTYPE"})


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:  # a value newer than we know: keep QuickBooks' text
        return text


def _integer(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return text


def _boolean(text: str) -> bool:
    return text.strip().lower() == "true"


def _text(text: str) -> str:
    return text


def simple_converter(base: str) -> Callable[[str], Any]:
    """How a qbXML simple type's text becomes JSON (dates and times stay ISO text)."""
    if base in _FLOATS:
        return _number
    if base == "INTTYPE":
        return _integer
    if base == "BOOLTYPE":
        return _boolean
    return _text


def is_reference(path: str) -> bool:
    """A XxxRef aggregate: ListID and/or FullName (TxnID for transaction references)."""
    node = _resolve(path)
    if node is None:
        return False
    if node.complex is None:
        return False
    names = {c.name for c in spec.children(path)}
    return bool(names) and names <= {"ListID", "FullName", "TxnID"}


def repeats(path: str) -> bool:
    node = _resolve(path)
    return node is not None and node.child is not None and node.child.max_occurs != 1


def _resolve(path: str) -> spec.Node | None:
    try:
        return spec.resolve(path)
    except (KeyError, LookupError, ValueError):
        return None


def _reference(value: Any) -> Json | None:
    if not isinstance(value, Mapping):
        return None
    return {"id": value.get("ListID") or value.get("TxnID"), "fullname": value.get("FullName")}


def _lookup(record: Mapping[str, Any], steps: tuple[str, ...]) -> Any:
    value: Any = record
    for step in steps:
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _reader(parent: str, source: Any) -> Reader:
    if source is None:
        return lambda record: None
    if isinstance(source, Const):
        constant = source.value
        return lambda record: constant
    path = source if isinstance(source, str) else source.path
    steps = tuple(path.split("/"))
    full = f"{parent}/{path}"
    if isinstance(source, Text):
        return lambda record: _text_or_none(_lookup(record, steps))
    if isinstance(source, Each):
        leaf = source.leaf
        return lambda record: [
            item.get(leaf) for item in _many(_lookup(record, steps)) if isinstance(item, Mapping)
        ]
    if isinstance(source, Nest):
        return _nested_reader(full, steps, source.shape)
    if isinstance(source, Enum):
        table, snake = source.values, source.snake
        return lambda record: _enum(_lookup(record, steps), table, snake)
    if is_reference(full):
        return lambda record: _reference(_lookup(record, steps))
    node = _resolve(full)
    if node is None:
        raise LookupError(f"{full} is not in the qbXML schema")
    simple = node.simple
    if simple is None:
        raise LookupError(f"{full} is an aggregate: map it with Nest")
    convert = simple_converter(simple.base)

    def read(record: Mapping[str, Any]) -> Any:
        value = _lookup(record, steps)
        return None if value is None or isinstance(value, Mapping) else convert(value)

    return read


def _enum(value: Any, table: Mapping[str, str], snake: bool) -> str | None:
    if value is None or isinstance(value, Mapping):
        return None
    return table.get(value) or (snake_case(value) if snake else value)


def _nested_reader(full: str, steps: tuple[str, ...], shape: Shape) -> Reader:
    convert = compile_shape(full, shape)
    if repeats(full):
        return lambda record: [convert(item) for item in _many(_lookup(record, steps))]

    def read(record: Mapping[str, Any]) -> Any:
        value = _lookup(record, steps)
        return convert(value) if isinstance(value, Mapping) else None

    return read


_COMPILED: dict[tuple[str, int], tuple[Shape, Callable[[Mapping[str, Any]], Json]]] = {}


def compile_shape(parent: str, shape: Shape) -> Callable[[Mapping[str, Any]], Json]:
    """A function turning one `parent` record (e.g. "CustomerRet") into JSON with `shape`'s keys.

    Shapes are module constants, so they are cached by identity (they are not hashable).
    """
    key = (parent, id(shape))
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is shape:
        return hit[1]
    readers = [(alias, _reader(parent, source)) for alias, source in shape.items()]

    def convert(record: Mapping[str, Any]) -> Json:
        return {alias: read(record) for alias, read in readers}

    _COMPILED[key] = (shape, convert)
    return convert
