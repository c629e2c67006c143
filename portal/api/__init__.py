"""The read-only JSON API under /api/v1: arguments and output declared as schemas, documented from them."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest

from portal.api.errors import handle_bad_arguments


class ArgumentsParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400  # the contract's status for bad input; webargs would say 422


class ApiBlueprint(Blueprint):
    """A smorest Blueprint whose refused arguments answer (and are documented as) 400."""

    ARGUMENTS_PARSER = ArgumentsParser()


bp = ApiBlueprint("api", __name__, url_prefix="/api/v1", description="Public data of the association")
bp.register_error_handler(BadRequest, handle_bad_arguments)


def init_app(app: Flask) -> None:
    """Register the API blueprint with a new Api, which documents every route on it."""
    from portal.api import bulletins, document, events, members  # noqa: F401  (their routes join bp)
    from portal.api.openapi import make_api

    make_api(app).register_blueprint(bp)
