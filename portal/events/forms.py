"""Event and registration forms. Every field is listed; counters and status are never among them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateTimeLocalField, EmailField, IntegerField, RadioField, SelectChoice,
                     SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.events.states import EventAudience
from portal.events.timezone import from_local, local
from portal.privacy.forms import consent_field
from portal.urls import YEARS

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _within_years(form, field):
    # Outside these a time cannot be moved to UTC and back (year 1 or 9999 overflows), or is a typo.
    first, last = YEARS
    if field.data is not None and not first <= field.data.year <= last:
        raise ValidationError(_l("Enter a date between the years %(first)s and %(last)s.", first=first, last=last))


def _local_time(label, required=False):
    return DateTimeLocalField(label, format=LOCAL_FORMAT,
                              validators=[DataRequired() if required else Optional(), _within_years])


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    organiser = StringField(_l("Organised by (if not the association)"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)],
                                description=_l("Leave a blank line between paragraphs."))
    starts_at = _local_time(_l("Starts (Beijing time)"), required=True)
    ends_at = _local_time(_l("Ends (Beijing time)"), required=True)
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=0, max=100000)],
                            description=_l("Leave empty for no limit."))
    audience = RadioField(_l("Who may register"), default=EventAudience.PUBLIC.value,
                          choices=EventAudience.choices())
    registration_opens_at = _local_time(_l("Registration opens (optional)"))
    registration_closes_at = _local_time(_l("Registration closes (optional)"))
    requires_approval = BooleanField(_l("Registrations need staff approval"))
    cover_upload = FileField(_l("Cover image (PNG, JPEG or WebP, up to 5 MB)"))
    remove_cover = BooleanField(_l("Remove the cover image"))
    submit = SubmitField(_l("Save"))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The event cannot end before it starts."))

    def event_data(self) -> dict:
        """Return the submitted event fields, times made timezone-aware (without the cover)."""
        def aware(value):
            return from_local(value) if value is not None else None

        return {
            "title": self.title.data, "organiser": self.organiser.data or "",
            "description": self.description.data or "", "starts_at": aware(self.starts_at.data),
            "ends_at": aware(self.ends_at.data), "venue": self.venue.data, "address": self.address.data or "",
            "capacity": self.capacity.data, "audience": self.audience.data,
            "registration_opens_at": aware(self.registration_opens_at.data),
            "registration_closes_at": aware(self.registration_closes_at.data),
            "requires_approval": bool(self.requires_approval.data),
        }

    @classmethod
    def for_event(cls, event, **kwargs):
        """A form filled with an event's values, its times shown in Beijing time."""
        def naive(value):
            return local(value).replace(tzinfo=None) if value is not None else None

        data = {key: getattr(event, key) for key in (
            "title", "organiser", "description", "venue", "address", "capacity", "audience", "requires_approval")}
        for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            data[key] = naive(getattr(event, key))
        return cls(data=data, **kwargs)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class GuestRegistrationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    consent = consent_field()
    submit = SubmitField(_l("Register"))


class ActionForm(FlaskForm):
    """A button that changes something: CSRF token only."""

    submit = SubmitField(_l("Go"))


class CheckinForm(FlaskForm):
    code = StringField(_l("Ticket code"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Check in"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download that changes nothing

    columns = MultiCheckboxField(_l("Columns"), validators=[DataRequired()])
    status = SelectField(_l("Registrations"), validators=[Optional()])
    format = RadioField(_l("Format"), default="xlsx",
                        choices=[SelectChoice("xlsx", "Excel (.xlsx)"), SelectChoice("csv", "CSV")])
    submit = SubmitField(_l("Download"))
