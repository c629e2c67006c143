"""Login, logout, password change and reset, accepting an invitation."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import bp, services, tokens
from portal.auth.forms import (AcceptInvitationForm, ChangePasswordForm, ForgotPasswordForm, LoginForm,
                               SetPasswordForm)
from portal.extensions import limiter


def _safe_next(target: str | None) -> str:
    """Follow `next` only to a path on this site; anything else goes home."""
    if not target:
        return url_for("home.index")
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


def _account_key() -> str:
    return "login-account:" + services.normalise_email(request.form.get("email", ""))


def _per_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _per_account():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _start_session(user, remember: bool = False) -> None:
    # A fresh session at login: nothing an attacker planted before it survives.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_per_address, methods=["POST"])
@limiter.limit(_per_account, methods=["POST"], key_func=_account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            _start_session(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        # The same words whether the address or the password was wrong.
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("home.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            services.change_password(current_user, form.password.data)
            _start_session(current_user._get_current_object())  # others ended; this one goes on
            flash(_("Your password is changed."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_per_address, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If that address has an account, a link to reset its password is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _password_from_link(token: str, purpose: str, max_age_setting: str, form_class, title):
    """Load the account a link names, or answer 410; the form, or None once it validated."""
    user = tokens.load_token(token, purpose, current_app.config[max_age_setting])
    if user is None:
        return None, None, (render_template("auth/link_expired.html"), 410)
    form = form_class()
    if form.validate_on_submit():
        return user, form, None
    return user, None, render_template("auth/set_password.html", form=form, title=title,
                                       invited=user if purpose == tokens.INVITATION else None)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user, form, page = _password_from_link(token, tokens.RESET, "PASSWORD_RESET_MAX_AGE", SetPasswordForm,
                                           _("Choose a new password"))
    if page is not None:
        return page
    services.reset_password(user, form.password.data)
    flash(_("Your new password is set. Please log in."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    user, form, page = _password_from_link(token, tokens.INVITATION, "INVITATION_MAX_AGE",
                                           AcceptInvitationForm, _("Choose your password"))
    if page is not None:
        return page
    services.accept_invitation(user, form.password.data)
    _start_session(user)
    flash(_("Welcome! Your account is ready."), "success")
    return redirect(url_for("home.index"))
