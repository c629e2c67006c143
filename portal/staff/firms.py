"""Staff pages for firms: list, create, edit, tier and status, representatives, reviews."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.members import services
from portal.members.forms import NewFirmForm, ProfileForm, RepresentativeForm, ReviewForm, StandingForm
from portal.members.models import Firm, ProfileRevision
from portal.members.policies import can_manage_firm, can_review_revision
from portal.members.states import RevisionStatus
from portal.memberships.forms import CreditCodeForm
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.invitations import invite_from
from portal.staff.memberships import membership_context, payment_form, record_from
from portal.uploads import add_image
from portal.urls import query_page


def _firm_or_404(slug: str) -> Firm:
    firm = services.get_firm(slug) or abort(404)
    if not can_manage_firm(current_user, firm):
        abort(403)
    return firm


@bp.route("/firms")
@role_required(Role.STAFF)
def firms():
    query = db.select(Firm).order_by(Firm.tier_rank, Firm.sort_key)
    pagination = db.paginate(query, page=query_page(), per_page=50, error_out=False)
    return render_template("staff/firms.html", pagination=pagination,
                           pending_count=services.pending_revision_count())


@bp.route("/firms/new", methods=["GET", "POST"])
@role_required(Role.STAFF)
def firm_new():
    form = NewFirmForm()
    if form.validate_on_submit() and (profile := add_image(form.profile(), "logo", form.logo_upload, "logos")) is not None:
        try:
            firm = services.create_firm(current_user, form.slug.data, tier=form.tier.data, **profile)
        except services.FirmError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        else:
            flash(_("The firm is created."), "success")
            return redirect(url_for("staff.firm", slug=firm.slug))
    return render_template("staff/firm_new.html", form=form)


@bp.route("/firms/<slug>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def firm(slug: str):
    firm = _firm_or_404(slug)
    standing = StandingForm(prefix="standing", tier=firm.tier, status=firm.status)
    invite = RepresentativeForm(prefix="rep")
    payment = payment_form(firm)
    credit = CreditCodeForm(prefix="credit", credit_code=firm.credit_code)
    if credit.submit.data and credit.validate_on_submit() and _set_credit_code(firm, credit):
        return redirect(url_for("staff.firm", slug=slug))
    if standing.submit.data and standing.validate_on_submit():
        services.set_standing(current_user, firm, standing.tier.data, standing.status.data)
        flash(_("Saved."), "success")
        return redirect(url_for("staff.firm", slug=slug))
    if invite.submit.data and invite.validate_on_submit() and invite_from(invite, Role.MEMBER, firm=firm):
        return redirect(url_for("staff.firm", slug=slug))
    if payment.submit.data and payment.validate_on_submit() and record_from(payment, firm):
        return redirect(url_for("staff.firm", slug=slug))
    return render_template("staff/firm.html", firm=firm, standing=standing, invite=invite, payment=payment,
                           credit=credit, pending=services.pending_revision(firm), **membership_context(firm))


def _set_credit_code(firm: Firm, form: CreditCodeForm) -> bool:
    """Save the code, or put why not on the form; True when saved."""
    try:
        services.set_credit_code(current_user, firm, form.credit_code.data)
        db.session.flush()
    except services.FirmError as error:
        form.credit_code.errors.append(str(error))
        return False
    except IntegrityError:  # another member of staff gave the same code to another firm a moment ago
        db.session.rollback()
        form.credit_code.errors.append(_("Another firm was given this credit code a moment ago."))
        return False
    flash(_("Saved."), "success")
    return True


@bp.route("/firms/<slug>/edit", methods=["GET", "POST"])
@role_required(Role.STAFF)
def firm_edit(slug: str):
    firm = _firm_or_404(slug)
    form = ProfileForm(data=services.profile_data(firm), firm=firm)
    form.submit.label.text = _("Save")
    if form.validate_on_submit() and (profile := add_image(form.profile(), "logo", form.logo_upload, "logos")) is not None:
        services.update_firm(current_user, firm, profile)
        flash(_("Saved."), "success")
        return redirect(url_for("staff.firm", slug=slug))
    return render_template("staff/firm_edit.html", firm=firm, form=form)


@bp.route("/revisions")
@role_required(Role.STAFF)
def revisions():
    pagination = db.paginate(services.pending_revisions(), page=query_page(), per_page=50, error_out=False)
    return render_template("staff/revisions.html", pagination=pagination)


@bp.route("/revisions/<int:revision_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def review(revision_id: int):
    revision = db.get_or_404(ProfileRevision, revision_id)
    if not can_review_revision(current_user, revision):
        abort(403)
    form = ReviewForm()
    if revision.status == RevisionStatus.PENDING and form.validate_on_submit() and (form.approve.data or form.reject.data):
        if form.approve.data:
            services.approve(current_user, revision, form.note.data)
            flash(_("Approved: the profile is public now."), "success")
        else:
            services.reject(current_user, revision, form.note.data)
            flash(_("Rejected. The representative has been told."), "info")
        return redirect(url_for("staff.revisions"))
    return render_template("staff/review.html", revision=revision, form=form, changes=services.diff(revision))
