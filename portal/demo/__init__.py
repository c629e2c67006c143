"""`flask --app portal seed-demo`: demo data from the association's own July 2022 bulletin."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal import unit_of_work
from portal.demo.association import DEMO_PASSWORD, seed_accounts, seed_association
from portal.demo.bulletins import add_synthetic_bulletins, seed_bulletin
from portal.demo.firms import seed_firms
from portal.demo.synthetic import add_synthetic_firms
from portal.events.demo import add_synthetic_events, seed_events
from portal.extensions import db
from portal.search.writing import tidy


@click.command("seed-demo")
@click.option("--scale", type=click.IntRange(min=0), default=0,
              help="Also add this many synthetic firms (for benchmarks).")
@with_appcontext
def seed_demo(scale: int) -> None:
    """Load the demo association, firms and accounts; running it again changes nothing."""
    development = current_app.config["ENV"] in ("development", "testing")
    rows = unit_of_work.run(_seed_content, development)
    if scale:
        _seed_scale(scale)
    if development:
        click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, role, _created in rows:
            click.echo(f"  {role:8} {email}")
        click.echo("Staff and admin set up two-step sign-in (an authenticator app) at their first login.")
    else:
        click.echo("Demo data loaded. Set the demo accounts' passwords with 'forgot password'.")


def _seed_content(development: bool) -> list:
    """Add the association, its firms, accounts, the sample bulletin and events (one transaction)."""
    seed_association()
    member_firm = seed_firms()
    rows = seed_accounts(with_password=development, member_firm=member_firm)
    seed_bulletin()
    seed_events()
    return rows


#: Synthetic firms per synthetic event, and per synthetic bulletin: 100,000 firms come with
#: 1,000 events and 100 monthly issues (eight years of the archive).
FIRMS_PER_EVENT, FIRMS_PER_BULLETIN = 100, 1000


def _seed_scale(scale: int) -> None:
    added = unit_of_work.run(add_synthetic_firms, scale)
    click.echo(f"Added {added} synthetic firms.")
    # At least one of each, so that any --scale adds what the contract names.
    events_added = unit_of_work.run(add_synthetic_events, max(1, scale // FIRMS_PER_EVENT))
    click.echo(f"Added {events_added} synthetic events.")
    bulletins_added = unit_of_work.run(add_synthetic_bulletins, max(1, scale // FIRMS_PER_BULLETIN))
    click.echo(f"Added {bulletins_added} synthetic bulletins.")
    unit_of_work.run(tidy)  # measure the new rows and merge the index, as after any bulk load
    if db.session.get_bind().dialect.name == "postgresql":
        # The firms and their industries came in bulk too. Until autovacuum measures them
        # the planner goes by their size before the load: an industry filter took 0.7 s.
        unit_of_work.run(db.session.execute, db.text("ANALYZE"))
