"""Restore a backup into an empty database of either kind, after checking every byte of it."""
from __future__ import annotations

import json
import os
import zipfile

from flask import current_app
from sqlalchemy import func, inspect, select, text

from portal import unit_of_work
from portal.extensions import db
from portal.ops.archive import FORMAT_VERSION, MANIFEST, ArchiveError, decode_rows, sha256
from portal.ops.backup import tables_in_order
from portal.search.writing import rebuild_kind, registered_sources, tidy

BATCH = 1000


def read_archive(path: str) -> tuple[dict, zipfile.ZipFile]:
    """Open an archive and check its manifest, checksums and row counts; raise ArchiveError if off."""
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read(MANIFEST))
    except FileNotFoundError:
        raise ArchiveError(f"no such file: {path}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ArchiveError("not a portal backup, or a damaged one") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise ArchiveError(f"unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["tables"].items():
        data = _member(archive, f"tables/{name}.jsonl")
        if sha256(data) != expected["sha256"] or data.count(b"\n") != expected["rows"]:
            raise ArchiveError(f"table {name} is damaged (checksum or row count differs)")
    for name, expected in manifest["files"].items():
        if sha256(_member(archive, f"uploads/{name}")) != expected:
            raise ArchiveError(f"file {name} is damaged (checksum differs)")
    return manifest, archive


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise ArchiveError(f"{name} is missing from the backup") from None
    except (zipfile.BadZipFile, OSError, ValueError):  # CRC errors and truncation
        raise ArchiveError(f"{name} is damaged") from None


def known_revisions() -> list[str]:
    """Our migration revisions, oldest first."""
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def restore_backup(path: str) -> dict:
    """Check the archive, then upgrade the empty database to its revision, load rows and files."""
    manifest, archive = read_archive(path)
    revision = manifest["schema_revision"]
    revisions = known_revisions()
    if revision not in revisions:
        raise ArchiveError(f"the backup's schema {revision} is newer than this portal (or unknown)")
    _require_empty()
    _check_upload_folder(manifest)
    from flask_migrate import upgrade

    upgrade(revision=revision)
    tables = {t.name: t for t in tables_in_order()}
    try:
        with db.engine.begin() as connection:
            for name in (t.name for t in tables_in_order()):
                if name not in manifest["tables"]:
                    continue
                rows = decode_rows(archive.read(f"tables/{name}.jsonl"))
                for start in range(0, len(rows), BATCH):
                    connection.execute(tables[name].insert(), rows[start:start + BATCH])
            _reset_sequences(connection)
            _check_counts(connection, manifest)
    except Exception:
        # Leave the database as empty as we found it: the schema goes, nothing half-loaded stays.
        from flask_migrate import downgrade

        downgrade(revision="base")
        raise
    _write_files(archive, manifest)
    upgrade()  # an older backup is brought up to this portal's schema
    _rebuild_search()
    return manifest


def _require_empty() -> None:
    inspector = inspect(db.engine)
    ours = [t for t in tables_in_order() if inspector.has_table(t.name)]
    with db.engine.connect() as connection:
        if any(connection.execute(select(func.count()).select_from(t)).scalar() for t in ours):
            raise ArchiveError("the database is not empty; restore only into an empty database")


def _check_upload_folder(manifest: dict) -> None:
    root = current_app.config["UPLOAD_FOLDER"]
    clashes = [name for name in manifest["files"] if os.path.exists(os.path.join(root, name))]
    if clashes:
        raise ArchiveError(f"the upload folder already holds {clashes[0]}; restore into an empty one")


def _reset_sequences(connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in tables_in_order():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int
                                                and len(table.primary_key.columns) == 1):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))


def _check_counts(connection, manifest: dict) -> None:
    for table in tables_in_order():
        expected = manifest["tables"].get(table.name, {}).get("rows", 0)
        found = connection.execute(select(func.count()).select_from(table)).scalar()
        if found != expected:
            raise ArchiveError(f"table {table.name}: {found} rows restored, {expected} expected")


def _write_files(archive: zipfile.ZipFile, manifest: dict) -> None:
    root = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    for name in manifest["files"]:
        target = os.path.realpath(os.path.join(root, name))
        if not target.startswith(root + os.sep):
            raise ArchiveError(f"refusing a file outside the upload folder: {name}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(archive.read(f"uploads/{name}"))


def _rebuild_search() -> None:
    def rebuild():
        for kind, source in registered_sources().items():
            rebuild_kind(kind, source())

    unit_of_work.run(rebuild)
    unit_of_work.run(tidy)  # merge PostgreSQL's pending GIN entries, which every search would otherwise read
