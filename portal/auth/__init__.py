"""Logging in and out, passwords, invitations."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import policies, privacy, second_factor, views  # noqa: E402,F401  (routes attach to bp; policies and the account's personal data register themselves)
