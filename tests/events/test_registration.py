"""Visitors and members register; one registration per person; who may register for what."""
from datetime import timedelta

import pytest

from portal.database import utcnow
from tests.events.conftest import confirm_from_email, event_row, register_guest, registrations


def test_a_visitor_holds_a_seat_at_once_and_confirms_it_from_the_email(client, app, make_event, mailbox):
    event = make_event(capacity=5)
    response = register_guest(client, event.id, "Guest@Example.org")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "剩余 4 个座位" in page
    (guest,) = registrations(app, event.id).values()
    assert guest.status == "pending" and guest.email_key == "guest@example.org"
    assert event_row(app, event.id).seats_taken == 1
    (mail,) = mailbox.to("Guest@Example.org")
    assert "请确认报名" in mail["Subject"] and "24" in mailbox.text(mail)
    confirmed = confirm_from_email(client, mailbox, "Guest@Example.org")
    assert confirmed.status_code == 303
    ticket_page = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert 'data-status="confirmed"' in ticket_page and 'src="data:image/png;base64,' in ticket_page
    assert registrations(app, event.id)["Guest@Example.org"].status == "confirmed"
    ticket_mail = mailbox.to("Guest@Example.org")[-1]
    assert "报名已确认" in ticket_mail["Subject"]
    code = registrations(app, event.id)["Guest@Example.org"].ticket_code
    assert f"{code[:4]}-{code[4:8]}-{code[8:]}" in mailbox.text(ticket_mail)
    assert 'src="cid:' in mailbox.html(ticket_mail)  # the QR code travels inline (tests/mail/test_standards.py)


def test_a_member_registers_in_one_step_and_is_confirmed(login_as, app, make_event, mailbox):
    member = login_as("member")
    event = make_event(audience="members")
    response = member.submit(f"/events/{event.id}/register", {}, page=event.url)
    assert response.status_code == 303
    assert registrations(app, event.id)[member.user.email].status == "confirmed"
    page = member.get(event.url).get_data(as_text=True)
    assert 'id="my-registration"' in page and "已确认" in page
    assert "报名已确认" in mailbox.to(member.user.email)[-1]["Subject"]


def test_one_registration_per_email_whatever_the_capitals(client, app, make_event):
    event = make_event()
    register_guest(client, event.id, "dup@example.org")
    for second in ("dup@example.org", "DUP@Example.ORG", " dup@example.org "):
        response = register_guest(client, event.id, second)
        assert response.status_code == 303
        assert "该邮箱已报名本活动" in client.get(event.url).get_data(as_text=True)
    assert len(registrations(app, event.id)) == 1
    assert event_row(app, event.id).seats_taken == 1


def test_a_member_already_registered_as_a_guest_is_not_registered_twice(login_as, client, app, make_event):
    member = login_as("member")
    event = make_event()
    register_guest(client, event.id, member.user.email.upper())
    member.submit(f"/events/{event.id}/register", {}, page=event.url)
    assert len(registrations(app, event.id)) == 1


def test_a_full_event_puts_people_on_the_waiting_list_and_tells_them_their_place(client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "first@example.org")
    response = register_guest(client, event.id, "second@example.org")
    assert response.status_code == 303
    page = client.get(event.url).get_data(as_text=True)
    assert "候补名单第 1 位" in page
    register_guest(client, event.id, "third@example.org")
    rows = registrations(app, event.id)
    assert [(r.status, r.position) for r in rows.values()] == [("pending", None), ("waiting", 1), ("waiting", 2)]
    assert "第 2 位" in mailbox.text(mailbox.to("third@example.org")[-1])


@pytest.mark.parametrize("role", [None, "visitor"])
def test_members_only_events_refuse_guests_and_non_members(login_as, app, make_event, role):
    person = login_as(role)
    event = make_event(audience="members")
    page = person.get(event.url).get_data(as_text=True)
    assert 'id="members-only"' in page and 'id="register-form"' not in page
    data = {} if role else {"name": "访客", "email": "guest@example.org", "organisation": "x", "consent": "y"}
    # The page offers no form; a token from another page must not open the door either.
    response = person.submit(f"/events/{event.id}/register", data, page="/auth/password" if role else "/auth/login")
    assert response.status_code == 403
    assert registrations(app, event.id) == {}


def test_a_visitor_account_registers_for_a_public_event_in_one_step(login_as, app, make_event):
    visitor = login_as("visitor")
    event = make_event()
    visitor.submit(f"/events/{event.id}/register", {}, page=event.url)
    assert registrations(app, event.id)[visitor.user.email].status == "confirmed"


