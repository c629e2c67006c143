"""Staff tooling under /staff/: invitations, the outbox, firms, applications and profile reviews, mailings; admin pages."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import (  # noqa: E402,F401
    applications, bulletins, events, firms, mailings, memberships, policies, views)
