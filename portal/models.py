"""Import every model module so the metadata (and Alembic) sees all tables."""
from portal.audit.models import AuditEntry  # noqa: F401
from portal.bulletins.models import Article, Bulletin, ImportJob, Section  # noqa: F401
from portal.auth.models import RecoveryCode, User  # noqa: F401
from portal.events.models import Event, Registration  # noqa: F401
from portal.home.models import Association  # noqa: F401
from portal.mail.models import OutboxAttachment, OutboxBody, OutboxInlinePart, OutboxMessage  # noqa: F401
from portal.mailings.models import Mailing, MailingRecipient, Subscriber, Suppression  # noqa: F401
from portal.members.categories import Industry, MembershipTier  # noqa: F401
from portal.members.models import Firm, FirmIndustry, ProfileRevision  # noqa: F401
from portal.memberships.models import (  # noqa: F401
    MembershipApplication, MembershipPayment, MembershipPeriod, MembershipReminder)
from portal.search.models import SearchDocument, SearchKind  # noqa: F401
