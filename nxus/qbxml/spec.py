"""Public lookups over the qbXML spec: ordered children, enums, lengths, version presence.

All functions take a `version` ("2.0" … "16.0", default the latest) and answer for that
version: children that did not exist yet are left out, `exists` is False for them.  Paths are
described in nxus/qbxml/model.py; examples: "CustomerAddRq/CustomerAdd/BillAddress/Addr1",
"QBXMLMsgsRs/InvoiceQueryRs/InvoiceRet/InvoiceLineRet", "CustomerQueryRq/@iterator",
"CustomerRet/Name" (context free).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from nxus.qbxml import versions
from nxus.qbxml.model import (
    Attribute,
    Child,
    ComplexType,
    Schema,
    SimpleType,
    SpecError,
    load,
)

__all__ = [
    "Attribute",
    "Child",
    "ComplexType",
    "Node",
    "SimpleType",
    "SpecError",
    "attributes",
    "children",
    "enum_values",
    "exists",
    "introduced_in",
    "iterator_queries",
    "max_length",
    "request_types",
    "resolve",
    "response_types",
    "simple_type",
    "versions_of",
]

LATEST = versions.LATEST_VERSION


@dataclass(frozen=True, slots=True)
class Node:
    """What a path points at: an element of complex or simple type, or an attribute."""

    path: str
    name: str
    complex: ComplexType | None
    simple: SimpleType | None
    attribute: Attribute | None = None
    child: Child | None = None  # its occurrence rules inside the parent (None for roots)


# The schema never changes in a process, so a path's answer is kept: building a request asks
# the same few hundred paths on every API call. Bounded, since a path can come from input.
_KEPT_PATHS = 16_384


@lru_cache(maxsize=_KEPT_PATHS)
def resolve(path: str, version: str = LATEST) -> Node:
    """Walk `path` through the content model used for `version` (presence not checked)."""
    spec = load()
    schema = spec.schema_for(version)
    full = spec.full_path(path)
    segments = (full or path.strip("/").removeprefix("QBXML/")).split("/")
    current: ComplexType | SimpleType = (
        schema.global_type("QBXML") if full else schema.global_type(segments[0])
    )
    walked = segments if full else segments[1:]
    name = "QBXML" if full else segments[0]
    child: Child | None = None
    for index, seg in enumerate(walked):
        if not isinstance(current, ComplexType):
            raise SpecError(f"{path}: {name} has simple content")
        if seg.startswith("@"):
            attr = current.attributes.get(seg[1:])
            if attr is None or index != len(walked) - 1:
                raise SpecError(f"{path}: {name} has no attribute {seg[1:]!r}")
            return Node(path, seg, None, attr.type, attr, None)
        child = current.child_map.get(seg)
        if child is None:
            raise SpecError(f"{path}: {seg!r} is not a child of {name}")
        name = seg
        current = schema.complex_type(child.type_key) if child.type_key else child.simple  # type: ignore[assignment]
    if isinstance(current, ComplexType):
        return Node(path, name, current, current.text, None, child)
    return Node(path, name, None, current, None, child)


@lru_cache(maxsize=_KEPT_PATHS)
def exists(path: str, version: str = LATEST) -> bool:
    """Does `path` exist in `version`?  Context-free paths: in any context."""
    try:
        resolve(path, version)
    except SpecError:
        return False
    spec = load()
    bit = spec.bit(version)
    return any(spec.mask(full) & bit for full in _contexts(path, spec.schema_for(version)))


def versions_of(path: str) -> list[str]:
    """Every supported version in which `path` exists."""
    return [v for v in versions.SUPPORTED_VERSIONS if exists(path, v)]


def introduced_in(path: str) -> str | None:
    """The first supported version that has `path` (None if no version has it)."""
    found = versions_of(path)
    return found[0] if found else None


def children(path: str, version: str = LATEST) -> list[Child]:
    """Child elements of the element at `path`, in schema order, as they exist in `version`."""
    node = resolve(path, version)
    if node.complex is None:
        return []
    spec = load()
    full = spec.full_path(path)
    if full is None:  # context free: filtering needs a context, use the first one found
        contexts = _contexts(path, spec.schema_for(version))
        full = contexts[0] if contexts else None
    if full is None:
        return list(node.complex.children)
    bit = spec.bit(version)
    return [c for c in node.complex.children if spec.mask(f"{full}/{c.name}") & bit]


def attributes(path: str, version: str = LATEST) -> dict[str, Attribute]:
    node = resolve(path, version)
    if node.complex is None:
        return {}
    return {n: a for n, a in node.complex.attributes.items() if exists(f"{path}/@{n}", version)}


def simple_type(path: str, version: str = LATEST) -> SimpleType | None:
    return resolve(path, version).simple


def enum_values(path: str, version: str = LATEST) -> tuple[str, ...] | None:
    simple = simple_type(path, version)
    return simple.enum if simple else None


def max_length(path: str, version: str = LATEST) -> int | None:
    """Maximum length in characters (QuickBooks answers statusCode 3070 beyond it)."""
    simple = simple_type(path, version)
    if simple is None:
        return None
    return simple.max_length if simple.max_length is not None else _BASE_LENGTH.get(simple.base)


_BASE_LENGTH = {"IDTYPE": 36}


def request_types(version: str = LATEST) -> list[str]:
    """Names of the requests (children of QBXMLMsgsRq) that `version` has, in schema order."""
    return [c.name for c in children("QBXMLMsgsRq", version)]


def response_types(version: str = LATEST) -> list[str]:
    return [c.name for c in children("QBXMLMsgsRs", version)]


@cache
def iterator_queries(version: str = LATEST) -> frozenset[str]:
    """Query requests that accept iterator="Start" in `version` (asked on every list call)."""
    return frozenset(n for n in request_types(version) if exists(f"{n}/@iterator", version))


def _contexts(path: str, schema: Schema) -> list[str]:
    spec = load()
    full = spec.full_path(path)
    if full is not None:
        return [full]
    head, _, rest = path.strip("/").partition("/")
    tail = f"/{rest}" if rest else ""
    return [f"{prefix}{tail}" for prefix in _global_contexts(schema.name).get(head, [])]


@cache
def _global_contexts(schema_name: str) -> dict[str, list[str]]:
    """Full paths where each complex global element occurs (walked once, on first need)."""
    schema = load().schemas[schema_name]
    found: defaultdict[str, list[str]] = defaultdict(list)

    def walk(prefix: str, ctype: ComplexType, stack: frozenset[str]) -> None:
        for child in ctype.children:
            if child.type_key is None or child.type_key in stack:
                continue
            path = f"{prefix}/{child.name}" if prefix else child.name
            found[child.name].append(path)
            walk(path, schema.complex_type(child.type_key), stack | {child.type_key})

    walk("", schema.complex_type("QBXML"), frozenset())
    return dict(found)
