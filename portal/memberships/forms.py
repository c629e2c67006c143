"""The application form at /join, and staff's decision forms. Every field is listed; forms never write."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField, TelField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from portal.members.tiers import Tier
from portal.memberships.credit_code import CreditCodeError, verify
from portal.privacy.forms import consent_field
from portal.urls import safe_website


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _credit_code(form, field):
    try:
        field.data = verify(field.data)
    except CreditCodeError as error:
        raise ValidationError(str(error)) from None


def _http_only(form, field):
    if field.data and safe_website(field.data) is None:
        raise ValidationError(_l("Enter an address that starts with http:// or https://."))


def _file_given(form, field):
    upload = field.data
    if upload is None or not getattr(upload, "filename", None):
        raise ValidationError(_l("Please attach the business licence (PDF, PNG or JPEG)."))


class ApplicationForm(FlaskForm):
    """The contract's fields: name, name_en, credit_code, tier, website, contact_*, license, consent."""

    name = StringField(_l("Chinese name, as registered"), validators=[DataRequired(), Length(max=120)],
                       filters=[_stripped])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)], filters=[_stripped])
    credit_code = StringField(_l("Unified social credit code (统一社会信用代码)"),
                              validators=[DataRequired(), _credit_code],
                              description=_l("18 characters, as printed on the business licence."))
    tier = SelectField(_l("Membership tier applied for"), choices=Tier.choices(), default=Tier.MEMBER.value)
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300), _http_only], filters=[_stripped])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=120)],
                               filters=[_stripped])
    contact_email = EmailField(_l("Contact email"), validators=[DataRequired(), Email(), Length(max=254)],
                               filters=[_stripped],
                               description=_l("The receipt and the association's decision are sent here."))
    contact_phone = TelField(_l("Contact telephone"), validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^\+?[0-9][0-9 ()\-]{5,38}$", message=_l("Enter a telephone number (digits, spaces, + - and brackets)."))],
        filters=[_stripped])
    license = FileField(_l("Business licence (营业执照): PDF, PNG or JPEG"), validators=[_file_given])
    consent = consent_field()
    submit = SubmitField(_l("Send the application"))


class ApproveForm(FlaskForm):
    #: "new", or the id of an existing firm the warnings offered; a firm holding the credit code is forced.
    firm = RadioField(_l("Firm"), validators=[Optional()], validate_choice=False)
    approve = SubmitField(_l("Approve"))


class RejectForm(FlaskForm):
    note = TextAreaField(_l("Reason (emailed to the applicant)"), validators=[DataRequired(), Length(max=2000)])
    reject = SubmitField(_l("Reject"))
