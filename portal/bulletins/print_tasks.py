"""Background work of printing: make each published version's PDF once, and sweep for missing ones.

Publishing (and correcting a published issue) queues `make_pdf` after its commit; the sweep
makes what a lost task or a new print layout left missing, and removes the files of issues that
are no longer published. Requests never make PDFs: they serve a made file, or say it is coming.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from huey import crontab

from portal import unit_of_work
from portal.bulletins import print_cache
from portal.bulletins.models import Bulletin
from portal.bulletins.printing import PrintingUnavailable, can_print, print_html, render_pdf
from portal.bulletins.states import BulletinStatus
from portal.extensions import db
from portal.queue import enqueue, periodic_task, task

log = logging.getLogger(__name__)
#: Issues the sweep makes at most per run; the rest wait for the next run (the worker has other work).
SWEEP_BATCH = 5


@dataclass(frozen=True)
class PrintJob:
    bulletin_id: int
    version: str
    html: str


@task(retries=2, retry_delay=60)
def make_pdf(bulletin_id: int) -> None:
    """Make the PDF of the issue's published version, unless it is made or the issue is a draft."""
    make_now(bulletin_id)


@periodic_task(crontab(minute="*/10"))
def sweep_pdfs() -> None:
    """Queue the PDFs that published issues lack; remove those of issues no longer published."""
    published = set(db.session.scalars(db.select(Bulletin.id).where(Bulletin.status == BulletinStatus.PUBLISHED)))
    for bulletin_id in print_cache.made_ids() - published:
        print_cache.discard(bulletin_id)
    print_cache.remove_leftovers()
    if not can_print():
        return
    missing = [bulletin_id for bulletin_id in sorted(published, reverse=True)
               if print_cache.made_pdf(db.session.get(Bulletin, bulletin_id)) is None]
    for bulletin_id in missing[:SWEEP_BATCH]:
        enqueue(make_pdf, bulletin_id)


def queue_pdf(bulletin_id: int) -> None:
    """Make the issue's PDF once the current unit of work commits (never for a rolled-back publish)."""
    # The test suite turns this off (a second of CPU per publish, in hundreds of tests); the tests
    # of printing turn it back on. The sweep makes any PDF this leaves missing.
    if current_app.config["BULLETIN_PDF_ON_PUBLISH"]:
        unit_of_work.after_commit(lambda: enqueue(make_pdf, bulletin_id))


def make_now(bulletin_id: int):
    """Render the print HTML in a short transaction, then the PDF with none open; return the file."""
    job = unit_of_work.run(_print_job, bulletin_id)
    if job is None:
        return None
    try:
        data = render_pdf(job.html)
    except PrintingUnavailable as error:
        log.warning("Bulletin %s: no PDF made: %s", bulletin_id, error)
        return None
    path = print_cache.store(job.bulletin_id, job.version, data)
    log.info("Bulletin %s: PDF made (%s bytes) at %s", bulletin_id, len(data), path)
    return path


def _print_job(bulletin_id: int) -> PrintJob | None:
    bulletin = db.session.get(Bulletin, bulletin_id)
    if bulletin is None or not bulletin.is_published or not can_print():
        return None
    version = print_cache.content_version(bulletin)
    if print_cache.path_for(bulletin_id, version).is_file():
        return None  # this version is made already (a second publish, a retry, a second worker)
    # url_for in the templates needs a request: one for the site's own address, as mails use.
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        return PrintJob(bulletin_id, version, print_html(bulletin))
