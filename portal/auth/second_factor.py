"""The second factor's pages: the code after the password, enrolment, one's own settings."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.auth import bp, services, sessions, totp
from portal.auth.forms import CodeForm, DisableSecondFactorForm
from portal.auth.policies import can_turn_off_second_factor
from portal.extensions import limiter

#: The secret a signed-in account is shown while it enrols from its settings page.
SETTINGS_SECRET = "second_factor_secret"


def _per_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _per_account():
    return current_app.config["SECOND_FACTOR_LIMIT"]


def _account_key() -> str:
    # Per account, not per session: a guesser who has the password can open many sessions.
    user_id = sessions.pending_value("user_id") or getattr(current_user, "id", None)
    return f"second-factor:{user_id}"


def _code_limits(view):
    view = limiter.limit(_per_account, methods=["POST"], key_func=_account_key)(view)
    return limiter.limit(_per_address, methods=["POST"])(view)


def _wrong_code(form: CodeForm) -> None:
    form.code.errors.append(_("That code is wrong or already used."))


@bp.route("/second-factor", methods=["GET", "POST"])
@_code_limits
def second_factor():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user = sessions.pending_user()
    if user is None:
        return render_template("auth/sign_in_lapsed.html"), 410
    form = CodeForm()
    if not user.has_second_factor:
        return _enrol_at_login(user, form)
    if form.validate_on_submit():
        if totp.check_code(user, form.code.data):
            services.record_login(user)
            return redirect(sessions.finish_second_factor(user))
        _wrong_code(form)
    return render_template("auth/second_factor.html", form=form)


def _enrol_at_login(user, form: CodeForm):
    secret = sessions.pending_value("secret")
    if secret is None:
        secret = totp.new_secret()
        sessions.set_pending_value("secret", secret)
    if form.validate_on_submit():
        codes = totp.enrol(user, secret, form.code.data)
        if codes is not None:
            services.record_login(user)
            target = sessions.finish_second_factor(user)
            return render_template("auth/recovery_codes.html", codes=codes, target=target)
        _wrong_code(form)
    return _enrol_page(user, form, secret, "auth.second_factor")


def _enrol_page(user, form: CodeForm, secret: str, action: str):
    """The QR code, the secret as text and the confirming form; posted to `action`."""
    return render_template("auth/enrol.html", form=form, secret=secret, qr=totp.qr_svg(user, secret),
                           action=url_for(action), at_login=action == "auth.second_factor")


@bp.route("/two-factor")
@login_required
def two_factor():
    user = current_user._get_current_object()
    if user.has_second_factor:
        return render_template("auth/two_factor.html", codes_left=totp.recovery_codes_left(user),
                               form=DisableSecondFactorForm())
    # Kept in the session until confirmed: a GET stores nothing.
    secret = session.setdefault(SETTINGS_SECRET, totp.new_secret())
    return _enrol_page(user, CodeForm(), secret, "auth.enrol_two_factor")


@bp.route("/two-factor/enrol", methods=["POST"])
@login_required
@_code_limits
def enrol_two_factor():
    user = current_user._get_current_object()
    secret = session.get(SETTINGS_SECRET)
    if user.has_second_factor or secret is None:
        return redirect(url_for("auth.two_factor"))
    form = CodeForm()
    if form.validate_on_submit():
        codes = totp.enrol(user, secret, form.code.data)
        if codes is not None:
            # Enrolling ended every session opened with the password alone; this one goes on.
            sessions.start_session(user)
            return render_template("auth/recovery_codes.html", codes=codes, target=url_for("auth.two_factor"))
        _wrong_code(form)
    return _enrol_page(user, form, secret, "auth.enrol_two_factor")


@bp.route("/two-factor/disable", methods=["POST"])
@login_required
def disable_two_factor():
    user = current_user._get_current_object()
    if not can_turn_off_second_factor(user):
        abort(403)
    if not user.has_second_factor:
        return redirect(url_for("auth.two_factor"))
    form = DisableSecondFactorForm()
    if form.validate_on_submit():
        try:
            totp.disable(user, form.password.data)
        except totp.SecondFactorError as error:
            flash(str(error), "danger")
        else:
            flash(_("Two-step sign-in is off."), "info")
    return redirect(url_for("auth.two_factor"))
