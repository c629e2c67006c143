"""Staff home (the overview), invitations and outbox; admin accounts and audit log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.audit.services import recent_entries
from portal.auth import services as accounts
from portal.auth.models import User
from portal.auth.policies import can_invite, can_manage_account
from portal.extensions import db
from portal.mail.services import waiting_messages
from portal.permissions import Role, role_required
from portal.staff import bp
from portal.staff.dashboard import staff_overview
from portal.staff.forms import EnableForm, InvitationForm, RoleForm
from portal.staff.invitations import invite_from
from portal.urls import query_page


def _page() -> int:
    return query_page()


@bp.route("/")
@role_required(Role.STAFF)
def index():
    return render_template("staff/index.html", overview=staff_overview())


@bp.route("/invitations", methods=["GET", "POST"])
@role_required(Role.STAFF)
def invite():
    form = InvitationForm()
    # Representatives are invited from their firm's page, which links them to it.
    form.role.choices = [c for c in form.role.choices
                         if c.value != Role.MEMBER and can_invite(current_user, Role(c.value))]
    if form.validate_on_submit() and invite_from(form, Role(form.role.data)):
        return redirect(url_for("staff.invite"))
    return render_template("staff/invite.html", form=form)


@bp.route("/outbox")
@role_required(Role.STAFF)
def outbox():
    return render_template("staff/outbox.html", pagination=waiting_messages(_page()))


@bp.route("/accounts")
@role_required(Role.ADMIN)
def accounts_list():
    return render_template("staff/accounts.html", pagination=accounts.list_users(_page()))


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def account(user_id: int):
    user = db.get_or_404(User, user_id)
    if not can_manage_account(current_user, user):
        abort(403)
    role_form = RoleForm(prefix="role", role=user.role)
    enable_form = EnableForm(prefix="enable")
    try:
        if role_form.submit.data and role_form.validate_on_submit():
            accounts.set_role(current_user, user, Role(role_form.role.data))
        elif enable_form.submit.data and enable_form.validate_on_submit():
            accounts.set_enabled(current_user, user, not user.is_enabled)
        else:
            return render_template("staff/account.html", user=user, role_form=role_form,
                                   enable_form=enable_form)
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("staff.account", user_id=user.id))
    flash(_("Saved."), "success")
    return redirect(url_for("staff.account", user_id=user.id))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log():
    return render_template("staff/audit.html", pagination=recent_entries(_page()))
