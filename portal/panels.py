"""Panels one feature adds to another feature's pages, without the page's feature importing it.

A page names itself ("members.detail") and asks `context_for(page, user, subject)` for the extra
template values; a feature that has something to show there (bulletins: "in the bulletin" on firm
and event pages) registers a provider when its blueprint is registered on the app. The arrow then
points from the provider down to this module, not from the page across to the provider.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask, current_app

#: (user, subject) -> template values to add, e.g. {"featured_in": [...]}
Provider = Callable[[Any, Any], dict[str, Any]]

_KEY = "portal.panels"


def provide(app: Flask, page: str, provider: Provider) -> None:
    """Add a provider of extra template values to a page of this app."""
    app.extensions.setdefault(_KEY, {}).setdefault(page, []).append(provider)


def context_for(page: str, user, subject) -> dict[str, Any]:
    """Collect the extra template values every registered provider has for this page."""
    context: dict[str, Any] = {}
    for provider in current_app.extensions.get(_KEY, {}).get(page, []):
        context.update(provider(user, subject))
    return context
