"""Command-line entry points (`flask --app portal …`), gathered from the features."""
from __future__ import annotations


def register_commands(app) -> None:
    from portal.bulletins.commands import bulletins
    from portal.demo import seed_demo
    from portal.events.commands import events
    from portal.mail.commands import mail
    from portal.mailings.commands import mailings
    from portal.memberships.commands import memberships
    from portal.ops.commands import backup, restore
    from portal.privacy.commands import privacy
    from portal.search.commands import search
    from portal.staff.commands import users
    from portal.worker import worker

    for command in (users, mail, seed_demo, search, bulletins, events, backup, restore, privacy, worker,
                    mailings, memberships):
        app.cli.add_command(command)
