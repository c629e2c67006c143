"""A crash loses nothing that was answered: SIGKILL the server mid-stream of registrations and edits."""
import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from portal import create_app
from tests.conftest import PASSWORD, _migrate, base_config
from tests.ops.servers import Gunicorn, Visitor

REGISTRATION_THREADS, EDITOR_THREADS = 4, 2


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_database(request, tmp_path, smtp_server):
    """A migrated database with an open event and two representatives; yields (url, event id, emails)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database("portal_crash")
    app = create_app(base_config(url, smtp_server))
    _migrate(app)
    from portal.auth.services import create_user
    from portal.database import utcnow
    from portal.events.services import create_event
    from portal.extensions import db
    from portal.members.services import create_firm
    from portal.permissions import Role

    with app.app_context():
        starts = utcnow() + timedelta(days=3)
        event = create_event(None, publish=True, title="压力测试", starts_at=starts, ends_at=starts + timedelta(hours=1),
                             venue="会场", capacity=None)
        reps = []
        for number in range(EDITOR_THREADS):
            firm = create_firm(None, f"crash-{number}", f"崩溃测试企业{number}", "member")
            reps.append(create_user(f"rep{number}@example.org", Role.MEMBER, password=PASSWORD, firm=firm).email)
        db.session.commit()
        event_id = event.id
        db.engine.dispose()
    return request.param, url, event_id, reps


def test_every_answered_request_survives_a_sigkill(crash_database):
    kind, url, event_id, reps = crash_database
    server = Gunicorn(url, workers=2, RATELIMIT_ENABLED="false")
    answered_registrations, last_answered_edit, attempted_edits = [], {}, {}
    stop = threading.Event()
    lock = threading.Lock()

    def register(thread: int) -> None:
        number = 0
        while not stop.is_set():
            visitor, email = Visitor(server.url), f"guest-{thread}-{number}@example.org"
            try:
                status, _ = visitor.submit(f"/events/{event_id}/register",
                                           {"name": "访客", "email": email, "organisation": "测试", "consent": "y"},
                                           page=f"/events/{event_id}")
            except Exception:  # the server died under us: this request was never answered
                return
            if status in (302, 303):
                with lock:
                    answered_registrations.append(email)
            number += 1

    def edit(rep: str) -> None:
        person = Visitor(server.url)
        try:
            person.submit("/auth/login", {"email": rep, "password": PASSWORD})
        except Exception:
            return
        slug = f"crash-{rep[3]}"
        number = 0
        while not stop.is_set():
            summary = f"第 {number} 版"
            attempted_edits.setdefault(rep, []).append(summary)
            try:
                status, _ = person.submit(f"/members/{slug}/edit", {"name": f"崩溃测试企业{rep[3]}", "summary": summary})
            except Exception:
                return
            if status == 302:
                last_answered_edit[rep] = summary
            number += 1

    threads = [threading.Thread(target=register, args=(n,)) for n in range(REGISTRATION_THREADS)]
    threads += [threading.Thread(target=edit, args=(rep,)) for rep in reps]
    for thread in threads:
        thread.start()
    time.sleep(3)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    engine = create_engine(url)
    with engine.connect() as connection:
        stored = set(connection.execute(text(
            "SELECT email FROM event_registrations WHERE event_id = :id"), {"id": event_id}).scalars())
        missing = [email for email in answered_registrations if email not in stored]
        for rep, summary in last_answered_edit.items():
            proposed = connection.execute(text(
                "SELECT r.data FROM profile_revisions r JOIN firms f ON f.id = r.firm_id "
                "WHERE f.slug = :slug AND r.status = 'pending'"), {"slug": f"crash-{rep[3]}"}).scalar()
            data = proposed if isinstance(proposed, dict) else json.loads(proposed)
            later = attempted_edits[rep][attempted_edits[rep].index(summary):]
            assert data["summary"] in later, (rep, summary, data["summary"])
        if kind == "sqlite":
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        else:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = connection.execute(text(
                "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.amname = 'btree' AND c.relkind = 'i' AND n.nspname = 'public'")).scalars().all()
            for oid in indexes:
                connection.execute(text("SELECT bt_index_check(:oid)"), {"oid": oid})
    engine.dispose()
    print(f"\nkill test on {kind}: {len(answered_registrations)} registrations answered, "
          f"{len(answered_registrations) - len(missing)} found; {sum(1 for _ in last_answered_edit)} editors, "
          f"{sum(len(v) for v in attempted_edits.values())} edits sent; integrity ok")
    assert answered_registrations and last_answered_edit
    assert missing == []
