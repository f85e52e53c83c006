"""GET /tenant/me: the organization the API key belongs to."""

from __future__ import annotations

from flask import Response

from nxus.api.blueprint import api_bp
from nxus.api.context import current_api_key
from nxus.api.helpers import iso, ok
from nxus.db import get_session
from nxus.models import Organization


@api_bp.get("/tenant/me")
def tenant_me() -> Response:
    """The caller's organization, and the mode of the key used."""
    api_key = current_api_key()
    org = get_session().get(Organization, api_key.organization_id)
    assert org is not None  # the key's foreign key cascades on delete
    return ok(
        {
            "id": str(org.id),
            "objectType": "tenant",
            "name": org.name,
            "createdAt": iso(org.created_at),
            "keyMode": api_key.mode,
        }
    )
