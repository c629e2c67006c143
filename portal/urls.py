"""Absolute links for emails, feeds and the API, from the configured site address."""
from flask import current_app, url_for


def site_url(endpoint: str, **values) -> str:
    """Build an absolute link from SITE_URL, never from the request's Host header."""
    return current_app.config["SITE_URL"].rstrip("/") + url_for(endpoint, **values)
