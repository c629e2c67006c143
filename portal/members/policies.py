"""Who may do what with a firm; views and templates ask the same functions."""
from portal.permissions import Role, has_role, is_staff


def can_edit_firm(user, firm) -> bool:
    """Staff edit any firm; a representative only their own."""
    if is_staff(user):
        return True
    return has_role(user, Role.MEMBER) and user.firm_id is not None and user.firm_id == firm.id


def can_see_private(user) -> bool:
    """Private contacts and lapsed firms are for staff eyes only."""
    return is_staff(user)
