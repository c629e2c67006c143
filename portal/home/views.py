"""Home page."""
from flask import render_template

from portal.home import bp
from portal.home.models import current_association
from portal.i18n import current_language


@bp.route("/")
def index():
    association = current_association()
    return render_template("home/index.html", association=association, language=current_language())
