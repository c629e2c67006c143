"""Roles, and the registry of policies that views and templates both ask."""
from __future__ import annotations

import enum
from collections.abc import Callable
from functools import partial, wraps
from typing import NoReturn

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


def deny() -> NoReturn:
    """Refuse the request: to the login page if anonymous, else 403."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def role_required(role: Role):
    """Refuse the view to anyone below `role`: login first if anonymous, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not has_role(current_user, role):
                deny()
            return view(*args, **kwargs)

        return wrapped

    return decorator


#: verb ("edit_firm") -> policy (can_edit_firm); filled by @policy as feature modules are imported.
_policies: dict[str, Callable[..., bool]] = {}


def policy(check: Callable[..., bool]) -> Callable[..., bool]:
    """Register a `can_<verb>(user, ...)` function so templates can ask `can.<verb>(...)`."""
    name = check.__name__
    if not name.startswith("can_"):
        raise ValueError(f"a policy's name starts with can_: {name}")
    verb = name.removeprefix("can_")
    if _policies.get(verb, check) is not check:
        raise ValueError(f"two policies are called {name}")
    _policies[verb] = check
    return check


def registered_policies() -> dict[str, Callable[..., bool]]:
    return dict(_policies)


class TemplatePolicies:
    """`can.edit_firm(firm)` in a template asks can_edit_firm(current_user, firm)."""

    def __getattr__(self, verb: str):
        try:
            check = _policies[verb]
        except KeyError:
            raise AttributeError(f"no policy can_{verb} is registered") from None
        return partial(check, current_user._get_current_object())


def register_template_policies(app) -> None:
    """Let templates ask the same questions as views, through one name: `can`."""
    app.jinja_env.globals.update(can=TemplatePolicies(), role_label=lambda role: ROLE_LABELS[Role(role)])
