"""Portal forms. Field rules (lengths, formats) live in the services, which name the field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
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
