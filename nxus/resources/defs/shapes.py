"""Field groups shared by the response tables (items.py, lists.py, transactions.py).

A table is a dict literal that unpacks these groups where the SDK puts them
(`{**LIST_HEADER, "own": "Own", **LIST_TAIL}`): the JSON key order is the table's order. The
helpers derive one table from another without restating it and keep the template's key order;
they refuse aliases the template does not have, so a typo fails at import.
"""

from collections.abc import Iterable, Mapping

from nxus.resources.model import Nest, Shape, Source

DATA_EXT_RET: Shape = {
    "ownerId": "OwnerID",
    "name": "DataExtName",
    "type": "DataExtType",
    "value": "DataExtValue",
}
CUSTOM_FIELDS: Shape = {"customFields": Nest("DataExtRet", DATA_EXT_RET)}

# First in every list record (customers, items, accounts, terms, ...).
LIST_HEADER: Shape = {
    "id": "ListID",
    "name": "Name",
    "createdAt": "TimeCreated",
    "updatedAt": "TimeModified",
    "revisionNumber": "EditSequence",
}
# Last in items, customers, vendors and employees.
LIST_TAIL: Shape = {"externalId": "ExternalGUID", "isActive": "IsActive", **CUSTOM_FIELDS}


def _known(shape: Shape, aliases: Iterable[str]) -> None:
    unknown = [alias for alias in aliases if alias not in shape]
    if unknown:
        raise KeyError(f"{unknown} not in {list(shape)}")


def filled(shape: Shape, sources: Shape) -> Shape:
    """`shape` in its own order, with the sources of `sources` in place of its own."""
    _known(shape, sources)
    return {alias: sources.get(alias, source) for alias, source in shape.items()}


def absent(shape: Shape, *aliases: str) -> Shape:
    """`shape` with `aliases` mapped to None: fields the SDK declares that this Ret lacks."""
    return filled(shape, dict.fromkeys(aliases))


def drop(shape: Shape, *aliases: str) -> Shape:
    """`shape` without `aliases`: fields this SDK model does not declare."""
    _known(shape, aliases)
    return {alias: source for alias, source in shape.items() if alias not in aliases}


def renamed(shape: Shape, names: Mapping[str, str]) -> Shape:
    """`shape` with some aliases spelled otherwise by this SDK model (old -> new), in place."""
    _known(shape, names)
    return {names.get(alias, alias): source for alias, source in shape.items()}


def under(parent: str, shape: Shape) -> Shape:
    """`shape` read below the element `parent` (SalesOrPurchase/Price)."""
    return {alias: _below(parent, source) for alias, source in shape.items()}


def _below(parent: str, source: Source) -> Source:
    if source is None:
        return None
    if isinstance(source, str):
        return f"{parent}/{source}"
    raise TypeError(f"under({parent!r}) takes element paths, not {source!r}")
