"""Staff pages for mailings: the list, composing, a preview and a test copy, sending, progress, pause."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.bulletins.models import Bulletin
from portal.bulletins.states import BulletinAudience, BulletinStatus
from portal.database import utcnow
from portal.events.forms import ActionForm
from portal.events.models import Event
from portal.events.states import EventStatus
from portal.events.timezone import local
from portal.extensions import db
from portal.i18n import current_language
from portal.mailings.models import Mailing
from portal.mailings.policies import can_manage_mailing, can_manage_mailings
from portal.mailings.preview import preview, send_test
from portal.mailings.progress import is_running, mailing_progress, recipient_count
from portal.mailings.services import (MailingError, cancel_mailing, create_mailing, launch_mailing, members_only,
                                      pause_mailing, resume_mailing)
from portal.mailings.states import MailingAudience, MailingSource
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.mailing_forms import NONE_CHOSEN, ComposeForm, LaunchForm
from portal.urls import MAX_ID, query_int, query_page

#: How often the page of a mailing whose messages are still going out reloads itself.
REFRESH_SECONDS = 5
PER_PAGE = 50

#: pause/resume/cancel: the service, and what staff are told (with how many messages it touched).
CHANGES = {
    "pause": (pause_mailing, _l("Paused: %(count)s messages wait until you resume it.")),
    "resume": (resume_mailing, _l("Resumed: %(count)s messages go out again.")),
    "cancel": (cancel_mailing, _l("Cancelled: %(count)s unsent messages were dropped; what was sent stays sent.")),
}


def _mailing_or_404(mailing_id: int) -> Mailing:
    mailing = db.get_or_404(Mailing, mailing_id)
    if not can_manage_mailing(current_user, mailing):
        abort(403)
    return mailing


def source_of(mailing: Mailing) -> Bulletin | Event | None:
    """The bulletin or event it announces; None for a notice, or when the source was deleted."""
    if mailing.source == MailingSource.BULLETIN and mailing.bulletin_id is not None:
        return db.session.get(Bulletin, mailing.bulletin_id)
    if mailing.source == MailingSource.EVENT and mailing.event_id is not None:
        return db.session.get(Event, mailing.event_id)
    return None


def title_of(mailing: Mailing) -> str:
    """What staff call it: the bulletin's or the event's title, or the notice's subject."""
    if mailing.source == MailingSource.NOTICE:
        return mailing.subject
    source = source_of(mailing)
    return source.title if source is not None else _("(deleted)")


def _can_render(mailing: Mailing) -> bool:
    return mailing.source == MailingSource.NOTICE or source_of(mailing) is not None


def check_reach(mailing: Mailing) -> None:
    """Refuse to send what is for members alone to anyone else (the audience would quietly shrink)."""
    if members_only(mailing) and mailing.audience != MailingAudience.MEMBERS:
        raise MailingError(_("A members-only bulletin or event is announced to member representatives only."))


def announce(actor, audience: str, **source) -> Mailing | None:
    """Make a mailing of what is being published and send it now, in the caller's unit of work."""
    if not audience:
        return None
    mailing = create_mailing(actor, audience=audience, **source)
    check_reach(mailing)
    launch_mailing(actor, mailing)
    return mailing


@bp.route("/mailings/")
@role_required(Role.STAFF)
def mailings():
    if not can_manage_mailings(current_user):
        abort(403)
    query = db.select(Mailing).order_by(Mailing.created_at.desc(), Mailing.id.desc())
    pagination = db.paginate(query, page=query_page(), per_page=PER_PAGE, error_out=False)
    progress = {m.id: mailing_progress(m) for m in pagination.items if m.started_at is not None}
    return render_template("staff/mailings.html", pagination=pagination, progress=progress, title_of=title_of)


def _bulletin_choices():
    published = db.session.scalars(db.select(Bulletin).where(Bulletin.status == BulletinStatus.PUBLISHED)
                                   .order_by(Bulletin.year.desc(), Bulletin.month.desc(), Bulletin.id.desc()))
    members = _("members only")
    return [(str(b.id), f"{b.period} {b.title}"
             + (f" ({members})" if b.audience == BulletinAudience.MEMBERS else "")) for b in published]


def _event_choices():
    upcoming = db.session.scalars(db.select(Event).where(Event.status == EventStatus.PUBLISHED,
                                                         Event.ends_at > utcnow())
                                  .order_by(Event.starts_at, Event.id))
    members = _("members only")
    return [(str(e.id), f"{local(e.starts_at).date().isoformat()} {e.title}"
             + (f" ({members})" if e.is_members_only else "")) for e in upcoming]


def _preselected() -> dict:
    """`?bulletin=ID` or `?event=ID`: the compose form opens with that source chosen."""
    for source in (MailingSource.BULLETIN, MailingSource.EVENT):
        chosen = query_int(source.value, None, hi=MAX_ID)
        if chosen is not None:
            return {"source": source.value, source.value: str(chosen)}
    return {}


