"""Calendar files read back the same in two parsers, whatever the text; edits reach calendars."""
from datetime import datetime, timezone

import icalendar
import pytest
import vobject
from icalendar.parser import unescape_backslash

from tests.events.test_staff_events import event_form


def x_text(calendar, name: str) -> str:
    """An X- property read as TEXT: icalendar's parser knows no type for it and leaves it escaped."""
    return unescape_backslash(str(calendar[name]))


def lines_of(body: bytes) -> list[bytes]:
    """The content lines as a calendar app unfolds them (RFC 5545, 3.1)."""
    return body.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").split(b"\r\n")


@pytest.mark.parametrize("title", ["第一行\n第二行", "第一行\r\n第二行", "会议\rMETHOD:REQUEST", "会议\nBEGIN:VEVENT"])
def test_a_title_with_line_breaks_gives_a_calendar_that_reads_back_as_one_event(client, make_event, title):
    event = make_event(title=title)
    for path in (f"/events/{event.id}.ics", "/events.ics"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data()
        assert b"\r" not in body.replace(b"\r\n", b""), "a lone CR starts a new line for some parsers"
        assert not [line for line in lines_of(body) if line.startswith((b"METHOD:REQUEST", b"BEGIN:VEVENT\\"))]
        calendar = icalendar.Calendar.from_ical(body)
        assert str(calendar["METHOD"]) == "PUBLISH"
        (entry,) = calendar.walk("VEVENT")
        assert str(entry["SUMMARY"]).replace("\r\n", "\n") == title.replace("\r\n", "\n").replace("\r", "\n")
        read = vobject.readOne(body.decode())
        assert len(read.vevent_list) == 1 and read.method.value == "PUBLISH"


def test_an_event_calendar_is_named_after_the_event_as_escaped_text(client, make_event):
    event = make_event(title="测试,逗号;分号\\反斜杠\n换行")
    body = client.get(f"/events/{event.id}.ics").get_data()
    assert x_text(icalendar.Calendar.from_ical(body), "X-WR-CALNAME") == "测试,逗号;分号\\反斜杠\n换行"
    assert vobject.readOne(body.decode()).x_wr_calname.value == "测试,逗号;分号\\反斜杠\n换行"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SITE_NAME": "测试,逗号", "MAIL_SENDER": "events@example.org"}


def test_the_calendar_of_all_events_names_the_association_its_organiser_and_its_timezone(client, make_event):
    make_event(title="会员大会")
    body = client.get("/events.ics").get_data()
    calendar = icalendar.Calendar.from_ical(body)
    assert x_text(calendar, "X-WR-CALNAME") == "测试,逗号"
    assert x_text(calendar, "X-WR-TIMEZONE") == "Asia/Shanghai"
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["ORGANIZER"]) == "mailto:events@example.org"
    assert entry["ORGANIZER"].params["CN"] == "测试,逗号"
    read = vobject.readOne(body.decode())
    assert read.x_wr_calname.value == "测试,逗号" and read.x_wr_timezone.value == "Asia/Shanghai"
    assert read.vevent.organizer.value == "mailto:events@example.org"
    assert read.vevent.organizer.params["CN"] == ["测试,逗号"]


def test_long_text_is_folded_into_lines_of_at_most_75_octets(client, make_event):
    title = "第二届第五次会员大会暨数字贸易发展论坛" * 6
    event = make_event(title=title, description="<p>" + "议程" * 200 + "</p>")
    body = client.get(f"/events/{event.id}.ics").get_data()
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    assert vobject.readOne(body.decode()).vevent.summary.value == title


def sequence_and_status(client, event_id: int) -> tuple[int, str]:
    (entry,) = icalendar.Calendar.from_ical(client.get(f"/events/{event_id}.ics").get_data()).walk("VEVENT")
    return int(entry["SEQUENCE"]), str(entry["STATUS"])


def test_each_staff_edit_and_the_cancellation_raise_the_events_sequence(staff, client, make_event):
    event = make_event(title="会员大会", starts_at=datetime(2031, 7, 8, 6, tzinfo=timezone.utc),
                       ends_at=datetime(2031, 7, 8, 9, tzinfo=timezone.utc), capacity=100,
                       venue="大连软件园 8 号楼多功能厅", address="软件园路 8 号", description="议程\n\n第二段")
    assert sequence_and_status(client, event.id) == (0, "CONFIRMED")
    unchanged = event_form(title="会员大会")
    assert staff.submit(f"/staff/events/{event.id}/edit", unchanged).status_code == 302
    assert sequence_and_status(client, event.id) == (0, "CONFIRMED"), "saving without a change is no new version"
    moved = event_form(title="会员大会", starts_at="2031-07-09T14:00", ends_at="2031-07-09T17:00")
    assert staff.submit(f"/staff/events/{event.id}/edit", moved).status_code == 302
    assert sequence_and_status(client, event.id) == (1, "CONFIRMED")
    assert staff.submit(f"/staff/events/{event.id}/edit", event_form(title="会员大会（改）")).status_code == 302
    assert sequence_and_status(client, event.id) == (2, "CONFIRMED")
    staff.submit(f"/staff/events/{event.id}/cancel", {}, page=f"/staff/events/{event.id}")
    assert sequence_and_status(client, event.id) == (3, "CANCELLED")
