"""A mailing's message, rendered once per language; each recipient's copy differs only in its unsubscribe link."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.bulletins.models import Bulletin
from portal.bulletins.print_cache import made_pdf
from portal.events.calendar import calendar_of
from portal.events.models import Event
from portal.extensions import db
from portal.mail.styling import inline_styles
from portal.mailings.models import Mailing
from portal.mailings.states import MailingSource
from portal.richtext import clean_html, plain_text
from portal.urls import site_url

#: Stands for the recipient's unsubscribe link in the rendered bodies: plain ASCII that neither
#: HTML escaping nor CSS inlining changes, so one str.replace personalises a copy.
UNSUBSCRIBE_MARK = "__portal_unsubscribe_link__"
#: How much of an article's opening a bulletin mail quotes, and of an event's description.
LEAD_LENGTH = 120
SUMMARY_LENGTH = 300


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


@dataclass(frozen=True)
class _Content:
    template: str
    subject: object
    context: dict
    attachments: tuple[Attachment, ...] = ()


def render_mailing(mailing: Mailing, locale: str) -> RenderedMailing:
    """Render the mailing's subject and both parts in one language, styles inlined once."""
    content = _content(mailing)
    with force_locale(locale or "zh"):
        subject = str(content.subject)
        context = dict(content.context, subject=subject, unsubscribe_link=UNSUBSCRIBE_MARK, images={})
        return RenderedMailing(subject, render_template(f"email/{content.template}.txt", **context),
                               inline_styles(render_template(f"email/{content.template}.html", **context)),
                               content.attachments)


def _content(mailing: Mailing) -> _Content:
    if mailing.source == MailingSource.BULLETIN:
        return _bulletin(db.session.get(Bulletin, mailing.bulletin_id))
    if mailing.source == MailingSource.EVENT:
        return _event(db.session.get(Event, mailing.event_id))
    # Cleaned when staff saved it; cleaned again here, so no path into the table reaches a mailbox raw.
    return _Content("mailing_notice", mailing.subject, dict(mailing=mailing, body_html=clean_html(mailing.body_html)))


def _bulletin(bulletin: Bulletin) -> _Content:
    link = site_url("bulletins.detail", bulletin_id=bulletin.id)
    # The page gives each article the anchor #article-<id> (templates/bulletins/detail.html).
    contents = [dict(title=section.title,
                     articles=[dict(title=article.title, lead=lead(article.body, LEAD_LENGTH),
                                    link=f"{link}#article-{article.id}") for article in section.articles])
                for section in bulletin.sections]
    # The printable PDF once the worker has made it (publishing queues it; a mail rendered sooner has none).
    pdf_link = site_url("bulletins.pdf", bulletin_id=bulletin.id) if made_pdf(bulletin) else None
    return _Content("mailing_bulletin", _l("Bulletin: %(title)s", title=bulletin.title),
                    dict(bulletin=bulletin, link=link, contents=contents, pdf_link=pdf_link))


def _event(event: Event) -> _Content:
    calendar = Attachment(f"event-{event.id}.ics", "text/calendar", calendar_of([event], event.title))
    # The event page's registration box is #registration (templates/events/_registration_box.html).
    link = site_url("events.detail", event_id=event.id)
    return _Content("mailing_event", _l("Event: %(title)s", title=event.title),
                    dict(event=event, link=link, register_link=f"{link}#registration", seats_left=event.seats_left,
                         summary=lead(plain_text(event.description), SUMMARY_LENGTH),
                         calendar_file=calendar.filename),
                    (calendar,))


def lead(text: str, length: int) -> str:
    """The first paragraph of a text on one line, cut to `length` characters with an ellipsis."""
    first = next((part for part in (text or "").split("\n\n") if part.strip()), "")
    line = " ".join(first.split())
    return line if len(line) <= length else line[:length - 1].rstrip() + "…"
