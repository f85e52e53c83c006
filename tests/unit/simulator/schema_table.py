"""Derive the simulator's response table from the Intuit qbXML schemas.

Run ``python tests/unit/simulator/schema_table.py`` to rewrite
``nxus/simulator/qb/schema_table.json``; ``test_schema_table.py`` fails when the committed
table is stale. The product never reads ../shared: it reads the committed table.

For every complex element reachable from the response messages the simulator answers, the
table lists its children in schema order as ``[name, repeated, since, max_length, is_leaf]``,
where ``since`` is the first qbXML version whose on-screen reference shows that child under
that parent. It also lists which request messages exist in 16.0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import xmlschema
from lxml import etree

ROOT = Path(__file__).resolve().parents[3]
REF = ROOT.parent / "shared" / "reference" / "qbxml"
OUT = ROOT / "nxus" / "simulator" / "qb" / "schema_table.json"
OSR_VERSIONS = [
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
]
# Children that appear in no on-screen reference up to 14.0 came with 15.0 or 16.0.
LATE_VERSION = "15.0"

ENTITIES = [
    "Host",
    "Company",
    "Preferences",
    "Account",
    "Customer",
    "Vendor",
    "Employee",
    "OtherName",
    "Class",
    "StandardTerms",
    "DateDrivenTerms",
    "Terms",
    "PaymentMethod",
    "SalesTaxCode",
    "ItemService",
    "ItemNonInventory",
    "ItemInventory",
    "ItemOtherCharge",
    "ItemSalesTax",
    "ItemSalesTaxGroup",
    "ItemDiscount",
    "ItemSubtotal",
    "ItemPayment",
    "ItemGroup",
    "ItemInventoryAssembly",
    "ItemFixedAsset",
    "Item",
    "Invoice",
    "SalesReceipt",
    "ReceivePayment",
    "Bill",
    "Check",
    "Estimate",
    "PurchaseOrder",
    "CreditMemo",
    "JournalEntry",
    "Entity",
]
EXTRA_RS = ["ListDelRs", "TxnDelRs", "TxnVoidRs"]


def _osr_pairs() -> dict[str, set[tuple[str, str]]]:
    parser = etree.XMLParser(huge_tree=True, remove_comments=True)
    pairs: dict[str, set[tuple[str, str]]] = {}
    for version in OSR_VERSIONS:
        tree = etree.parse(str(REF / "osr" / f"qbxmlops{version.replace('.', '')}.xml"), parser)
        found = set()
        for elem in tree.iter():
            parent = elem.getparent()
            if isinstance(elem.tag, str) and parent is not None:
                found.add((parent.tag, elem.tag))
        pairs[version] = found
    return pairs


def _since(parent: str, child: str, pairs: dict[str, set[tuple[str, str]]]) -> str:
    for version in OSR_VERSIONS:
        if (parent, child) in pairs[version]:
            return version
    return LATE_VERSION


def _max_length(xsd_elem) -> int:
    simple = xsd_elem.type
    while simple is not None and getattr(simple, "is_simple", lambda: False)():
        length = getattr(simple, "max_length", None)
        if length:
            return int(length)
        simple = getattr(simple, "base_type", None)
    return 0


def _repeats(xsd_elem) -> bool:
    """True when the element, or a model group around it, may occur more than once."""
    node = xsd_elem
    while node is not None and hasattr(node, "max_occurs"):
        if node.max_occurs is None or node.max_occurs > 1:
            return True
        node = getattr(node, "parent", None)
        if node is not None and not hasattr(node, "model"):
            break
    return False


def build() -> dict:
    schema = xmlschema.XMLSchema(str(REF / "xsd160" / "qbxmlops160.xsd"))
    pairs = _osr_pairs()
    msgs_rq = schema.elements["QBXMLMsgsRq"].type.content
    requests = sorted(e.name for e in msgs_rq.iter_elements())
    msgs_rs = {e.name: e for e in schema.elements["QBXMLMsgsRs"].type.content.iter_elements()}
    wanted = [f"{entity}{op}Rs" for entity in ENTITIES for op in ("Add", "Mod", "Query")]
    roots = [msgs_rs[name] for name in wanted + EXTRA_RS if name in msgs_rs]
    order: dict[str, list] = {}
    seen_types: dict[str, object] = {}
    stack = list(roots)
    while stack:
        elem = stack.pop()
        key = elem.name
        if key in seen_types:
            if seen_types[key] is not elem.type:
                raise SystemExit(f"{key} has two different types; extend the table format")
            continue
        seen_types[key] = elem.type
        if elem.type.is_simple() or not elem.type.has_complex_content():
            continue
        children = []
        for child in elem.type.content.iter_elements():
            is_leaf = child.type.is_simple() or not child.type.has_complex_content()
            repeated = 1 if _repeats(child) else 0
            children.append(
                [
                    child.name,
                    repeated,
                    _since(key, child.name, pairs),
                    _max_length(child),
                    1 if is_leaf else 0,
                ]
            )
            if not is_leaf:
                stack.append(child)
        order[key] = children
    return {"requests": requests, "order": dict(sorted(order.items()))}


def render() -> str:
    return json.dumps(build(), separators=(",", ":"), sort_keys=False) + "\n"


if __name__ == "__main__":
    OUT.write_text(render())
    sys.stdout.write(f"wrote {OUT} ({OUT.stat().st_size} bytes)\n")
