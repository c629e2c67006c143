"""A hostile or oversized backup is refused before anything is written: the database stays empty, a retry works."""
import json
import shutil
import stat
import zipfile

import pytest
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db
from portal.ops.archive import sha256
from tests.conftest import base_config


@pytest.fixture(scope="session")
def good_backup(tmp_path_factory, sqlite_template, smtp_server):
    """A backup of the demo data (with the sample bulletin's original among the uploads)."""
    folder = tmp_path_factory.mktemp("good-backup")
    shutil.copy(sqlite_template, folder / "source.sqlite3")
    source = create_app({**base_config(f"sqlite:///{folder / 'source.sqlite3'}", smtp_server),
                         "UPLOAD_FOLDER": str(folder / "uploads")})
    assert source.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    result = source.test_cli_runner().invoke(args=["backup", str(folder / "good.zip")])
    assert result.exit_code == 0, result.output
    with source.app_context():
        db.engine.dispose()
    return folder / "good.zip"


def doctored(good, path, extra: list[tuple[zipfile.ZipInfo | str, bytes, str | None]], declared: dict | None = None):
    """Copy `good` to `path`, adding members (listed in the manifest under the given upload name)."""
    with zipfile.ZipFile(good) as source:
        manifest = json.loads(source.read("manifest.json"))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as copy:
            # The extra members go between the tables and the manifest, after every row, as a backup orders them.
            for item in source.infolist():
                if item.filename != "manifest.json":
                    copy.writestr(item, source.read(item.filename))
            for member, data, listed_as in extra:
                copy.writestr(member, data)
                if listed_as is not None:
                    manifest["files"][listed_as] = sha256(data)
            copy.writestr("manifest.json", json.dumps(manifest))
            for name, size in (declared or {}).items():
                copy.getinfo(name).file_size = size  # the central directory, written on close, says so
    return path


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def hostile(kind: str, good, tmp_path):
    path = tmp_path / f"{kind}.zip"
    if kind == "traversal":
        return doctored(good, path, [("uploads/../../escaped.txt", b"x", "../../escaped.txt")])
    if kind == "absolute":
        outside = str(tmp_path / "absolute.txt")
        return doctored(good, path, [(outside, b"x", None), (f"uploads/{outside}", b"x", outside)])
    if kind == "symlink":
        return doctored(good, path, [(symlink("uploads/logos/link.png"), b"/etc/passwd", "logos/link.png")])
    if kind == "oversized":  # declares 300 MB; the target allows 100 MB a member
        return doctored(good, path, [("uploads/big.bin", b"small", "big.bin")],
                        declared={"uploads/big.bin": 300 * 1024 * 1024})
    if kind == "packed":  # 4 MB of zeros pack to a few kilobytes, far past any backup's ratio
        return doctored(good, path, [("uploads/zeros.bin", bytes(4 * 1024 * 1024), "zeros.bin")])
    if kind == "unlisted":
        return doctored(good, path, [("uploads/stowaway.txt", b"x", None)])
    raise AssertionError(kind)


REASONS = {"traversal": "unsafe name", "absolute": "unsafe name", "symlink": "symbolic link",
           "oversized": "more than the limit", "packed": "packed more than", "unlisted": "not in its manifest"}


@pytest.fixture
def empty_target(request, tmp_path, smtp_server):
    """An empty database of the kind asked for, with its own (absent) upload folder and low member limits."""
    made = []

    def make(kind: str):
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        else:
            url = request.getfixturevalue("postgres_cluster").create_database("portal_restored")
        target = create_app({**base_config(url, smtp_server), "UPLOAD_FOLDER": str(tmp_path / "target" / "uploads"),
                             "BACKUP_MAX_MEMBER_BYTES": 100 * 1024 * 1024})
        made.append(target)
        return target

    yield make
    for target in made:
        with target.app_context():
            db.engine.dispose()


def rows_restored(target) -> int:
    with target.app_context():
        if "firms" not in inspect(db.engine).get_table_names():
            return 0
        with db.engine.connect() as connection:
            return connection.execute(db.text("SELECT COUNT(*) FROM firms")).scalar()


@pytest.mark.parametrize("target_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("kind", sorted(REASONS))
def test_a_hostile_backup_leaves_nothing_behind_and_a_retry_with_a_good_one_restores(
        good_backup, empty_target, tmp_path, kind, target_kind):
    target = empty_target(target_kind)
    refused = target.test_cli_runner().invoke(args=["restore", str(hostile(kind, good_backup, tmp_path))])
    assert refused.exit_code != 0
    assert len(refused.output.strip().splitlines()) == 1 and REASONS[kind] in refused.output, refused.output
    assert rows_restored(target) == 0
    assert not (tmp_path / "target").exists() or not any((tmp_path / "target").iterdir())  # nor a staging folder
    assert not (tmp_path.parent / "escaped.txt").exists() and not (tmp_path / "absolute.txt").exists()
    retried = target.test_cli_runner().invoke(args=["restore", str(good_backup)])
    assert retried.exit_code == 0, retried.output
    assert rows_restored(target) > 0 and any((tmp_path / "target" / "uploads").rglob("*.txt"))


def test_a_backup_past_the_total_limit_is_refused(good_backup, empty_target, tmp_path):
    target = empty_target("sqlite")
    target.config["BACKUP_MAX_TOTAL_BYTES"] = 1000
    refused = target.test_cli_runner().invoke(args=["restore", str(good_backup)])
    assert refused.exit_code != 0 and "more than 1000 bytes" in refused.output
    assert rows_restored(target) == 0
