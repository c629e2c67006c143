"""Who may open the staff tools as a whole; each screen's object has its feature's policy."""
from portal.permissions import is_staff, policy


@policy
def can_use_staff_tools(user) -> bool:
    """Staff and admins reach /staff/; the navigation shows its link to them alone."""
    return is_staff(user)
