"""Applying to join at /join, and the applicant's page of the application's state."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.extensions import limiter
from portal.i18n import current_language
from portal.memberships import applications, bp
from portal.memberships.forms import ApplicationForm
from portal.memberships.licence import LicenceRefused, check_licence, read_upload
from portal.memberships.states import ApplicationStatus


def _join_limit() -> str:
    return current_app.config["JOIN_LIMIT"]


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"])
def join():
    form = ApplicationForm()
    if form.validate_on_submit():
        try:
            licence = check_licence(read_upload(form.license.data.stream))
        except LicenceRefused as refusal:
            form.license.errors = [*form.license.errors, str(refusal)]
        else:
            fields = {name: getattr(form, name).data for name in (
                "name", "name_en", "credit_code", "tier", "website", "contact_name", "contact_email",
                "contact_phone")}
            application = applications.submit(fields, licence, current_language())
            flash(_("Thank you: your application is received. We have emailed a receipt to %(email)s.",
                    email=application.contact_email), "success")
            return redirect(url_for("memberships.application_state", token=applications.state_token(application)))
    return render_template("memberships/join.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/join/<token>")
def application_state(token: str):
    application = applications.application_for_token(token)
    if application is None:
        return render_template("memberships/link_invalid.html"), 404
    return render_template("memberships/state.html", application=application)


bp.add_app_template_global(ApplicationStatus.label_of, "application_status_label")
