"""Who may compose, preview and send mailings; views and templates ask the same functions."""
from __future__ import annotations

from portal.mailings.states import MailingStatus
from portal.permissions import is_staff, policy


@policy
def can_manage_mailings(user) -> bool:
    """Staff open the list of mailings and compose new ones."""
    return is_staff(user)


@policy
def can_manage_mailing(user, mailing) -> bool:
    """Staff see any mailing, its preview and its progress, and send themselves a test copy."""
    return is_staff(user)


@policy
def can_launch_mailing(user, mailing) -> bool:
    """A draft or a scheduled mailing is sent now or at a set time; one that started cannot start again."""
    return can_manage_mailing(user, mailing) and mailing.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED)
