"""Staff announce a bulletin or an event by mail: each audience, once each, never to whom opted out."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.mailings.models import MailingRecipient, Suppression
from portal.mailings.states import SuppressionReason
from tests.mailings.conftest import link_in, subscribe
from tests.services import Mailbox, free_port


class RefusingMailbox(Mailbox):
    """An SMTP server that refuses, for good (550), every address that starts with "gone"."""

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("gone"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_smtp(app):
    from aiosmtpd.controller import Controller

    controller = Controller(RefusingMailbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["MAIL_PORT"] = controller.port
    yield controller.handler
    controller.stop()


def addresses(mailbox) -> list[str]:
    return sorted(m["To"] for m in mailbox.messages)


@pytest.fixture
def world(app, client, make_user, make_firm, subscriber, mailbox):
    """A president firm in software, a member firm in BPO, a lapsed firm, two subscribers (one also a member)."""
    president = make_firm(tier="president", industries=["software"])
    member = make_firm(tier="member", industries=["bpo"])
    lapsed = make_firm(tier="member", status="lapsed")
    people = {
        "president": make_user("member", email="boss@president.example", firm=president),
        "member": make_user("member", email="rep@member.example", firm=member),
        "lapsed": make_user("member", email="rep@lapsed.example", firm=lapsed),
        "staff": make_user("staff", email="staff@association.example"),
    }
    subscriber("reader@example.org")
    subscriber(" REP@Member.example ")  # a representative who also subscribed, in capitals
    subscribe(client, "waiting@example.org")  # never confirms
    mailbox.clear()
    return people


@pytest.mark.parametrize("audience, options, expected", [
    ("members", [], ["boss@president.example", "rep@member.example"]),
    ("members", ["--tier", "president"], ["boss@president.example"]),
    ("members", ["--industry", "bpo"], ["rep@member.example"]),
    ("subscribers", [], ["reader@example.org", "rep@member.example"]),
    ("everyone", [], ["boss@president.example", "reader@example.org", "rep@member.example"]),
])
def test_a_bulletin_reaches_each_address_of_its_audience_once(world, make_bulletin, send, mailbox,
                                                               audience, options, expected):
    code, output = send("--bulletin", str(make_bulletin()), "--audience", audience, *options)
    assert code == 0, output
    assert output.strip().splitlines()[-1].isdigit()  # the mailing's id, last
    assert addresses(mailbox) == expected


def test_each_message_has_one_recipient_both_parts_and_one_click_unsubscribe_headers(world, make_bulletin, send,
                                                                                     mailbox):
    send("--bulletin", str(make_bulletin()), "--audience", "everyone")
    for message in mailbox.messages:
        assert message["Cc"] is None and message["Bcc"] is None and "," not in message["To"]
        assert mailbox.text(message) and "<html" in mailbox.html(message)
        assert message["List-Unsubscribe"].startswith("<https://portal.example.org/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_answers_200_and_later_mailings_skip_the_address(app, world, make_bulletin, send,
                                                                               mailbox):
    send("--bulletin", str(make_bulletin()), "--audience", "everyone")
    (message,) = mailbox.to("reader@example.org")
    path = message["List-Unsubscribe"].strip("<>").removeprefix("https://portal.example.org")
    response = app.test_client().post(path, data="List-Unsubscribe=One-Click",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    mailbox.clear()
    send("--bulletin", str(make_bulletin()), "--audience", "everyone")
    assert addresses(mailbox) == ["boss@president.example", "rep@member.example"]


def test_opening_the_unsubscribe_page_unsubscribes_nobody(app, client, world, make_bulletin, send, mailbox):
    send("--bulletin", str(make_bulletin()), "--audience", "subscribers")
    path = link_in(mailbox, "reader@example.org", "/unsubscribe/")
    page = client.get(path)
    assert page.status_code == 200 and "unsubscribe-form" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Suppression)).all() == []
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert "already-unsubscribed" in client.get(path).get_data(as_text=True)


def test_a_forged_unsubscribe_link_is_not_found(client):
    assert client.post("/unsubscribe/forged", data="List-Unsubscribe=One-Click").status_code == 404


def test_a_members_only_event_is_never_announced_to_subscribers(world, make_event, send, mailbox):
    event = make_event(audience="members")
    code, output = send("--event", str(event.id), "--audience", "everyone")
    assert code == 0, output
    assert addresses(mailbox) == ["boss@president.example", "rep@member.example"]
    assert "会员大会" in mailbox.text(mailbox.messages[0])


def test_a_members_only_event_sent_to_subscribers_alone_reaches_nobody(world, make_event, send, mailbox):
    event = make_event(audience="members")
    code, output = send("--event", str(event.id), "--audience", "subscribers")
    assert code == 0, output
    assert "queued 0 messages" in output
    assert mailbox.messages == []


def test_a_public_event_reaches_subscribers(world, make_event, send, mailbox):
    event = make_event(audience="public")
    send("--event", str(event.id), "--audience", "subscribers")
    assert addresses(mailbox) == ["reader@example.org", "rep@member.example"]
    assert f"/events/{event.id}" in mailbox.text(mailbox.messages[0])


def test_a_mailing_started_again_sends_nobody_a_second_copy(app, world, make_bulletin, send, mailbox):
    from portal.mailings.models import Mailing
    from portal.mailings.services import start_mailing

    code, output = send("--bulletin", str(make_bulletin()), "--audience", "everyone")
    mailing_id = int(output.strip().splitlines()[-1])
    with app.test_request_context(base_url="https://portal.example.org"):
        assert start_mailing(None, db.session.get(Mailing, mailing_id)) == 0
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(MailingRecipient)) == 3
    assert addresses(mailbox) == ["boss@president.example", "reader@example.org", "rep@member.example"]


@pytest.mark.parametrize("args, says", [
    (["--audience", "members"], "exactly one of --bulletin or --event"),
    (["--bulletin", "1", "--event", "1", "--audience", "members"], "exactly one"),
    (["--bulletin", "x1", "--audience", "members"], "--bulletin: not an id"),
    (["--bulletin", "99999999999", "--audience", "members"], "--bulletin: not an id"),
    (["--bulletin", "999", "--audience", "members"], "no published bulletin 999"),
    (["--event", "1"], "--audience is required"),
    (["--event", "1", "--audience", "all"], "unknown audience"),
    (["--event", "1", "--audience", "members", "--tier", "gold"], "unknown tier"),
    (["--event", "1", "--audience", "members", "--industry", "mining"], "unknown industry"),
])
def test_a_bad_send_command_says_why_in_one_line_and_queues_nothing(app, make_event, send, mailbox, args, says):
    make_event()
    code, output = send(*args)
    assert code != 0
    assert len(output.strip().splitlines()) == 1 and says in output, output
    with app.app_context():
        assert db.session.scalars(db.select(MailingRecipient)).all() == []


def test_an_address_refused_for_good_is_marked_bouncing_and_skipped_later(app, world, make_user, make_bulletin,
                                                                          send, refusing_smtp):
    make_user("member", email="gone@member.example")
    send("--bulletin", str(make_bulletin()), "--audience", "members")
    assert addresses(refusing_smtp) == ["boss@president.example", "rep@member.example"]
    with app.app_context():
        (suppression,) = db.session.scalars(db.select(Suppression)).all()
        assert (suppression.address, suppression.reason) == ("gone@member.example", SuppressionReason.BOUNCING)
    refusing_smtp.clear()
    code, output = send("--bulletin", str(make_bulletin()), "--audience", "members")
    later = int(output.strip().splitlines()[-1])
    with app.app_context():
        fixed = db.session.scalars(db.select(MailingRecipient.address)
                                   .where(MailingRecipient.mailing_id == later)).all()
    assert sorted(fixed) == ["boss@president.example", "rep@member.example"]
    assert addresses(refusing_smtp) == ["boss@president.example", "rep@member.example"]
