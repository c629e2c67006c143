"""Forms of membership: the application at /join, staff's decisions, a payment as staff record it, invoice details.

Every field is listed; forms never write.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (DateField, EmailField, RadioField, SelectField, StringField, SubmitField, TelField, TextAreaField,
                     URLField)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from portal.members import tiers
from portal.members.tiers import Tier
from portal.memberships.credit_code import CreditCodeError, verify
from portal.memberships.invoices import FIELDS
from portal.memberships.money import AmountError, parse_yuan
from portal.memberships.states import PaymentMethod
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
    tier = SelectField(_l("Membership tier applied for"), choices=tiers.choices, default=Tier.MEMBER.value)
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


class CreditCodeForm(FlaskForm):
    """Staff correct or give a firm's credit code (a firm listed before applying online has none)."""

    credit_code = StringField(_l("Unified social credit code (统一社会信用代码)"),
                              validators=[DataRequired(), _credit_code])
    submit = SubmitField(_l("Save the credit code"))


class ApproveForm(FlaskForm):
    #: "new", or the id of an existing firm the warnings offered; a firm holding the credit code is forced.
    firm = RadioField(_l("Firm"), validators=[Optional()], validate_choice=False)
    approve = SubmitField(_l("Approve"))


class RejectForm(FlaskForm):
    note = TextAreaField(_l("Reason (emailed to the applicant)"), validators=[DataRequired(), Length(max=2000)])
    reject = SubmitField(_l("Reject"))


class PaymentForm(FlaskForm):
    amount = StringField(_l("Amount (¥)"), validators=[Optional(), Length(max=20)],
                         description=_l("Yuan, e.g. 2000 or 1234.50. Leave empty for what the period owes."))
    method = SelectField(_l("Paid by"), choices=PaymentMethod.choices(), default=PaymentMethod.BANK.value)
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=100)],
                            description=_l("The bank's or app's transaction number."))
    received_on = DateField(_l("Received on"), validators=[DataRequired()])
    until = DateField(_l("Member until"), validators=[DataRequired()])
    submit = SubmitField(_l("Record the payment"))

    def validate_amount(self, field) -> None:
        if (field.data or "").strip():
            try:
                field.amount_fen = parse_yuan(field.data)
            except AmountError as error:
                raise ValidationError(str(error)) from None

    def amount_fen(self) -> int | None:
        """Return the amount in fen, None when left empty (after validation)."""
        return getattr(self.amount, "amount_fen", None) if (self.amount.data or "").strip() else None


def _compact_upper(value):
    """A tax number as typed (spaces, lower case, full-width) in the form printed on invoices."""
    if not value:
        return value
    # Full-width letters and digits (ＡＢ１２, from a Chinese input method) to ASCII.
    value = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in value)
    return "".join(value.split()).upper()


#: 税号: the 18-character 统一社会信用代码, or an older 15- or 20-character number.
TAX_NUMBER = Regexp(r"^[0-9A-Z]{15,20}$", message=_l("A tax number has 15 to 20 digits and capital letters."))


class InvoiceForm(FlaskForm):
    invoice_title = StringField(_l("Invoice title (发票抬头)"), validators=[Optional(), Length(max=200)])
    tax_number = StringField(_l("Tax number (税号)"), validators=[Optional(), Length(max=20), TAX_NUMBER],
                             filters=[_compact_upper], description=_l("Usually the unified social credit code."))
    invoice_address = StringField(_l("Registered address"), validators=[Optional(), Length(max=255)])
    invoice_phone = StringField(_l("Telephone"), validators=[Optional(), Length(max=40)])
    invoice_bank = StringField(_l("Bank"), validators=[Optional(), Length(max=120)])
    invoice_account = StringField(_l("Account number"), validators=[Optional(), Length(max=40)])
    submit = SubmitField(_l("Save invoice details"))

    def details(self) -> dict:
        return {name: (getattr(self, name).data or "").strip() for name in FIELDS}
