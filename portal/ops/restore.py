"""Restore a backup into an empty database of either kind, after checking every byte of it."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile

from flask import current_app
from sqlalchemy import func, inspect, select, text

from portal import unit_of_work
from portal.extensions import db
from portal.ops.archive import (FORMAT_VERSION, MANIFEST, ArchiveError, ArchiveLimits, check_members, check_name,
                                decode_rows, sha256)
from portal.ops.backup import tables_in_order
from portal.search.writing import rebuild_kind, registered_sources, tidy

BATCH = 1000


def read_archive(path: str, limits: ArchiveLimits) -> tuple[dict, zipfile.ZipFile]:
    """Open an archive and check every member's name and size, then the manifest, checksums and counts."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(f"no such file: {path}") from None
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ArchiveError("not a portal backup, or a damaged one") from None
    # From the archive's directory alone, before a byte of any member is unpacked.
    check_members(archive.infolist(), limits)
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ArchiveError("not a portal backup, or a damaged one") from None
    if not isinstance(manifest, dict):
        raise ArchiveError("not a portal backup, or a damaged one")
    if manifest.get("format") != FORMAT_VERSION:
        raise ArchiveError(f"unknown backup format {manifest.get('format')!r}")
    expected = _expected_members(manifest)
    unexpected = sorted(set(archive.namelist()) - expected)
    if unexpected:
        raise ArchiveError(f"{unexpected[0]} is in the backup but not in its manifest")
    try:
        for name, expected_table in manifest["tables"].items():
            data = _member(archive, f"tables/{name}.jsonl")
            if sha256(data) != expected_table["sha256"] or data.count(b"\n") != expected_table["rows"]:
                raise ArchiveError(f"table {name} is damaged (checksum or row count differs)")
        for name, expected_file in manifest["files"].items():
            if sha256(_member(archive, f"uploads/{name}")) != expected_file:
                raise ArchiveError(f"file {name} is damaged (checksum differs)")
    except (TypeError, KeyError):  # a manifest of the wrong shape
        raise ArchiveError("not a portal backup, or a damaged one") from None
    return manifest, archive


def _expected_members(manifest: dict) -> set[str]:
    """Return the members the manifest names, each name checked as a member's would be."""
    tables, files = manifest.get("tables"), manifest.get("files")
    if not isinstance(tables, dict) or not isinstance(files, dict) or not isinstance(
            manifest.get("schema_revision"), str):
        raise ArchiveError("not a portal backup, or a damaged one")
    names = {MANIFEST} | {f"tables/{name}.jsonl" for name in tables} | {f"uploads/{name}" for name in files}
    for name in names:
        check_name(name)
    return names


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


#: Tables a migration fills with their first rows (the founding tiers and industries). They count
#: as empty, and the backup's rows replace what the migration put there.
FILLED_BY_MIGRATIONS = frozenset({"tiers", "industries"})


def restore_backup(path: str) -> dict:
    """Check the whole archive, stage its files, load its rows in one transaction, then place the files."""
    manifest, archive = read_archive(path, ArchiveLimits.from_config(current_app.config))
    revision = manifest["schema_revision"]
    revisions = known_revisions()
    if revision not in revisions:
        raise ArchiveError(f"the backup's schema {revision} is newer than this portal (or unknown)")
    _require_empty()
    _check_upload_folder(manifest)
    staging = _stage_files(archive, manifest)
    try:
        _load_rows(archive, manifest, revision)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move_into_place(staging)
    from flask_migrate import upgrade

    upgrade()  # an older backup is brought up to this portal's schema
    _rebuild_search()
    return manifest


def _load_rows(archive: zipfile.ZipFile, manifest: dict, revision: str) -> None:
    """Create the backup's schema and load every row in one transaction; on failure drop it all again."""
    from flask_migrate import downgrade, upgrade

    tables = {t.name: t for t in tables_in_order()}
    try:
        upgrade(revision=revision)
        with db.engine.begin() as connection:
            for name in (t.name for t in tables_in_order()):
                if name not in manifest["tables"]:
                    continue
                rows = decode_rows(archive.read(f"tables/{name}.jsonl"))
                if name in FILLED_BY_MIGRATIONS:
                    connection.execute(tables[name].delete())
                for start in range(0, len(rows), BATCH):
                    connection.execute(tables[name].insert(), rows[start:start + BATCH])
            _reset_sequences(connection)
            _check_counts(connection, manifest)
    except BaseException:
        # Leave the database as empty as we found it: the schema goes, nothing half-loaded stays.
        downgrade(revision="base")
        raise


def _require_empty() -> None:
    inspector = inspect(db.engine)
    ours = [t for t in tables_in_order() if inspector.has_table(t.name) and t.name not in FILLED_BY_MIGRATIONS]
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


def _stage_files(archive: zipfile.ZipFile, manifest: dict) -> str:
    """Write every file into a new folder beside the upload folder (one file system, so a move is a rename)."""
    root = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    os.makedirs(os.path.dirname(root), exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(root)}-restoring-", dir=os.path.dirname(root))
    try:
        for name in manifest["files"]:
            target = os.path.realpath(os.path.join(staging, name))
            if not target.startswith(staging + os.sep):  # names are checked already; this is the last word
                raise ArchiveError(f"refusing a file outside the upload folder: {name}")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(archive.read(f"uploads/{name}"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _move_into_place(staging: str) -> None:
    """Make the staged files the upload folder's (the folder itself when there was none)."""
    root = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    if not os.path.exists(root):
        os.rename(staging, root)
        return
    for folder, _dirs, names in os.walk(staging):
        for name in names:
            source = os.path.join(folder, name)
            target = os.path.join(root, os.path.relpath(source, staging))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    shutil.rmtree(staging, ignore_errors=True)


def _rebuild_search() -> None:
    def rebuild():
        for kind, source in registered_sources().items():
            rebuild_kind(kind, source())

    unit_of_work.run(rebuild)
    unit_of_work.run(tidy)  # merge PostgreSQL's pending GIN entries, which every search would otherwise read
