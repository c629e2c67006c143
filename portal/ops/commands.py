"""`flask --app portal backup PATH` and `restore PATH`."""
from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from portal.ops.archive import ArchiveError


@click.command("backup")
@click.argument("path")
@with_appcontext
def backup(path: str) -> None:
    """Write a consistent copy of all data and uploads to PATH (a .zip)."""
    from portal.ops.backup import write_backup

    started = time.perf_counter()
    try:
        manifest = write_backup(path)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror}") from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"backed up {rows} rows in {len(manifest['tables'])} tables and {len(manifest['files'])} files "
               f"in {time.perf_counter() - started:.1f} s")
    click.echo(path)


@click.command("restore")
@click.argument("path")
@with_appcontext
def restore(path: str) -> None:
    """Restore PATH into this (empty) database and upload folder."""
    from portal.ops.restore import restore_backup

    started = time.perf_counter()
    try:
        manifest = restore_backup(path)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"restored {rows} rows and {len(manifest['files'])} files in {time.perf_counter() - started:.1f} s")
