"""Events as JSON, as in the contract."""
from datetime import datetime, timezone

from tests.events.conftest import register_guest


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
