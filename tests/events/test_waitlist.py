"""Freed seats go to the first in line, in order; lapsed holds are released; approvals hold seats."""
import re
from datetime import timedelta

from portal.database import utcnow
from portal.extensions import db
from tests.events.conftest import (confirm_from_email, event_row, link_in, register_guest, registrations)


def register_members(login_as, event, count):
    people = []
    for _ in range(count):
        member = login_as("member")
        member.submit(f"/events/{event.id}/register", {}, page=event.url)
        people.append(member)
    return people


def register_guests(client, event, count):
    """Register visitors (cheaper than member accounts, whose passwords take time to hash)."""
    emails = [f"guest{n}@example.org" for n in range(1, count + 1)]
    for email in emails:
        register_guest(client, event.id, email)
    return emails


def cancel_own(person, app, event, mailbox=None):
    """Cancel from the person's account page, as they would."""
    page = person.get("/events/mine").get_data(as_text=True)
    action = re.search(r'action="(/events/r/[^"]+/cancel)"', page).group(1)
    return person.submit(action, {}, page="/events/mine")


def cancel_by_email(client, mailbox, email):
    path = link_in(mailbox, email, index=0)
    return client.submit(f"{path}/cancel", {}, page=path)


def statuses(app, event_id):
    return {email: (r.status, r.position) for email, r in registrations(app, event_id).items()}


def test_a_cancellation_promotes_the_first_in_line_and_everyone_moves_up(client, app, make_event, mailbox):
    event = make_event(capacity=2)
    a, b, c, d, e = register_guests(client, event, 5)
    assert [statuses(app, event.id)[p] for p in (c, d, e)] == [("waiting", 1), ("waiting", 2), ("waiting", 3)]
    cancel_by_email(client, mailbox, a)
    now = statuses(app, event.id)
    assert now[a] == ("cancelled", None)
    assert now[c] == ("pending", None)  # a visitor's seat, held until they confirm their address
    assert [now[d], now[e]] == [("waiting", 1), ("waiting", 2)]
    assert "已获得座位" in mailbox.to(c)[-1]["Subject"]
    assert "报名已取消" in mailbox.to(a)[-1]["Subject"]
    cancel_by_email(client, mailbox, d)  # leaving the line closes the gap too
    now = statuses(app, event.id)
    assert now[e] == ("waiting", 1) and now[d] == ("cancelled", None)
    row = event_row(app, event.id)
    assert (row.seats_taken, row.waitlist_length) == (2, 1)


def test_a_member_from_the_waiting_list_is_confirmed_at_once(login_as, app, make_event, mailbox):
    event = make_event(capacity=1)
    first, second = register_members(login_as, event, 2)
    cancel_own(first, app, event)
    assert statuses(app, event.id)[second.user.email] == ("confirmed", None)
    assert "已获得座位" in mailbox.to(second.user.email)[-1]["Subject"]


def test_raising_the_capacity_promotes_in_order(client, app, make_event, staff):
    event = make_event(capacity=1)
    people = register_guests(client, event, 4)
    from tests.events.test_staff_events import event_form

    response = staff.submit(f"/staff/events/{event.id}/edit", event_form(capacity="3"))
    assert response.status_code == 302
    now = statuses(app, event.id)
    assert [now[p] for p in people] == [("pending", None)] * 3 + [("waiting", 1)]


def test_the_capacity_cannot_drop_below_the_seats_taken(client, app, make_event, staff):
    event = make_event(capacity=3)
    register_guests(client, event, 2)
    from tests.events.test_staff_events import event_form

    response = staff.submit(f"/staff/events/{event.id}/edit", event_form(capacity="1"))
    assert response.status_code == 200 and "2 个座位" in response.get_data(as_text=True)
    assert event_row(app, event.id).capacity == 3


