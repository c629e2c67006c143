"""Home page."""
from flask import jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.home import bp
from portal.home.models import current_association
from portal.i18n import current_language


@bp.route("/healthz")
def healthz():
    """Tell a load balancer whether this worker can reach the database."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/")
def index():
    association = current_association()
    return render_template("home/index.html", association=association, language=current_language())
