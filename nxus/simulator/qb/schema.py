"""The response side of qbXML 16.0, as the simulator needs it.

Children order, repetition, the first version that has each child, and maximum lengths come
from ``schema_table.json``, derived from Intuit's XSDs and on-screen references (see
``tests/unit/simulator/schema_table.py``). Records are plain dicts: a leaf is a ``str``, an
aggregate a ``dict``, a repeated child a ``list``; serialising puts them in schema order.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

Record = dict[str, Any]


@cache
def _table() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schema_table.json").read_text()
    return json.loads(text)


@cache
def children(tag: str) -> tuple[tuple[str, bool, tuple[int, int], int, bool], ...]:
    """(name, repeated, since, max_length, is_leaf) for each child of ``tag``, in order."""
    rows = _table()["order"].get(tag, [])
    return tuple((n, bool(r), version_tuple(s), m, bool(leaf)) for n, r, s, m, leaf in rows)


@cache
def child_map(tag: str) -> dict[str, tuple[bool, tuple[int, int], int, bool]]:
    return {name: rest for name, *rest in children(tag)}  # type: ignore[misc]


def has_children(tag: str) -> bool:
    return tag in _table()["order"]


@cache
def request_types() -> frozenset[str]:
    return frozenset(_table()["requests"])


def version_tuple(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def serialize(
    parent: etree._Element,
    tag: str,
    data: Record,
    version: tuple[int, int],
    include: frozenset[str] | None = None,
) -> etree._Element:
    """Append ``<tag>`` built from ``data`` under ``parent``, children in schema order.

    Children newer than ``version`` are left out, so a 5.0 request gets a 5.0 answer;
    ``include`` keeps only the named top-level children (IncludeRetElement).
    """
    elem = etree.SubElement(parent, tag)
    for name, repeated, since, _max, leaf in children(tag):
        value = data.get(name)
        if value is None or since > version or (include is not None and name not in include):
            continue
        values = value if repeated and isinstance(value, list) else [value]
        for item in values:
            if leaf:
                etree.SubElement(elem, name).text = item
            else:
                serialize(elem, name, item, version)
    return elem


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
