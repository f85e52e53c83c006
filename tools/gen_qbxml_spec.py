"""Generate nxus/qbxml/data/qbxml_spec.json.gz from the Intuit qbXML schemas and OSR samples.

Run from the repository root:  .venv/bin/python tools/gen_qbxml_spec.py

Inputs (read only, never copied), under the reference folder $NXUS_REFERENCE_DIR (default
../shared/reference): qbxml/xsd{130,160}/*.xsd and qbxml/osr/qbxmlops{20..140}.xml.  The output
is deterministic (sorted JSON, gzip with mtime 0) so running it twice gives no diff; `make
conformance` checks that it reproduces the committed file.  See docs/qbxml.md for the format.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
OUT = REPO / "nxus" / "qbxml" / "data" / "qbxml_spec.json.gz"

XS = "{http://www.w3.org/2001/XMLSchema}"
# Versions with a source document of their own, in order; bit i of a mask = SOURCE_VERSIONS[i].
SOURCE_VERSIONS = [
    "2.0",
    "3.0",
    "4.0",
    "4.1",
    "5.0",
    "6.0",
    "7.0",
    "8.0",
    "10.0",
    "11.0",
    "12.0",
    "13.0",
    "14.0",
    "16.0",
]
# OSR sample file per version (there is none for 16.0: the 16.0 XSD stands in).
OSR_FILES = {
    "2.0": "qbxmlops20",
    "3.0": "qbxmlops30",
    "4.0": "qbxmlops40",
    "4.1": "qbxmlops41",
    "5.0": "qbxmlops50",
    "6.0": "qbxmlops60",
    "7.0": "qbxmlops70",
    "8.0": "qbxmlops80",
    "10.0": "qbxmlops100",
    "11.0": "qbxmlops110",
    "12.0": "qbxmlops120",
    "13.0": "qbxmlops130",
    "14.0": "qbxmlops140",
}
UNBOUNDED = -1
# The qbXML base types in a fixed order so they get stable small indexes.
NAMED_SIMPLE = [
    "STRTYPE",
    "IDTYPE",
    "ENUMTYPE",
    "BOOLTYPE",
    "DATETYPE",
    "DATETIMETYPE",
    "TIMEINTERVALTYPE",
    "AMTTYPE",
    "PRICETYPE",
    "QUANTYPE",
    "PERCENTTYPE",
    "INTTYPE",
    "GUIDTYPE",
    "UUIDTYPE",
    "MACROTYPE",
    "FLOATTYPE",
]
FACETS = {"maxLength": "max", "minInclusive": "minI", "maxInclusive": "maxI"}


def _occurs(node: etree._Element) -> tuple[int, int]:
    low = int(node.get("minOccurs", "1"))
    high_s = node.get("maxOccurs", "1")
    return low, UNBOUNDED if high_s == "unbounded" else int(high_s)


class SchemaReader:
    """Turns one XSD set into content models keyed by type (named type or element path)."""

    def __init__(self, folder: Path) -> None:
        self.elements: dict[str, etree._Element] = {}
        self.ctypes: dict[str, etree._Element] = {}
        self.groups: dict[str, etree._Element] = {}
        self.stypes: dict[str, etree._Element] = {}
        for xsd in sorted(folder.glob("*.xsd")):
            for node in etree.parse(str(xsd)).getroot():
                kind = {
                    XS + "element": self.elements,
                    XS + "complexType": self.ctypes,
                    XS + "group": self.groups,
                    XS + "simpleType": self.stypes,
                }.get(node.tag)
                if kind is not None:
                    kind[node.get("name")] = node
        self.simple: list[dict[str, Any]] = []
        self._simple_index: dict[str, int] = {}
        for name in NAMED_SIMPLE:
            self._intern({"t": name})
        self.complex: dict[str, dict[str, Any]] = {}
        self.global_refs: dict[str, int | str] = {}

    # -- simple types -------------------------------------------------------------------------
    def _intern(self, spec: dict[str, Any]) -> int:
        key = json.dumps(spec, sort_keys=True)
        if key not in self._simple_index:
            self._simple_index[key] = len(self.simple)
            self.simple.append(spec)
        return self._simple_index[key]

    def _inline_simple(self, node: etree._Element) -> int:
        restriction = node.find(XS + "restriction")
        if restriction is None:
            raise ValueError(f"unsupported simpleType at line {node.sourceline}")
        base = restriction.get("base")
        if base not in NAMED_SIMPLE:
            raise ValueError(f"unsupported base {base} at line {node.sourceline}")
        spec: dict[str, Any] = {"t": base}
        enums = [e.get("value") for e in restriction.findall(XS + "enumeration")]
        if enums:
            spec["enum"] = enums
        for facet, key in FACETS.items():
            found = restriction.find(XS + facet)
            if found is not None:
                spec[key] = int(found.get("value"))
        return self._intern(spec)

    def _type_ref(self, type_name: str) -> int | str:
        if type_name in NAMED_SIMPLE:
            return NAMED_SIMPLE.index(type_name)
        if type_name not in self.complex:
            self._complex_from(type_name, self.ctypes[type_name])
        return type_name

    # -- complex types ------------------------------------------------------------------------
    def _complex_from(self, key: str, ctype: etree._Element) -> None:
        entry: dict[str, Any] = {"m": None}
        self.complex[key] = entry  # placed first so recursive references terminate
        attrs_holder = ctype
        simple_content = ctype.find(XS + "simpleContent")
        if simple_content is not None:
            ext = simple_content.find(XS + "extension")
            entry["x"] = self._type_ref(ext.get("base"))
            attrs_holder = ext
        for child in ctype:
            if child.tag in (XS + "sequence", XS + "choice", XS + "group"):
                entry["m"] = self._particle(child, key)
        attrs = [self._attribute(a) for a in attrs_holder.findall(XS + "attribute")]
        if attrs:
            entry["a"] = attrs
        if entry["m"] is None:
            del entry["m"]

    def _attribute(self, node: etree._Element) -> list[Any]:
        inline = node.find(XS + "simpleType")
        ref = (
            self._inline_simple(inline) if inline is not None else self._type_ref(node.get("type"))
        )
        return [node.get("name"), node.get("use") == "required", ref, node.get("default")]

    def _element_ref(self, node: etree._Element, owner: str) -> tuple[str, int | str]:
        """Name and type reference of an xsd:element particle (local, typed or ref=)."""
        if node.get("ref"):
            name = node.get("ref")
            return name, self.global_ref(name)
        name = node.get("name")
        if node.get("type"):
            return name, self._type_ref(node.get("type"))
        inline_simple = node.find(XS + "simpleType")
        if inline_simple is not None:
            return name, self._inline_simple(inline_simple)
        inline_complex = node.find(XS + "complexType")
        key = f"{owner}/{name}"
        if inline_complex is None:
            return name, NAMED_SIMPLE.index("STRTYPE")
        self._complex_from(key, inline_complex)
        return name, key

    def global_ref(self, name: str) -> int | str:
        if name in self.global_refs:
            return self.global_refs[name]
        node = self.elements[name]
        if node.get("type"):
            ref = self._type_ref(node.get("type"))
        elif node.find(XS + "simpleType") is not None:
            ref = self._inline_simple(node.find(XS + "simpleType"))
        else:
            self.global_refs[name] = name
            self._complex_from(name, node.find(XS + "complexType"))
            return name
        self.global_refs[name] = ref
        return ref

    def _particle(self, node: etree._Element, owner: str) -> list[Any] | None:
        low, high = _occurs(node)
        if high == 0:
            return None
        tag = node.tag
        if tag == XS + "element":
            name, ref = self._element_ref(node, owner)
            return ["e", name, low, high, ref]
        if tag == XS + "group":
            group = self.groups[node.get("ref")]
            inner = next(c for c in group if c.tag in (XS + "sequence", XS + "choice"))
            particle = self._particle(inner, owner)
            if particle is not None:
                particle[1], particle[2] = low, high
            return particle
        kids = [self._particle(c, owner) for c in node if isinstance(c.tag, str)]
        kind = "s" if tag == XS + "sequence" else "c"
        return [kind, low, high, [k for k in kids if k is not None]]

    def build(self) -> dict[str, Any]:
        for name in sorted(self.elements):
            self.global_ref(name)
        return {"complex": self.complex, "globals": self.global_refs, "simple": self.simple}


def _leaves(particle: list[Any]) -> Iterator[tuple[str, int | str]]:
    if particle[0] == "e":
        yield particle[1], particle[4]
    else:
        for child in particle[3]:
            yield from _leaves(child)


def schema_paths(model: dict[str, Any]) -> set[str]:
    """Every element path (and path/@attribute) below QBXML that the schema allows."""
    paths: set[str] = set()
    complex_types = model["complex"]

    def walk(prefix: str, ref: int | str, stack: tuple[str, ...]) -> None:
        if not isinstance(ref, str) or ref in stack:
            return
        entry = complex_types[ref]
        for attr in entry.get("a", []):
            paths.add(f"{prefix}/@{attr[0]}")
        if "m" not in entry:
            return
        for name, child_ref in _leaves(entry["m"]):
            path = f"{prefix}/{name}" if prefix else name
            paths.add(path)
            walk(path, child_ref, (*stack, ref))

    walk("", model["globals"]["QBXML"], ())
    return paths


def osr_paths(doc: Path) -> set[str]:
    paths: set[str] = set()
    root = etree.parse(str(doc)).getroot()

    def walk(node: etree._Element, prefix: str) -> None:
        for child in node:
            if not isinstance(child.tag, str):
                continue
            path = f"{prefix}/{child.tag}" if prefix else child.tag
            paths.add(path)
            for attr in child.attrib:
                paths.add(f"{path}/@{attr}")
            walk(child, path)

    walk(root, "")
    return paths


def presence_masks(per_version: dict[str, set[str]]) -> dict[str, int]:
    """Mask per path, stored only where it differs from the parent's (inherit otherwise)."""
    full: dict[str, int] = {}
    for version, paths in per_version.items():
        bit = 1 << SOURCE_VERSIONS.index(version)
        for path in paths:
            full[path] = full.get(path, 0) | bit
    everything = (1 << len(SOURCE_VERSIONS)) - 1
    explicit: dict[str, int] = {}
    for path, mask in full.items():
        parent = path.rpartition("/")[0]
        parent_mask = full.get(parent, everything) if parent else everything
        if mask & parent_mask != parent_mask:
            explicit[path] = mask & parent_mask
    return explicit


