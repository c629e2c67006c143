"""Who may see and decide applications to join; views and templates ask the same functions."""
from portal.permissions import is_staff, policy


@policy
def can_review_application(user, application=None) -> bool:
    """Staff read applications and approve or reject them."""
    return is_staff(user)


@policy
def can_view_licence(user, application) -> bool:
    """The business licence is for staff eyes only: nobody else learns it exists (404)."""
    return is_staff(user)
