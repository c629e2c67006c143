"""Login, logout, password change and reset, accepting an invitation."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user

from portal import panels
from portal.auth import bp, services, sessions, tokens
from portal.auth.forms import (AcceptInvitationForm, ChangePasswordForm, ForgotPasswordForm, LoginForm,
                               SetPasswordForm)
from portal.extensions import limiter


def _per_address():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _per_address_and_account():
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS_AND_ACCOUNT"]


def _per_account():
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _email_tried() -> str:
    return services.normalise_email(request.form.get("email", ""))[:254]


def _address_and_account_key() -> str:
    return f"login-address-account:{get_remote_address()}:{_email_tried()}"


def _account_key() -> str:
    return "login-account:" + _email_tried()


# Three limits. Guessing one password from one address stops after a few tries (per address
# and account); one address trying many accounts stops too (per address). Counted per account
# alone, a stranger's few wrong guesses would lock the owner out from everywhere; so the limit per
# account is only a looser ceiling (50 an hour), which bites when guesses come from many addresses
# at once: the one case where the owner may have to wait too, for at most the hour, and the price
# of keeping a guesser with many addresses to some 400,000 tries a year.
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_per_address, methods=["POST"])
@limiter.limit(_per_address_and_account, methods=["POST"], key_func=_address_and_account_key)
@limiter.limit(_per_account, methods=["POST"], key_func=_account_key)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            target = sessions.safe_next(request.args.get("next"))
            if services.needs_second_factor(user):
                sessions.await_second_factor(user, form.remember.data, target)
                return redirect(url_for("auth.second_factor"))
            services.record_login(user)
            sessions.start_session(user, remember=form.remember.data)
            return redirect(target)
        # The same words whether the address or the password was wrong.
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # A new session token ends every copy of this login: the session cookie, a copy taken
        # before logout, and the remember-me cookie (the token is what they all carry). It ends
        # the account's other devices too; with one token per account they cannot be told apart.
        current_user.end_sessions()
    session.clear()
    # After clear(): logout_user() leaves in the session the instruction to delete the
    # remember-me cookie, which clearing afterwards would drop.
    logout_user()
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
            sessions.start_session(current_user._get_current_object())  # others ended; this one goes on
            flash(_("Your password is changed."), "success")
            return redirect(url_for("home.index"))
    # Other features add their parts of the account page (mailings: which ones to receive).
    return render_template("auth/change_password.html", form=form,
                           **panels.context_for("auth.change_password", current_user, None))


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
    if services.needs_second_factor(user):
        # An invited staff member enrols before the account opens, as at any other login.
        sessions.await_second_factor(user, False, url_for("home.index"))
        return redirect(url_for("auth.second_factor"))
    sessions.start_session(user)
    flash(_("Welcome! Your account is ready."), "success")
    return redirect(url_for("home.index"))
