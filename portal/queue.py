"""The task queue (Huey): SQLite in instance/ by default, Redis when PORTAL_QUEUE_URL names one.

Tasks are declared at import time on the one `huey` object, as Huey wants; where the queue lives is
decided in init_app from the configuration, so nothing reads settings at import time. Every task
runs inside the application's context and as one unit of work.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from flask import Flask, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from portal import unit_of_work

log = logging.getLogger(__name__)

# The storage given here is a placeholder until init_app: MemoryStorage needs no settings.
huey = Huey("portal", results=False, storage_class=MemoryStorage)

#: The application tasks run in, set by init_app (the worker process has exactly one).
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at the configured storage; tests run tasks at once, in-process."""
    global _app
    _app = app
    huey.immediate = bool(app.config["QUEUE_IMMEDIATE"])
    if not huey.immediate:
        huey.storage = storage_for(app)


def storage_for(app: Flask):
    """Return the storage that PORTAL_QUEUE_URL names (redis://…, or a SQLite file)."""
    url = app.config.get("QUEUE_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage("portal", url=url)
    path = url.removeprefix("sqlite:///") if url else str(Path(app.instance_path) / "queue.sqlite3")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # fsync: a task that was enqueued survives a power cut as the data that caused it does.
    return SqliteStorage("portal", filename=path, fsync=True)


def _in_app_context(func: Callable) -> Callable:
    @wraps(func)
    def run(*args, **kwargs):
        if has_app_context():  # immediate mode: already inside the request or command
            return unit_of_work.run(func, *args, **kwargs)
        if _app is None:
            raise RuntimeError("the task queue has no application: call portal.queue.init_app")
        with _app.app_context():
            return unit_of_work.run(func, *args, **kwargs)

    return run


def task(**options) -> Callable:
    """Declare a background task: run in the app's context, one unit of work, retried by Huey."""

    def decorator(func: Callable):
        return huey.task(name=f"{func.__module__}.{func.__name__}", **options)(_in_app_context(func))

    return decorator


def periodic_task(schedule, **options) -> Callable:
    """Declare a task the worker runs on `schedule` (a Huey crontab)."""

    def decorator(func: Callable):
        return huey.periodic_task(schedule, name=f"{func.__module__}.{func.__name__}",
                                  **options)(_in_app_context(func))

    return decorator


def enqueue(task_wrapper, *args, **kwargs) -> None:
    """Queue a task; if the queue cannot take it, say so and go on (periodic sweeps catch up)."""
    try:
        task_wrapper(*args, **kwargs)
    except Exception:  # a queue that is down must never undo a committed answer
        log.exception("Could not queue %s", getattr(task_wrapper, "name", task_wrapper))


def run_worker(workers: int = 2) -> None:
    """Consume the queue and run the periodic tasks until stopped (SIGINT or SIGTERM)."""
    if huey.immediate:
        raise RuntimeError("the worker has nothing to consume in immediate mode")
    log.info("Worker consuming %s with %s threads", type(huey.storage).__name__, workers)
    consumer = huey.create_consumer(workers=workers, periodic=True, worker_type="thread",
                                    check_worker_health=True)
    consumer.run()

