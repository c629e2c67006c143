"""What a mailing looks like before it goes: a preview for staff, and a test copy to one of them."""
from __future__ import annotations

from dataclasses import dataclass

from portal.audit.services import record
from portal.mail import services as mail
from portal.mailings.messages import render_mailing
from portal.mailings.models import Mailing
from portal.mailings.subscriptions import unsubscribe_token
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


def copy_headers(unsubscribe_link: str) -> dict[str, str]:
    """The headers every copy of a mailing carries (RFC 2369 and RFC 8058 one-click unsubscribe)."""
    return {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_test(actor, mailing: Mailing, address: str, locale: str) -> None:
    """Queue one copy, as a recipient would get it, to the actor's own address; fix no recipients.

    The copy is not tagged with the mailing's reference: its progress, pause and cancel leave it alone.
    """
    rendered = render_mailing(mailing, locale)
    unsubscribe_link = site_url("mailings.unsubscribe", token=unsubscribe_token(address))
    text_body, html_body = rendered.bodies_for(unsubscribe_link)
    mail.add_message(address, rendered.subject, text_body, html_body, headers=copy_headers(unsubscribe_link))
    record(actor, "mailing.test_sent", mailing.reference)
