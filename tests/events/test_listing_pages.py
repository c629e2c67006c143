"""The events listing is bounded: upcoming events a page at a time, past ones by year, paged."""
from datetime import datetime, timedelta, timezone

from portal.database import utcnow


def test_upcoming_events_come_a_page_at_a_time(client, make_event):
    for n in range(25):
        make_event(title=f"分页活动{n:02d}", starts_at=utcnow() + timedelta(days=n + 1))
    first = client.get("/events/").get_data(as_text=True)
    assert first.count("分页活动") == 20 and "分页活动00" in first and "分页活动24" not in first
    assert "page=2" in first
    second = client.get("/events/?page=2").get_data(as_text=True)
    assert second.count("分页活动") == 5 and "分页活动24" in second


def test_past_events_of_a_year_come_a_page_at_a_time(client, make_event):
    for n in range(23):
        make_event(title=f"往年活动{n:02d}", starts_at=datetime(2021, 1, 1, 6, tzinfo=timezone.utc) + timedelta(days=n))
    make_event(title="二〇二二年的会", starts_at=datetime(2022, 7, 8, 6, tzinfo=timezone.utc))
    latest = client.get("/events/").get_data(as_text=True)
    assert "二〇二二年的会" in latest and "往年活动" not in latest and "year=2021" in latest
    year = client.get("/events/?year=2021").get_data(as_text=True)
    assert year.count("往年活动") == 20 and "往年活动22" in year  # newest first
    assert "year=2021" in year and "page=2" in year
    older = client.get("/events/?year=2021&page=2").get_data(as_text=True)
    assert older.count("往年活动") == 3 and "往年活动00" in older


def test_the_events_api_is_paged(client, make_event):
    for n in range(23):
        make_event(title=f"接口活动{n:02d}", starts_at=utcnow() + timedelta(days=n + 1))
    first = client.get("/api/v1/events?when=upcoming").json
    assert len(first["items"]) == 20 and first["total"] == 23 and first["pages"] == 2 and first["page"] == 1
    second = client.get("/api/v1/events?when=upcoming&page=2").json
    assert [item["title"] for item in second["items"]] == ["接口活动20", "接口活动21", "接口活动22"]
