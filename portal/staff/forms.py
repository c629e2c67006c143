"""Staff and admin forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from portal.permissions import ROLE_LABELS, Role

LANGUAGE_CHOICES = [SelectChoice("zh", "中文"), SelectChoice("en", "English")]


def role_choices(roles):
    return [SelectChoice(role.value, ROLE_LABELS[role]) for role in roles]


class InvitationForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=120)])
    role = SelectField(_l("Role"), choices=role_choices(Role))
    locale = RadioField(_l("Language of the email"), choices=LANGUAGE_CHOICES, default="zh")
    submit = SubmitField(_l("Send invitation"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices(Role))
    submit = SubmitField(_l("Change role"))


class EnableForm(FlaskForm):
    """A button: its meaning (enable or disable) comes from the account's state."""

    submit = SubmitField(_l("Apply"))
