"""Privacy forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired


class EraseForm(FlaskForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired()])
    submit = SubmitField(_l("Erase my personal data"))


def consent_field():
    return BooleanField(_l("I have read the privacy notice and agree that the association processes my data as it describes."),
                        validators=[DataRequired(message=_l("Please agree to the privacy notice to go on."))])
