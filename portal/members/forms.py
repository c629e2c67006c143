"""Profile forms. Every field is listed; tier, status and firm cannot be sent through them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (EmailField, IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from portal.members.states import FirmStatus
from portal.members.tiers import INDUSTRIES, STAFF_SIZES, Tier
from portal.urls import safe_website


def _http_only(form, field):
    value = (field.data or "").strip()
    if value and safe_website(value) is None:
        raise ValidationError(_l("Enter an address that starts with http:// or https://."))


class ProfileForm(FlaskForm):
    name = StringField(_l("Chinese name"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300), _http_only])
    logo_upload = FileField(_l("Logo (PNG, JPEG or WebP, up to 5 MB)"))
    summary = StringField(_l("One-line summary"), validators=[Optional(), Length(max=200)])
    intro = TextAreaField(_l("Introduction"), validators=[Optional(), Length(max=20000)],
                          description=_l("Leave a blank line between paragraphs."))
    industries = SelectMultipleField(
        _l("Industries"), choices=[SelectChoice(code, label) for code, label in INDUSTRIES.items()],
        validators=[Optional()])
    district = StringField(_l("District"), validators=[Optional(), Length(max=60)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    founded_year = IntegerField(_l("Founded"), validators=[Optional(), NumberRange(min=1800, max=2100)])
    staff_size = SelectField(_l("Staff"), choices=[SelectChoice("", "—")] + [SelectChoice(s, s) for s in STAFF_SIZES],
                             validators=[Optional()])
    public_contact = StringField(_l("Public contact"), validators=[Optional(), Length(max=255)])
    private_contact = StringField(_l("Private contact (staff only)"), validators=[Optional(), Length(max=255)])
    submit = SubmitField(_l("Submit for approval"))

    def profile(self) -> dict:
        """Return the submitted profile fields (without the logo upload)."""
        return {
            "name": self.name.data, "name_en": self.name_en.data or "", "website": self.website.data or "",
            "summary": self.summary.data or "", "intro": self.intro.data or "",
            "industries": self.industries.data or [], "district": self.district.data or "",
            "address": self.address.data or "", "founded_year": self.founded_year.data,
            "staff_size": self.staff_size.data or "", "public_contact": self.public_contact.data or "",
            "private_contact": self.private_contact.data or "",
        }


class StandingForm(FlaskForm):
    tier = SelectField(_l("Tier"), choices=Tier.choices())
    status = SelectField(_l("Status"), choices=FirmStatus.choices())
    submit = SubmitField(_l("Save tier and status"))


class NewFirmForm(ProfileForm):
    slug = StringField(_l("Short name for the address (letters, digits, hyphens)"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use lower-case letters, digits and hyphens."))])
    tier = SelectField(_l("Tier"), choices=Tier.choices(), default=Tier.MEMBER.value)
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
