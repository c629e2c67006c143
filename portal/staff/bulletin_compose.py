"""Staff compose issues in the portal: start one, add, order and delete articles, edit figures, preview."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.bulletins import composing
from portal.bulletins.chart import charts_for
from portal.bulletins.forms import AddArticleForm, DeleteForm, FiguresForm, MoveForm, NewBulletinForm
from portal.bulletins.importer import default_title
from portal.bulletins.linking import past_event_choices
from portal.bulletins.services import BulletinError
from portal.events.models import Event
from portal.extensions import db
from portal.i18n import local_today
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.bulletins import bulletin_page, load_article, load_bulletin, load_section, picked_firm

OFFSETS = {"up": -1, "down": 1}


def _editing(bulletin_id: int, anchor: str = ""):
    return redirect(url_for("staff.bulletin", bulletin_id=bulletin_id) + anchor)


@bp.route("/bulletins/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletin_new():
    today = local_today()
    form = NewBulletinForm(year=today.year, month=today.month)
    if form.validate_on_submit():
        title = form.title.data or default_title((form.year.data, form.month.data))
        try:
            bulletin = composing.start_bulletin(current_user, title, form.year.data, form.month.data,
                                                form.issue_number.data or "", form.audience.data)
        except BulletinError as error:
            db.session.rollback()
            form.month.errors.append(str(error))
        else:
            flash(_("Draft started: add its articles."), "success")
            return _editing(bulletin.id)
    return render_template("staff/bulletin_new.html", form=form), 400 if form.errors else 200


@bp.route("/bulletins/<int:bulletin_id>/sections/<int:section_id>/articles", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article_add(bulletin_id: int, section_id: int):
    section = load_section(bulletin_id, section_id)
    form = AddArticleForm(prefix=f"n{section.id}")
    form.event.choices = past_event_choices()
    valid = form.validate_on_submit()
    firm, named = picked_firm(form) if valid else (None, False)
    if valid and named:
        event = db.session.get(Event, int(form.event.data)) if form.event.data else None
        try:
            article = composing.add_article(current_user, section, title=form.title.data or "",
                                            source=form.source.data, body=form.body.data or "", firm=firm,
                                            event=event)
        except BulletinError as error:
            form.title.errors.append(str(error))
        else:
            flash(_("Article added."), "success")
            return _editing(bulletin_id, f"#article-{article.id}")
    return bulletin_page(section.bulletin, 400, adding={section.id: form})


@bp.route("/bulletins/<int:bulletin_id>/sections/<int:section_id>/move", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_section_move(bulletin_id: int, section_id: int):
    section = load_section(bulletin_id, section_id)
    form = MoveForm()
    if form.validate_on_submit():
        composing.move_section(current_user, section, OFFSETS[form.direction.data])
    return _editing(bulletin_id, f"#section-{section.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>/move", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article_move(bulletin_id: int, article_id: int):
    article = load_article(bulletin_id, article_id)
    form = MoveForm()
    if form.validate_on_submit():
        composing.move_article(current_user, article, OFFSETS[form.direction.data])
    return _editing(bulletin_id, f"#article-{article.id}")


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>/delete", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletin_article_delete(bulletin_id: int, article_id: int):
    """Ask first (a page of its own: no script needed), then delete."""
    article = load_article(bulletin_id, article_id)
    if request.method == "POST" and DeleteForm().validate_on_submit():
        section_id = article.section.id
        composing.delete_article(current_user, article)
        flash(_("Article deleted."), "info")
        return _editing(bulletin_id, f"#section-{section_id}")
    form = DeleteForm(formdata=None, confirm="yes")
    return render_template("staff/bulletin_article_delete.html", article=article, form=form)


@bp.route("/bulletins/<int:bulletin_id>/articles/<int:article_id>/figures", methods=["POST"])
@role_required(Role.STAFF)
def bulletin_article_figures(bulletin_id: int, article_id: int):
    article = load_article(bulletin_id, article_id)
    form = FiguresForm(prefix=f"f{article.id}")
    if not form.validate_on_submit():
        return bulletin_page(article.bulletin, 400, figures={article.id: form})
    composing.set_figures(current_user, article, form.figures())
    flash(_("Figures saved."), "success")
    return _editing(bulletin_id, f"#article-{article.id}")


@bp.route("/bulletins/<int:bulletin_id>/preview")
@role_required(Role.STAFF)
def bulletin_preview(bulletin_id: int):
    """The issue as readers will see it, draft or not: for staff only."""
    bulletin = load_bulletin(bulletin_id)
    return render_template("bulletins/detail.html", bulletin=bulletin, charts=charts_for(bulletin), preview=True)


@bp.route("/bulletins/<int:bulletin_id>/delete", methods=["GET", "POST"])
@role_required(Role.STAFF)
def bulletin_delete(bulletin_id: int):
    """Ask first, then delete a draft issue (a published one is taken back to draft first)."""
    bulletin = load_bulletin(bulletin_id)
    form = DeleteForm()
    form.submit.label.text = _("Delete the draft")
    if request.method == "POST" and form.validate_on_submit():
        try:
            composing.delete_draft(current_user, bulletin)
        except BulletinError as error:
            flash(str(error), "danger")
            return _editing(bulletin_id)
        flash(_("Draft deleted."), "info")
        return redirect(url_for("staff.bulletins"))
    return render_template("staff/bulletin_delete.html", bulletin=bulletin,
                           form=DeleteForm(formdata=None, confirm="yes"))
