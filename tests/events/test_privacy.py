"""Registrations are personal data: people download and erase them; retention purges old ones."""
import json
from datetime import timedelta

from portal.database import utcnow
from portal.events.models import Event, Registration
from portal.extensions import db
from tests.conftest import PASSWORD
from tests.events.conftest import event_row, register_guest, registrations


def test_a_person_downloads_their_registrations(login_as, client, make_event):
    member = login_as("member")
    event = make_event(title="会员大会")
    member.submit(f"/events/{event.id}/register", {}, page=event.url)
    data = json.loads(member.get("/privacy/my-data.json").data)
    (item,) = data["event_registrations"]
    assert item["event"] == "会员大会" and item["email"] == member.user.email and item["status"] == "confirmed"


def test_erasure_gives_up_the_seat_to_the_next_in_line_and_forgets_the_person(login_as, client, app,
                                                                              make_event, mailbox):
    member = login_as("member")
    event = make_event(capacity=1)
    member.submit(f"/events/{event.id}/register", {}, page=event.url)
    register_guest(client, event.id, "next@example.org")
    member.submit("/privacy/erase", {"password": PASSWORD}, page="/privacy/my-data")
    rows = registrations(app, event.id)
    assert rows["next@example.org"].status == "pending"
    (erased,) = [r for email, r in rows.items() if email.startswith("erased-")]
    assert erased.status == "cancelled"
    with app.app_context():
        row = db.session.get(Registration, erased.id)
        assert (row.name, row.organisation) == ("", "")
    assert event_row(app, event.id).seats_taken == 1


def test_purge_deletes_old_unconfirmed_registrations_and_anonymises_old_attendees(client, app, make_event):
    past = make_event(title="三年前", starts_at=utcnow() - timedelta(days=3 * 365))
    current = make_event(title="下周")
    register_guest(client, current.id, "lapsed@example.org")
    register_guest(client, current.id, "fresh@example.org")
    with app.app_context():
        db.session.add(Registration(event_id=past.id, name="老朋友", email="old@example.org", email_key="old@example.org",
                                    status="confirmed", ticket_code="OLDTICKET001", email_confirmed_at=utcnow()))
        db.session.execute(db.update(Registration).where(Registration.email_key == "lapsed@example.org")
                           .values(status="expired", hold_expires_at=None,
                                   updated_at=utcnow() - timedelta(days=30)))
        db.session.execute(db.update(Event).where(Event.id == current.id).values(seats_taken=1))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert set(registrations(app, current.id)) == {"fresh@example.org"}
    (old,) = registrations(app, past.id).values()
    assert old.email_key.startswith("erased-") and old.status == "confirmed"
