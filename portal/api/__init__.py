"""The read-only JSON API under /api/v1."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from portal.api import bulletins, events, members, views  # noqa: E402,F401
