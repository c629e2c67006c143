"""A request, a command or a task commits once; reads never write; hooks run only after a commit."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from portal import unit_of_work
from portal.extensions import db
from portal.mail.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[1]


def outbox_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage))


def add_message() -> None:
    db.session.add(OutboxMessage(recipient="a@example.org", subject="s", text_body="t", html_body="h"))
    db.session.flush()


@pytest.fixture
def routed_app(app_config):
    """The app with three extra routes, each given its unit of work as every view is."""
    from portal import create_app

    app_config["WTF_CSRF_ENABLED"] = False
    app = create_app(app_config)
    app.hooks_run = []

    def writes():
        add_message()
        unit_of_work.after_commit(lambda: app.hooks_run.append("committed"))
        unit_of_work.on_rollback(lambda: app.hooks_run.append("undone"))
        return "written"

    def fails():
        writes()
        raise ValueError("a fault after the write")

    app.add_url_rule("/t/writes", "t_writes", unit_of_work.request_unit(writes), methods=["GET", "POST"])
    app.add_url_rule("/t/fails", "t_fails", unit_of_work.request_unit(fails), methods=["POST"])
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_post_commits_its_writes_and_then_runs_what_waited_for_the_commit(routed_app):
    response = routed_app.test_client().post("/t/writes")
    assert response.status_code == 200
    assert outbox_count(routed_app) == 1
    assert routed_app.hooks_run == ["committed"]


def test_a_post_that_fails_keeps_no_row_runs_no_hook_and_undoes_what_it_did_outside_the_database(routed_app):
    response = routed_app.test_client().post("/t/fails")
    assert response.status_code == 500
    assert outbox_count(routed_app) == 0
    assert routed_app.hooks_run == ["undone"]


def test_a_get_that_would_write_is_refused_and_rolled_back(routed_app):
    response = routed_app.test_client().get("/t/writes")
    assert response.status_code == 500
    assert outbox_count(routed_app) == 0
    assert routed_app.hooks_run == ["undone"]


def test_what_a_commit_kept_is_never_undone_by_a_later_rollback(app):
    undone = []
    with app.app_context():
        def action():
            add_message()
            unit_of_work.on_rollback(lambda: undone.append("first"))

        unit_of_work.run(action)
        db.session.rollback()
    assert undone == [] and outbox_count(app) == 1


def test_a_conflict_runs_the_whole_unit_again_and_commits_once(app, monkeypatch):
    monkeypatch.setattr(unit_of_work.time, "sleep", lambda seconds: None)
    attempts = []

    def action():
        attempts.append(1)
        add_message()
        if len(attempts) == 1:
            raise OperationalError("UPDATE events", {}, sqlite3.OperationalError("database is locked"))

    with app.app_context():
        unit_of_work.run(action)
    assert len(attempts) == 2
    assert outbox_count(app) == 1  # the first attempt's row was rolled back with it


def test_a_fault_that_is_no_conflict_is_not_retried(app):
    attempts = []

    def action():
        attempts.append(1)
        add_message()
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nowhere"))

    with app.app_context(), pytest.raises(OperationalError):
        unit_of_work.run(action)
    assert len(attempts) == 1
    assert outbox_count(app) == 0


def test_nothing_but_the_unit_of_work_commits():
    # Views, services, commands and tasks go through portal/unit_of_work.py; migrations are Alembic's.
    offenders = []
    for path in sorted((ROOT / "portal").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "portal/unit_of_work.py" or relative.startswith("portal/migrations/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.commit\(\)", line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
