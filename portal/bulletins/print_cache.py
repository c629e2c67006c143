"""Where made PDFs of bulletins are kept: one file per issue and published version, under instance/.

A version is a digest of everything the printed issue shows (its text, figures, linked firms,
publication date, the site's name and address) and of the print layout (template, partials,
stylesheet, chart code). Any change to one of them is a new version, so a file, once written,
never goes stale: it is replaced by the next version's file, which the worker makes. Files are
written to a temporary name and renamed, so a reader sees a whole PDF or none.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from flask import current_app

from portal.bulletins.models import Article, Section
from portal.extensions import db
from portal.members.models import Firm

#: Raise to make every issue's PDF again after a change that the layout digest cannot see.
LAYOUT_REVISION = 1
_LAYOUT_FILES = ("templates/bulletins/print.html", "templates/bulletins/_issue.html",
                 "static/css/bulletin-pdf.css", "portal/bulletins/chart.py", "portal/bulletins/printing.py")


@lru_cache(maxsize=1)
def layout_digest(root: str) -> str:
    """A digest of the files that shape the printed issue (read once per process)."""
    digest = hashlib.sha256(str(LAYOUT_REVISION).encode())
    for name in _LAYOUT_FILES:
        path = Path(root) / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


def content_version(bulletin) -> str:
    """The published version of an issue as its PDF shows it: 20 hex digits (one query)."""
    config = current_app.config
    # One query rather than the relationships' lazy loads: serving a made PDF asks this each time.
    rows = db.session.execute(
        db.select(Section.kind, Section.title, Article.id, Article.title, Article.source, Article.body,
                  Article.figures, Firm.name, Firm.slug, Firm.is_public)
        .select_from(Section).outerjoin(Article, Article.section_id == Section.id)
        .outerjoin(Firm, Firm.id == Article.firm_id)
        .where(Section.bulletin_id == bulletin.id).order_by(Section.position, Article.position)).all()
    shown = {
        "layout": layout_digest(str(Path(current_app.root_path).parent)),
        "site": [config["SITE_NAME"], config["SITE_URL"], config["BABEL_DEFAULT_LOCALE"]],
        "issue": [bulletin.id, bulletin.title, bulletin.period, bulletin.issue_number,
                  bulletin.published_at.isoformat() if bulletin.published_at else None],
        "parts": [list(row) for row in rows],
    }
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def folder() -> Path:
    return Path(current_app.config["BULLETIN_PDF_FOLDER"])


def path_for(bulletin_id: int, version: str) -> Path:
    return folder() / f"bulletin-{bulletin_id}-{version}.pdf"


def made_pdf(bulletin) -> tuple[Path, str] | None:
    """The made PDF of the issue's current version and that version, or None if not made (yet)."""
    version = content_version(bulletin)
    path = path_for(bulletin.id, version)
    return (path, version) if path.is_file() else None


def store(bulletin_id: int, version: str, data: bytes) -> Path:
    """Write a made PDF whole (temporary file, then rename), and drop the issue's older versions."""
    target = path_for(bulletin_id, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".making-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    discard(bulletin_id, keep=target.name)
    return target


def discard(bulletin_id: int, keep: str | None = None) -> None:
    """Remove the issue's made PDFs except `keep` (unpublished issues keep none)."""
    for path in folder().glob(f"bulletin-{bulletin_id}-*.pdf"):
        if path.name != keep:
            path.unlink(missing_ok=True)


def remove_leftovers(older_than_seconds: float = 3600) -> None:
    """Remove temporary files that a worker killed while writing left behind."""
    limit = time.time() - older_than_seconds
    for path in folder().glob(".making-*.pdf"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue


def made_ids() -> set[int]:
    """Ids of the issues that have a made PDF of some version on disk."""
    found = set()
    for path in folder().glob("bulletin-*-*.pdf"):
        try:
            found.add(int(path.name.split("-")[1]))
        except (IndexError, ValueError):
            continue
    return found
