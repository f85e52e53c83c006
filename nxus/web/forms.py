"""Portal forms. Field rules (lengths, formats) live in the services, which name the field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


class SetupForm(FlaskForm):
    organization = StringField(
        "Organization name", validators=[InputRequired("Enter your organization's name.")]
    )
    email = EmailField("Your email", validators=[InputRequired("Enter your email address.")])
    password = PasswordField(
        "Password (at least 12 characters)", validators=[InputRequired("Choose a password.")]
    )


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email address.")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])


class ConfirmForm(FlaskForm):
    """A button-only form (logout, revoke, archive): the CSRF token is the whole payload."""


class ApiKeyForm(FlaskForm):
    """Settings → API Keys: a new key (the name and expiry rules live in services.api_keys)."""

    name = StringField("Name", validators=[InputRequired("Give the key a name.")])
    mode = SelectField(
        "Mode",
        choices=[
            SelectChoice("test", "Test (sk_test_…): development connections"),
            SelectChoice("live", "Live (sk_live_…): production connections"),
        ],
        default="test",
    )
    expires_in_days = SelectField(
        "Expires",
        choices=[
            SelectChoice("", "Never"),
            SelectChoice("7", "In 7 days"),
            SelectChoice("30", "In 30 days"),
            SelectChoice("90", "In 90 days"),
            SelectChoice("365", "In a year"),
        ],
        default="",
    )
