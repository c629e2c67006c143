"""Subscribing, confirming and unsubscribing."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from portal.privacy.forms import consent_field


class SubscribeForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])
    consent = consent_field()
    submit = SubmitField(_l("Subscribe"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm my subscription"))


class UnsubscribeForm(FlaskForm):
    """What a mail client posts (RFC 8058) and what the page's button posts: no CSRF token."""

    class Meta:
        # The signed token in the URL is the authority; mail clients post without a session.
        csrf = False

    one_click = HiddenField(name="List-Unsubscribe", default="One-Click")
    submit = SubmitField(_l("Unsubscribe"))
