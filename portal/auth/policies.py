"""Who may invite people and manage accounts; views and templates ask the same functions."""
from __future__ import annotations

from portal.permissions import Role, is_admin, is_staff, policy


@policy
def can_invite(user, role: Role = Role.VISITOR) -> bool:
    """Staff invite members and visitors; only admins hand out staff or admin accounts."""
    if role in (Role.STAFF, Role.ADMIN):
        return is_admin(user)
    return is_staff(user)


@policy
def can_manage_accounts(user) -> bool:
    """Admins list accounts and change their roles."""
    return is_admin(user)


@policy
def can_manage_account(user, account) -> bool:
    """Admins manage any account, other admins' included; the services refuse changes to one's own role."""
    return is_admin(user)


@policy
def can_turn_off_second_factor(user) -> bool:
    """Members and visitors who chose a second factor may drop it; staff and admins always keep it."""
    return getattr(user, "is_authenticated", False) and not user.requires_second_factor
