"""Sending an invitation from a staff form: the general one, or a firm's representative."""
from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import services as accounts
from portal.extensions import db
from portal.permissions import Role


def invite_from(form, role: Role, firm=None) -> bool:
    """Invite the person the form names; False (the error on its email field) if they have an account."""
    try:
        accounts.invite(current_user, form.email.data, role, (form.name.data or "").strip(), form.locale.data,
                        firm=firm)
    except accounts.AccountError:
        db.session.rollback()
        form.email.errors.append(_("An account with this email already exists."))
        return False
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return True
