"""What a signed-in member does to API keys and connections from the portal: each action asks
the member's role first (nxus.services.permissions) and leaves an audit row. The portal calls
these, never the underlying services directly, so a forged form post from a viewer is refused
here whatever the page showed."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from nxus.models import ApiKey, Connection
from nxus.services import api_keys, audit, connections
from nxus.services.permissions import Actor, require


def create_key(
    session: Session, actor: Actor, name: str, mode: str, expires_at: datetime | None
) -> api_keys.NewApiKey:
    """A new API key recording who created it; the secret is returned once."""
    require(actor, "keys.manage")
    new = api_keys.create_api_key(
        session, actor.organization_id, name, mode, expires_at, actor.user_id
    )
    key = new.api_key
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="api_key.created", target=f"{key.name} ({key.display_prefix})",
                 ip=actor.ip, detail=f"{key.mode} key")  # fmt: skip
    session.commit()
    return new


def revoke_key(session: Session, actor: Actor, key_id: uuid.UUID) -> ApiKey:
    require(actor, "keys.manage")
    already = _revoked(session, actor, key_id)
    key = api_keys.revoke(session, actor.organization_id, key_id)
    if not already:
        audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                     kind="api_key.revoked", target=f"{key.name} ({key.display_prefix})",
                     ip=actor.ip)  # fmt: skip
        session.commit()
    return key


def _revoked(session: Session, actor: Actor, key_id: uuid.UUID) -> bool:
    key = session.get(ApiKey, key_id)
    return key is not None and key.revoked_at is not None


def may_change_connections(actor: Actor) -> None:
    """The check for connection actions that leave no audit row (cancel a queued job, the
    sample company, the first exchange)."""
    require(actor, "connections.manage")


def _name(connection: Connection) -> str:
    return f"{connection.description or 'connection'} ({connection.id})"


def new_qbwc_password(session: Session, actor: Actor, connection: Connection) -> str:
    require(actor, "connections.manage")
    password = connections.generate_password(session, connection)
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="qbwc_password.regenerated", target=_name(connection),
                 ip=actor.ip)  # fmt: skip
    session.commit()
    return password


def archive(session: Session, actor: Actor, connection: Connection) -> Connection:
    require(actor, "connections.manage")
    connections.archive(session, connection)
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="connection.archived", target=_name(connection), ip=actor.ip)  # fmt: skip
    session.commit()
    return connection


def restore(session: Session, actor: Actor, connection: Connection) -> Connection:
    require(actor, "connections.manage")
    connections.restore(session, connection)
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="connection.restored", target=_name(connection), ip=actor.ip)  # fmt: skip
    session.commit()
    return connection


def rename(session: Session, actor: Actor, connection: Connection, description: str) -> None:
    require(actor, "connections.manage")
    before = _name(connection)
    connections.update(session, connection, {"description": description})
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="connection.renamed", target=before, ip=actor.ip,
                 detail=f"now {connection.description}")  # fmt: skip
    session.commit()


def delete_permanently(session: Session, actor: Actor, connection: Connection) -> None:
    require(actor, "connections.manage")
    name = _name(connection)
    connections.delete_permanently(session, connection)
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="connection.deleted", target=name, ip=actor.ip)  # fmt: skip
    session.commit()


def record_api_action(
    session: Session, api_key: ApiKey, kind: str, connection: Connection, ip: str | None
) -> None:
    """An audit row for a connection change made through /api/v1 (the actor is the key's
    creator, the key named in the detail); commits."""
    audit.record(session, org_id=api_key.organization_id, actor_user_id=api_key.created_by_id,
                 kind=kind, target=_name(connection), ip=ip,
                 detail=f"via API key {api_key.name} ({api_key.display_prefix})")  # fmt: skip
    session.commit()
