"""Forms of the team, account and sign-in pages (rules live in the services)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from nxus.services.permissions import ROLE_LABELS, ROLES
from nxus.web.forms import LoginForm


def _roles(include_owner: bool) -> list[SelectChoice]:
    return [SelectChoice(r, ROLE_LABELS[r]) for r in ROLES if include_owner or r != "owner"]


class LoginWithCodeForm(LoginForm):
    """Sign-in; the code is asked for only while the address is locked out."""

    code = StringField("Two-factor code (from your app, or a recovery code)")


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app", validators=[InputRequired("Enter the code.")]
    )


class InviteForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter the colleague's email.")])
    role = SelectField("Role", default="viewer")

    def set_roles(self, include_owner: bool) -> None:
        self.role.choices = _roles(include_owner)  # type: ignore[assignment]


class RoleForm(FlaskForm):
    role = SelectField("Role")

    def set_roles(self, include_owner: bool) -> None:
        self.role.choices = _roles(include_owner)  # type: ignore[assignment]


class SecurityForm(FlaskForm):
    require_two_factor = BooleanField("Require two-factor sign-in for every member")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password (at least 12 characters)",
        validators=[InputRequired("Choose a new password.")],
    )


class DisableTwoFactorForm(FlaskForm):
    password = PasswordField("Your password", validators=[InputRequired("Enter your password.")])


class TokenPasswordForm(FlaskForm):
    """Join by invitation or reset a password: the link's token (taken from the URL's
    fragment by the page's script) and the new password."""

    token = HiddenField()
    password = PasswordField(
        "Choose a password (at least 12 characters)",
        validators=[InputRequired("Choose a password.")],
    )


class ForgotForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email address.")])
