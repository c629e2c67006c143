"""/api/v1/openapi.json: the document generated from the routes and their schemas."""
from __future__ import annotations

from flask import jsonify
from flask_smorest import current_api

from portal.api import bp
from portal.api.schemas import with_current_codes


@bp.route("/openapi.json")
@bp.response(200, {"type": "object"}, description="this OpenAPI 3 document")
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(with_current_codes(current_api.spec.to_dict()))
