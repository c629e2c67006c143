"""Export a person's data, erase their identity, purge what is past retention.

`user` is an account (portal.auth.models.User); this module does not import it, because the
account feature sits above privacy and registers its own part (portal/auth/privacy.py).
"""
from __future__ import annotations

from portal.audit.services import record
from portal.privacy import registered


def export_for(user) -> dict:
    """Everything the portal holds about this person, by feature."""
    return {part.name: part.export(user) for part in registered()}


def erase(user) -> None:
    """Anonymise the account and every feature's records of the person; keep the facts."""
    # The account goes last: the other parts find the person's records by the email it still holds.
    for part in sorted(registered(), key=lambda part: part.name == "account"):
        part.erase(user)
    record(None, "privacy.erased", f"user:{user.id}")


def purge(settings) -> dict[str, int]:
    """Remove what is past retention in every feature; return counts by feature."""
    return {part.name: part.purge(settings) for part in registered() if part.purge is not None}
