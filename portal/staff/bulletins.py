"""Staff pages for bulletins: import, review every section and article, publish (and announce by email)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.bulletins import services
from portal.bulletins.forms import ActionForm, ArticleForm, ImportForm, SectionForm, SettingsForm
from portal.bulletins.import_jobs import queue_import, recent_jobs
from portal.bulletins.importer import BulletinImportError
from portal.bulletins.linking import create_event_from_mention, event_choices, firm_by_slug
from portal.bulletins.models import Article, Bulletin, ImportJob, Section
from portal.bulletins.policies import can_edit_bulletin, can_publish_bulletin
from portal.bulletins.states import BulletinAudience
from portal.extensions import db
from portal.mailings.progress import recipient_count
from portal.mailings.services import MailingError
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.mailing_forms import AnnounceForm
from portal.staff.mailings import announce

#: How often the page of an import still being read reloads itself.
REFRESH_SECONDS = 2


@bp.route("/bulletins/", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletins():
    form = ImportForm()
    if form.validate_on_submit():
        period = tuple(int(part) for part in form.period.data.split("-")) if form.period.data else None
        upload = form.file.data
        try:
            job = queue_import(current_user, upload.filename, upload.read(), period=period,
                               title=form.title.data or None, audience=form.audience.data)
        except BulletinImportError as error:
            db.session.rollback()
            form.file.errors.append(str(error))
        else:
            return redirect(url_for("staff.bulletin_import", job_id=job.id))
    every = db.session.scalars(db.select(Bulletin).order_by(Bulletin.year.desc(), Bulletin.month.desc())).all()
    return render_template("staff/bulletins.html", form=form, bulletins=every, jobs=recent_jobs())


@bp.route("/bulletins/imports/<int:job_id>")
@role_required(Role.STAFF)
def bulletin_import(job_id: int):
    """Show how far the worker has read an upload; the page reloads itself until it is done."""
    job = db.get_or_404(ImportJob, job_id)
    return render_template("staff/bulletin_import.html", job=job, refresh_seconds=REFRESH_SECONDS)


@bp.route("/bulletins/<int:bulletin_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletin(bulletin_id: int):
    bulletin = db.get_or_404(Bulletin, bulletin_id)
    if not can_edit_bulletin(current_user, bulletin):
        abort(403)
    settings = SettingsForm(prefix="settings", obj=bulletin)
    if settings.submit.data and settings.validate_on_submit():
        bulletin.title, bulletin.audience = settings.title.data.strip(), settings.audience.data
        flash(_("Saved."), "success")
        return redirect(url_for("staff.bulletin", bulletin_id=bulletin.id))
    choices = event_choices()
    article_forms = {}
    for article in bulletin.articles:
        form = ArticleForm(prefix=f"a{article.id}", obj=article,
                           firm=article.firm.slug if article.firm else "",
                           event=str(article.event_id or ""))
        form.event.choices = choices
        article_forms[article.id] = form
    section_forms = {s.id: SectionForm(prefix=f"s{s.id}", obj=s) for s in bulletin.sections}
    publish = AnnounceForm.for_source(bulletin.audience == BulletinAudience.MEMBERS)
    return render_template("staff/bulletin.html", bulletin=bulletin, settings=settings, action=ActionForm(),
                           article_forms=article_forms, section_forms=section_forms, publish=publish)


@bp.route("/bulletins/<int:bulletin_id>/sections/<int:section_id>", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_section(bulletin_id: int, section_id: int):
    section = db.get_or_404(Section, section_id)
    if section.bulletin_id != bulletin_id:
        abort(404)
    if not can_edit_bulletin(current_user, section.bulletin):
        abort(403)
    form = SectionForm(prefix=f"s{section.id}")
    if form.validate_on_submit():
        services.update_section(current_user, section, form.title.data, form.kind.data)
        flash(_("Saved."), "success")
    else:
        flash(_("Not saved: %(errors)s", errors="; ".join(e for errs in form.errors.values() for e in errs)), "danger")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + f"#section-{section.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article(bulletin_id: int, article_id: int):
    article = db.get_or_404(Article, article_id)
    if article.bulletin.id != bulletin_id:
        abort(404)
    if not can_edit_bulletin(current_user, article.bulletin):
        abort(403)
    form = ArticleForm(prefix=f"a{article.id}")
    form.event.choices = event_choices()
    firm = firm_by_slug(form.firm.data) if form.firm.data else None
    if form.validate_on_submit() and (firm is not None or not form.firm.data):
        services.update_article(current_user, article, form.title.data, form.source.data, form.body.data,
                                firm.id if firm else None, int(form.event.data) if form.event.data else None)
        flash(_("Saved."), "success")
    elif form.firm.data and firm is None:
        flash(_("No member firm has the short name %(slug)s.", slug=form.firm.data), "danger")
    else:
        flash(_("Not saved: %(errors)s", errors="; ".join(e for errs in form.errors.values() for e in errs)), "danger")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + f"#article-{article.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>/event", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article_event(bulletin_id: int, article_id: int):
    """Make the past event a news item reports (its first dated mention) and link the two."""
    article = db.get_or_404(Article, article_id)
    if article.bulletin.id != bulletin_id:
        abort(404)
    if not can_edit_bulletin(current_user, article.bulletin):
        abort(403)
    if ActionForm().validate_on_submit():
        try:
            event = create_event_from_mention(current_user, article)
        except ValueError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(_("Event created and linked: %(title)s", title=event.title), "success")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + f"#article-{article_id}")


@bp.route("/bulletins/<int:bulletin_id>/publish", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_publish(bulletin_id: int):
    bulletin = db.get_or_404(Bulletin, bulletin_id)
    if not can_publish_bulletin(current_user, bulletin):
        abort(403)
    form = AnnounceForm.for_source(bulletin.audience == BulletinAudience.MEMBERS)
    if form.validate_on_submit():
        try:
            created = services.publish(current_user, bulletin)
            # In the same unit of work: the announcement goes out only if the publishing is committed.
            mailing = announce(current_user, form.announce.data, bulletin_id=bulletin.id)
        except (services.BulletinError, MailingError) as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(_("Published and announced to %(count)s addresses.", count=recipient_count(mailing))
                  if mailing else _("Published."), "success")
            for firm in created:
                flash(_("New member profile created from the spotlight: %(name)s", name=firm.name), "info")
    elif form.announce.errors:
        flash(_("Not published: %(errors)s", errors="; ".join(form.announce.errors)), "warning")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id))


@bp.route("/bulletins/<int:bulletin_id>/unpublish", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_unpublish(bulletin_id: int):
    bulletin = db.get_or_404(Bulletin, bulletin_id)
    if not can_publish_bulletin(current_user, bulletin):
        abort(403)
    if ActionForm().validate_on_submit() and bulletin.is_published:
        services.unpublish(current_user, bulletin)
        flash(_("The bulletin is a draft again."), "info")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id))
