"""Reading the archive: issues by year, one issue, its original file, search, the Atom feed."""
from __future__ import annotations

import os
from itertools import groupby

from flask import abort, current_app, render_template, request, send_file, send_from_directory
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import ServiceUnavailable

from portal.bulletins import bp, print_cache, services
from portal.bulletins.chart import charts_for
from portal.bulletins.feed import atom_feed, last_updated
from portal.bulletins.models import Bulletin
from portal.bulletins.policies import can_view_bulletin
from portal.bulletins.printing import can_print
from portal.bulletins.search import search_articles
from portal.bulletins.states import BulletinAudience, SectionKind
from portal.caching.pages import kept_search
from portal.extensions import db, limiter
from portal.urls import YEARS, query_int, query_page

#: Issues listed under "All years": two years of a monthly bulletin.
LATEST = 24

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _readable_or_404(bulletin_id: int) -> Bulletin:
    bulletin = db.session.get(Bulletin, bulletin_id)
    if bulletin is None or not can_view_bulletin(current_user, bulletin):
        abort(404)  # a members-only or draft issue does not exist for those who may not read it
    return bulletin


@bp.route("/")
@limiter.limit("120 per minute")
@kept_search
def index():
    q = request.args.get("q", "").strip()[:100]
    year = query_int("year", None, *YEARS)
    results = search_articles(current_user, q, query_page()) if q else None
    query = services.published_query(current_user)
    # A year lists its issues (a dozen at most); all years, the newest, and each year's button the rest.
    query = query.where(Bulletin.year == year) if year else query.limit(LATEST + 1)
    bulletins = db.session.scalars(query).all()
    older, listed = (False, bulletins) if year else (len(bulletins) > LATEST, bulletins[:LATEST])
    by_year = [(y, list(items)) for y, items in groupby(listed, key=lambda b: b.year)]
    return render_template("bulletins/index.html", by_year=by_year, years=services.published_years(current_user),
                           year=year, q=q, results=results, older=older)


@bp.route("/<int:bulletin_id>")
def detail(bulletin_id: int):
    bulletin = _readable_or_404(bulletin_id)
    charts = charts_for(bulletin)
    made = print_cache.made_pdf(bulletin) if bulletin.is_published else None
    pending = made is None and bulletin.is_published and can_print()
    return render_template("bulletins/detail.html", bulletin=bulletin, charts=charts, pdf_ready=made is not None,
                           pdf_pending=pending)


#: How long a browser or proxy keeps a PDF before asking again (with its ETag: a 304 if unchanged).
PDF_MAX_AGE = 300
#: When to ask again for a PDF the worker is still making (it takes seconds; the queue may be busy).
PDF_RETRY_AFTER = 30


@bp.route("/<int:bulletin_id>.pdf")
def pdf(bulletin_id: int):
    bulletin = _readable_or_404(bulletin_id)
    if not bulletin.is_published:
        abort(404)  # staff preview drafts on the page; only a published version is printed
    made = print_cache.made_pdf(bulletin)
    if made is None:
        if not can_print():
            abort(404)  # this machine makes no PDFs (the log says which package it lacks)
        # Never rendered here: it takes seconds of CPU, and the worker is making it already.
        raise ServiceUnavailable(_l("The printable PDF is being prepared; try again in a minute."),
                                 retry_after=PDF_RETRY_AFTER)
    path, version = made
    response = send_file(path, mimetype="application/pdf", download_name=f"bulletin-{bulletin.period}.pdf",
                         etag=version, conditional=True, max_age=PDF_MAX_AGE)
    if bulletin.audience == BulletinAudience.PUBLIC:
        response.cache_control.public = True
    else:
        response.cache_control.private = True  # no shared cache may hand a members' issue to others
    response.vary.add("Cookie")
    return response


@bp.route("/<int:bulletin_id>/original")
def original(bulletin_id: int):
    bulletin = _readable_or_404(bulletin_id)
    if not bulletin.original_file:
        abort(404)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "bulletins")
    extension = os.path.splitext(bulletin.original_file)[1]
    mimetype = {".pdf": "application/pdf", ".docx": DOCX_TYPE}.get(extension, "text/plain; charset=utf-8")
    return send_from_directory(folder, bulletin.original_file, mimetype=mimetype, as_attachment=True,
                               download_name=f"bulletin-{bulletin.period}{extension}")


@bp.route("/feed.atom")
def feed():
    bulletins = db.session.scalars(services.published_query(current_user).limit(20)).all()
    response = current_app.response_class(atom_feed(bulletins), mimetype="application/atom+xml")
    # A feed reader polls: answer 304 when its copy (by ETag or date) is still the current one.
    response.add_etag()
    response.last_modified = last_updated(bulletins)
    response.vary.add("Cookie")  # members read members-only issues in it
    return response.make_conditional(request)


@bp.app_template_global()
def section_label(kind: str) -> str:
    return SectionKind.label_of(kind)
