"""Staff create, edit, publish, cancel and copy events; list, export and check people in."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from portal.events.models import Event
from portal.extensions import db
from tests.events.conftest import event_row, register_guest, registrations


def event_form(**changes) -> dict:
    """The staff event form's fields, filled as a person would (times in Beijing time)."""
    data = {"title": "第二届第五次会员大会", "organiser": "", "description": "议程\n\n第二段",
            "starts_at": "2031-07-08T14:00", "ends_at": "2031-07-08T17:00", "venue": "大连软件园 8 号楼多功能厅",
            "address": "软件园路 8 号", "capacity": "100", "audience": "public", "registration_opens_at": "",
            "registration_closes_at": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None} | (
        {"capacity": ""} if changes.get("capacity", "x") is None else {})


ROLES = [None, "visitor", "member", "staff", "admin"]
STAFF_PAGES = ["/staff/events/", "/staff/events/new", "/staff/events/{id}", "/staff/events/{id}/edit",
               "/staff/events/{id}/registrations", "/staff/events/{id}/checkin",
               "/staff/events/{id}/export?columns=name&format=csv"]


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_open_the_event_tools(login_as, make_event, role):
    event = make_event()
    person = login_as(role)
    for path in STAFF_PAGES:
        response = person.get(path.format(id=event.id))
        if role in ("staff", "admin"):
            assert response.status_code == 200, path
        elif role is None:
            assert response.status_code == 302, path
        else:
            assert response.status_code == 403, path


def test_staff_create_a_draft_publish_it_and_it_appears(staff, client, app):
    response = staff.submit("/staff/events/new", event_form())
    assert response.status_code == 302
    event_id = int(re.search(r"/staff/events/(\d+)", response.headers["Location"]).group(1))
    assert client.get(f"/events/{event_id}").status_code == 404
    staff.submit(f"/staff/events/{event_id}/publish", {}, page=f"/staff/events/{event_id}")
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "第二届第五次会员大会" in page and "<p>议程</p>" in page
    assert "第二届第五次会员大会" in client.get("/events/").get_data(as_text=True)
    with app.app_context():
        event = db.session.get(Event, event_id)
        # Typed as Beijing time, stored as UTC.
        assert event.starts_at.isoformat() == "2031-07-08T06:00:00+00:00"


def test_times_are_shown_in_beijing_time_in_both_languages(client, make_event):
    from datetime import datetime, timezone

    event = make_event(starts_at=datetime(2031, 7, 8, 6, 0, tzinfo=timezone.utc),
                       ends_at=datetime(2031, 7, 8, 9, 0, tzinfo=timezone.utc))
    zh = client.get(event.url).get_data(as_text=True)
    assert "2031年7月8日" in zh and "14:00–17:00" in zh and "北京时间" in zh
    en = client.get(f"{event.url}?lang=en").get_data(as_text=True)
    assert "July 8, 2031" in en and "14:00–17:00" in en and "Beijing time" in en


def test_an_event_cannot_end_before_it_starts(staff, app):
    response = staff.submit("/staff/events/new", event_form(ends_at="2031-07-08T13:00"))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_staff_cancel_an_event_and_everyone_registered_is_told(staff, client, app, make_event, mailbox):
    event = make_event(capacity=1)
    register_guest(client, event.id, "a@example.org")
    register_guest(client, event.id, "b@example.org")
    staff.submit(f"/staff/events/{event.id}/cancel", {}, page=f"/staff/events/{event.id}")
    assert event_row(app, event.id).status == "cancelled"
    for address in ("a@example.org", "b@example.org"):
        assert "活动取消" in mailbox.to(address)[-1]["Subject"]
    assert 'id="event-cancelled"' in client.get(event.url).get_data(as_text=True)


def test_staff_copy_an_event_as_a_new_draft(staff, app, make_event):
    event = make_event(title="年度培训", capacity=30)
    response = staff.submit(f"/staff/events/{event.id}/copy", {}, page=f"/staff/events/{event.id}")
    copy_id = int(re.search(r"/staff/events/(\d+)/edit", response.headers["Location"]).group(1))
    with app.app_context():
        copy = db.session.get(Event, copy_id)
        assert (copy.title, copy.capacity, copy.status, copy.seats_taken) == ("年度培训", 30, "draft", 0)


