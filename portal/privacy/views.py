"""A person's own data: download it, or ask for it to be erased."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from portal.privacy import bp
from portal.privacy.forms import EraseForm
from portal.privacy.services import erase, export_for


@bp.route("/")
def notice():
    return render_template("privacy/notice.html")


@bp.route("/my-data")
@login_required
def my_data():
    return render_template("privacy/my_data.html", form=EraseForm())


@bp.route("/my-data.json")
@login_required
def download():
    body = json.dumps(export_for(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=my-data.json"})


@bp.route("/erase", methods=["POST"])
@login_required
def erase_me():
    form = EraseForm()
    if not form.validate_on_submit() or not current_user.check_password(form.password.data):
        flash(_("Your password was not right; nothing was erased."), "danger")
        return redirect(url_for("privacy.my_data"))
    user = current_user._get_current_object()
    erase(user)
    logout_user()
    flash(_("Your personal data has been erased."), "info")
    return redirect(url_for("home.index"))
