"""The qbXML schema as the simulator needs it, read from ``nxus.qbxml.spec`` (one source).

Responses are built in schema order for the version the request declared: a 5.0 request gets
only elements that exist in 5.0. Records are plain dicts: a leaf is a ``str``, an aggregate a
``dict``, a repeated child a ``list``; keys starting with "_" are internal and never written.
Paths are spec paths ("CustomerQueryRs/CustomerRet/BillAddress"); lookups are cached per
(path, version), so serialising a page costs dictionary hits, not schema walks.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import etree

from nxus.qbxml import spec

Record = dict[str, Any]
ChildRow = tuple[str, bool, bool]  # (name, repeated, is_leaf)


@cache
def children(path: str, version: str) -> tuple[ChildRow, ...]:
    """(name, repeated, is_leaf) of each child of the element at ``path`` in ``version``."""
    try:
        found = spec.children(path, version)
    except spec.SpecError:
        return ()
    return tuple((c.name, c.repeats, c.type_key is None) for c in found)


@cache
def max_length(path: str, version: str) -> int | None:
    try:
        return spec.max_length(path, version)
    except spec.SpecError:
        return None


def serialize(
    parent: etree._Element,
    path: str,
    data: Record,
    version: str,
    include: frozenset[str] | None = None,
) -> etree._Element:
    """Append the element at ``path`` (its last segment) built from ``data`` under ``parent``.

    Children are written in schema order; children ``version`` lacks are left out;
    ``include`` keeps only the named top-level children (IncludeRetElement).
    """
    elem = etree.SubElement(parent, path.rpartition("/")[2])
    for name, repeated, leaf in children(path, version):
        value = data.get(name)
        if value is None or (include is not None and name not in include):
            continue
        values = value if repeated and isinstance(value, list) else [value]
        for item in values:
            if leaf:
                etree.SubElement(elem, name).text = item
            else:
                serialize(elem, f"{path}/{name}", item, version)
    return elem


def write_fields(rs: etree._Element, path: str, data: Record, version: str) -> None:
    """Leaf children of a response written directly (ListDelRs, TxnDelRs, TxnVoidRs)."""
    for name, _repeated, _leaf in children(path, version):
        if data.get(name) is not None:
            etree.SubElement(rs, name).text = data[name]


def too_long(elem: etree._Element, path: str, version: str) -> tuple[str, str] | None:
    """The first (value, field) longer than the schema allows; QuickBooks answers 3070.

    Lengths are not a parse error in QuickBooks: the request is parsed, then refused alone.
    """
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        child_path = f"{path}/{child.tag}"
        if len(child):
            found = too_long(child, child_path, version)
            if found is not None:
                return found
            continue
        limit = max_length(child_path, version)
        text = child.text or ""
        if limit is not None and len(text) > limit:
            return text, child.tag
    return None


def to_record(elem: etree._Element) -> Record:
    """An lxml request aggregate as a record dict (repeated children become lists)."""
    record: Record = {}
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        value: Any = to_record(child) if len(child) else (child.text or "")
        if child.tag in record:
            existing = record[child.tag]
            if isinstance(existing, list):
                existing.append(value)
            else:
                record[child.tag] = [existing, value]
        else:
            record[child.tag] = value
    return record
