"""Backups restore every row and file, on either database and from SQLite to PostgreSQL."""
import io
import json
import time
import zipfile

import pytest
from PIL import Image

from portal import create_app
from portal.extensions import db
from portal.ops.backup import tables_in_order
from tests.conftest import base_config


@pytest.fixture
def filled(app, tmp_path):
    """The demo data, a logo on one firm, and the sample bulletin's original file."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads-source")
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        from portal.members.models import Firm
        from portal.uploads import save_image

        buffer = io.BytesIO()
        Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
        buffer.seek(0)
        firm = db.session.scalar(db.select(Firm).where(Firm.slug == "pactera"))
        firm.logo = save_image(buffer, "logos")
        db.session.commit()
    return app


def snapshot(app) -> dict:
    """Every row of every table (ordered) and every uploaded file's bytes."""
    import os

    with app.app_context():
        with db.engine.connect() as connection:
            rows = {t.name: [dict(r._mapping) for r in connection.execute(t.select().order_by(*t.primary_key))]
                    for t in tables_in_order()}
        root = app.config["UPLOAD_FOLDER"]
        files = {}
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                files[os.path.relpath(path, root)] = open(path, "rb").read()
    return {"rows": rows, "files": files}


@pytest.fixture
def empty_target(request, tmp_path, smtp_server):
    """A second, empty database of the kind asked for, with its own empty upload folder."""
    made = []

    def make(kind: str):
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        else:
            url = request.getfixturevalue("postgres_cluster").create_database("portal_restored")
        target = create_app({**base_config(url, smtp_server), "UPLOAD_FOLDER": str(tmp_path / "uploads-target")})
        made.append(target)
        return target

    yield make
    for target in made:
        with target.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("target_kind", ["sqlite", "postgresql"])
def test_backup_restores_every_row_and_file(filled, empty_target, tmp_path, target_kind):
    archive = tmp_path / "backup.zip"
    started = time.perf_counter()
    result = filled.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    target = empty_target(target_kind)
    restored = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    before, after = snapshot(filled), snapshot(target)
    assert after["rows"] == before["rows"]
    assert after["files"] == before["files"] and after["files"]
    rows = sum(len(v) for v in before["rows"].values())
    print(f"\nbackup round trip to {target_kind}: {rows} rows, {len(before['files'])} files, "
          f"{time.perf_counter() - started:.2f} s")
    # the restored portal works: search was rebuilt and new rows get fresh ids
    client = target.test_client()
    assert 'href="/members/pactera"' in client.get("/members/?q=wshh").get_data(as_text=True)
    assert target.test_cli_runner().invoke(args=["users", "create", "new@example.org", "--role", "visitor"]).exit_code == 0


def test_the_tiers_staff_changed_are_restored_over_the_ones_a_migration_made(app, empty_target, tmp_path):
    """A migrated database holds the founding tiers and industries only: the backup's replace them."""
    from tests.conftest import _migrate

    with app.test_request_context():
        from portal.members import catalogue_changes

        catalogue_changes.add_tier(None, "executive_vp", "常务副会长单位", "Executive VP", 1_500_000, "president")
        catalogue_changes.retire_industry(None, catalogue_changes.get_industry("finance"), True)
        db.session.commit()
    archive = tmp_path / "backup.zip"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    target = empty_target("sqlite")
    _migrate(target)  # someone ran `flask db upgrade` first
    restored = target.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    assert snapshot(target)["rows"] == snapshot(app)["rows"]


def test_a_damaged_archive_is_refused_and_nothing_changes(filled, empty_target, tmp_path):
    archive = tmp_path / "backup.zip"
    filled.test_cli_runner().invoke(args=["backup", str(archive)])
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "tables/firms.jsonl":
                data = data.replace("中电文思海辉".encode(), "被篡改的名字".encode())
            copy.writestr(item, data)
    target = empty_target("sqlite")
    result = target.test_cli_runner().invoke(args=["restore", str(damaged)])
    assert result.exit_code != 0
    assert "damaged" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "uploads-target").exists()
    with target.app_context():
        from sqlalchemy import inspect

        assert "firms" not in inspect(db.engine).get_table_names()


def test_a_newer_schema_is_refused(filled, empty_target, tmp_path):
    archive = tmp_path / "backup.zip"
    filled.test_cli_runner().invoke(args=["backup", str(archive)])
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(newer, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_revision"] = "ffffffff9999"
                data = json.dumps(manifest).encode()
            copy.writestr(item, data)
    result = empty_target("sqlite").test_cli_runner().invoke(args=["restore", str(newer)])
    assert result.exit_code != 0 and "newer" in result.output


def test_restore_refuses_a_database_that_is_not_empty(filled, tmp_path):
    archive = tmp_path / "backup.zip"
    filled.test_cli_runner().invoke(args=["backup", str(archive)])
    result = filled.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code != 0 and "not empty" in result.output


def test_restore_of_something_that_is_not_a_backup_says_so(app, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip")
    result = app.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "not a portal backup" in result.output
    missing = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nope.zip")])
    assert missing.exit_code != 0 and len(missing.output.strip().splitlines()) == 1