def test_the_cover_image_is_checked_and_served(staff, client, app):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "blue").save(buffer, "PNG")
    buffer.seek(0)
    html = staff.get("/staff/events/new").get_data(as_text=True)
    from tests.conftest import csrf_from

    response = staff.post("/staff/events/new", data={**event_form(), "csrf_token": csrf_from(html),
                                                    "cover_upload": (buffer, "cover.png")},
                          content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        cover = db.session.scalar(db.select(Event.cover))
    assert cover.endswith(".webp")
    served = client.get(f"/events/covers/{cover}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    bad = staff.post("/staff/events/new", data={**event_form(), "csrf_token": csrf_from(html),
                                               "cover_upload": (io.BytesIO(b"<svg onload=alert(1)>"), "x.png")},
                     content_type="multipart/form-data")
    assert bad.status_code == 200 and "PNG" in bad.get_data(as_text=True)


@pytest.fixture
def crowd(client, app, make_event):
    event = make_event(capacity=2)
    register_guest(client, event.id, "plain@example.org", name="张三", organisation="大连示例公司")
    register_guest(client, event.id, "evil@example.org", name="=HYPERLINK(\"http://x\")", organisation="+SUM(A1)")
    register_guest(client, event.id, "late@example.org", name="@cmd", organisation="-1+2")
    return event


def test_the_staff_list_filters_by_status(staff, crowd, app):
    waiting = staff.get(f"/staff/events/{crowd.id}/registrations?status=waiting").get_data(as_text=True)
    assert "late@example.org" in waiting and "plain@example.org" not in waiting
    pending = staff.get(f"/staff/events/{crowd.id}/registrations?status=pending").get_data(as_text=True)
    assert "plain@example.org" in pending and "late@example.org" not in pending


def test_csv_export_has_the_chosen_columns_and_neutralises_formulas(staff, crowd):
    response = staff.get(f"/staff/events/{crowd.id}/export?columns=name&columns=organisation&columns=email"
                         "&status=all&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["姓名", "单位", "邮箱"]
    assert rows[1] == ["张三", "大连示例公司", "plain@example.org"]
    assert rows[2][:2] == ["'=HYPERLINK(\"http://x\")", "'+SUM(A1)"]
    assert rows[3][:2] == ["'@cmd", "'-1+2"]


def test_excel_export_neutralises_formulas(staff, crowd):
    response = staff.get(f"/staff/events/{crowd.id}/export?columns=name&columns=organisation&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["张三", "大连示例公司"]
    assert values[2] == ["'=HYPERLINK(\"http://x\")", "'+SUM(A1)"]
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row)


@pytest.mark.parametrize("value, expected", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"),
                                             ("\tx", "'\tx"), ("\rx", "'\rx"), ("安全", "安全"), ("a=b", "a=b"), (3, 3)])
def test_neutralise_prefixes_only_risky_cells(value, expected):
    from portal.events.exports import neutralise

    assert neutralise(value) == expected


def test_an_export_without_columns_is_refused(staff, crowd):
    assert staff.get(f"/staff/events/{crowd.id}/export?format=csv").status_code == 400


def confirmed_guest(client, app, make_event, mailbox, name="李四"):
    from tests.events.conftest import confirm_from_email

    event = make_event()
    register_guest(client, event.id, "door@example.org", name=name)
    confirm_from_email(client, mailbox, "door@example.org")
    return event, registrations(app, event.id)["door@example.org"]


