"""The shapes of the resource tables: plain frozen data, no behaviour."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Operation = Literal["list", "count", "retrieve", "create", "update", "delete", "void"]


class ResourceValidationError(ValueError):
    """Incoming JSON that cannot become qbXML: `field` is the camelCase JSON path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def snake_case(value: str) -> str:
    """QuickBooks' PascalCase enum value in the SDK's snake_case spelling."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", value).lower()


@dataclass(frozen=True)
class Nest:
    """A nested object (or list of them, by the schema's maxOccurs) at qbXML `path`; on a
    request, path "" puts the object's fields into the parent element itself (the SDK's
    `paymentLine`/`manualLine` of a deposit line are the two choices of one DepositLineAdd)."""

    path: str
    shape: Shape


@dataclass(frozen=True)
class Const:
    """A constant JSON value (objectType of nested objects)."""

    value: str


@dataclass(frozen=True)
class Enum:
    """An enumerated element whose JSON spelling differs from QuickBooks' (qb value -> json)."""

    path: str
    values: Mapping[str, str | int] = field(
        default_factory=dict
    )  # a number where the SDK sends one
    snake: bool = False  # "NonCitizen" <-> "non_citizen" for the values not in `values`


@dataclass(frozen=True)
class Text:
    """An element kept as QuickBooks' text where the SDK declares a string (e.g. home amounts)."""

    path: str


@dataclass(frozen=True)
class Each:
    """A JSON list of plain values, each wrapped in its own repeated element:
    ["a", "b"] <-> <AdditionalNotes><Note>a</Note></AdditionalNotes><AdditionalNotes>...."""

    path: str
    leaf: str


# A JSON field's source: an element path relative to the parent ("Name", "SalesOrPurchase/Desc");
# its conversion (number, bool, date, {"id","fullname"} reference) follows the schema type.
# None: QuickBooks has no such element here (always null in responses, refused in requests).
Source = str | Nest | Const | Enum | Text | Each | None
# A dict (not a Mapping): tables are merged with `|`, which Mapping does not define.
Shape = dict[str, Source]


@dataclass(frozen=True)
class Variant:
    """One Ret element of a polymorphic query (ItemQueryRs -> ItemServiceRet, ...)."""

    ret: str
    object_type: str
    fields: Shape
    item_type: str | None = None


@dataclass(frozen=True)
class Choice:
    """One qbXML list a write of a multi-list resource goes to (terms: StandardTerms or
    DateDrivenTerms). `qb` names its Add (`{qb}AddRq`) and its ListDelType; a create goes to
    the one choice whose own fields (mapped here, in no other choice) the body sends."""

    qb: str
    create: Shape

    def own_fields(self, others: tuple[Choice, ...]) -> tuple[str, ...]:
        shared = {k for c in others if c is not self for k, v in c.create.items() if v}
        return tuple(k for k, v in self.create.items() if v and k not in shared)


@dataclass(frozen=True)
class Resource:
    """One nXus resource: SDK paths and operations, qbXML names and the field tables.

    `qb` is the qbXML stem: `{qb}QueryRq`, `{qb}AddRq/{qb}Add`, `{qb}ModRq/{qb}Mod`, `{qb}Ret`.
    `del_type` is the ListDelType/TxnDelType (and TxnVoidType) value.
    """

    name: str  # SDK namespace, e.g. "customers"
    list_path: str
    item_path: str  # with "{id}"
    create_path: str
    operations: tuple[Operation, ...]
    kind: Literal["list", "txn"]
    qb: str
    variants: tuple[Variant, ...]
    create: Shape = field(default_factory=dict)
    update: Shape = field(default_factory=dict)
    del_type: str | None = None
    query: str | None = None  # the query request when it is not {qb}QueryRq (terms, items)
    choices: tuple[Choice, ...] = ()  # several qbXML lists behind one resource (terms)
    # A resource over many types (cross-type transactions): the JSON field of a record that
    # names its qbXML type, which a delete must send (TxnDelType); the API looks it up first.
    type_field: str | None = None
    required_params: tuple[str, ...] = ()  # list parameters the query needs (BillToPay: vendorId)

    @property
    def typed_delete(self) -> bool:
        """Whether a delete needs the record's own list or type, looked up first."""
        return bool(self.choices or self.type_field)

    @property
    def id_element(self) -> str:
        return "ListID" if self.kind == "list" else "TxnID"

    @property
    def query_request(self) -> str:
        return self.query or f"{self.qb}QueryRq"

    @property
    def iterable(self) -> bool:
        """Whether QuickBooks can page this query with an iterator (from the schema: an
        iterator, and MaxReturned to size its pages — BarCodeQuery has the one, not the other)."""
        from nxus.qbxml import spec

        query = self.query_request
        return query in spec.iterator_queries() and spec.exists(f"{query}/MaxReturned")

    @property
    def object_type(self) -> str:
        return self.variants[0].object_type
