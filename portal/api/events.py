"""/api/v1/events: announced events as JSON, without anyone's personal data."""
from __future__ import annotations

from flask import abort, jsonify, request

from portal.api import bp
from portal.api.openapi import PATHS, SCHEMAS
from portal.events import services
from portal.events.models import Event
from portal.events.states import EventAudience, EventStatus
from portal.events.timezone import iso
from portal.extensions import db
from portal.urls import site_url

WHEN = ("upcoming", "past")


def event_json(event: Event) -> dict:
    taken = event.seats_taken if event.capacity is None else min(event.seats_taken, event.capacity)
    return {
        "id": event.id, "title": event.title, "starts_at": iso(event.starts_at), "ends_at": iso(event.ends_at),
        "venue": event.venue, "capacity": event.capacity, "seats_left": event.seats_left,
        "registered": taken, "waitlisted": event.waitlist_length, "audience": event.audience,
        "status": event.status, "url": site_url("events.detail", event_id=event.id),
    }


@bp.route("/events")
def events():
    when = request.args.get("when") or "upcoming"
    if when not in WHEN:
        abort(400, description="'when' must be upcoming or past")
    items = services.upcoming_events() if when == "upcoming" else services.past_events()
    return jsonify(items=[event_json(e) for e in items], total=len(items), when=when)


@bp.route("/events/<int:event_id>")
def event(event_id: int):
    found = db.session.get(Event, event_id)
    if found is None or found.status == EventStatus.DRAFT:
        abort(404, description="no such event")
    return jsonify(event_json(found))


SCHEMAS["Event"] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "starts_at": {"type": "string", "format": "date-time", "description": "ISO 8601 with offset"},
        "ends_at": {"type": "string", "format": "date-time", "description": "ISO 8601 with offset"},
        "venue": {"type": "string"},
        "capacity": {"type": "integer", "nullable": True, "description": "null: no limit"},
        "seats_left": {"type": "integer", "nullable": True, "description": "null: no limit"},
        "registered": {"type": "integer",
                       "description": "seats taken: confirmed, awaiting email confirmation or approval"},
        "waitlisted": {"type": "integer", "description": "people on the waiting list"},
        "audience": {"type": "string", "enum": EventAudience.values()},
        "status": {"type": "string", "enum": [s.value for s in EventStatus if s is not EventStatus.DRAFT]},
        "url": {"type": "string", "format": "uri"},
    },
    "required": ["id", "title", "starts_at", "ends_at", "venue", "capacity", "seats_left", "registered",
                 "waitlisted", "audience", "status", "url"],
}
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
PATHS["/events"] = {"get": {
    "summary": "Upcoming events (soonest first) or past ones (newest first)",
    "parameters": [{"name": "when", "in": "query",
                    "schema": {"type": "string", "enum": list(WHEN), "default": "upcoming"}}],
    "responses": {
        "200": {"description": "the events", "content": {"application/json": {"schema": {
            "type": "object", "required": ["items", "total"],
            "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                           "total": {"type": "integer"},
                           "when": {"type": "string", "enum": list(WHEN)}}}}}},
        "400": {"description": "bad parameter", **_ERROR}},
}}
PATHS["/events/{id}"] = {"get": {
    "summary": "One event",
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "the event", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Event"}}}}, "404": {"description": "not found", **_ERROR}},
}}
