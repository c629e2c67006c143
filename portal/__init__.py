"""The association portal: create_app() builds the Flask application."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config -> extensions -> blueprints -> errors -> cli."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from portal.config import load_config

    load_config(app, test_config)
    register_extensions(app)
    from portal.richtext import plain_text
    from portal.urls import IdConverter, safe_website

    app.url_map.converters["int"] = IdConverter  # before any route: every `<int:…>` is an id
    app.add_template_filter(safe_website)
    app.add_template_filter(plain_text)
    register_blueprints(app)
    from portal import assets, caching, errors, i18n, requestlog, security
    from portal.permissions import register_template_policies
    from portal.states import register_template_states

    requestlog.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    caching.init_app(app)
    errors.init_app(app)
    register_template_policies(app)
    register_template_states(app)
    from portal import queue, unit_of_work

    queue.init_app(app)
    # Last, so that every view of every blueprint runs as one unit of work.
    unit_of_work.wrap_views(app)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind N trusted proxies: the client's address (for rate limits) and scheme come from them.
        # Outermost, around the kept pages' front too (portal/caching), which counts rate limits.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    from portal.cli import register_commands

    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from portal.extensions import bootstrap, compress, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    from portal.search.models import include_name

    # include_name: Alembic's comparison leaves alone what the search index keeps on one database only.
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True,
                     include_name=include_name)
    csrf.init_app(app)
    # First of the after_request hooks to register, so it runs last: it compresses the final body.
    compress.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from portal import login

    login.init_app(app)
    import portal.models  # noqa: F401  (every table known to SQLAlchemy and Alembic)


def register_blueprints(app: Flask) -> None:
    from portal.api import bp as api_bp, init_app as init_api
    from portal.auth import bp as auth_bp
    from portal.bulletins import bp as bulletins_bp
    from portal.events import bp as events_bp
    from portal.home import bp as home_bp
    from portal.mailings import bp as mailings_bp
    from portal.members import bp as members_bp
    from portal.memberships import bp as memberships_bp
    from portal.privacy import bp as privacy_bp
    from portal.staff import bp as staff_bp

    for blueprint in (home_bp, auth_bp, members_bp, events_bp, bulletins_bp, staff_bp, privacy_bp,
                      mailings_bp, memberships_bp):
        app.register_blueprint(blueprint)
    init_api(app)  # flask-smorest registers the API blueprint and documents it
    from portal.extensions import csrf

    csrf.exempt(api_bp)  # read-only JSON, no cookies trusted for writes
