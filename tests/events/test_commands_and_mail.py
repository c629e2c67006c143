"""The command line, reminders from cron, and emails in each person's language."""
import socket
from datetime import timedelta

import pytest

from portal.database import utcnow
from portal.events.models import Event
from portal.extensions import db
from portal.mail.models import OutboxMessage
from tests.events.conftest import confirm_from_email, register_guest, registrations


def events_in(app):
    with app.app_context():
        return db.session.scalars(db.select(Event)).all()


def test_events_create_prints_the_id_on_the_last_line(app):
    result = app.test_cli_runner().invoke(args=[
        "events", "create", "--title", "第二届第五次会员大会", "--starts", "2031-07-08T14:00+08:00",
        "--ends", "2031-07-08T17:00", "--venue", "大连软件园 8 号楼多功能厅", "--capacity", "100",
        "--audience", "members", "--publish"])
    assert result.exit_code == 0, result.output
    event_id = int(result.output.strip().splitlines()[-1])
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.status, event.audience, event.capacity) == ("published", "members", 100)
        assert event.starts_at.isoformat() == "2031-07-08T06:00:00+00:00"
        assert event.ends_at.isoformat() == "2031-07-08T09:00:00+00:00"


GOOD = ["--title", "T", "--starts", "2031-07-08T14:00", "--ends", "2031-07-08T17:00", "--venue", "V",
        "--capacity", "5"]


def _without(option):
    index = GOOD.index(option)
    return GOOD[:index] + GOOD[index + 2:]


def _with(option, value):
    args = list(GOOD)
    args[args.index(option) + 1] = value
    return args


BAD = [
    _without("--title"), _without("--starts"), _without("--capacity"), _with("--starts", "next tuesday"),
    _with("--ends", "2031-07-08T13:00"), _with("--capacity", "-1"), _with("--capacity", "many"),
    GOOD + ["--audience", "vip"], _with("--title", "x" * 201),
]


def test_events_create_refuses_bad_input_with_one_line_and_changes_nothing(app):
    runner = app.test_cli_runner()
    for args in BAD:
        result = runner.invoke(args=["events", "create", *args])
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert "Traceback" not in result.output
    assert events_in(app) == []


def test_remind_writes_once_to_confirmed_people_of_events_starting_soon(app, login_as, make_event, mailbox):
    soon = make_event(title="明天的会", starts_at=utcnow() + timedelta(hours=20))
    later = make_event(title="下个月的会", starts_at=utcnow() + timedelta(days=30))
    member = login_as("member")
    for event in (soon, later):
        member.submit(f"/events/{event.id}/register", {}, page=event.url)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["events", "remind"])
    assert first.exit_code == 0 and "reminded 1" in first.output
    reminders = [m for m in mailbox.to(member.user.email) if "活动提醒" in m["Subject"]]
    assert len(reminders) == 1 and "明天的会" in reminders[0]["Subject"]
    again = runner.invoke(args=["events", "remind"])
    assert "reminded 0" in again.output
    assert len([m for m in mailbox.to(member.user.email) if "活动提醒" in m["Subject"]]) == 1


def test_emails_come_in_the_language_the_visitor_used(client, app, make_event, mailbox):
    event = make_event(title="Training")
    client.get("/?lang=en")
    register_guest(client, event.id, "en@example.org")
    (message,) = mailbox.to("en@example.org")
    assert message["Subject"] == "Please confirm your registration: Training"
    assert "within 24 hours" in mailbox.text(message)
    assert 'lang="en"' in mailbox.html(message)


def test_a_member_gets_emails_in_their_account_language(app, login_as, make_user, make_event, mailbox):
    from tests.conftest import Browserish

    user = make_user("member", locale="en")
    person = Browserish(app.test_client())
    person.login(user.email)
    event = make_event(title="AGM")
    person.submit(f"/events/{event.id}/register", {}, page=event.url)
    assert mailbox.to(user.email)[-1]["Subject"] == "Your registration is confirmed: AGM"


@pytest.fixture
def smtp_down(app_config):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        app_config["MAIL_PORT"] = held.getsockname()[1]
        yield app_config


def test_a_mail_server_that_is_down_never_fails_a_registration(smtp_down, client, app, make_event, mailbox):
    event = make_event()
    response = register_guest(client, event.id, "patient@example.org")
    assert response.status_code == 303
    assert registrations(app, event.id)["patient@example.org"].status == "pending"
    with app.app_context():
        (waiting,) = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).all()
        assert waiting.recipient == "patient@example.org" and waiting.attempts == 1
    assert mailbox.messages == []


def test_the_ticket_link_is_not_forgeable(client, app, make_event, mailbox):
    event = make_event()
    register_guest(client, event.id, "real@example.org")
    from tests.events.conftest import link_in

    path = link_in(mailbox, "real@example.org")
    assert client.get(path).status_code == 200
    assert client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")).status_code == 404
    assert client.get("/events/r/WzEsIkFCQ0QiXQ").status_code == 404


def test_a_visitor_cancels_from_the_emailed_link(client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "going@example.org")
    confirm_from_email(client, mailbox, "going@example.org")
    from tests.events.conftest import link_in

    path = link_in(mailbox, "going@example.org")
    response = client.submit(f"{path}/cancel", {}, page=path)
    assert response.status_code == 303
    assert registrations(app, event.id)["going@example.org"].status == "cancelled"
    assert "报名已取消" in mailbox.to("going@example.org")[-1]["Subject"]
    assert "剩余 1 个座位" in client.get(event.url).get_data(as_text=True)
