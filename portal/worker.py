"""`flask --app portal worker`: consume the task queue and run the periodic tasks."""
from __future__ import annotations

import importlib

import click
from flask import current_app

from portal import queue
from portal.mail.tasks import catch_up
from portal.memberships.tasks import catch_up as catch_up_memberships

#: Modules that declare tasks; the worker imports them so Huey knows every task by name.
TASK_MODULES = ("portal.mail.tasks", "portal.events.tasks", "portal.privacy.tasks", "portal.bulletins.tasks",
                "portal.bulletins.print_tasks",
                "portal.memberships.tasks", "portal.mailings.tasks")


@click.command("worker")
@click.option("--threads", type=int, default=None, help="Worker threads (default: WORKER_THREADS).")
def worker(threads: int | None) -> None:
    """Run the background worker: mail delivery, mailings, seat holds, reminders, retention purges, membership runs."""
    for name in TASK_MODULES:
        importlib.import_module(name)
    if queue.huey.immediate:
        raise click.ClickException("QUEUE_IMMEDIATE is on: tasks run where they are queued, not here")
    threads = threads or int(current_app.config["WORKER_THREADS"])
    if threads < 1:
        raise click.ClickException("--threads must be at least 1")
    # Huey takes a task off the queue as it starts it, so one a killed worker was running is gone;
    # the outbox still knows every message it left unsent, and these sweeps deliver them.
    catch_up()
    # A worker down for days has reminders and lapses to catch up on; the daily run may be hours off.
    catch_up_memberships()
    queue.run_worker(threads)
