"""All models, imported here so the metadata is complete for Alembic and create_all."""

from nxus.models.accounts import Membership, Organization, User
from nxus.models.api_state import ApiCursor, IdempotencyRecord
from nxus.models.auth_sessions import AuthSession
from nxus.models.connections import Connection
from nxus.models.custom_fields import CustomFieldDefinition
from nxus.models.events import (
    ConnectionPresence,
    Event,
    RequestLogEntry,
    WebhookDelivery,
    WebhookEndpoint,
)
from nxus.models.keys import ApiKey
from nxus.models.qbwc import Job, QbwcDiagnostic, QbwcExchange, QbwcSession
from nxus.models.sample_company import SampleCompanyLease
from nxus.models.system import InstallationSetting, ThrottleRecord
from nxus.models.team import AuditEvent, Invite, PasswordReset, RecoveryCode

__all__ = [
    "ApiCursor",
    "ApiKey",
    "AuthSession",
    "Connection",
    "IdempotencyRecord",
    "InstallationSetting",
    "Job",
    "Membership",
    "Organization",
    "QbwcDiagnostic",
    "QbwcExchange",
    "QbwcSession",
    "SampleCompanyLease",
    "ThrottleRecord",
    "User",
    # teams
    "AuditEvent",
    "Invite",
    "PasswordReset",
    "RecoveryCode",
    "ConnectionPresence",
    "Event",
    "RequestLogEntry",
    "WebhookDelivery",
    "WebhookEndpoint",
    # custom fields
    "CustomFieldDefinition",
]
