"""`flask --app portal search …`"""
import click
from flask.cli import AppGroup

from portal import unit_of_work
from portal.search.writing import rebuild_kind, registered_sources, tidy

search = AppGroup("search", help="The search index.")


@search.command("reindex")
@click.option("--kind", "kinds", multiple=True, help="Only this kind (repeatable); default: every kind.")
def reindex_command(kinds: tuple[str, ...]) -> None:
    """Rebuild the index of each registered kind from its source, in one transaction."""
    sources = registered_sources()
    unknown = sorted(set(kinds) - set(sources))
    if unknown:
        raise click.ClickException(f"no search source for: {', '.join(unknown)}")
    unit_of_work.run(_rebuild, kinds or sorted(sources), sources)
    unit_of_work.run(tidy)  # its own unit: it measures what the rebuild committed


def _rebuild(kinds, sources) -> None:
    for kind in kinds:
        count = rebuild_kind(kind, sources[kind]())
        click.echo(f"{kind}: {count} documents")
