"""A person's own registration: the emailed link's page (confirm, ticket, cancel) and their list."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.events import bp, registration
from portal.events.forms import ActionForm
from portal.events.models import Registration
from portal.events.states import EventStatus, RegistrationStatus
from portal.events.tickets import format_code, load_registration_id, qr_data_uri, registration_token
from portal.extensions import db


def _registration_or_404(token: str) -> Registration:
    found = load_registration_id(token)
    if found is None:
        abort(404)
    registration_id, prefix = found
    item = db.session.get(Registration, registration_id)
    if item is None or item.ticket_code[:4] != prefix or item.event.status == EventStatus.DRAFT:
        abort(404)
    return item


@bp.route("/r/<token>", endpoint="registration")
def registration_page(token: str):
    item = _registration_or_404(token)
    ticket = item.status == RegistrationStatus.CONFIRMED
    return render_template(
        "events/registration.html", item=item, event=item.event, token=token, action=ActionForm(),
        ticket=format_code(item.ticket_code) if ticket else None,
        qr=qr_data_uri(item.ticket_code) if ticket else None)


@bp.route("/r/<token>/confirm", methods=["POST"])
def confirm(token: str):
    item = _registration_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)

    try:
        registration.confirm_email(item)
    except registration.LinkExpired:  # the lapsed seat is released all the same (this answer commits)
        return render_template("events/link_expired.html", event=item.event), 410
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for("events.registration", token=token), 303)


@bp.route("/r/<token>/cancel", methods=["POST"])
def cancel(token: str):
    item = _registration_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)

    if registration.cancel(item):
        flash(_("Your registration is cancelled."), "info")
    return redirect(url_for("events.registration", token=token), 303)


@bp.route("/mine")
@login_required
def mine():
    items = db.session.scalars(
        db.select(Registration).where((Registration.user_id == current_user.id)
                                      | (Registration.email_key == current_user.email.lower()))
        .order_by(Registration.created_at.desc())).all()
    items = [item for item in items if item.event.status != EventStatus.DRAFT]
    return render_template("events/mine.html", items=items, token_of=registration_token, action=ActionForm())
