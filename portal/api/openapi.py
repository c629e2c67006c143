"""The flask-smorest Api that validates /api/v1 and generates its OpenAPI 3 document."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api
from flask_smorest.spec.plugins import FlaskPlugin

from portal.api.errors import ErrorSchema

PREFIX = "/api/v1"


class RelativePaths(FlaskPlugin):
    """Name paths below the server URL (`/members`), as clients join them to `servers[0].url`."""

    def path_helper(self, rule, operations, parameters, **kwargs):
        path = super().path_helper(rule, operations, parameters, **kwargs)
        return path.removeprefix(PREFIX) or "/"


def allow_empty_value(self, field, **kwargs) -> dict:
    """Document a query parameter that may be given empty, as `?q=&page=` (see schemas.QueryArgs)."""
    return {"allowEmptyValue": True} if field.metadata.get("allowEmptyValue") else {}


class PortalApi(Api):
    """An Api whose errors are the portal's: the contract's JSON shape, from portal.errors and api.errors."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # smorest's handler would answer every HTTP error of the whole site (HTML pages too) in its
        # own shape; the portal's handlers already answer /api/ paths with the contract's JSON.
        pass


def make_api(app: Flask) -> PortalApi:
    """Bind a new Api (one per application, so each app has its own document) to the app."""
    api = PortalApi(spec_kwargs={
        "title": "Association portal API", "version": "1", "openapi_version": "3.0.3",
        "flask_plugin": RelativePaths(), "servers": [{"url": PREFIX}],
        "info": {"description": "Read-only public data: the member directory, events and bulletins."}})
    api.init_app(app)
    api.ma_plugin.converter.add_parameter_attribute_function(allow_empty_value)
    return api
