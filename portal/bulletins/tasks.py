"""Background work of bulletins: read an uploaded issue into a draft, outside the web worker."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from huey import crontab

from portal import unit_of_work
from portal.bulletins.importer import BulletinImportError, Source, import_bulletin, read_source
from portal.bulletins.models import ImportJob
from portal.bulletins.states import ImportStatus
from portal.database import utcnow
from portal.extensions import db
from portal.queue import enqueue, periodic_task, task


@dataclass(frozen=True)
class Upload:
    """What a claimed job holds, read out of the session so it outlives the claim's commit."""

    filename: str
    data: bytes
    locale: str


@dataclass(frozen=True)
class Requester:
    """Who uploaded the file, as the audit log knows them (by id: bulletins do not import accounts)."""

    id: int | None


@task()
def read_upload(job_id: int) -> None:
    """Read one queued upload into a draft, or record in one line why it cannot be one."""
    read_job(job_id)


@periodic_task(crontab(minute="*"))
def resume_imports() -> None:
    """Queue again the uploads whose task was lost (queue down, worker killed mid-reading)."""
    for job_id in db.session.scalars(db.select(ImportJob.id).where(_claimable(utcnow())).limit(20)).all():
        enqueue(read_upload, job_id)


def read_job(job_id: int) -> None:
    """Claim the job, read its file with no transaction open, then make the draft or fail it."""
    upload = unit_of_work.run(_claim, job_id)
    if upload is None:  # done, failed, or being read by another worker
        return
    try:
        source = read_source(upload.filename, upload.data)
    except BulletinImportError as error:
        unit_of_work.run(_fail, job_id, _in_language(upload.locale, error))
        return
    unit_of_work.run(_make_draft, job_id, upload, source)


def _claimable(now):
    lapsed = (ImportJob.status == ImportStatus.READING) & (ImportJob.claimed_until < now)
    return (ImportJob.status == ImportStatus.QUEUED) | lapsed


def _claim(job_id: int) -> Upload | None:
    now = utcnow()
    hold = timedelta(seconds=2 * float(current_app.config["PDF_MAX_SECONDS"]) + 60)
    claimed = db.session.execute(db.update(ImportJob).where(ImportJob.id == job_id, _claimable(now)).values(
        status=ImportStatus.READING, claimed_until=now + hold)).rowcount
    if not claimed:
        return None
    filename, data, locale = db.session.execute(db.select(ImportJob.filename, ImportJob.data, ImportJob.locale)
                                                .where(ImportJob.id == job_id)).one()
    return Upload(filename, data or b"", locale)


def _make_draft(job_id: int, upload: Upload, source: Source) -> None:
    job = db.session.get(ImportJob, job_id)
    actor = Requester(job.requested_by_id)
    try:
        with db.session.begin_nested():  # a refused import leaves no half-replaced draft behind
            bulletin = import_bulletin(actor, upload.filename, upload.data, period=job.period, title=job.title,
                                       audience=job.audience, source=source)
    except BulletinImportError as error:
        _fail(job_id, _in_language(upload.locale, error))
        return
    _finish(job, ImportStatus.DONE, bulletin_id=bulletin.id)


def _fail(job_id: int, message: str) -> None:
    _finish(db.session.get(ImportJob, job_id), ImportStatus.FAILED, message=message)


def _finish(job: ImportJob, status: ImportStatus, **values) -> None:
    job.status, job.data, job.finished_at, job.claimed_until = status, None, utcnow(), None
    for name, value in values.items():
        setattr(job, name, value)
    db.session.flush()


def _in_language(locale: str, error: BulletinImportError) -> str:
    with force_locale(locale):
        return " ".join(str(error).split())  # one line, whatever a library's error text held
