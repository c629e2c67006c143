"""Forms of paid membership: a payment as staff record it, and a firm's invoice details."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from portal.memberships.invoices import FIELDS
from portal.memberships.money import AmountError, parse_yuan
from portal.memberships.states import PaymentMethod


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
