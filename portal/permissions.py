"""Roles and the policies that views and templates both ask."""
from __future__ import annotations

import enum
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.extensions import login_manager


class Role(enum.StrEnum):
    VISITOR = "visitor"
    MEMBER = "member"
    STAFF = "staff"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.VISITOR: _l("Visitor"),
    Role.MEMBER: _l("Member representative"),
    Role.STAFF: _l("Staff"),
    Role.ADMIN: _l("Administrator"),
}

#: Each role includes the powers of the roles before it.
ROLE_ORDER = [Role.VISITOR, Role.MEMBER, Role.STAFF, Role.ADMIN]


def has_role(user, role: Role) -> bool:
    """Tell whether a (possibly anonymous) user holds at least the given role."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ROLE_ORDER.index(Role(user.role)) >= ROLE_ORDER.index(role)


def is_staff(user) -> bool:
    return has_role(user, Role.STAFF)


def is_admin(user) -> bool:
    return has_role(user, Role.ADMIN)


def can_manage_accounts(user) -> bool:
    return is_admin(user)


def can_invite(user, role: Role) -> bool:
    """Staff invite members and visitors; only admins hand out staff or admin accounts."""
    if role in (Role.STAFF, Role.ADMIN):
        return is_admin(user)
    return is_staff(user)


def role_required(role: Role):
    """Refuse the view to anyone below `role`: login first if anonymous, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def register_template_policies(app) -> None:
    """Let templates ask the same questions as views."""
    app.jinja_env.globals.update(
        is_staff=is_staff, is_admin=is_admin, can_manage_accounts=can_manage_accounts,
        role_label=lambda role: ROLE_LABELS[Role(role)],
    )
