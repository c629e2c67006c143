"""Directory, firm pages, a representative's edit page, logos."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import panels
from portal.caching.pages import is_search, kept_search
from portal.extensions import limiter
from portal.members import bp, services
from portal.members.contact import visible_contacts
from portal.members.directory import search_directory
from portal.members.forms import ProfileForm
from portal.members.models import Firm
from portal.members.policies import can_edit_firm, can_see_private, can_view_firm
from portal.members import industries, tiers
from portal.uploads import add_image, send_image
from portal.urls import MAX_ID, query_int, query_page


def _public_firm_or_404(slug: str) -> Firm:
    firm = services.get_firm(slug)
    if firm is None or not can_view_firm(current_user, firm):
        abort(404)
    return firm


@bp.route("/")
@limiter.limit("120 per minute", exempt_when=lambda: not is_search())  # browsing the directory is free
@kept_search
def index():
    tier = request.args.get("tier") if tiers.is_known(request.args.get("tier")) else None
    # A retired industry is no longer a filter: its firms keep it, but nobody is offered it.
    industry = request.args.get("industry") if industries.is_active(request.args.get("industry")) else None
    q = request.args.get("q", "").strip()[:100]
    # Past the ranked pages of a search that matched more than the cap: the matches by id.
    after = query_int("after", None, 0, MAX_ID) if q else None
    result = search_directory(q, tier, industry, page=query_page(), after=after)
    return render_template("members/index.html", result=result, q=q, tier=tier, industry=industry,
                           tier_choices=tiers.all(), industry_choices=industries.active())


@bp.route("/<slug>")
def detail(slug: str):
    firm = _public_firm_or_404(slug)
    return render_template("members/detail.html", firm=firm, contacts=visible_contacts(firm, current_user),
                           **panels.context_for("members.detail", current_user, firm))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    firm = services.get_firm(slug) or abort(404)
    if not can_edit_firm(current_user, firm):
        abort(403)
    if can_see_private(current_user):  # staff change profiles directly, without a review
        return redirect(url_for("staff.firm_edit", slug=firm.slug))
    pending = services.pending_revision(firm)
    # A revision proposed before a field existed lacks it: the firm's current value fills the gap.
    form = ProfileForm(data={**services.profile_data(firm), **(pending.data if pending else {})}, firm=firm)
    if form.validate_on_submit():
        proposed = add_image(form.profile(), "logo", form.logo_upload, "logos")
        if proposed is not None:
            if services.propose_changes(current_user, firm, proposed) is None:
                flash(_("Saved: fewer people see those contact details from now on."), "success")
            else:
                flash(_("Thank you. Your changes wait for the association's approval."), "success")
            return redirect(url_for("members.edit", slug=firm.slug))
    return render_template("members/edit.html", firm=firm, form=form, pending=pending,
                           latest=services.latest_revision(firm))


@bp.route("/logos/<name>")
def logo(name: str):
    return send_image("logos", name)


bp.add_app_template_global(tiers.label, "tier_label")
bp.add_app_template_global(industries.label, "industry_label")
