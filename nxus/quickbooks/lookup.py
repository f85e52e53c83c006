"""The one extra round trip a delete of a multi-list resource needs (terms, and the
cross-type transactions: a TxnDel names the transaction's type, read from its
`transactionType`).

QuickBooks keeps standard and date-driven terms in two lists behind one TermsQuery, and a
ListDel names the list (`ListDelType` StandardTerms or DateDrivenTerms). A `DELETE /term/{id}`
therefore first retrieves the term (TermsQueryRq by ListID: one more job through the Web
Connector, waiting within the same time budget) and then deletes it from the list its
`objectType` names. A term QuickBooks does not have answers the retrieve's 404.
"""

from __future__ import annotations

import time
from dataclasses import replace

from flask import Flask
from sqlalchemy.orm import Session

from nxus.models import Connection
from nxus.quickbooks.calls import perform
from nxus.quickbooks.errors import QuickBooksCallError
from nxus.resources import RESOURCES
from nxus.resources.engine import list_type_of
from nxus.resources.operation import LIST_TYPE, Operation


def with_list_type(
    app: Flask, session: Session, connection: Connection, op: Operation, timeout: float
) -> tuple[Operation, float]:
    """`op` with the record's list in its params, and the wait left for the delete itself;
    unchanged for every resource that is a single qbXML list."""
    resource = RESOURCES[op.resource]
    params = op.params or {}
    if op.action != "delete" or not resource.typed_delete or params.get(LIST_TYPE):
        return op, timeout
    started = time.monotonic()
    found = perform(app, session, connection, replace(op, action="retrieve"), timeout)
    record = found.body if isinstance(found.body, dict) else {}
    object_type = record.get("objectType")
    list_type = list_type_of(resource, object_type or "", record)
    if list_type is None:
        raise QuickBooksCallError(
            "QBD_XML_RESPONSE_ERROR",
            f"QuickBooks answered the {resource.name} lookup with {object_type!r}.",
        )
    left = max(0.0, timeout - (time.monotonic() - started))
    return replace(op, params={**params, LIST_TYPE: list_type}), left
