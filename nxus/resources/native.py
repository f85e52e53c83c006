"""The C accelerator of list answers: qbXML Ret elements -> the SDK's JSON, as bytes.

A big list is mostly the cost of one Python object per element (a 20,000-customer answer has
about 560,000). `nxus/_native.c` walks the elements lxml has parsed without making
any, and writes each record's JSON (sorted keys, as `orjson.dumps(to_json(...))` would).
It works from the same tables as the Python path: `programs(resource, rs_table)` turns each
variant's shape (through `response.describe`, the one description of every field) and the
parser's schema tables into nested tuples the C module compiles once per process.

The C code only renders records it can render exactly like the Python path; for any other
record (an attribute or a child where text belongs, an unexpected repeat, a number whose
float spelling it cannot reproduce, ...) it answers None and that record goes through the
Python conversion. Without the built module (no C compiler when nXus was installed) every
record does: `available()` says which.

Build: `python tools/build_native.py` (`make run` and `make test` do it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

import orjson
from lxml import etree

from nxus.qbxml._fast import TypeTable
from nxus.resources.model import Resource, Shape
from nxus.resources.response import Field, describe

log = logging.getLogger(__name__)

KINDS = {
    "null": 0,
    "const": 1,
    "text": 2,
    "number": 3,
    "int": 4,
    "bool": 5,
    "ref": 6,
    "enum": 7,
    "textonly": 8,
    "nest": 9,
    "each": 10,
    "refs": 11,
}
_REF_PARTS = ("ListID", "FullName", "TxnID")


class NotNative(LookupError):
    """A table the C module cannot render (its records all take the Python path)."""


def _load() -> Any:
    try:
        from nxus import _native  # type: ignore[attr-defined]
    except ImportError:
        return None
    probe = etree.fromstring(b"<nxusProbe><x/></nxusProbe>")
    try:
        _native.setup(type(probe), probe)
    except RuntimeError as exc:  # an lxml whose element layout changed: stay in Python
        log.warning("nXus native renderer disabled: %s", exc)
        return None
    return _native


_NATIVE = _load()
_PROGRAMS: dict[tuple[str, str], dict[str, Any]] = {}
_LOCK = threading.Lock()


def available() -> bool:
    """Whether the C module is built and usable."""
    return _NATIVE is not None


def programs(resource: Resource, rs_table: TypeTable | None) -> dict[str, Any] | None:
    """Ret element name -> compiled program, for the records of a response whose schema
    table is `rs_table` (the parser's: the same one that shapes the Python path's records);
    None without the C module."""
    if _NATIVE is None or rs_table is None:
        return None
    key = (resource.name, rs_table.key)
    found = _PROGRAMS.get(key)
    if found is None:
        with _LOCK:
            found = _PROGRAMS.get(key)
            if found is None:
                found = _PROGRAMS[key] = _compile(resource, rs_table)
    return found


def render(
    rs: etree._Element, count: int, table: Mapping[str, Any], limit: int = -1
) -> list[tuple[bytes, int] | int]:
    """The records among the first `count` children of `rs`, in order: (JSON, n) for a run
    of n records rendered in C (objects joined by commas), or the index of a child the
    Python path must convert. Children without a program are left out; at most `limit`
    records when it is >= 0."""
    assert _NATIVE is not None
    return _NATIVE.render(rs, count, table, limit)  # type: ignore[no-any-return]


def _compile(resource: Resource, rs_table: TypeTable) -> dict[str, Any]:
    """Every Ret the resource maps -> its program, or None: the C module hands such
    records to the Python path (a Ret it has no entry for is not the resource's)."""
    assert _NATIVE is not None
    made: dict[str, Any] = {}
    for variant in resource.variants:
        made[variant.ret] = None
        kid = rs_table.kids.get(variant.ret)
        consts = {"objectType": variant.object_type}
        if variant.item_type is not None:
            consts["itemType"] = variant.item_type
        try:
            if kid is None or kid[0] is None:
                raise NotNative(f"{variant.ret} has no element content in this response")
            spec = shape_spec(variant.ret, variant.fields, kid[0], consts)
        except NotNative as exc:
            log.info("%s %s: records take the Python path (%s)", resource.name, variant.ret, exc)
            continue
        made[variant.ret] = _NATIVE.compile(spec)
    return made


def shape_spec(
    parent: str, shape: Shape, table: TypeTable, consts: Mapping[str, str] | None = None
) -> tuple[Any, ...]:
    """The nested tuples `_native.compile` takes for `shape` read from records whose schema
    table is `table` (see the comment at the top of _native.c); `consts` are set last, as
    `engine` sets objectType and itemType."""
    fields = {alias: describe(parent, source) for alias, source in shape.items()}
    for alias, value in (consts or {}).items():
        fields[alias] = Field((), "const", value)
    levels: dict[str, Any] = {}
    slots = []
    for alias in sorted(fields):
        field = fields[alias]
        path, last = _place(levels, field.steps, table, f"{parent}: {alias}")
        key = orjson.dumps(alias) + b":"
        slots.append((key, KINDS[field.kind], path, _extra(field, parent, last)))
    return (_level(levels), tuple(slots))


def _place(
    levels: dict[str, Any], steps: tuple[str, ...], table: TypeTable, where: str
) -> tuple[tuple[int, ...], tuple[TypeTable | None, bool] | None]:
    """Record `steps` in the level tree: their indexes, and the last step's (table, repeats)."""
    path: list[int] = []
    level: dict[str, Any] = levels
    current: TypeTable | None = table
    kid: tuple[TypeTable | None, bool] | None = None
    for depth, name in enumerate(steps):
        if current is None or name not in current.kids:
            raise NotNative(f"{where}: {name} is not in the schema table")
        kid = current.kids[name]
        sub, repeated = kid
        aggregate = sub is not None and sub.aggregate
        if name not in level:
            level[name] = [len(level), repeated, aggregate, {}]
        entry = level[name]
        path.append(entry[0])
        if depth + 1 < len(steps):
            level, current = entry[3], sub
    return tuple(path), kid


def _level(level: dict[str, Any]) -> tuple[Any, ...]:
    out = sorted(level.items(), key=lambda item: item[1][0])
    return tuple(
        (name.encode(), repeated, aggregate, _level(below) if below else None)
        for name, (_index, repeated, aggregate, below) in out
    )


def _extra(field: Field, parent: str, last: tuple[TypeTable | None, bool] | None) -> Any:
    kind, arg = field.kind, field.arg
    sub = last[0] if last is not None else None
    if kind == "const":
        return orjson.dumps(arg)
    if kind == "nest":
        if sub is None:
            raise NotNative(f"{parent}/{'/'.join(field.steps)} has no element content")
        return (shape_spec(f"{parent}/{'/'.join(field.steps)}", arg, sub), field.repeats)
    if kind == "each":
        _simple_once(sub, arg, f"{parent}/{'/'.join(field.steps)}")
        return str(arg).encode()
    if kind in ("ref", "refs"):
        for part in _REF_PARTS:
            if sub is not None and part in sub.kids:
                _simple_once(sub, part, f"{parent}/{'/'.join(field.steps)}")
        return None
    if kind == "enum":
        pairs = tuple((qb.encode(), orjson.dumps(json)) for qb, json in arg.values.items() if json)
        return (pairs, bool(arg.snake))
    return None


def _simple_once(table: TypeTable | None, name: str, where: str) -> None:
    """The C module reads `name` below `where` as one plain text: so must the schema."""
    kid = table.kids.get(name) if table is not None else None
    if kid is not None and (kid[1] or (kid[0] is not None and kid[0].aggregate)):
        raise NotNative(f"{where}/{name} repeats or has element content")
