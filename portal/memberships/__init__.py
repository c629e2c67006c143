"""Membership itself: applications at /join, paid periods and payments, reminders, lapse and renewal."""
from __future__ import annotations

from flask import Blueprint

# No URL prefix: the contract names `/join` at the site's root; staff pages live under /staff.
bp = Blueprint("memberships", __name__)

from portal.memberships import policies, privacy, views  # noqa: E402,F401  (privacy: registers with portal.privacy)
