"""Where a message in the outbox stands, worked out from its columns (the table has no status)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class OutboxStatus(LabelledEnum):
    #: Not sent yet; the next run tries it (again).
    WAITING = "waiting", _l("Waiting to be sent")
    SENT = "sent", _l("Sent")
    #: Every allowed attempt failed (MAIL_MAX_ATTEMPTS); no run tries it again.
    FAILED = "failed", _l("Gave up")
