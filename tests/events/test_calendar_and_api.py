"""Calendar files and the JSON API, as in the contract."""
from datetime import datetime, timedelta, timezone

import icalendar

from portal.database import utcnow
from tests.events.conftest import register_guest


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


def test_api_lists_events_with_exactly_the_contract_fields(client, make_event):
    event = make_event(capacity=2, starts_at=datetime(2031, 7, 8, 6, tzinfo=timezone.utc),
                       ends_at=datetime(2031, 7, 8, 9, tzinfo=timezone.utc))
    for n in range(3):
        register_guest(client, event.id, f"p{n}@example.org")
    body = client.get("/api/v1/events").json
    (item,) = body["items"]
    assert set(item) == {"id", "title", "starts_at", "ends_at", "venue", "capacity", "seats_left", "registered",
                         "waitlisted", "audience", "status", "url"}
    assert item["starts_at"] == "2031-07-08T14:00:00+08:00" and item["ends_at"] == "2031-07-08T17:00:00+08:00"
    assert (item["capacity"], item["registered"], item["seats_left"], item["waitlisted"]) == (2, 2, 0, 1)
    assert item["url"] == f"https://portal.example.org/events/{event.id}"
    assert client.get(f"/api/v1/events/{event.id}").json == item


def test_api_separates_upcoming_and_past_and_hides_drafts(client, make_event):
    make_event(title="将来")
    make_event(title="过去", starts_at=datetime(2022, 6, 30, 6, tzinfo=timezone.utc))
    draft = make_event(title="草稿", publish=False)
    assert [e["title"] for e in client.get("/api/v1/events?when=upcoming").json["items"]] == ["将来"]
    assert [e["title"] for e in client.get("/api/v1/events?when=past").json["items"]] == ["过去"]
    assert client.get(f"/api/v1/events/{draft.id}").status_code == 404


def test_api_errors_are_json(client):
    for path, status in (("/api/v1/events?when=later", 400), ("/api/v1/events/999999", 404)):
        response = client.get(path)
        assert response.status_code == status and response.json["error"]["message"]


def test_unlimited_events_have_null_capacity_and_seats_left(client, make_event):
    event = make_event(capacity=None)
    item = client.get(f"/api/v1/events/{event.id}").json
    assert item["capacity"] is None and item["seats_left"] is None and item["registered"] == 0


def test_the_openapi_document_describes_the_events_api(client):
    document = client.get("/api/v1/openapi.json").json
    assert {"/events", "/events/{id}"} <= set(document["paths"])
    assert set(document["components"]["schemas"]["Event"]["required"]) == {
        "id", "title", "starts_at", "ends_at", "venue", "capacity", "seats_left", "registered", "waitlisted",
        "audience", "status", "url"}
