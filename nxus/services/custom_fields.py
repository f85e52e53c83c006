"""The custom field definitions nXus has learned per connection, from QuickBooks' answers to
the definition calls (list, create, update, delete), so that a value written to an object type
its field is not assigned to is refused before anything reaches QuickBooks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nxus.db import in_list, utcnow
from nxus.models import CustomFieldDefinition
from nxus.resources.custom_fields import Definition, definition_of


def known(
    session: Session, connection_id: uuid.UUID, owner_id: str, name: str
) -> Definition | None:
    """The definition of (owner, name) as QuickBooks last described it, if nXus saw it."""
    row = session.scalars(
        select(CustomFieldDefinition).where(
            CustomFieldDefinition.connection_id == connection_id,
            CustomFieldDefinition.owner_id == owner_id,
            CustomFieldDefinition.name_key == name.lower(),
        )
    ).first()
    if row is None:
        return None
    return Definition(row.owner_id, row.name, row.type, tuple(json.loads(row.assign_to)))


def learn(
    session: Session,
    connection_id: uuid.UUID,
    action: str,
    body: Mapping[str, Any],
    owners: list[str] | None = None,
    old_name: str | None = None,
) -> None:
    """Record what a definition call's answer says (commits). A list by owner replaces what
    was known of those owners; a rename forgets the old name; a delete forgets the field."""
    if action == "list":
        items = [definition_of(i) for i in body.get("data", [])]
        if owners:
            _forget(session, connection_id, owners=owners)
        for item in items:
            _store(session, connection_id, item)
    elif action == "delete":
        _forget(session, connection_id, str(body.get("ownerId")), str(body.get("name")))
    else:
        item = definition_of(body)
        if old_name and old_name.lower() != item.name.lower():
            _forget(session, connection_id, item.owner_id, old_name)
        _store(session, connection_id, item)
    session.commit()


def _forget(
    session: Session,
    connection_id: uuid.UUID,
    owner_id: str | None = None,
    name: str | None = None,
    owners: list[str] | None = None,
) -> None:
    query = delete(CustomFieldDefinition).where(
        CustomFieldDefinition.connection_id == connection_id
    )
    if owners is not None:
        query = query.where(CustomFieldDefinition.owner_id.in_(in_list(owners)))
    else:
        query = query.where(
            CustomFieldDefinition.owner_id == owner_id,
            CustomFieldDefinition.name_key == (name or "").lower(),
        )
    session.execute(query)


def _store(session: Session, connection_id: uuid.UUID, item: Definition) -> None:
    _forget(session, connection_id, item.owner_id, item.name)
    session.add(
        CustomFieldDefinition(
            connection_id=connection_id,
            owner_id=item.owner_id,
            name_key=item.name.lower(),
            name=item.name,
            type=item.type,
            assign_to=json.dumps(list(item.assign_to_objects)),
            learned_at=utcnow(),
        )
    )
    session.flush()
