"""A mailing to thousands: queued in bulk, its body stored once, delivered once to each, at the rate."""
from __future__ import annotations

from collections import Counter

import pytest

from portal.extensions import db
from portal.mail.models import OutboxAttachment, OutboxBody, OutboxMessage
from portal.mailings.models import MailingRecipient
from tests.mail.conftest import clock  # noqa: F401  (a fixture)
from tests.mail.test_pacing import most_in_a_minute, sent_times
from tests.mailings.delivery import act_on, confirmed_subscribers, recipients


def last_id(output: str) -> int:
    return int(output.strip().splitlines()[-1])


def test_a_thousand_recipient_mailing_reaches_each_address_exactly_once(app, make_bulletin, send, mailbox):
    app.config["MAIL_RATE"] = 0
    addresses = confirmed_subscribers(app, 1000, locales=("zh", "en"))
    code, output = send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    assert code == 0, output
    assert "queued 1000 messages" in output
    # The prompt run stops after RUN_SECONDS (the worker's sweep goes on); on a slow machine the
    # cron command finishes the rest, as on a site without a worker.
    assert app.test_cli_runner().invoke(args=["mail", "send-pending"]).exit_code == 0
    received = Counter(m["To"] for m in mailbox.messages)
    assert sorted(received) == addresses and set(received.values()) == {1}
    assert len({str(m["Subject"]) for m in mailbox.messages}) == 2  # one per language
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxBody)) == 2  # not 1,000
        assert db.session.scalars(db.select(OutboxMessage.text_body).distinct()).all() == [""]
        assert db.session.scalar(db.select(db.func.count()).select_from(MailingRecipient).where(
            MailingRecipient.mailing_id == last_id(output), MailingRecipient.outbox_message_id.is_(None))) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_(None))) == 0


def test_every_copy_carries_its_own_unsubscribe_link_in_its_body_and_headers(app, make_bulletin, send, mailbox):
    from portal.mailings.subscriptions import address_for_unsubscribe_token

    confirmed_subscribers(app, 3)
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    links = set()
    for message in mailbox.messages:
        link = message["List-Unsubscribe"].strip("<>")
        assert link in mailbox.text(message) and link in mailbox.html(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        with app.app_context():
            assert address_for_unsubscribe_token(link.rsplit("/", 1)[1]) == message["To"]
        links.add(link)
    assert len(links) == 3


def test_an_events_ics_goes_with_every_copy_as_an_attachment_stored_once(app, make_event, send, mailbox):
    import icalendar

    addresses = confirmed_subscribers(app, 4)
    event = make_event(audience="public")
    code, output = send("--event", str(event.id), "--audience", "subscribers")
    assert code == 0, output
    assert sorted(m["To"] for m in mailbox.messages) == addresses
    for message in mailbox.messages:
        (attachment,) = message.iter_attachments()
        assert attachment.get_content_disposition() == "attachment"
        assert attachment.get_filename() == f"event-{event.id}.ics"
        assert attachment.get_content_type() == "text/calendar"
        (entry,) = icalendar.Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")
        assert str(entry["url"]).endswith(f"/events/{event.id}")
        assert "<html" in mailbox.html(message) and mailbox.text(message)  # still text and HTML
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(OutboxAttachment)) == 1


def test_a_mailing_past_the_minutes_limit_goes_out_paced_by_send_pending(app, make_bulletin, send, mailbox,
                                                                          clock):  # noqa: F811  (a fixture)
    app.config["MAIL_RATE"] = 100
    addresses = confirmed_subscribers(app, 250)
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    assert len(mailbox.messages) == 100  # the prompt run sends what the minute allows, and returns
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert "sent 150, failed 0" in result.output
    assert sorted(m["To"] for m in mailbox.messages) == addresses
    assert most_in_a_minute(sent_times(app)) == 100
    assert len(clock.waits) == 2 and sum(clock.waits) == pytest.approx(120, abs=1)


def test_a_mailing_started_again_adds_nobody_who_came_later(app, make_bulletin, send, mailbox, subscriber):
    from portal.mailings.services import start_mailing

    confirmed_subscribers(app, 2)
    code, output = send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    mailing_id = last_id(output)
    subscriber("late@example.org")
    assert act_on(app, mailing_id, start_mailing) == 0
    assert recipients(app, mailing_id) == 2
    assert len(mailbox.to("late@example.org")) == 1  # the confirmation link only

