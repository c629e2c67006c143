"""Sent mail is standard MIME: parseable Date and Message-ID, HTML documents, the QR code inline."""
from datetime import timedelta
from email import message_from_bytes, policy
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from portal.database import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.events.conftest import confirm_from_email, make_event, register_guest  # noqa: F401  (a fixture)
from tests.mail.test_outbox import smtp_down  # noqa: F401  (a fixture)

EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"


def reparsed(message):
    """The message as a receiving system reads it: its bytes through Python's email parser."""
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def test_mail_has_a_date_and_a_unique_message_id_of_the_site_that_parse(client, make_user, mailbox):
    first, second = make_user("member"), make_user("member")
    client.submit("/auth/forgot", {"email": first.email})
    client.submit("/auth/forgot", {"email": second.email})
    ids = []
    for person in (first, second):
        (message,) = mailbox.to(person.email)
        message = reparsed(message)
        date = message["Date"]
        assert date.defects == () and date.datetime.tzinfo is not None
        assert abs(date.datetime - utcnow()) < timedelta(minutes=1)
        message_id = message["Message-ID"]
        assert message_id.defects == ()
        local, at, domain = str(message_id).strip().removeprefix("<").removesuffix(">").rpartition("@")
        assert at and local and domain == "portal.example.org"
        assert message.defects == []
        ids.append(str(message_id))
    assert ids[0] != ids[1]


def test_a_retried_message_keeps_its_date_and_message_id(app, client, make_user):
    from portal.mail.delivery import as_email

    user = make_user("member")
    client.submit("/auth/forgot", {"email": user.email})
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == user.email))
        first, again = reparsed(as_email(message)), reparsed(as_email(message))
    assert str(first["Message-ID"]) == str(again["Message-ID"]) and str(first["Date"]) == str(again["Date"])


class Document(HTMLParser):
    """What an HTML mail says about itself: its language, charset and title."""

    def __init__(self, html: str):
        super().__init__()
        self.lang = self.charset = None
        self.title, self.tags, self._in_title = "", [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and "charset" in attrs:
            self.charset = attrs["charset"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.mark.parametrize("lang, html_lang", [("zh", "zh-CN"), ("en", "en")])
def test_each_html_mail_is_a_document_with_language_charset_and_its_subject_as_title(
        client, make_user, make_event, mailbox, lang, html_lang):
    user = make_user("member", locale=lang)
    client.submit("/auth/forgot", {"email": user.email})
    event = make_event()
    client.get(f"/?lang={lang}")
    register_guest(client, event.id, "guest@example.org")
    confirm_from_email(client, mailbox, "guest@example.org")
    messages = mailbox.to(user.email) + mailbox.to("guest@example.org")
    assert len(messages) == 3  # reset link, confirmation link, ticket
    for message in messages:
        document = Document(mailbox.html(message))
        assert document.tags[:4] == ["html", "head", "meta", "meta"], message["Subject"]
        assert document.lang == html_lang and document.charset == "utf-8"
        assert document.title == str(message["Subject"]) and document.title


def test_every_html_mail_template_is_drawn_in_the_common_document():
    for template in EMAIL_TEMPLATES.glob("*.html"):
        if template.name.startswith("_") or template.name in {"event_details.html", "event_ticket.html"}:
            continue  # the layout and the parts included in mails
        assert template.read_text().startswith('{% extends "email/_layout.html" %}'), template.name


def ticket_parts(message) -> tuple[str, object]:
    """The HTML part's image source and the part it names, as a mail client finds them."""
    html_part = message.get_body(("html",))
    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    assert html_part in related.iter_parts(), "the HTML and its images travel as one multipart/related"
    sources = []
    HTMLImages(sources).feed(html_part.get_content())
    (source,) = sources
    assert source.startswith("cid:")
    (image,) = [part for part in related.iter_parts() if part.get("Content-ID") == f"<{source[4:]}>"]
    return source, image


class HTMLImages(HTMLParser):
    def __init__(self, found: list):
        super().__init__()
        self.found = found

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs)["src"])


def assert_is_the_ticket_qr_code(image) -> None:
    assert image.get_content_type() == "image/png" and image.get_content_disposition() == "inline"
    png = Image.open(BytesIO(image.get_content()))
    assert png.format == "PNG" and png.size[0] == png.size[1] >= 100


def test_the_ticket_mail_carries_its_qr_code_inline_not_as_a_data_uri(client, make_event, mailbox):
    event = make_event()
    register_guest(client, event.id, "guest@example.org")
    confirm_from_email(client, mailbox, "guest@example.org")
    ticket = reparsed(mailbox.to("guest@example.org")[-1])
    assert "data:" not in ticket.get_body(("html",)).get_content()
    _source, image = ticket_parts(ticket)
    assert_is_the_ticket_qr_code(image)
    assert ticket.get_body(("plain",)) is not None  # text and HTML remain alternatives


def test_a_ticket_that_waited_in_the_outbox_is_sent_later_with_its_qr_code(
        smtp_down, app, client, make_event, mailbox, smtp_server):  # noqa: F811  (fixtures)
    event = make_event()
    register_guest(client, event.id, "guest@example.org")
    with app.app_context():
        (waiting,) = db.session.scalars(db.select(OutboxMessage))
        link = waiting.text_body
    path = link[link.index("https://portal.example.org/events/r/") + len("https://portal.example.org"):].split()[0]
    client.submit(f"{path}/confirm", {}, page=path)
    app.config["MAIL_PORT"] = smtp_server.port
    with app.app_context():
        db.session.execute(db.update(OutboxMessage).values(next_attempt_at=OutboxMessage.created_at))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert "sent 2" in result.output, result.output
    ticket = reparsed(mailbox.to("guest@example.org")[-1])
    _source, image = ticket_parts(ticket)
    assert_is_the_ticket_qr_code(image)