def qbxml_reference() -> Path:
    """$NXUS_REFERENCE_DIR/qbxml (default ../shared/reference/qbxml), checked to be there."""
    root = Path(os.environ.get("NXUS_REFERENCE_DIR") or DEFAULT_REFERENCE)
    ref = root / "qbxml"
    if not (ref / "xsd160" / "qbxmlops160.xsd").is_file():
        raise SystemExit(
            f"no qbXML schemas under {ref} (expected xsd130/, xsd160/ and osr/): "
            "set NXUS_REFERENCE_DIR to the reference folder"
        )
    return ref


def generate() -> dict[str, Any]:
    ref = qbxml_reference()
    schemas = {
        "130": SchemaReader(ref / "xsd130").build(),
        "160": SchemaReader(ref / "xsd160").build(),
    }
    per_version = {v: osr_paths(ref / "osr" / f"{f}.xml") for v, f in OSR_FILES.items()}
    per_version["13.0"] |= schema_paths(schemas["130"])
    per_version["16.0"] = schema_paths(schemas["160"])
    return {
        "format": 1,
        "source_versions": SOURCE_VERSIONS,
        "named_simple": NAMED_SIMPLE,
        "schemas": schemas,
        "presence": presence_masks(per_version),
    }


def render(data: dict[str, Any]) -> bytes:
    """Sorted compact JSON, gzipped with a zero mtime and no name: byte-for-byte repeatable."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main() -> int:
    blob = render(generate())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(blob)
    print(f"wrote {OUT.relative_to(REPO)}: {len(blob)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
