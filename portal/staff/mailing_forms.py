"""Staff forms for mailings: compose one, send it now or at a time, announce what is being published."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from portal.database import utcnow
from portal.events.forms import LOCAL_FORMAT
from portal.events.timezone import from_local
from portal.mailings.states import MailingAudience, MailingSource
from portal.members import industries, tiers
from portal.urls import YEARS

#: The first option of a list that asks for a choice: empty, so that "nothing chosen" fails to validate.
NONE_CHOSEN = SelectChoice("", _l("(choose one)"))


class ComposeForm(FlaskForm):
    source = RadioField(_l("Made from"), choices=MailingSource.choices(), default=MailingSource.BULLETIN.value)
    bulletin = SelectField(_l("Published bulletin"), choices=[NONE_CHOSEN], validators=[Optional()])
    event = SelectField(_l("Published event"), choices=[NONE_CHOSEN], validators=[Optional()])
    subject = StringField(_l("Subject of the notice"), validators=[Optional(), Length(max=200)])
    body = TextAreaField(_l("Text of the notice"), validators=[Optional(), Length(max=50000)],
                         description=_l("Leave a blank line between paragraphs. Links, lists and emphasis "
                                        "are kept; anything else is removed."))
    audience = RadioField(_l("Send to"), choices=MailingAudience.choices(), default=MailingAudience.MEMBERS.value)
    tier = SelectField(_l("Only member firms of the tier"),
                       choices=lambda: [SelectChoice("", _l("Any tier")), *tiers.choices()], validators=[Optional()])
    industry = SelectField(_l("Only member firms in the industry"),
                           choices=lambda: [SelectChoice("", _l("Any industry")), *industries.choices()],
                           validators=[Optional()],
                           description=_l("Tier and industry narrow the member representatives, not the subscribers."))
    submit = SubmitField(_l("Save as draft"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        missing = {MailingSource.BULLETIN: (self.bulletin, _l("Choose the bulletin to announce.")),
                   MailingSource.EVENT: (self.event, _l("Choose the event to announce."))}.get(self.source.data)
        if missing and not missing[0].data:
            missing[0].errors.append(missing[1])
            return False
        return True

    def source_ids(self) -> dict:
        """The bulletin or event the chosen source names (none for a notice), as create_mailing takes them."""
        if self.source.data == MailingSource.BULLETIN:
            return {"bulletin_id": int(self.bulletin.data)}
        if self.source.data == MailingSource.EVENT:
            return {"event_id": int(self.event.data)}
        return {"subject": self.subject.data or "", "body": self.body.data or ""}


class LaunchForm(FlaskForm):
    send_at = DateTimeLocalField(_l("Send at (Beijing time)"), format=LOCAL_FORMAT, validators=[Optional()])
    send_now = SubmitField(_l("Send now"))
    schedule = SubmitField(_l("Send at the time given"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.send_now.data or self.schedule.data):
            self.send_at.errors.append(_l("Press “Send now” or “Send at the time given”."))
            return False
        if self.schedule.data:
            first, last = YEARS
            when = self.send_at.data
            if when is None:
                self.send_at.errors.append(_l("Give the time to send it at."))
            elif not first <= when.year <= last:
                self.send_at.errors.append(_l("Enter a date between the years %(first)s and %(last)s.",
                                              first=first, last=last))
            elif from_local(when) <= utcnow():
                self.send_at.errors.append(_l("That time has passed: give a later one, or send it now."))
            return not self.send_at.errors
        return True

    def when(self):
        """The time to send at, in UTC; None to send now."""
        return from_local(self.send_at.data) if self.schedule.data else None


class AnnounceForm(FlaskForm):
    """Publishing a bulletin or an event, and announcing it by email in the same step (or not)."""

    announce = RadioField(_l("Announce it by email to"), default="")
    submit = SubmitField(_l("Publish"))

    @classmethod
    def for_source(cls, members_only: bool, **kwargs) -> AnnounceForm:
        """What a members-only issue or event may be announced to: its members, or nobody."""
        form = cls(**kwargs)
        audiences = [MailingAudience.MEMBERS] if members_only else list(MailingAudience)
        form.announce.choices = [SelectChoice("", _l("Nobody (publish without an email)")),
                                 *(SelectChoice(a.value, a.label) for a in audiences)]
        return form
