"""The public member directory and each firm's own profile page."""
from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")

from portal.members import policies, views  # noqa: E402,F401
