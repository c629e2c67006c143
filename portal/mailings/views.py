"""Subscribe (double opt-in), and leave every mailing by the link each message carries."""
from __future__ import annotations

from flask import abort, current_app, render_template

from portal.extensions import csrf, limiter
from portal.i18n import current_language
from portal.mailings import bp, subscriptions
from portal.mailings.forms import ConfirmForm, SubscribeForm, UnsubscribeForm
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
    address = subscriptions.address_for_unsubscribe_token(token)
    if address is None:
        abort(404)
    form = UnsubscribeForm()
    if form.is_submitted():
        subscriptions.unsubscribe(address)
        return render_template("mailings/unsubscribed.html", address=address)
    suppression = subscriptions.suppression_of(address)
    return render_template("mailings/unsubscribe.html", form=form, address=address,
                           done=suppression is not None and suppression.reason == SuppressionReason.UNSUBSCRIBED)
