"""Staff review of applications to join: the list, one application with its licence and warnings, the decision."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.extensions import db
from portal.memberships import applications
from portal.memberships.forms import ApproveForm, RejectForm
from portal.memberships.licence import KIND
from portal.memberships.models import MembershipApplication
from portal.memberships.policies import can_review_application, can_view_licence
from portal.memberships.states import LicenceFormat
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.uploads import has_private, send_private
from portal.urls import query_page

def _invitation_note(invitation: applications.Invitation, email: str) -> str:
    """What staff are told about the contact's account once the application is approved."""
    if invitation == applications.Invitation.SENT:
        return _("An invitation to represent the firm was emailed to %(email)s.", email=email)
    if invitation == applications.Invitation.PROMOTED:
        return _("%(email)s had an account: it now represents the firm.", email=email)
    if invitation == applications.Invitation.ALREADY_REPRESENTS:
        return _("%(email)s already represents the firm.", email=email)
    return _("%(email)s belongs to a staff account or to another firm's representative, so it was not invited: "
             "invite a representative from the firm's page.", email=email)


def _application_or_404(application_id: int) -> MembershipApplication:
    application = db.get_or_404(MembershipApplication, application_id)
    if not can_review_application(current_user, application):
        abort(403)
    return application


def _approve_form(application: MembershipApplication, warnings: applications.Warnings) -> ApproveForm:
    form = ApproveForm()
    choices = [SelectChoice(str(firm.id), _("Join it to %(firm)s (%(slug)s)", firm=firm.name, slug=firm.slug))
               for firm in warnings.candidates]
    if warnings.code_holder is None:  # a firm holding the code is the only choice there is
        choices.append(SelectChoice(applications.NEW_FIRM, _("Make a new firm")))
    form.firm.choices = choices
    if not form.is_submitted():
        form.firm.data = applications.default_choice(application, warnings)
    return form


def _detail(application: MembershipApplication, status: int = 200, approve_form=None, reject_form=None):
    warnings = applications.warnings_for(application)
    return render_template(
        "staff/application.html", application=application, warnings=warnings,
        approve_form=approve_form or _approve_form(application, warnings),
        reject_form=reject_form or RejectForm(), licence_on_disk=has_private(KIND, application.licence_file),
        state_link=applications.state_link(application)), status


@bp.route("/applications/")
@role_required(Role.STAFF)
def applications_list():
    pagination = applications.listing(query_page())
    return render_template("staff/applications.html", pagination=pagination,
                           warnings={a.id: applications.warnings_for(a) for a in pagination.items if a.is_pending})


@bp.route("/applications/<int:application_id>")
@role_required(Role.STAFF)
def application(application_id: int):
    return _detail(_application_or_404(application_id))


@bp.route("/applications/<int:application_id>/license")
def application_licence(application_id: int):
    application = db.session.get(MembershipApplication, application_id)
    # Not a login page or a 403: to anyone but staff, no licence exists at this address.
    if application is None or not can_view_licence(current_user, application):
        abort(404)
    if application.licence_purged_at is not None:
        abort(410)
    kind = LicenceFormat(application.licence_format)
    return send_private(KIND, application.licence_file, kind.mimetype, f"licence-{application.id}.{kind.extension}",
                        inline=kind != LicenceFormat.PDF)


@bp.route("/applications/<int:application_id>/approve", methods=["POST"])
@role_required(Role.STAFF)
def application_approve(application_id: int):
    application = _application_or_404(application_id)
    form = _approve_form(application, applications.warnings_for(application))
    if not form.validate_on_submit():
        return _detail(application, 400, approve_form=form)
    try:
        approval = applications.approve(current_user, application, form.firm.data)
    except applications.ApplicationError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _detail(db.session.get(MembershipApplication, application_id), 409)
    if approval.joined:
        flash(_("Approved: the application joined %(firm)s.", firm=approval.firm.name), "success")
    else:
        flash(_("Approved: %(firm)s is a member now, listed in the directory.", firm=approval.firm.name), "success")
    flash(_invitation_note(approval.invitation, application.contact_email), "info")
    return redirect(url_for("staff.application", application_id=application.id))


@bp.route("/applications/<int:application_id>/reject", methods=["POST"])
@role_required(Role.STAFF)
def application_reject(application_id: int):
    application = _application_or_404(application_id)
    form = RejectForm()
    if not form.validate_on_submit():
        if not application.is_pending:
            flash(_("This application has already been decided: it cannot be decided again."), "danger")
            return _detail(application, 409)
        return _detail(application, 400, reject_form=form)
    try:
        applications.reject(current_user, application, form.note.data)
    except applications.ApplicationError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _detail(db.session.get(MembershipApplication, application_id), 409)
    flash(_("Rejected. The applicant has been emailed the reason."), "info")
    return redirect(url_for("staff.application", application_id=application.id))
