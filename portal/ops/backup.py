"""Write a consistent backup while the portal serves: one snapshot of every table, then the uploads."""
from __future__ import annotations

import datetime as dt
import json
import os
import zipfile

from flask import current_app
from sqlalchemy import text

from portal.extensions import db
from portal.ops.archive import FORMAT_VERSION, MANIFEST, encode_rows, is_skipped, sha256


def tables_in_order():
    """Our tables, parents before children, without derived ones (the search index)."""
    return [table for table in db.metadata.sorted_tables if not is_skipped(table.name)]


def write_backup(path: str) -> dict:
    """Write the archive to `path` (via a temporary file); return its manifest."""
    manifest = {"format": FORMAT_VERSION, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "tables": {}, "files": {}}
    partial = path + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with db.engine.connect() as connection:
            _begin_snapshot(connection)
            manifest["schema_revision"] = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            for table in tables_in_order():
                rows = [dict(row._mapping) for row in connection.execute(table.select().order_by(*table.primary_key))]
                data = encode_rows(rows)
                archive.writestr(f"tables/{table.name}.jsonl", data)
                manifest["tables"][table.name] = {"rows": len(rows), "sha256": sha256(data)}
            connection.rollback()
        # Uploaded files never change under their generated names, so copying after the snapshot
        # can only add files no row points to yet; never miss one a row names.
        for name, data in _upload_files():
            archive.writestr(f"uploads/{name}", data)
            manifest["files"][name] = sha256(data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    os.replace(partial, path)
    return manifest


def _begin_snapshot(connection) -> None:
    """Open one read transaction that sees a single moment of the database."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    else:
        # pysqlite opens transactions lazily, only for writes; a plain BEGIN pins the WAL snapshot.
        connection.exec_driver_sql("BEGIN")


def _upload_files():
    root = current_app.config["UPLOAD_FOLDER"]
    for folder, _dirs, files in sorted(os.walk(root)):
        for name in sorted(files):
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            with open(full, "rb") as handle:
                yield relative, handle.read()