def expire_holds(app, event_id):
    """Move every pending hold of the event into the past."""
    from portal.events.models import Registration

    with app.app_context():
        db.session.execute(db.update(Registration).where(Registration.event_id == event_id,
                                                         Registration.status == "pending")
                           .values(hold_expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def test_an_unconfirmed_seat_is_released_and_passes_to_the_waiting_list(client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "slow@example.org")
    register_guest(client, event.id, "next@example.org")
    expire_holds(app, event.id)
    result = app.test_cli_runner().invoke(args=["events", "remind"])
    assert result.exit_code == 0 and "released 1" in result.output
    now = statuses(app, event.id)
    assert now == {"slow@example.org": ("expired", None), "next@example.org": ("pending", None)}
    assert "已获得座位" in mailbox.to("next@example.org")[-1]["Subject"]
    # The promoted visitor still proves their address, then holds a confirmed seat.
    confirm_from_email(client, mailbox, "next@example.org")
    assert statuses(app, event.id)["next@example.org"] == ("confirmed", None)
    assert event_row(app, event.id).seats_taken == 1


def test_an_expired_confirmation_link_says_so_and_confirms_nothing(client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "slow@example.org")
    register_guest(client, event.id, "next@example.org")
    path = link_in(mailbox, "slow@example.org")
    page = client.get(path).get_data(as_text=True)  # opened in time, clicked too late
    expire_holds(app, event.id)
    from tests.conftest import csrf_from

    response = client.post(f"{path}/confirm", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 410 and 'id="link-expired"' in response.get_data(as_text=True)
    assert statuses(app, event.id) == {"slow@example.org": ("expired", None), "next@example.org": ("pending", None)}


def test_a_lapsed_hold_reads_as_a_free_seat_and_the_worker_releases_it(client, app, make_event):
    event = make_event(capacity=1)
    register_guest(client, event.id, "slow@example.org")
    expire_holds(app, event.id)
    assert "剩余 1 个座位" in client.get(event.url).get_data(as_text=True)
    assert statuses(app, event.id)["slow@example.org"] == ("pending", None)  # reading changed nothing
    from portal.events.tasks import release_lapsed_holds_and_remind

    with app.app_context():
        release_lapsed_holds_and_remind.call_local()
    assert statuses(app, event.id)["slow@example.org"] == ("expired", None)
    assert event_row(app, event.id).seats_taken == 0


def test_a_lapsed_hold_goes_to_the_first_in_line_before_a_newcomer(client, app, make_event):
    event = make_event(capacity=1)
    register_guest(client, event.id, "slow@example.org")
    register_guest(client, event.id, "next@example.org")
    expire_holds(app, event.id)
    page = client.get(event.url).get_data(as_text=True)
    assert "剩余 1 个座位" not in page  # the freed seat is the waiting person's, not the reader's
    register_guest(client, event.id, "late@example.org")
    now = statuses(app, event.id)
    assert now["slow@example.org"][0] == "expired"
    assert now["next@example.org"] == ("pending", None)
    assert now["late@example.org"] == ("waiting", 1)


def test_an_expired_visitor_may_register_again(client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "slow@example.org")
    expire_holds(app, event.id)
    register_guest(client, event.id, "slow@example.org")
    assert statuses(app, event.id) == {"slow@example.org": ("pending", None)}
    assert event_row(app, event.id).seats_taken == 1


def test_registrations_needing_approval_hold_their_seat_until_staff_decide(login_as, app, make_event, staff,
                                                                            mailbox):
    event = make_event(capacity=1, requires_approval=True)
    first, second = register_members(login_as, event, 2)
    assert statuses(app, event.id)[first.user.email] == ("approval", None)
    assert statuses(app, event.id)[second.user.email] == ("waiting", 1)
    assert "待审核" in mailbox.to(first.user.email)[-1]["Subject"]
    first_id = registrations(app, event.id)[first.user.email].id
    queue = staff.get(f"/staff/events/{event.id}/registrations?status=approval").get_data(as_text=True)
    assert first.user.email in queue and second.user.email not in queue
    staff.submit(f"/staff/events/{event.id}/registrations/{first_id}/reject", {},
                 page=f"/staff/events/{event.id}/registrations")
    now = statuses(app, event.id)
    assert now[first.user.email] == ("rejected", None) and now[second.user.email] == ("approval", None)
    assert "未通过" in mailbox.to(first.user.email)[-1]["Subject"]
    second_id = registrations(app, event.id)[second.user.email].id
    staff.submit(f"/staff/events/{event.id}/registrations/{second_id}/approve", {},
                 page=f"/staff/events/{event.id}/registrations")
    assert statuses(app, event.id)[second.user.email] == ("confirmed", None)
    assert "报名已确认" in mailbox.to(second.user.email)[-1]["Subject"]


def test_staff_give_a_seat_only_when_one_is_free(client, app, make_event, staff):
    event = make_event(capacity=1)
    first, second = register_guests(client, event, 2)
    second_id = registrations(app, event.id)[second].id
    url = f"/staff/events/{event.id}/registrations/{second_id}/seat"
    response = staff.submit(url, {}, page=f"/staff/events/{event.id}/registrations")
    assert "没有空余座位" in staff.get(response.headers["Location"]).get_data(as_text=True)
    assert statuses(app, event.id)[second] == ("waiting", 1)
    from tests.events.test_staff_events import event_form

    staff.submit(f"/staff/events/{event.id}/edit", event_form(capacity=None))  # unlimited: promoted at once
    assert statuses(app, event.id)[second] == ("pending", None)


def test_a_cancelled_registration_cannot_be_cancelled_twice(login_as, app, make_event):
    event = make_event(capacity=1)
    (member,) = register_members(login_as, event, 1)
    cancel_own(member, app, event)
    page = member.get("/events/mine").get_data(as_text=True)
    assert "/cancel" not in page
    assert event_row(app, event.id).seats_taken == 0


def test_the_confirmation_time_is_a_setting(app, client, make_event, mailbox):
    app.config["EVENT_CONFIRMATION_HOURS"] = 1
    event = make_event()
    register_guest(client, event.id, "quick@example.org")
    from portal.events.models import Registration

    with app.app_context():
        hold = db.session.scalar(db.select(Registration.hold_expires_at))
    assert timedelta(minutes=59) < hold - utcnow() <= timedelta(hours=1)
    assert "1 小时" in mailbox.text(mailbox.to("quick@example.org")[-1])
