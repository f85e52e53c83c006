"""qbXML Ret dicts -> nXus JSON, compiled once per (Ret element, table) from the schema types."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
        number = int(text)
    except ValueError:
        return text
    return number if -(2**63) <= number < 2**64 else text  # what JSON encoders can write


def _boolean(text: str) -> bool:
    return text.strip().lower() == "true"


_CONVERT: dict[str, Callable[[str], Any]] = {"number": _number, "int": _integer, "bool": _boolean}


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


def _one(value: Any) -> Any:
    """A repeated element where one value belongs (QuickBooks never sends one; a newer
    schema might): its first occurrence."""
    return value[0] if value.__class__ is list and value else value


def _reference(value: Any) -> Json | None:
    value = _one(value)
    if not isinstance(value, Mapping):
        return None
    return {"id": value.get("ListID") or value.get("TxnID"), "fullname": value.get("FullName")}


def _references(value: Any) -> list[Json]:
    """A repeated reference (ItemSalesTaxRef of a tax group): a list, strings skipped."""
    return [ref for item in _many(value) if (ref := _reference(item)) is not None]


def _text_or_none(value: Any) -> str | None:
    value = _one(value)
    return value if isinstance(value, str) else None


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Field:
    """How one JSON field reads its record: the element steps below the record (none: a
    constant or always null), the conversion `kind` and what it needs (`arg`: the constant,
    the `Enum`, the nested `Shape` or the `Each` leaf name; `repeats`: a nested list).

    Kinds: "null", "const", "text" (plain text, dates included), "number", "int", "bool",
    "ref" ({"id", "fullname"}), "refs" (a list of them), "enum", "textonly" (`Text`), "nest",
    "each". The Python conversion below and the C accelerator (native.py) both work from this
    description."""

    steps: tuple[str, ...]
    kind: str
    arg: Any = None
    repeats: bool = False


_KINDS = {"INTTYPE": "int", "BOOLTYPE": "bool"} | {base: "number" for base in _FLOATS}


def describe(parent: str, source: Any) -> Field:
    """The `Field` of a table entry (`source`) of the record at qbXML path `parent`."""
    if source is None:
        return Field((), "null")
    if isinstance(source, Const):
        return Field((), "const", source.value)
    path = source if isinstance(source, str) else source.path
    steps = tuple(path.split("/"))
    full = f"{parent}/{path}"
    if isinstance(source, Text):
        return Field(steps, "textonly")
    if isinstance(source, Each):
        return Field(steps, "each", source.leaf)
    if isinstance(source, Nest):
        return Field(steps, "nest", source.shape, repeats(full))
    if isinstance(source, Enum):
        return Field(steps, "enum", source)
    if is_reference(full):
        return Field(steps, "refs" if repeats(full) else "ref")
    node = _resolve(full)
    if node is None:
        raise LookupError(f"{full} is not in the qbXML schema")
    if node.simple is None:
        raise LookupError(f"{full} is an aggregate: map it with Nest")
    return Field(steps, _KINDS.get(node.simple.base, "text"))


def _leaf(parent: str, source: Any) -> tuple[tuple[str, ...], Leaf]:
    """Where `source` reads (element steps below the record) and how the value found there
    (None when absent) becomes JSON. No steps: a constant (`Const`, or None)."""
    spec = describe(parent, source)
    kind, arg = spec.kind, spec.arg
    if kind == "null":
        return (), _none
    if kind == "const":
        return (), lambda value: arg
    if kind == "textonly":
        return spec.steps, _text_or_none
    if kind == "each":
        return spec.steps, lambda value: [
            item.get(arg) for item in _many(value) if isinstance(item, Mapping)
        ]
    if kind == "nest":
        return spec.steps, _nested_leaf(f"{parent}/{'/'.join(spec.steps)}", arg, spec.repeats)
    if kind == "enum":
        table, snake = arg.values, arg.snake
        return spec.steps, lambda value: _enum(value, table, snake)
    if kind == "ref":
        return spec.steps, _reference
    if kind == "refs":
        return spec.steps, _references
    if kind == "text":
        return spec.steps, _plain_text
    convert = _CONVERT[kind]

    def read(value: Any) -> Any:
        if value.__class__ is str:
            return convert(value)
        value = _one(value)
        return convert(value) if isinstance(value, str) else None

    return spec.steps, read


def _none(value: Any) -> None:
    return None


def _plain_text(value: Any) -> str | None:
    if value.__class__ is str:
        return value
    value = _one(value)
    return value if isinstance(value, str) else None


def _enum(value: Any, table: Mapping[str, str], snake: bool) -> str | None:
    value = _one(value)
    if not isinstance(value, str):
        return None
    return table.get(value) or (snake_case(value) if snake else value)


def _nested_leaf(full: str, shape: Shape, repeated: bool) -> Leaf:
    convert = compile_shape(full, shape)
    if repeated:
        return lambda value: [convert(item) for item in _many(value)]

    def one(value: Any) -> Json | None:
        value = _one(value)
        return convert(value) if isinstance(value, Mapping) else None

    return one


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
