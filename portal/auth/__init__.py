"""Logging in and out, passwords, invitations."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import policies, views  # noqa: E402,F401  (routes attach themselves to bp)
