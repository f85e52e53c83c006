"""GET /tenant/me: the organization the API key belongs to; POST
/tenant/me/rotate-publishable-key: a new publishable key (the old one stops working)."""

from __future__ import annotations

from flask import Response

from nxus.api.context import current_api_key
from nxus.api.helpers import ok
from nxus.db import get_session, utcnow
from nxus.formats import iso
from nxus.models import Organization
from nxus.models.accounts import new_publishable_key


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
            "publishableKey": org.publishable_key,
        }
    )


def rotate_publishable_key() -> Response:
    """A new publishable key for the caller's organization (the SDK's
    RotatePublishableKeyResponse); the old key is no longer the organization's."""
    api_key = current_api_key()
    session = get_session()
    org = session.get(Organization, api_key.organization_id)
    assert org is not None
    org.publishable_key = new_publishable_key()
    session.commit()
    return ok(
        {
            "publishableKey": org.publishable_key,
            "message": "Publishable key rotated: update every setup page URL that uses it.",
            "rotatedAt": iso(utcnow()),
        }
    )
