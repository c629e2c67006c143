"""Who may do what with a firm and its profile changes; views and templates ask the same functions."""
from portal.permissions import Role, has_role, is_admin, is_staff, policy


@policy
def can_view_firm(user, firm) -> bool:
    """Active firms are public; lapsed or suspended ones are for staff eyes only."""
    return firm.is_public or is_staff(user)


@policy
def can_edit_firm(user, firm) -> bool:
    """Staff edit any firm; a representative only their own."""
    if is_staff(user):
        return True
    return has_role(user, Role.MEMBER) and user.firm_id is not None and user.firm_id == firm.id


@policy
def can_manage_firm(user, firm) -> bool:
    """Staff manage any firm, public or not, directly and without a review."""
    return is_staff(user)


@policy
def can_review_revision(user, revision) -> bool:
    """Staff review profile changes, but nobody approves a change they proposed themselves."""
    return is_staff(user) and (revision.author_id is None or revision.author_id != user.id)


@policy
def can_see_private(user, firm=None) -> bool:
    """Private contacts and lapsed firms are for staff eyes only."""
    return is_staff(user)


@policy
def can_manage_tiers_and_industries(user) -> bool:
    """Admins rename, add and reorder the tiers, set their dues, and keep the list of industries."""
    return is_admin(user)
