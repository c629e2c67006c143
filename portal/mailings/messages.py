"""A mailing's message, rendered once per language; each recipient's copy differs only in its unsubscribe link."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.bulletins.models import Bulletin
from portal.events.models import Event
from portal.extensions import db
from portal.mailings.models import Mailing
from portal.mailings.states import MailingSource
from portal.urls import site_url

#: Stands for the recipient's unsubscribe link in the rendered bodies: plain ASCII that neither
#: HTML escaping nor CSS inlining changes, so one str.replace personalises a copy.
UNSUBSCRIBE_MARK = "__portal_unsubscribe_link__"


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    data: bytes


@dataclass(frozen=True)
class RenderedMailing:
    subject: str
    text_body: str
    html_body: str
    #: Files every copy carries (an event's .ics), the same for each recipient.
    attachments: tuple[Attachment, ...] = ()

    def bodies_for(self, unsubscribe_link: str) -> tuple[str, str]:
        """The text and HTML bodies of one recipient's copy."""
        return (self.text_body.replace(UNSUBSCRIBE_MARK, unsubscribe_link),
                self.html_body.replace(UNSUBSCRIBE_MARK, unsubscribe_link))


def render_mailing(mailing: Mailing, locale: str) -> RenderedMailing:
    """Render the mailing's subject and both parts in one language."""
    template, subject, context = _content(mailing)
    with force_locale(locale or "zh"):
        subject = str(subject)
        context.update(subject=subject, unsubscribe_link=UNSUBSCRIBE_MARK, images={})
        return RenderedMailing(subject, render_template(f"email/{template}.txt", **context),
                               render_template(f"email/{template}.html", **context))


def _content(mailing: Mailing) -> tuple[str, object, dict]:
    if mailing.source == MailingSource.BULLETIN:
        bulletin = db.session.get(Bulletin, mailing.bulletin_id)
        return ("mailing_bulletin", _l("Bulletin: %(title)s", title=bulletin.title),
                dict(bulletin=bulletin, link=site_url("bulletins.detail", bulletin_id=bulletin.id)))
    if mailing.source == MailingSource.EVENT:
        event = db.session.get(Event, mailing.event_id)
        return ("mailing_event", _l("Event: %(title)s", title=event.title),
                dict(event=event, link=site_url("events.detail", event_id=event.id),
                     ics_link=site_url("events.ics", event_id=event.id)))
    return "mailing_notice", mailing.subject, dict(mailing=mailing)
