"""`flask --app portal bulletins …`"""
from __future__ import annotations

import os
import re

import click
from flask.cli import AppGroup

from portal.bulletins import services
from portal.bulletins.importer import BulletinImportError, import_bulletin
from portal.bulletins.states import BulletinAudience
from portal.unit_of_work import transactional

bulletins = AppGroup("bulletins", help="The bulletin archive.")


def _period(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", value)
    if not match:
        raise click.ClickException(f"--period must look like 2022-07, not {value!r}")
    return int(match.group(1)), int(match.group(2))


@bulletins.command("import")
@click.argument("path")
@click.option("--period", default=None, help="YYYY-MM, when the file does not say.")
@click.option("--title", default=None)
@click.option("--members-only", is_flag=True, help="Only members may read it.")
@click.option("--publish", is_flag=True, help="Publish at once, accepting the parser's links.")
@transactional
def import_command(path: str, period: str | None, title: str | None, members_only: bool, publish: bool) -> None:
    """Import a bulletin from its Word file (.docx), PDF or extracted text (.txt); print the new bulletin's id."""
    parsed_period = _period(period)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from None
    try:
        bulletin = import_bulletin(None, os.path.basename(path), data, period=parsed_period, title=title,
                                   audience=BulletinAudience.MEMBERS if members_only else BulletinAudience.PUBLIC)
        if publish:
            services.publish(None, bulletin)
    except (BulletinImportError, services.BulletinError) as error:
        raise click.ClickException(str(error)) from None
    for warning in bulletin.warnings:
        click.echo(f"check: {warning}", err=True)
    click.echo(bulletin.id)