@bp.route("/mailings/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def mailing_new():
    if not can_manage_mailings(current_user):
        abort(403)
    form = ComposeForm() if request.method == "POST" else ComposeForm(**_preselected())
    form.bulletin.choices = [NONE_CHOSEN, *_bulletin_choices()]
    form.event.choices = [NONE_CHOSEN, *_event_choices()]
    problem = None
    if form.validate_on_submit():
        try:
            mailing = create_mailing(current_user, audience=form.audience.data, tier=form.tier.data or "",
                                     industry=form.industry.data or "", **form.source_ids())
            check_reach(mailing)
        except MailingError as error:
            db.session.rollback()
            problem = str(error)
        else:
            flash(_("The mailing is saved as a draft. Check the preview, send yourself a test, then send it."),
                  "success")
            return redirect(url_for("staff.mailing", mailing_id=mailing.id))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/mailing_new.html", form=form, problem=problem), status


def _mailing_page(mailing: Mailing, launch: LaunchForm, status: int = 200):
    progress = mailing_progress(mailing)
    shown = preview(mailing, current_language()) if _can_render(mailing) else None
    return render_template("staff/mailing.html", mailing=mailing, title=title_of(mailing), preview=shown,
                           progress=progress, running=is_running(mailing, progress),
                           recipients=recipient_count(mailing) if shown is not None else 0,
                           source=source_of(mailing), launch=launch, action=ActionForm(),
                           refresh_seconds=REFRESH_SECONDS), status


@bp.route("/mailings/<int:mailing_id>")
@role_required(Role.STAFF)
def mailing(mailing_id: int):
    return _mailing_page(_mailing_or_404(mailing_id), LaunchForm(formdata=None))


def preview_policy() -> str:
    """The preview's Content-Security-Policy: a sandbox (an origin of its own, no scripts, no forms).

    Only this site's pages may frame it; images come from this site (or SITE_URL's host) alone.
    """
    site = urlsplit(current_app.config["SITE_URL"])
    images = f" {site.scheme}://{site.netloc}" if site.netloc else ""
    return "; ".join(["sandbox", "default-src 'none'", f"img-src 'self' data:{images}",
                      # The mail's styles are inline (mail clients read no stylesheet); the sandbox runs no script.
                      "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'self'"])


@bp.route("/mailings/<int:mailing_id>/preview")
@role_required(Role.STAFF)
def mailing_preview(mailing_id: int):
    """The HTML part alone, for the mailing page's sandboxed frame: it never runs as this site."""
    mailing = _mailing_or_404(mailing_id)
    if not _can_render(mailing):
        abort(404)
    response = make_response(preview(mailing, current_language()).html_body)
    response.headers["Content-Security-Policy"] = preview_policy()
    response.headers["X-Frame-Options"] = "SAMEORIGIN"  # the site's DENY, loosened for its own page
    return response


@bp.route("/mailings/<int:mailing_id>/test", methods=["POST"])
@role_required(Role.STAFF)
def mailing_test(mailing_id: int):
    mailing = _mailing_or_404(mailing_id)
    if ActionForm().validate_on_submit() and _can_render(mailing):
        send_test(current_user, mailing, current_user.email, current_language())
        flash(_("A test copy is on its way to %(address)s.", address=current_user.email), "success")
    return redirect(url_for("staff.mailing", mailing_id=mailing.id))


@bp.route("/mailings/<int:mailing_id>/send", methods=["POST"])
@role_required(Role.STAFF)
def mailing_launch(mailing_id: int):
    mailing = _mailing_or_404(mailing_id)
    form = LaunchForm()
    if not form.validate_on_submit():
        return _mailing_page(mailing, form, 400)
    try:
        if not _can_render(mailing):
            raise MailingError(_("What this mailing announces was deleted: it cannot be sent or shown."))
        check_reach(mailing)
        launch_mailing(current_user, mailing, form.when())
    except MailingError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        when = form.when()
        flash(_("Scheduled: it starts by itself at %(time)s (Beijing time).", time=format_datetime(when, "short"))
              if when else _("Sending: the messages are in the outbox."), "success")
    return redirect(url_for("staff.mailing", mailing_id=mailing.id))


@bp.route("/mailings/<int:mailing_id>/<any(pause, resume, cancel):step>", methods=["POST"])
@role_required(Role.STAFF)
def mailing_change(mailing_id: int, step: str):
    mailing = _mailing_or_404(mailing_id)
    if ActionForm().validate_on_submit():
        change, message = CHANGES[step]
        try:
            count = change(current_user, mailing)
        except MailingError as error:
            db.session.rollback()
            flash(str(error), "warning")
        else:
            flash(message % {"count": count}, "success")
    return redirect(url_for("staff.mailing", mailing_id=mailing.id))
