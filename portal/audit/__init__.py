"""Who changed what: the audit log every feature writes to."""
