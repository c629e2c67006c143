"""Subscribing, confirming, choosing which mailings to receive and unsubscribing."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from portal.mailings.states import MailingKind
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
    submit = SubmitField(_l("Unsubscribe from everything"))


class PreferencesForm(FlaskForm):
    """Which kinds of mailing an address receives: one box per kind (MailingKind), ticked = receives it.

    Guarded by its CSRF token even where the page is CSRF-exempt for RFC 8058's one-click POST:
    FlaskForm checks the token in validate() whatever the view's exemption.
    """

    bulletin = BooleanField(_l("The monthly bulletin"))
    event = BooleanField(_l("Notices of events"))
    notice = BooleanField(_l("Association notices"))
    save = SubmitField(_l("Save my choices"))

    def show(self, wanted) -> None:
        """Tick the boxes of the kinds the address receives now."""
        for kind in MailingKind:
            self[kind.value].data = kind in wanted

    def wanted(self) -> set[MailingKind]:
        return {kind for kind in MailingKind if self[kind.value].data}
