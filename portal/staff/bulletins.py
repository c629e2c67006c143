"""Staff pages for bulletins: import, review and edit every section and article, publish (and announce by email).

Composing (a new issue, adding, ordering and deleting articles, figures, preview) is in bulletin_compose.py.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.bulletins import composing, services
from portal.bulletins.forms import (ActionForm, AddArticleForm, ArticleForm, FiguresForm, ImportForm, MoveForm,
                                    SectionForm, SettingsForm)
from portal.bulletins.import_jobs import queue_import, recent_jobs
from portal.bulletins.importer import BulletinImportError
from portal.bulletins.linking import create_event_from_mention, event_choices, past_event_choices
from portal.bulletins.models import Article, Bulletin, ImportJob, Section
from portal.bulletins.policies import can_edit_bulletin, can_publish_bulletin
from portal.bulletins.states import BulletinAudience, SectionKind
from portal.extensions import db
from portal.mailings.progress import recipient_count
from portal.mailings.services import MailingError
from portal.members.models import Firm
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.mailing_forms import AnnounceForm
from portal.staff.mailings import announce
from portal.urls import query_page

#: Issues on a page of the staff's list (four years of the monthly).
PER_PAGE = 50
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
    newest = db.select(Bulletin).order_by(Bulletin.year.desc(), Bulletin.month.desc(), Bulletin.id.desc())
    pagination = db.paginate(newest, page=query_page(), per_page=PER_PAGE, error_out=False)
    return render_template("staff/bulletins.html", form=form, pagination=pagination, jobs=recent_jobs())


@bp.route("/bulletins/imports/<int:job_id>")
@role_required(Role.STAFF)
def bulletin_import(job_id: int):
    """Show how far the worker has read an upload; the page reloads itself until it is done."""
    job = db.get_or_404(ImportJob, job_id)
    return render_template("staff/bulletin_import.html", job=job, refresh_seconds=REFRESH_SECONDS)


def load_bulletin(bulletin_id: int) -> Bulletin:
    """The issue staff may edit, or 404/403."""
    bulletin = db.get_or_404(Bulletin, bulletin_id)
    if not can_edit_bulletin(current_user, bulletin):
        abort(403)
    return bulletin


def load_section(bulletin_id: int, section_id: int) -> Section:
    section = db.get_or_404(Section, section_id)
    if section.bulletin_id != bulletin_id:
        abort(404)
    if not can_edit_bulletin(current_user, section.bulletin):
        abort(403)
    return section


def load_article(bulletin_id: int, article_id: int) -> Article:
    article = db.get_or_404(Article, article_id)
    if article.bulletin.id != bulletin_id:
        abort(404)
    if not can_edit_bulletin(current_user, article.bulletin):
        abort(403)
    return article


def _figure_rows(figures: list[dict], blanks: int = 3) -> list[dict]:
    def shown(value) -> str:
        return f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, (int, float)) else str(value)

    return [{"label": f["label"], "value": shown(f["value"]), "unit": f["unit"]} for f in figures] + [{}] * blanks


def bulletin_page(bulletin: Bulletin, status: int = 200, *, settings=None, articles=None, sections=None,
                  adding=None, figures=None):
    """Draw the editing page, with any form that failed (bound to what was sent) in its place."""
    settings = settings or SettingsForm(formdata=None, prefix="settings", obj=bulletin)
    choices, past = event_choices(), past_event_choices()
    article_forms, figure_forms = {}, {}
    for article in bulletin.articles:
        form = (articles or {}).get(article.id)
        if form is None:
            form = ArticleForm(formdata=None, prefix=f"a{article.id}", obj=article,
                               firm=article.firm.slug if article.firm else "", event=str(article.event_id or ""))
        form.event.choices = choices
        article_forms[article.id] = form
        if article.section.kind == SectionKind.DATA_REPORT or article.figures or article.id in (figures or {}):
            figure_forms[article.id] = (figures or {}).get(article.id) or FiguresForm(
                formdata=None, prefix=f"f{article.id}", data={"rows": _figure_rows(article.figures)})
    section_forms, add_forms = {}, {}
    for section in bulletin.sections:
        section_forms[section.id] = (sections or {}).get(section.id) or SectionForm(
            formdata=None, prefix=f"s{section.id}", obj=section)
        add_forms[section.id] = (adding or {}).get(section.id) or AddArticleForm(formdata=None, prefix=f"n{section.id}")
        add_forms[section.id].event.choices = past
    publish = AnnounceForm.for_source(bulletin.audience == BulletinAudience.MEMBERS)
    return render_template("staff/bulletin.html", bulletin=bulletin, settings=settings, action=ActionForm(),
                           article_forms=article_forms, section_forms=section_forms, add_forms=add_forms,
                           figure_forms=figure_forms, move=MoveForm(formdata=None), publish=publish), status


def picked_firm(form) -> tuple[Firm | None, bool]:
    """The firm a form's picker names, and whether it names one or none; else the candidates and an error."""
    chosen = form.firm_choice.data or ""
    if chosen.isdecimal() and len(chosen) <= 10 and (firm := db.session.get(Firm, int(chosen))) is not None:
        return firm, True
    if not (form.firm.data or "").strip():
        return None, True
    found = composing.find_firms(form.firm.data)
    if len(found) == 1:
        return found[0], True
    errors = list(form.firm.errors)
    if found:
        form.firm_choice.choices = [SelectChoice("", "—")] + [SelectChoice(str(f.id), f"{f.name} ({f.slug})")
                                                              for f in found]
        errors.append(_("Several firms match: pick one below."))
    else:
        errors.append(_("No member firm is called %(name)s.", name=form.firm.data.strip()))
    form.firm.errors = errors
    return None, False


@bp.route("/bulletins/<int:bulletin_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletin(bulletin_id: int):
    bulletin = load_bulletin(bulletin_id)
    settings = SettingsForm(prefix="settings", obj=bulletin)
    if not settings.is_submitted():
        return bulletin_page(bulletin)
    if settings.validate_on_submit():
        composing.update_settings(current_user, bulletin, settings.title.data, settings.audience.data,
                                  settings.issue_number.data or "")
        flash(_("Saved."), "success")
        return redirect(url_for("staff.bulletin", bulletin_id=bulletin.id))
    return bulletin_page(bulletin, 400, settings=settings)


@bp.route("/bulletins/<int:bulletin_id>/sections/<int:section_id>", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_section(bulletin_id: int, section_id: int):
    section = load_section(bulletin_id, section_id)
    form = SectionForm(prefix=f"s{section.id}")
    if not form.validate_on_submit():
        return bulletin_page(section.bulletin, 400, sections={section.id: form})
    services.update_section(current_user, section, form.title.data, form.kind.data)
    flash(_("Saved."), "success")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + f"#section-{section.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article(bulletin_id: int, article_id: int):
    article = load_article(bulletin_id, article_id)
    form = ArticleForm(prefix=f"a{article.id}")
    form.event.choices = event_choices()
    valid = form.validate_on_submit()
    firm, named = picked_firm(form) if valid else (None, False)
    if not (valid and named):
        return bulletin_page(article.bulletin, 400, articles={article.id: form})
    composing.edit_article(current_user, article, title=form.title.data, source=form.source.data,
                           body=form.body.data or "", firm=firm,
                           event_id=int(form.event.data) if form.event.data else None, refill=form.refill.data)
    flash(_("Saved."), "success")
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + f"#article-{article.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>/event", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article_event(bulletin_id: int, article_id: int):
    """Make the past event a news item reports (its first dated mention) and link the two."""
    article = load_article(bulletin_id, article_id)
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
