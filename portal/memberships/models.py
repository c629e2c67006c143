"""Applications to join, a firm's paid membership periods, its payments, and the reminders sent."""
from __future__ import annotations
