"""Who changed what: the audit log every feature writes to."""

from portal.audit import policies  # noqa: F401  (registers can_view_audit)
