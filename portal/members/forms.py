"""Profile forms. Every field is listed; tier, status and firm cannot be sent through them."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (EmailField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField,
                     StringField, SubmitField, TelField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from portal.members import industries as industry_list
from portal.members import tiers
from portal.members.states import FirmStatus, Visibility
from portal.members.tiers import STAFF_SIZES, Tier
from portal.urls import safe_website


def _http_only(form, field):
    value = (field.data or "").strip()
    if value and safe_website(value) is None:
        raise ValidationError(_l("Enter an address that starts with http:// or https://."))


#: Digits with the separators people write between them: 0411-8888 8888 转 123, +86 (411) 8888-8888.
TELEPHONE = r"^[0-9+() \-/,，、#转]*[0-9][0-9+() \-/,，、#转]*$"


def _telephone(form, field):
    if field.data and not re.match(TELEPHONE, field.data.strip()):
        raise ValidationError(_l("Enter digits, with spaces, hyphens, brackets or 转 between them."))


def _visibility_field(label, default: Visibility) -> RadioField:
    """Return the choice of who sees a contact detail (drawn as a fieldset by _profile_form.html)."""
    return RadioField(label, choices=Visibility.choices(), default=default.value)


class ProfileForm(FlaskForm):
    name = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300), _http_only])
    logo_upload = FileField(_l("Logo (PNG, JPEG or WebP, up to 5 MB)"))
    summary = StringField(_l("One-line summary"), validators=[Optional(), Length(max=200)])
    intro = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20000)],
                          description=_l("Leave a blank line between paragraphs."))
    # The active industries, read when the form is made (see __init__ for a firm's retired ones).
    industries = SelectMultipleField(_l("Industries"), choices=industry_list.choices, validators=[Optional()])
    district = StringField(_l("District"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    address_visibility = _visibility_field(_l("Who sees the address"), Visibility.PUBLIC)
    founded_year = IntegerField(_l("Founded"), validators=[Optional(), NumberRange(min=1800, max=2100)])
    staff_size = SelectField(_l("Staff"), choices=[SelectChoice("", "—")] + [SelectChoice(s, s) for s in STAFF_SIZES],
                             validators=[Optional()])
    public_contact = StringField(_l("Contact"), validators=[Optional(), Length(max=255)],
                                 description=_l("A person or a desk to ask, e.g. the sales desk, Ms Wang."))
    public_contact_visibility = _visibility_field(_l("Who sees the contact"), Visibility.PUBLIC)
    telephone = TelField(_l("Telephone"), validators=[Optional(), Length(max=40), _telephone])
    telephone_visibility = _visibility_field(_l("Who sees the telephone number"), Visibility.STAFF)
    contact_email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    contact_email_visibility = _visibility_field(_l("Who sees the email address"), Visibility.STAFF)
    private_contact = StringField(_l("Private contact (staff only)"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Submit for approval"))

    def __init__(self, *args, firm=None, **kwargs):
        """`firm`: the firm edited, whose retired industries stay on offer to it alone."""
        super().__init__(*args, **kwargs)
        if firm is not None:
            self.industries.choices = industry_list.choices(kept=firm.industries)

    def profile(self) -> dict:
        """Return the submitted profile fields (without the logo upload)."""
        return {
            "name": self.name.data, "name_en": self.name_en.data or "", "website": self.website.data or "",
            "summary": self.summary.data or "", "intro": self.intro.data or "",
            "industries": self.industries.data or [], "district": self.district.data or "",
            "address": self.address.data or "", "founded_year": self.founded_year.data,
            "staff_size": self.staff_size.data or "", "public_contact": self.public_contact.data or "",
            "private_contact": self.private_contact.data or "", "telephone": self.telephone.data or "",
            "contact_email": self.contact_email.data or "",
            "public_contact_visibility": self.public_contact_visibility.data,
            "telephone_visibility": self.telephone_visibility.data,
            "contact_email_visibility": self.contact_email_visibility.data,
            "address_visibility": self.address_visibility.data,
        }


class StandingForm(FlaskForm):
    tier = SelectField(_l("Tier"), choices=tiers.choices)
    status = SelectField(_l("Status"), choices=FirmStatus.choices())
    submit = SubmitField(_l("Save tier and status"))


class NewFirmForm(ProfileForm):
    slug = StringField(_l("Short name for the address (letters, digits, hyphens)"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and hyphens."))])
    tier = SelectField(_l("Tier"), choices=tiers.choices, default=Tier.MEMBER.value)
    submit = SubmitField(_l("Create firm"))


class ReviewForm(FlaskForm):
    note = TextAreaField(_l("Note to the representative"), validators=[Optional(), Length(max=2000)])
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))


class RepresentativeForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    locale = RadioField(_l("Language of the email"),
                        choices=[SelectChoice("zh", "中文"), SelectChoice("en", "English")], default="zh")
    submit = SubmitField(_l("Invite representative"))
