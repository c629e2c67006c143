"""What a mailing looks like before it goes: a preview for staff, and a test copy to one of them."""
from __future__ import annotations

from dataclasses import dataclass

from portal.audit.services import record
from portal.mail import services as mail
from portal.mailings.messages import render_mailing
from portal.mailings.models import Mailing
from portal.mailings.services import copy_maker
from portal.urls import site_url


@dataclass(frozen=True)
class Preview:
    subject: str
    text_body: str
    html_body: str


def sample_unsubscribe_link() -> str:
    """A link shaped like a recipient's, whose token is no one's: following it unsubscribes nobody."""
    return site_url("mailings.unsubscribe", token="sample")


def preview(mailing: Mailing, locale: str) -> Preview:
    """Render the mailing in one language with the sample link in place of a recipient's own."""
    rendered = render_mailing(mailing, locale)
    text_body, html_body = rendered.bodies_for(sample_unsubscribe_link())
    return Preview(rendered.subject, text_body, html_body)


def send_test(actor, mailing: Mailing, address: str, locale: str) -> None:
    """Queue one copy, as a recipient would get it (attachments and list headers too), to the actor's own
    address; fix no recipients.

    The copy is not tagged with the mailing's reference: its progress, pause and cancel leave it alone.
    """
    rendered = render_mailing(mailing, locale)
    body_id = mail.add_shared_body(rendered.text_body, rendered.html_body, rendered.attachments)
    mail.add_copies(body_id, rendered.subject, [copy_maker()(address)], reference=None)
    record(actor, "mailing.test_sent", mailing.reference)
