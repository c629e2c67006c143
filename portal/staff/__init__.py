"""Staff tooling under /staff/: invitations, the outbox, firms, applications and profile reviews, mailings; admin pages
(accounts, the audit log, tiers and industries)."""
from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff")

from portal.staff import (  # noqa: E402,F401
    applications, bulletin_compose, bulletins, catalogue, events, firms, mailings, memberships, policies, views)
