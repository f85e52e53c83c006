"""Record conversion for the response parser: precomputed per-type child tables.

`table(schema, key)` compiles a complex type of the qbXML schema into a `TypeTable`: one dict
from child tag to (child table or None for simple content, repeats).  Tables are built once per
process for the closure of types reachable from a key and published atomically, so the hot loop
does a single dict lookup per child and never touches the (slower) schema objects.

`fill(out, el, table)` converts a finished lxml element into `out`; see nxus/qbxml/parser.py for
the conversion rules.
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

from nxus.qbxml.model import Schema


class TypeTable:
    """A complex type reduced to what the conversion needs."""

    __slots__ = ("aggregate", "kids", "key")

    def __init__(self, key: str, aggregate: bool) -> None:
        self.key = key
        self.aggregate = aggregate  # element content (no simpleContent): always a dict
        self.kids: dict[str, tuple[TypeTable | None, bool]] = {}


_NO_KIDS: dict[str, tuple[TypeTable | None, bool]] = {}
_TABLES: dict[tuple[str, str], TypeTable] = {}
_LOCK = threading.Lock()


def table(schema: Schema, key: str) -> TypeTable:
    """The table of complex type `key` (built on first use, then a dict lookup)."""
    found = _TABLES.get((schema.name, key))
    if found is None:
        with _LOCK:
            pending: dict[tuple[str, str], TypeTable] = {}
            found = _build(schema, key, pending)
            _TABLES.update(pending)  # the whole closure at once: no half-built table is seen
    return found


def response_table(schema: Schema, name: str) -> TypeTable | None:
    """The table of a response element under QBXMLMsgsRs (e.g. "CustomerQueryRs"), or None
    for a name the schema does not know."""
    info = schema.complex_type("QBXMLMsgsRs").child_map.get(name)
    return table(schema, info.type_key) if info and info.type_key else None


def global_table(schema: Schema, tag: str) -> TypeTable | None:
    """The table of a global element of complex type (for records of unknown responses)."""
    ref = schema.globals.get(tag)
    return table(schema, ref) if isinstance(ref, str) else None


def _build(schema: Schema, key: str, pending: dict[tuple[str, str], TypeTable]) -> TypeTable:
    done = _TABLES.get((schema.name, key)) or pending.get((schema.name, key))
    if done is not None:
        return done
    ctype = schema.complex_type(key)
    made = pending[(schema.name, key)] = TypeTable(
        key, ctype.text is None and ctype.model is not None
    )
    for child in ctype.children:
        sub = _build(schema, child.type_key, pending) if child.type_key else None
        made.kids[child.name] = (sub, child.repeats)
    return made


def value(el: etree._Element, tt: TypeTable | None) -> Any:
    """An element's value: its text (simple content, no attributes) or a dict."""
    attrs = el.items()
    if not attrs and not len(el) and (tt is None or not tt.aggregate):
        return el.text or ""
    out: dict[str, Any] = {}
    fill(out, el, tt, attrs)
    return out


def fill(
    out: dict[str, Any],
    el: etree._Element,
    tt: TypeTable | None,
    attrs: list[tuple[str, str]] | None = None,
) -> None:
    """Put an element's attributes ("@name"), children, or non-blank "#text" into `out`."""
    for name, attr_value in el.items() if attrs is None else attrs:
        out["@" + name] = attr_value
    if not len(el):
        text = el.text
        if text and text.strip():
            out["#text"] = text
        return
    kids = tt.kids if tt is not None else _NO_KIDS
    for child in el:
        tag = child.tag
        sub, repeats = kids.get(tag, (None, False))
        # inline the common leaf: simple content, no attributes
        if len(child) or (sub is not None and sub.aggregate):
            item = value(child, sub)
        else:
            child_attrs = child.items()
            if child_attrs:
                item = {}
                fill(item, child, sub, child_attrs)
            else:
                item = child.text or ""
        if repeats:
            items = out.get(tag)
            if items is None:
                out[tag] = [item]
            else:
                items.append(item)
        elif tag not in out:
            out[tag] = item
        else:  # unknown or unexpectedly repeated: keep every occurrence, in order
            have = out[tag]
            if isinstance(have, list):
                have.append(item)
            else:
                out[tag] = [have, item]
