"""Membership itself: applications at /join, paid periods and payments, reminders, lapse and renewal."""
from __future__ import annotations

from flask import Blueprint

# No URL prefix: the contract names `/join` at the site's root; staff pages live under /staff.
bp = Blueprint("memberships", __name__)

# Routes attach to bp; policies and privacy register themselves.
from portal.memberships import account, policies, privacy, views  # noqa: E402,F401
from portal.memberships.capitals import capitals  # noqa: E402
from portal.memberships.money import format_yuan  # noqa: E402
from portal.memberships.periods import dues_for  # noqa: E402
from portal.memberships.states import Standing  # noqa: E402

bp.add_app_template_filter(format_yuan, "yuan")
bp.add_app_template_filter(capitals, "capitals")
bp.add_app_template_global(dues_for, "dues_for")
bp.add_app_template_global(Standing, "Standing")
