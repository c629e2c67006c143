"""Staff tooling under /staff/: invitations, the outbox; admin pages for accounts and the audit log."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import views  # noqa: E402,F401
