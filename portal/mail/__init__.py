"""The outbox: every message the portal sends is written here first, then delivered."""
