"""Announcements by email: subscribers (double opt-in), suppressions, and mailings to an audience."""
from __future__ import annotations

from flask import Blueprint

# No URL prefix: the contract names `/subscribe` and `/unsubscribe/<token>` at the site's root.
bp = Blueprint("mailings", __name__)


def _install(state) -> None:
    from portal.mail import delivery
    from portal.mailings.subscriptions import mark_bouncing

    delivery.register_permanent_failure(mark_bouncing)


bp.record_once(_install)

from portal.mailings import panels, policies, privacy, views  # noqa: E402,F401

# The account page shows the choice of mailings through portal.panels, so auth need not import us.
bp.record_once(panels.register)
