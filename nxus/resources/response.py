"""qbXML Ret dicts -> nXus JSON, compiled once per (Ret element, table) from the schema types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nxus.qbxml import spec
from nxus.resources.model import Const, Each, Enum, Nest, Shape, Text, snake_case

Json = dict[str, Any]
Leaf = Callable[[Any], Any]  # the value at a field's path (None: absent) -> JSON

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


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _leaf(parent: str, source: Any) -> tuple[tuple[str, ...], Leaf]:
    """Where `source` reads (element steps below the record) and how the value found there
    (None when absent) becomes JSON. No steps: a constant (`Const`, or None)."""
    if source is None:
        return (), _none
    if isinstance(source, Const):
        constant = source.value
        return (), lambda value: constant
    path = source if isinstance(source, str) else source.path
    steps = tuple(path.split("/"))
    full = f"{parent}/{path}"
    if isinstance(source, Text):
        return steps, _text_or_none
    if isinstance(source, Each):
        leaf = source.leaf
        return steps, lambda value: [
            item.get(leaf) for item in _many(value) if isinstance(item, Mapping)
        ]
    if isinstance(source, Nest):
        return steps, _nested_leaf(full, source.shape)
    if isinstance(source, Enum):
        table, snake = source.values, source.snake
        return steps, lambda value: _enum(value, table, snake)
    return steps, _simple_leaf(full)


def _simple_leaf(full: str) -> Leaf:
    if is_reference(full):
        return _reference
    node = _resolve(full)
    if node is None:
        raise LookupError(f"{full} is not in the qbXML schema")
    simple = node.simple
    if simple is None:
        raise LookupError(f"{full} is an aggregate: map it with Nest")
    convert = simple_converter(simple.base)
    if convert is _text:
        return _plain_text

    def read(value: Any) -> Any:
        if value.__class__ is str:
            return convert(value)
        return None if value is None or isinstance(value, Mapping) else convert(value)

    return read


def _none(value: Any) -> None:
    return None


def _plain_text(value: Any) -> Any:
    if value.__class__ is str:
        return value
    return None if value is None or isinstance(value, Mapping) else value


def _enum(value: Any, table: Mapping[str, str], snake: bool) -> str | None:
    if value is None or isinstance(value, Mapping):
        return None
    return table.get(value) or (snake_case(value) if snake else value)


def _nested_leaf(full: str, shape: Shape) -> Leaf:
    convert = compile_shape(full, shape)
    if repeats(full):
        return lambda value: [convert(item) for item in _many(value)]
    return lambda value: convert(value) if isinstance(value, Mapping) else None


class _Step:
    """One element name of the table's paths: the JSON fields its value sets, and the
    fields read below it (paths with more steps). `text`: the one field when that is all
    the element sets and it is plain text (the common case, assigned without a call)."""

    __slots__ = ("below", "leaves", "text")

    def __init__(self) -> None:
        self.leaves: tuple[tuple[str, Leaf], ...] = ()
        self.below: dict[str, _Step] | None = None
        self.text: str | None = None

    def seal(self) -> None:
        if self.below is None and len(self.leaves) == 1 and self.leaves[0][1] is _plain_text:
            self.text = self.leaves[0][0]
        for step in (self.below or {}).values():
            step.seal()


def _walk(record: Mapping[str, Any], steps: dict[str, _Step], out: Json) -> None:
    """Set the fields of every element of `record` some path of the table names."""
    get = steps.get
    for tag, value in record.items():
        step = get(tag)
        if step is None:
            continue
        if value.__class__ is str and step.text is not None:
            out[step.text] = value
            continue
        for alias, leaf in step.leaves:
            out[alias] = leaf(value)
        below = step.below
        if below is not None and isinstance(value, Mapping):
            _walk(value, below, out)


def _insert(root: dict[str, _Step], steps: tuple[str, ...], alias: str, leaf: Leaf) -> None:
    level = root
    for name in steps[:-1]:
        step = level.get(name) or level.setdefault(name, _Step())
        if step.below is None:
            step.below = {}
        level = step.below
    last = level.get(steps[-1]) or level.setdefault(steps[-1], _Step())
    last.leaves += ((alias, leaf),)


_COMPILED: dict[tuple[str, int], tuple[Shape, Callable[[Mapping[str, Any]], Json]]] = {}


def compile_shape(parent: str, shape: Shape) -> Callable[[Mapping[str, Any]], Json]:
    """A function turning one `parent` record (e.g. "CustomerRet") into JSON with `shape`'s keys.

    Compiled once per (parent, shape): a template holding every field's value for an absent
    element (None, [], constants) and a tree of the element names the table reads, so a record
    costs one dict copy plus one lookup per element it holds (never one per JSON field). A
    field reads its element exactly as a path lookup would: through dicts only (a repeated
    intermediate element gives the absent value). Shapes are module constants, so they are
    cached by identity (they are not hashable).
    """
    key = (parent, id(shape))
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is shape:
        return hit[1]
    template: Json = {}
    fresh: list[str] = []  # fields whose absent value is a new list per record
    root: dict[str, _Step] = {}
    for alias, source in shape.items():
        steps, leaf = _leaf(parent, source)
        absent = leaf(None)
        template[alias] = absent
        if isinstance(absent, list):
            fresh.append(alias)
        if steps:
            _insert(root, steps, alias, leaf)
    for step in root.values():
        step.seal()
    lists = tuple(fresh)
    copy = template.copy

    def convert(record: Mapping[str, Any]) -> Json:
        out = copy()
        for alias in lists:
            out[alias] = []
        if isinstance(record, dict) or isinstance(record, Mapping):
            _walk(record, root, out)
        return out

    _COMPILED[key] = (shape, convert)
    return convert
