"""Who may read the audit log."""
from portal.permissions import is_admin, policy


@policy
def can_view_audit(user) -> bool:
    """The audit log names people and what they did: admins only."""
    return is_admin(user)
