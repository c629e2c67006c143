"""Who may see and decide applications to join, see a firm's membership, payments and receipts, and record payments."""
from portal.permissions import Role, has_role, is_staff, policy


@policy
def can_review_application(user, application=None) -> bool:
    """Staff read applications and approve or reject them."""
    return is_staff(user)


@policy
def can_view_licence(user, application) -> bool:
    """The business licence is for staff eyes only: nobody else learns it exists (404)."""
    return is_staff(user)


def _represents(user, firm_id: int | None) -> bool:
    return has_role(user, Role.MEMBER) and user.firm_id is not None and user.firm_id == firm_id


@policy
def can_view_membership(user, firm) -> bool:
    """A firm's representatives see its membership and payments; staff see every firm's."""
    return is_staff(user) or _represents(user, firm.id)


@policy
def can_view_receipt(user, payment) -> bool:
    """A receipt is for the paying firm's representatives and for staff, nobody else."""
    return is_staff(user) or _represents(user, payment.firm_id)


@policy
def can_edit_invoice_details(user, firm) -> bool:
    """The firm's own representatives keep its invoice details (staff may correct them)."""
    return is_staff(user) or _represents(user, firm.id)


@policy
def can_record_payment(user, firm=None) -> bool:
    """Staff record the money received; a firm never records its own payments."""
    return is_staff(user)
