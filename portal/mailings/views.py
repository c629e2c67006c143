"""Subscribe (double opt-in); choose which mailings to receive, or leave them all, by the link each message carries."""
from __future__ import annotations

from contextlib import nullcontext

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.extensions import csrf, limiter
from portal.i18n import current_language
from portal.mailings import bp, preferences, subscriptions
from portal.mailings.forms import ConfirmForm, PreferencesForm, SubscribeForm, UnsubscribeForm
from portal.mailings.states import SuppressionReason


def _subscribe_limit() -> str:
    return current_app.config["SUBSCRIBE_LIMIT"]


@bp.route("/subscribe", methods=["GET", "POST"])
@limiter.limit(_subscribe_limit, methods=["POST"])
def subscribe():
    form = SubscribeForm()
    if not form.validate_on_submit():
        return render_template("mailings/subscribe.html", form=form), 400 if form.is_submitted() else 200
    subscriptions.subscribe(form.email.data, current_language())
    # The same page whether the address was new, waiting or confirmed.
    return render_template("mailings/subscribe_sent.html")


@bp.route("/subscribe/<token>", methods=["GET", "POST"])
def confirm(token: str):
    subscriber = subscriptions.subscriber_for_token(token)
    if subscriber is None:
        return render_template("mailings/link_expired.html"), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        subscriptions.confirm(subscriber)
        return render_template("mailings/confirmed.html")
    return render_template("mailings/confirm.html", form=form, subscriber=subscriber,
                           confirmed=subscriber.confirmed_at is not None)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: the mail client posts without a session; the signed token is the authority
def unsubscribe(token: str):
    """The link in every message: choose which mailings to receive, or none (one click, or the page's button)."""
    address = subscriptions.address_for_unsubscribe_token(token)
    if address is None:
        abort(404)
    # Opened from a mail client, in the language they subscribed in (or their account's); a choice
    # made on the site (?lang=, remembered in the session) is this browser's own word and goes first.
    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang") in languages or session.get("lang") in languages
    locale = None if chosen else preferences.language_of(address)
    with force_locale(locale) if locale else nullcontext():
        return _preferences_page(address)


def _preferences_page(address: str):
    form = PreferencesForm()
    if request.method == "POST" and not form.save.data:
        # Every other POST is RFC 8058's one-click (body List-Unsubscribe=One-Click), whether a mail
        # client or the page's "unsubscribe from everything" button sends it: no session, no token.
        subscriptions.unsubscribe(address)
        return render_template("mailings/unsubscribed.html", address=address)
    saved = form.validate_on_submit()  # the preferences form, with its CSRF token checked
    if saved:
        preferences.choose(address, form.wanted())
    elif not form.is_submitted():
        form.show(preferences.wanted_kinds(address))
    suppression = subscriptions.suppression_of(address)
    reason = suppression.reason if suppression is not None else None
    page = render_template("mailings/unsubscribe.html", form=form, everything=UnsubscribeForm(formdata=None),
                           address=address, saved=saved, done=reason == SuppressionReason.UNSUBSCRIBED,
                           bouncing=reason == SuppressionReason.BOUNCING)
    return page, 400 if form.is_submitted() and not saved else 200


@bp.route("/mailing-preferences", methods=["POST"])
@login_required
def account_preferences():
    """The mailings part of the account page: which mailings the account's address receives."""
    form = PreferencesForm()
    if form.validate_on_submit():
        preferences.choose(current_user.email, form.wanted())
        flash(_("Your choice of mailings is saved."), "success")
    else:
        flash(_("Your choice of mailings could not be saved; please try again."), "danger")
    return redirect(url_for("auth.change_password") + "#mailing-preferences", 303)
