"""/api/v1/events: announced events as JSON, without anyone's personal data."""
from __future__ import annotations

from flask import abort

from portal.api import bp
from portal.api.schemas import Event, EventArgs, EventList
from portal.events import services
from portal.events.models import Event as EventRow
from portal.events.states import EventStatus
from portal.extensions import db
from portal.urls import MAX_ID

PER_PAGE = 20


@bp.route("/events")
@bp.arguments(EventArgs, location="query", as_kwargs=True)
@bp.response(200, EventList)
def events(when: str, page: int):
    """Upcoming events (soonest first) or past ones (newest first), PER_PAGE a page."""
    query = services.upcoming_query() if when == "upcoming" else services.past_query()
    found = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return {"items": found.items, "total": found.total, "when": when, "page": page, "pages": max(1, found.pages)}


@bp.route(f"/events/<int(min=1, max={MAX_ID}):id>")  # {id}, as the contract names it
@bp.response(200, Event)
@bp.alt_response(404, response="NOT_FOUND")
def event(id: int):
    """One announced event."""
    found = db.session.get(EventRow, id)
    if found is None or found.status == EventStatus.DRAFT:
        abort(404, description="no such event")
    return found