def test_cancelled_events_refuse_registration(client, app, make_event, staff):
    event = make_event()
    page = client.get(event.url).get_data(as_text=True)
    staff.submit(f"/staff/events/{event.id}/cancel", {}, page=f"/staff/events/{event.id}")
    assert event_row(app, event.id).status == "cancelled"
    from tests.conftest import csrf_from

    response = client.post(f"/events/{event.id}/register", data={
        "csrf_token": csrf_from(page), "name": "x", "email": "late@example.org", "organisation": "", "consent": "y"})
    assert response.status_code == 303
    assert "活动已取消" in client.get(event.url).get_data(as_text=True)
    assert registrations(app, event.id) == {}


def test_drafts_are_not_found_by_anyone_but_staff(login_as, app, make_event, staff):
    event = make_event(publish=False)
    for person in (login_as(None), login_as("member")):
        assert person.get(event.url).status_code == 404
        assert person.get(f"/events/{event.id}.ics").status_code == 404
        assert person.post(f"/events/{event.id}/register", data={}).status_code in (400, 404)
        assert "会员大会" not in person.get("/events/").get_data(as_text=True)
    assert staff.get(event.url).status_code == 200


@pytest.mark.parametrize("opens, closes", [(timedelta(days=1), None), (None, -timedelta(hours=1))])
def test_registration_outside_its_window_is_refused(client, app, make_event, opens, closes):
    now = utcnow()
    event = make_event(registration_opens_at=now + opens if opens else None,
                       registration_closes_at=now + closes if closes else None)
    assert 'id="registration-closed"' in client.get(event.url).get_data(as_text=True)
    register_guest(client, event.id, "early@example.org", page="/auth/login")
    assert registrations(app, event.id) == {}


def test_past_events_take_no_registration(client, app, make_event):
    event = make_event(starts_at=utcnow() - timedelta(days=3))
    register_guest(client, event.id, "late@example.org", page="/auth/login")
    assert registrations(app, event.id) == {}


def test_a_guest_form_with_a_bad_email_is_shown_again_with_the_error(client, app, make_event):
    event = make_event()
    response = register_guest(client, event.id, "not-an-email")
    assert response.status_code == 400
    assert 'id="register-form"' in response.get_data(as_text=True)
    assert registrations(app, event.id) == {}


def test_guest_registration_is_throttled_per_address(app_config, client, app, make_event):
    app.config["EVENT_REGISTRATION_LIMIT"] = "3 per minute"
    event = make_event(capacity=None)
    statuses = [register_guest(client, event.id, f"g{n}@example.org").status_code for n in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert len(registrations(app, event.id)) == 3


def test_a_registration_form_without_its_csrf_token_is_refused(client, app, make_event):
    event = make_event()
    response = client.post(f"/events/{event.id}/register",
                           data={"name": "x", "email": "x@example.org", "organisation": "", "consent": "y"})
    assert response.status_code == 400
    assert registrations(app, event.id) == {}


def test_public_pages_never_show_who_registered(client, app, make_event, login_as):
    event = make_event()
    register_guest(client, event.id, "secret.person@example.org", name="秘密人")
    other = login_as(None)
    for path in (event.url, "/events/", f"/api/v1/events/{event.id}", "/api/v1/events", f"/events/{event.id}.ics",
                 "/events.ics"):
        body = other.get(path).get_data(as_text=True)
        assert "secret.person" not in body and "秘密人" not in body, path


def test_descriptions_are_sanitised(client, make_event):
    event = make_event(description='<p>议程</p><script>alert(1)</script><img src=x onerror=alert(1)>')
    page = client.get(event.url).get_data(as_text=True)
    assert "<p>议程</p>" in page and "<script>alert" not in page and "onerror" not in page


def test_titles_are_escaped(client, make_event):
    event = make_event(title="<b>会议</b>")
    page = client.get(event.url).get_data(as_text=True)
    assert "&lt;b&gt;会议&lt;/b&gt;" in page


def test_the_database_itself_refuses_an_overbooking(app, make_event):
    """The CHECK constraint backs the conditional UPDATE: even a buggy write cannot overbook."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from portal.extensions import db

    event = make_event(capacity=2)
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE events SET seats_taken = 3 WHERE id = :id"), {"id": event.id})
            db.session.flush()
        db.session.rollback()
