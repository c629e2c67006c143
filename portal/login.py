"""How Flask-Login finds the account behind a session."""
from flask_babel import lazy_gettext as _l

from portal.auth.models import User
from portal.extensions import db, login_manager


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # Flask-Login's "strong" mode would log people out when a phone changes networks.
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Return the enabled account whose current session token the cookie carries."""
    user = db.session.scalar(db.select(User).where(User.session_token == session_token))
    if user is None or not user.is_enabled:
        return None
    # A staff or admin account without a second factor has no session yet (it is enrolling, or a
    # session from before the second factor existed, or from before an admin reset it).
    if user.requires_second_factor and not user.has_second_factor:
        return None
    return user
