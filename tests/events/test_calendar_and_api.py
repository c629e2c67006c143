"""Calendar files and the listing, as in the contract (the JSON API: tests/api/test_events.py)."""
from datetime import datetime, timedelta, timezone

import icalendar

from portal.database import utcnow


def test_an_event_ics_has_uid_stamp_and_timezone_aware_times(client, make_event):
    event = make_event(title="培训, 第一期; 入门", starts_at=datetime(2031, 7, 8, 6, tzinfo=timezone.utc),
                       ends_at=datetime(2031, 7, 8, 9, tzinfo=timezone.utc), description="<p>第一行</p>")
    response = client.get(f"/events/{event.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data()
    assert b"SUMMARY:\xe5\x9f\xb9\xe8\xae\xad\\, \xe7\xac\xac\xe4\xb8\x80\xe6\x9c\x9f\\; \xe5\x85\xa5\xe9\x97\xa8" in body
    calendar = icalendar.Calendar.from_ical(body)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"event-{event.id}@portal.example.org"
    assert entry["DTSTAMP"].dt.tzinfo is not None
    start = entry["DTSTART"].dt
    assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=8) and start.hour == 14
    assert entry["DTEND"].dt == datetime(2031, 7, 8, 9, tzinfo=timezone.utc)
    assert str(entry["SUMMARY"]) == "培训, 第一期; 入门"
    assert "第一行" in str(entry["DESCRIPTION"]) and "<p>" not in str(entry["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"


def test_the_events_feed_lists_announced_events_but_no_drafts(client, make_event):
    make_event(title="公开活动")
    make_event(title="草稿活动", publish=False)
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").get_data())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["公开活动"]


def test_the_listing_shows_upcoming_first_and_an_archive_by_year(client, make_event):
    make_event(title="下周的会", starts_at=utcnow() + timedelta(days=7))
    make_event(title="二〇二二年的会", starts_at=datetime(2022, 7, 8, 6, tzinfo=timezone.utc))
    make_event(title="二〇二一年的会", starts_at=datetime(2021, 3, 1, 6, tzinfo=timezone.utc))
    page = client.get("/events/").get_data(as_text=True)
    assert page.index("下周的会") < page.index("二〇二二年的会")
    assert "二〇二一年的会" not in page and "?year=2021" in page
    older = client.get("/events/?year=2021").get_data(as_text=True)
    assert "二〇二一年的会" in older and "二〇二二年的会" not in older
