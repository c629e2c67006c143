"""Forms of the login pages; each lists its fields explicitly."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from portal.auth.services import MIN_PASSWORD_LENGTH
from portal.privacy.forms import consent_field


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me logged in"))
    submit = SubmitField(_l("Log in"))


def new_password_fields():
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                                            message=_l("Use at least %(min)d characters."))]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    return password, confirm


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Email me a link"))


class SetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()
    submit = SubmitField(_l("Save password"))


class AcceptInvitationForm(FlaskForm):
    password, confirm = new_password_fields()
    consent = consent_field()
    submit = SubmitField(_l("Save password"))


class CodeForm(FlaskForm):
    #: A 6-digit code from the authenticator app, or one of the recovery codes.
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)],
                       render_kw={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none",
                                  "spellcheck": "false"})
    submit = SubmitField(_l("Confirm"))


class DisableSecondFactorForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Turn off two-step sign-in"))
