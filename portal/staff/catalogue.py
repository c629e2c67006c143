"""Admin pages for the tiers (labels, place in the directory, yearly dues) and the industries."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.members import catalogue_changes as changes
from portal.members.catalogue import in_language
from portal.members.catalogue_changes import CatalogueError
from portal.members.policies import can_manage_tiers_and_industries
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.catalogue_forms import (IndustryForm, MoveForm, NewIndustryForm, NewTierForm, RetireForm, TierForm,
                                          fen_to_yuan)


def _allowed() -> None:
    if not can_manage_tiers_and_industries(current_user):
        abort(403)


def _refused(form, error: CatalogueError) -> None:
    """Undo what the refused change began, and show the reason at its field."""
    db.session.rollback()
    getattr(form, error.field, form.submit).errors.append(str(error))


# ---- tiers ----

def _tiers_page(form: NewTierForm, status: int = 200, move_error: str | None = None):
    return render_template("staff/tiers.html", tiers=changes.ordered_tiers(), firm_counts=changes.firms_by_tier(),
                           form=form, move_form=MoveForm(prefix="move"), move_error=move_error,
                           fen_to_yuan=fen_to_yuan), status


@bp.route("/tiers/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def tiers():
    _allowed()
    form = NewTierForm(prefix="new")
    if form.validate_on_submit():
        try:
            tier = changes.add_tier(current_user, form.code.data, form.label_zh.data, form.label_en.data,
                                    form.dues_fen, form.below.data or None)
        except CatalogueError as error:
            _refused(form, error)
        else:
            flash(_("The tier %(tier)s is added.", tier=in_language(tier.label_zh, tier.label_en)), "success")
            return redirect(url_for("staff.tiers"))
    return _tiers_page(form, 400 if form.is_submitted() else 200)


@bp.route("/tiers/<tier_code>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def tier(tier_code: str):
    _allowed()
    tier = changes.get_tier(tier_code) or abort(404)
    form = TierForm(data={"label_zh": tier.label_zh, "label_en": tier.label_en, "dues": fen_to_yuan(tier.dues_fen)})
    if form.validate_on_submit():
        try:
            changes.update_tier(current_user, tier, form.label_zh.data, form.label_en.data, form.dues_fen)
        except CatalogueError as error:
            _refused(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("staff.tiers"))
    return render_template("staff/tier.html", tier=tier, form=form), 400 if form.is_submitted() else 200


@bp.route("/tiers/<tier_code>/move", methods=["POST"])
@role_required(Role.ADMIN)
def tier_move(tier_code: str):
    _allowed()
    tier = changes.get_tier(tier_code) or abort(404)
    form = MoveForm(prefix="move")
    if not form.validate_on_submit():
        return _tiers_page(NewTierForm(prefix="new", formdata=None), 400, _("Move a tier up or down."))
    if changes.move_tier(current_user, tier, form.direction.data):
        flash(_("The directory now lists %(tier)s in its new place.", tier=in_language(tier.label_zh, tier.label_en)), "success")
    return redirect(url_for("staff.tiers"))


# ---- industries ----

def _industries_page(form: NewIndustryForm, status: int = 200, retire_error: str | None = None):
    return render_template("staff/industries.html", industries=changes.ordered_industries(),
                           firm_counts=changes.firms_by_industry(), form=form,
                           retire_form=RetireForm(prefix="state"), retire_error=retire_error), status


@bp.route("/industries/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def industries():
    _allowed()
    form = NewIndustryForm(prefix="new")
    if form.validate_on_submit():
        try:
            industry = changes.add_industry(current_user, form.code.data, form.label_zh.data, form.label_en.data)
        except CatalogueError as error:
            _refused(form, error)
        else:
            flash(_("The industry %(industry)s is added.", industry=in_language(industry.label_zh, industry.label_en)), "success")
            return redirect(url_for("staff.industries"))
    return _industries_page(form, 400 if form.is_submitted() else 200)


@bp.route("/industries/<industry_code>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def industry(industry_code: str):
    _allowed()
    industry = changes.get_industry(industry_code) or abort(404)
    form = IndustryForm(data={"label_zh": industry.label_zh, "label_en": industry.label_en})
    if form.validate_on_submit():
        try:
            changes.update_industry(current_user, industry, form.label_zh.data, form.label_en.data)
        except CatalogueError as error:
            _refused(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("staff.industries"))
    return render_template("staff/industry.html", industry=industry, form=form), 400 if form.is_submitted() else 200


@bp.route("/industries/<industry_code>/state", methods=["POST"])
@role_required(Role.ADMIN)
def industry_state(industry_code: str):
    _allowed()
    industry = changes.get_industry(industry_code) or abort(404)
    form = RetireForm(prefix="state")
    if not form.validate_on_submit():
        return _industries_page(NewIndustryForm(prefix="new", formdata=None), 400, _("Retire or restore an industry."))
    retire = form.action.data == RetireForm.RETIRE
    changes.retire_industry(current_user, industry, retire)
    flash(_("%(industry)s is retired: firms keep it, nobody new is offered it.", industry=in_language(industry.label_zh, industry.label_en))
          if retire else _("%(industry)s is offered again.", industry=in_language(industry.label_zh, industry.label_en)), "success")
    return redirect(url_for("staff.industries"))
