"""Public event pages: the listing and archive, an event, registering, calendar files, covers."""
from __future__ import annotations

from flask import (Response, abort, current_app, flash, redirect, render_template, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal import panels
from portal.database import utcnow
from portal.events import bp, registration, services
from portal.events.calendar import calendar_of
from portal.events.forms import ActionForm, GuestRegistrationForm
from portal.events.models import Event
from portal.events.policies import can_register, can_view_event, registration_closed_reason
from portal.events.states import RegistrationStatus
from portal.extensions import db, limiter
from portal.i18n import current_language
from portal.uploads import send_image
from portal.urls import YEARS, query_int, query_page


def visible_event_or_404(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    if not can_view_event(current_user, event):
        abort(404)
    return event


def own_registration(event: Event):
    if not current_user.is_authenticated:
        return None
    return registration.find_registration(event, current_user.email)


#: Events a page of the listing shows, upcoming and of the chosen year each.
PER_PAGE = 20


@bp.route("/")
def index():
    years = services.past_years()
    chosen = query_int("year", None, *YEARS)
    year = chosen if chosen in years else (years[0] if years else None)
    # `page` pages the past year a visitor chose (?year=), otherwise the upcoming events.
    page = query_page()
    upcoming = db.paginate(services.upcoming_query(), page=1 if chosen else page, per_page=PER_PAGE,
                           error_out=False)
    past = db.paginate(services.past_query(year), page=page if chosen else 1, per_page=PER_PAGE,
                       error_out=False) if year else None
    return render_template("events/index.html", upcoming=upcoming, years=years, year=year, past=past)


@bp.route("/<int:event_id>")
def detail(event_id: int, form=None, status: int = 200):
    event = visible_event_or_404(event_id)
    mine = own_registration(event)
    return render_template(
        "events/detail.html", event=event, mine=mine, form=form or GuestRegistrationForm(),
        **panels.context_for("events.detail", current_user, event),
        action=ActionForm(), closed_reason=registration_closed_reason(event),
        may_register=can_register(current_user, event)), status


def _registration_limit() -> str:
    return current_app.config["EVENT_REGISTRATION_LIMIT"]


def _is_logged_in() -> bool:
    return current_user.is_authenticated


@bp.route("/<int:event_id>/register", methods=["POST"])
@limiter.limit(_registration_limit, exempt_when=_is_logged_in)
def register(event_id: int):
    event = visible_event_or_404(event_id)
    if not can_register(current_user, event):
        abort(403)  # even for guests: no login page can send them back to a POST
    form = ActionForm() if current_user.is_authenticated else GuestRegistrationForm()
    if not form.validate_on_submit():
        if current_user.is_authenticated:
            abort(400)
        return detail(event_id, form=form, status=400)
    # Seats whose hold lapsed are free: released here, before anyone takes one (the worker also
    # releases them every minute, but a rush must not wait for it).
    registration.release_expired_holds(event)
    reason = registration_closed_reason(event)
    if reason is not None:
        flash(str(reason), "warning")
        return redirect(url_for("events.detail", event_id=event.id), 303)
    try:
        if current_user.is_authenticated:
            made = registration.register_user(event, current_user)
        else:
            made = registration.register(event, form.name.data, form.email.data, form.organisation.data,
                                         locale=current_language())
            made.privacy_consent_at = utcnow()
    except (registration.AlreadyRegistered, IntegrityError):
        db.session.rollback()
        flash(_("This email address is already registered for this event."), "info")
    except registration.RegistrationError as error:  # e.g. cancelled a moment ago
        db.session.rollback()
        flash(str(error), "warning")
    else:
        flash(_outcome_message(made), "success" if made.holds_seat else "info")
    return redirect(url_for("events.detail", event_id=event_id), 303)


def _outcome_message(made) -> str:
    if made.status == RegistrationStatus.PENDING:
        return _("Your seat is held. We sent a link to %(email)s: follow it within %(hours)s hours to "
                 "confirm, or the seat passes to the next person.", email=made.email,
                 hours=current_app.config["EVENT_CONFIRMATION_HOURS"])
    if made.status == RegistrationStatus.APPROVAL:
        return _("Your seat is held until the association approves your registration; we will email you.")
    if made.status == RegistrationStatus.CONFIRMED:
        return _("You are registered. Your ticket is on its way to %(email)s.", email=made.email)
    return _("The event is full. You are number %(position)s on the waiting list; we will email you "
             "as soon as a seat is free.", position=made.waitlist_position)


@bp.route("/<int:event_id>.ics")
def ics(event_id: int):
    event = visible_event_or_404(event_id)
    return _ics_response(calendar_of([event], event.title), f"event-{event.id}.ics")


def calendar_feed():
    """Every announced event (upcoming and past) as one subscribable calendar."""
    events = db.session.scalars(services.visible_events().order_by(Event.starts_at.desc()).limit(500))
    return _ics_response(calendar_of(events, current_app.config["SITE_NAME"]), "events.ics")


def _ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/covers/<name>")
def cover(name: str):
    return send_image("covers", name)


from portal.events import display, manage  # noqa: E402,F401  (template helpers; the emailed-link pages)