def test_checking_in_a_ticket_twice_says_so(staff, client, app, make_event, mailbox):
    event, person = confirmed_guest(client, app, make_event, mailbox)
    url = f"/staff/events/{event.id}/checkin"
    typed = f"{person.ticket_code[:4].lower()} {person.ticket_code[4:]}"  # any case, with a space
    first = staff.submit(url, {"code": typed}).get_data(as_text=True)
    assert 'data-outcome="arrived"' in first and "李四" in first
    assert registrations(app, event.id)["door@example.org"].checked_in_at is not None
    second = staff.submit(url, {"code": person.ticket_code}).get_data(as_text=True)
    assert 'data-outcome="already"' in second
    unknown = staff.submit(url, {"code": "NOPE-NOPE-NOPE"}).get_data(as_text=True)
    assert 'data-outcome="unknown"' in unknown
    overview = staff.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert re.search(r'id="count-checked_in">1<', overview)


def test_staff_find_a_name_and_mark_the_arrival(staff, client, app, make_event, mailbox):
    event, person = confirmed_guest(client, app, make_event, mailbox, name="赵五")
    found = staff.get(f"/staff/events/{event.id}/checkin?q=赵").get_data(as_text=True)
    assert "赵五" in found
    response = staff.submit(f"/staff/events/{event.id}/checkin/{person.id}?q=赵", {},
                            page=f"/staff/events/{event.id}/checkin?q=赵")
    assert 'data-outcome="arrived"' in response.get_data(as_text=True)


def test_a_ticket_of_another_event_is_unknown_here(staff, client, app, make_event, mailbox):
    _event, person = confirmed_guest(client, app, make_event, mailbox)
    other = make_event(title="另一场")
    page = staff.submit(f"/staff/events/{other.id}/checkin", {"code": person.ticket_code}).get_data(as_text=True)
    assert 'data-outcome="unknown"' in page


def test_staff_see_counts_on_the_event_page(staff, client, make_event):
    event = make_event(capacity=1)
    register_guest(client, event.id, "a@example.org")
    register_guest(client, event.id, "b@example.org")
    page = staff.get(event.url).get_data(as_text=True)
    assert 'id="staff-counts"' in page and "候补：1" in page
    assert 'id="staff-counts"' not in client.get(event.url).get_data(as_text=True)


def test_staff_page_through_upcoming_and_past_events_one_list_at_a_time(login_as, make_event, monkeypatch):
    from datetime import timedelta

    from portal.database import utcnow
    from portal.staff import events as staff_events

    monkeypatch.setattr(staff_events, "PER_PAGE", 2)
    soon = [make_event(f"即将举行{n}", starts_at=utcnow() + timedelta(days=n + 1)) for n in range(3)]
    held = [make_event(f"已举行{n}", starts_at=utcnow() - timedelta(days=n + 2)) for n in range(3)]
    staff = login_as("staff")
    first = staff.get("/staff/events/").get_data(as_text=True)
    assert [e.title in first for e in soon] == [True, True, False] and held[0].title not in first
    assert soon[2].title in staff.get("/staff/events/?page=2").get_data(as_text=True)
    past = staff.get("/staff/events/?when=past").get_data(as_text=True)
    assert [e.title in past for e in held] == [True, True, False] and soon[0].title not in past  # latest first
    assert 'href="/staff/events/?when=past&amp;page=2"' in past or 'href="/staff/events/?page=2&amp;when=past"' in past
    assert staff.get("/staff/events/?when=past&page=99999999999999999999").status_code in (200, 404)


def test_staff_page_through_profile_changes_waiting_for_review(app, login_as, make_firm, make_user, monkeypatch):
    from portal.auth.models import User
    from portal.members.models import Firm
    from portal.members.services import propose_changes

    firms = [make_firm(slug=f"firm-{n}", name=f"示例单位{n}") for n in range(52)]
    author = make_user("member", firm=firms[0])
    with app.app_context():
        for firm in firms:
            propose_changes(db.session.get(User, author.id), db.session.get(Firm, firm.id), {"summary": "新的简介"})
        db.session.commit()
    staff = login_as("staff")
    first, second = (staff.get(f"/staff/revisions?page={n}").get_data(as_text=True) for n in (1, 2))
    assert first.count('href="/staff/revisions/') == 50 and second.count('href="/staff/revisions/') == 2
