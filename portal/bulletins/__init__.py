"""The bulletin archive: monthly issues, their sections and articles, search and feed."""
from flask import Blueprint

bp = Blueprint("bulletins", __name__, url_prefix="/bulletins")

from portal.bulletins import panels, policies, views  # noqa: E402,F401

# Firm and event pages show "in the bulletin" through portal.panels, so they need not import us.
bp.record_once(panels.register)
