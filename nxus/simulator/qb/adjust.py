"""Inventory adjustments as QuickBooks records them: an Add line says how the quantity
changes (QuantityAdjustment/ValueAdjustment: a new quantity or a difference); the Ret line
holds the difference in quantity and in value (at the item's cost), and the item's quantity
on hand follows."""

from __future__ import annotations

from decimal import Decimal

from .common import dec, money
from .schema import Record
from .store import Company

_ITEMS = ("ItemInventory", "ItemInventoryAssembly")


def adjustment_line(company: Company, line: Record) -> Record:
    """The Ret line of one InventoryAdjustmentLineAdd/Mod (the item's stock is updated)."""
    change = line.pop("QuantityAdjustment", None) or line.pop("ValueAdjustment", None) or {}
    for key in ("SerialNumberAdjustment", "LotNumberAdjustment"):
        line.pop(key, None)
    hit = company.find(_ITEMS, line["ItemRef"]) if line.get("ItemRef") else None
    item = hit[1] if hit else {}
    on_hand = dec(item.get("QuantityOnHand"))
    if "NewQuantity" in change:
        difference = dec(change["NewQuantity"]) - on_hand
    else:
        difference = dec(change.get("QuantityDifference") or line.get("QuantityDifference"))
    cost = dec(item.get("PurchaseCost"))
    if item:
        item["QuantityOnHand"] = str(on_hand + difference)
    line["QuantityDifference"] = str(difference.normalize() if difference else Decimal(0))
    line.setdefault("ValueDifference", money(difference * cost))
    return line


def build_assembly(company: Company, record: Record) -> None:
    """A build adds QuantityToBuild to the assembly's stock (its components are not tracked
    here: QuantityCanBuild is what it was asked to build)."""
    hit = company.find(("ItemInventoryAssembly",), record.get("ItemInventoryAssemblyRef") or {})
    item = hit[1] if hit else {}
    built = dec(record.get("QuantityToBuild"))
    on_hand = dec(item.get("QuantityOnHand")) + built
    if item:
        item["QuantityOnHand"] = str(on_hand)
    record.setdefault("IsPending", "false")
    record.update(
        QuantityCanBuild=str(built),
        QuantityOnHand=str(on_hand),
        QuantityOnSalesOrder="0",
    )
