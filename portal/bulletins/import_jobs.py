"""Queue an uploaded issue for the background worker, and list the imports staff are watching."""
from __future__ import annotations

import os
from functools import partial

from portal import queue, unit_of_work
from portal.audit.services import record
from portal.bulletins.importer import check_upload
from portal.bulletins.models import ImportJob
from portal.bulletins.states import BulletinAudience
from portal.bulletins.tasks import read_upload
from portal.extensions import db
from portal.i18n import current_language


def queue_import(actor, filename: str, data: bytes, period: tuple[int, int] | None = None,
                 title: str | None = None, audience: str = BulletinAudience.PUBLIC) -> ImportJob:
    """Store the upload as a queued job and have the worker read it once this commits; flushes only."""
    check_upload(filename, data)
    job = ImportJob(filename=os.path.basename(filename or "")[:255], data=data, title=title, audience=audience,
                    year=period[0] if period else None, month=period[1] if period else None,
                    locale=current_language(), requested_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.flush()
    record(actor, "bulletin.import_queued", f"bulletin_import:{job.id}", file=job.filename)
    unit_of_work.after_commit(partial(queue.enqueue, read_upload, job.id))
    return job


def recent_jobs(limit: int = 10) -> list[ImportJob]:
    return list(db.session.scalars(db.select(ImportJob).order_by(ImportJob.id.desc()).limit(limit)))
