"""The read-only JSON API under /api/v1: arguments and output declared as schemas, documented from them."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint
from werkzeug.exceptions import BadRequest

from portal.api.errors import handle_bad_arguments

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Public data of the association")
bp.register_error_handler(BadRequest, handle_bad_arguments)


def init_app(app: Flask) -> None:
    """Register the API blueprint with a new Api, which documents every route on it."""
    from portal.api import bulletins, document, events, members  # noqa: F401  (their routes join bp)
    from portal.api.openapi import make_api

    make_api(app).register_blueprint(bp)
