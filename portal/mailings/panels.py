"""What mailings add to other features' pages: the choice of mailings on the account page."""
from __future__ import annotations

from portal import panels
from portal.mailings import preferences
from portal.mailings.forms import PreferencesForm


def _account_mailings(user, _subject) -> dict:
    # formdata=None: the account page's own POST (a password change) must not untick these boxes.
    form = PreferencesForm(formdata=None)
    form.show(preferences.wanted_kinds(user.email))
    return {"mailing_preferences": form, "mailings_bouncing": preferences.is_bouncing(user.email)}


def register(state) -> None:
    """Add the choice of mailings to the account page (a blueprint's record_once callback)."""
    panels.provide(state.app, "auth.change_password", _account_mailings)
