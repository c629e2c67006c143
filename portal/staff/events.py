"""Staff pages for events: list, create, edit, publish, cancel, copy; registrations, export, check-in."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.events import exports, review, services
from portal.events.checkin import check_in, find_by_code
from portal.events.forms import ActionForm, CheckinForm, EventForm, ExportForm
from portal.events.models import Event, Registration
from portal.events.policies import can_edit_event, can_manage_event
from portal.events.registration import RegistrationError
from portal.events.states import RegistrationStatus
from portal.unit_of_work import after_commit
from portal.events.tickets import format_code
from portal.database import utcnow
from portal.extensions import db
from portal.mailings.progress import recipient_count
from portal.mailings.services import MailingError
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.mailing_forms import AnnounceForm
from portal.staff.mailings import announce
from portal.uploads import add_image, delete_image
from portal.urls import query_page


#: Events per page of the staff list.
PER_PAGE = 50

def _event_or_404(event_id: int) -> Event:
    event = db.get_or_404(Event, event_id)
    if not can_manage_event(current_user, event):
        abort(403)
    return event


@bp.route("/events/")
@role_required(Role.STAFF)
def events():
    # One list at a time, paged: an association that has held events for years has thousands.
    when = "past" if request.args.get("when") == "past" else "upcoming"
    now, query = utcnow(), services.visible_events(include_drafts=True)
    if when == "past":
        query = query.where(Event.ends_at <= now).order_by(Event.starts_at.desc(), Event.id.desc())
    else:
        query = query.where(Event.ends_at > now).order_by(Event.starts_at, Event.id)
    pagination = db.paginate(query, page=query_page(), per_page=PER_PAGE, error_out=False)
    return render_template("staff/events.html", when=when, pagination=pagination)


def _with_cover(form, data: dict, event: Event | None = None) -> dict | None:
    """Add an uploaded (or removed) cover to the data; None (and a form error) when refused."""
    if form.remove_cover.data and event is not None and not form.cover_upload.data:
        data["cover"] = None
    return add_image(data, "cover", form.cover_upload, "covers")


@bp.route("/events/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def event_new():
    form = EventForm()
    if form.validate_on_submit() and (data := _with_cover(form, form.event_data())) is not None:
        try:
            event = services.create_event(current_user, **data)
        except services.EventError as error:
            db.session.rollback()
            form.title.errors.append(str(error))
        else:
            flash(_("The event is saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("staff.event", event_id=event.id))
    return render_template("staff/event_form.html", form=form, event=None)


@bp.route("/events/<int:event_id>")
@role_required(Role.STAFF)
def event(event_id: int):
    event = _event_or_404(event_id)
    return render_template("staff/event.html", event=event, counts=services.counts(event), action=ActionForm(),
                           publish=AnnounceForm.for_source(event.is_members_only))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def event_edit(event_id: int):
    event = _event_or_404(event_id)
    if not can_edit_event(current_user, event):
        abort(403)
    form = EventForm.for_event(event) if request.method == "GET" else EventForm()
    old_cover = event.cover
    if form.validate_on_submit() and (data := _with_cover(form, form.event_data(), event)) is not None:
        try:
            services.update_event(current_user, event, data)
        except services.EventError as error:
            db.session.rollback()
            form.capacity.errors.append(str(error))
        else:
            # A copied event shares its original's cover file: delete it only when nobody uses it,
            # and only once the change is committed (a failed commit keeps the old cover in use).
            if old_cover and db.session.scalar(db.select(Event.id).where(Event.cover == old_cover)) is None:
                after_commit(lambda: delete_image("covers", old_cover))
            flash(_("Saved."), "success")
            return redirect(url_for("staff.event", event_id=event_id))
    return render_template("staff/event_form.html", form=form, event=event)


@bp.route("/events/<int:event_id>/<any(publish, cancel, copy):change>", methods=["POST"])
@role_required(Role.STAFF)
def event_change(event_id: int, change: str):
    event = _event_or_404(event_id)
    form = AnnounceForm.for_source(event.is_members_only) if change == "publish" else ActionForm()
    if not form.validate_on_submit():
        if change == "publish" and form.announce.errors:
            flash(_("Not published: %(errors)s", errors="; ".join(form.announce.errors)), "warning")
            return redirect(url_for("staff.event", event_id=event_id))
        abort(400)
    try:
        if change == "publish":
            services.publish_event(current_user, event)
            # In the same unit of work: the announcement goes out only if the publishing is committed.
            mailing = announce(current_user, form.announce.data, event_id=event.id)
            message = (_("The event is published and announced to %(count)s addresses.",
                         count=recipient_count(mailing)) if mailing else _("The event is published."))
        elif change == "cancel":
            told = services.cancel_event(current_user, event)
            message = _("The event is cancelled; %(count)s registered people are being told.", count=told)
        else:
            event = services.copy_event(current_user, event)
            message = _("This is a draft copy. Change its dates and publish it.")
    except (services.EventError, MailingError) as error:
        db.session.rollback()
        flash(str(error), "warning")
        return redirect(url_for("staff.event", event_id=event_id))
    flash(message, "success")
    return redirect(url_for("staff.event_edit" if change == "copy" else "staff.event", event_id=event.id))


@bp.route("/events/<int:event_id>/registrations")
@role_required(Role.STAFF)
def event_registrations(event_id: int):
    event = _event_or_404(event_id)
    status = request.args.get("status", "all")
    status = status if status in exports.FILTERS else "all"
    q = request.args.get("q", "").strip()[:100]
    pagination = db.paginate(exports.filtered(event, status, q), page=query_page(),
                             per_page=100, error_out=False)
    export = ExportForm(formdata=None, columns=exports.DEFAULT_COLUMNS, status=status)
    _export_choices(export)
    return render_template("staff/event_registrations.html", event=event, pagination=pagination, status=status,
                           q=q, filters=exports.FILTERS, action=ActionForm(),
                           export=export, counts=services.counts(event), format_code=format_code)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/<any(approve, reject, seat, cancel):act>",
          methods=["POST"])
@role_required(Role.STAFF)
def registration_act(event_id: int, registration_id: int, act: str):
    event = _event_or_404(event_id)
    item = db.get_or_404(Registration, registration_id)
    if item.event_id != event.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        review.act(current_user, item, act)
    except RegistrationError as error:
        db.session.rollback()
        flash(str(error), "warning")
    else:
        flash(_("Done."), "success")
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/staff/")
                    else url_for("staff.event_registrations", event_id=event_id))


def _export_choices(form: ExportForm) -> None:
    form.columns.choices = [(key, str(label)) for key, (label, _getter) in exports.COLUMNS.items()]
    form.status.choices = [(key, str(label)) for key, label in exports.FILTERS.items()]


@bp.route("/events/<int:event_id>/export")
@role_required(Role.STAFF)
def event_export(event_id: int):
    event = _event_or_404(event_id)
    form = ExportForm(request.args)
    _export_choices(form)
    if not form.validate():
        abort(400)
    items = db.session.scalars(exports.filtered(event, form.status.data or "all")).all()
    table = exports.rows(items, form.columns.data)
    name = f"event-{event.id}-registrations"
    if form.format.data == "csv":
        body, mimetype = exports.to_csv(table), "text/csv"  # Werkzeug adds "; charset=utf-8" to text/*
    else:
        body = exports.to_xlsx(table, _("Registrations"))
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{form.format.data}"'
    return response


@bp.route("/events/<int:event_id>/checkin", methods=["GET", "POST"])
@role_required(Role.STAFF)
def event_checkin(event_id: int):
    event = _event_or_404(event_id)
    form = CheckinForm()
    result = None
    if form.validate_on_submit():
        result = check_in(current_user, event, find_by_code(event, form.code.data))
        form = CheckinForm(formdata=None)  # an empty field, ready for the next ticket
    return _checkin_page(event, form, result)


@bp.route("/events/<int:event_id>/checkin/<int:registration_id>", methods=["POST"])
@role_required(Role.STAFF)
def event_checkin_person(event_id: int, registration_id: int):
    event = _event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    result = check_in(current_user, event, db.session.get(Registration, registration_id))
    return _checkin_page(event, CheckinForm(formdata=None), result)


def _checkin_page(event: Event, form: CheckinForm, result):
    q = request.args.get("q", "").strip()[:100]
    matches = db.session.scalars(exports.filtered(event, RegistrationStatus.CONFIRMED, q).limit(50)).all() if q else []
    return render_template("staff/event_checkin.html", event=event, form=form, result=result, q=q,
                           matches=matches, action=ActionForm(), counts=services.counts(event),
                           format_code=format_code)
