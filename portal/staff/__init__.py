"""Staff tooling under /staff/: invitations, the outbox, firms and profile reviews; admin pages."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import bulletins, events, firms, memberships, policies, views  # noqa: E402,F401
