"""Who may read, edit and publish a bulletin; views, queries and templates ask the same functions."""
from __future__ import annotations

from portal.bulletins.states import BulletinAudience
from portal.permissions import Role, has_role, is_staff, policy


def visible_audiences(user) -> list[str]:
    """The audiences whose published issues this person reads: members-only issues for members."""
    return list(BulletinAudience) if has_role(user, Role.MEMBER) else [BulletinAudience.PUBLIC]


@policy
def can_view_bulletin(user, bulletin) -> bool:
    """Published public issues are for everyone, members-only issues for members; drafts for staff."""
    if not bulletin.is_published:
        return is_staff(user)
    return bulletin.audience in visible_audiences(user)


@policy
def can_edit_bulletin(user, bulletin) -> bool:
    """Staff correct any issue, published ones included (a correction needs no unpublishing)."""
    return is_staff(user)


@policy
def can_publish_bulletin(user, bulletin) -> bool:
    """Staff publish and unpublish issues."""
    return is_staff(user)
