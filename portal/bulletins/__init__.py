"""The bulletin archive: monthly issues, their sections and articles, search and feed."""
from flask import Blueprint

bp = Blueprint("bulletins", __name__, url_prefix="/bulletins")

from portal.bulletins import policies, views  # noqa: E402,F401
