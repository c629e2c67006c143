"""API documents; feature endpoints live beside their feature's services."""
from flask import jsonify

from portal.api import bp
from portal.api.openapi import openapi_document


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document())
