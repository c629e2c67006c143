"""Interface language (Chinese by default, English on request) and dates in Asia/Shanghai."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from portal.database import utcnow
from portal.extensions import babel

#: What `<html lang>` says for each interface language.
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def select_locale() -> str:
    """Pick ?lang=, then the remembered choice, then the account's, then Chinese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and mail outside a request: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def local_today() -> date:
    """Return today's date where the association is (Asia/Shanghai), by the site's one clock."""
    # A membership ends at the end of its last day in Dalian, not in UTC (eight hours later).
    return utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def current_language() -> str:
    return str(get_locale() or "zh").split("_")[0]


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)  # catalogues in portal/translations
    app.jinja_env.globals.update(
        current_language=current_language,
        html_lang=lambda: HTML_LANG.get(current_language(), "zh-CN"),
    )
    app.jinja_env.filters.update(datetime=format_datetime, date=format_date)
