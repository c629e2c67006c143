"""The login session: where `next` may lead, a fresh session per login, a login waiting for its code."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, session, url_for
from flask_login import login_user

from portal import database
from portal.auth.models import User
from portal.extensions import db

PENDING = "second_factor"


def safe_next(target: str | None) -> str:
    """Follow `next` only to a path on this site; anything else goes home."""
    home = url_for("home.index")
    if not target:
        return home
    # A line break would split the Location header (a 500, or a header injected where the
    # server lets it through); no path of this site holds a control character.
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return home
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return home
    return target


def _fresh_session() -> None:
    # Nothing an attacker planted before the login survives it; the chosen language does.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def start_session(user: User, remember: bool = False) -> None:
    _fresh_session()
    login_user(user, remember=remember)


def await_second_factor(user: User, remember: bool, target: str) -> None:
    """Remember, for a few minutes, who gave the right password; nobody is logged in yet."""
    _fresh_session()
    until = database.utcnow() + timedelta(seconds=current_app.config["SECOND_FACTOR_WAIT_SECONDS"])
    # The session token, not only the id: a password change or reset meanwhile ends the wait too.
    session[PENDING] = {"user_id": user.id, "token": user.session_token, "remember": bool(remember),
                        "next": target, "until": until.timestamp()}


def pending_user() -> User | None:
    """Return the account waiting for its second factor in this session, if the wait has not lapsed."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < database.utcnow().timestamp():
        return None
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.is_enabled or user.session_token != pending.get("token"):
        return None
    return user


def pending_value(key: str):
    return session.get(PENDING, {}).get(key)


def set_pending_value(key: str, value) -> None:
    session[PENDING] = {**session[PENDING], key: value}


def finish_second_factor(user: User) -> str:
    """Log the waiting account in with the remember choice it made; return where to go next."""
    remember, target = bool(pending_value("remember")), pending_value("next") or url_for("home.index")
    start_session(user, remember=remember)
    return target
