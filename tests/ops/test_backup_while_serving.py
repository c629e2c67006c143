"""A backup taken while registrations stream in restores to a consistent state."""
import threading
import time
from datetime import timedelta

from sqlalchemy import create_engine, text

from portal import create_app
from tests.conftest import _migrate, base_config
from tests.ops.servers import Gunicorn, Visitor


def test_backup_during_a_rush_of_registrations_restores_consistently(postgres_cluster, smtp_server, tmp_path):
    source_url = postgres_cluster.create_database("portal_live")
    source = create_app({**base_config(source_url, smtp_server), "UPLOAD_FOLDER": str(tmp_path / "up")})
    _migrate(source)
    from portal.database import utcnow
    from portal.events.services import create_event
    from portal.extensions import db

    with source.app_context():
        starts = utcnow() + timedelta(days=3)
        event_id = create_event(None, publish=True, title="备份测试", starts_at=starts, venue="会场",
                                ends_at=starts + timedelta(hours=1), capacity=20).id
        db.session.commit()
        db.engine.dispose()
    server = Gunicorn(source_url, workers=2, RATELIMIT_ENABLED="false")
    stop = threading.Event()

    def stream(thread: int) -> None:
        number = 0
        while not stop.is_set():
            Visitor(server.url).submit(f"/events/{event_id}/register", {
                "name": "访客", "email": f"live-{thread}-{number}@example.org", "consent": "y"},
                page=f"/events/{event_id}")
            number += 1

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    try:
        # Take the backup once the event is full and people are queueing, while more keep coming.
        live = create_engine(source_url)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with live.connect() as connection:
                if connection.execute(text("SELECT count(*) FROM event_registrations")).scalar() >= 25:
                    break
            time.sleep(0.2)
        live.dispose()
        archive = tmp_path / "live.zip"
        result = source.test_cli_runner().invoke(args=["backup", str(archive)])
        assert result.exit_code == 0, result.output
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        server.stop()
    target_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    target = create_app({**base_config(target_url, smtp_server), "UPLOAD_FOLDER": str(tmp_path / "restored-up")})
    assert target.test_cli_runner().invoke(args=["restore", str(archive)]).exit_code == 0
    engine = create_engine(target_url)
    with engine.connect() as connection:
        seats = connection.execute(text("SELECT seats_taken, capacity FROM events WHERE id = :id"),
                                   {"id": event_id}).one()
        holding = connection.execute(text(
            "SELECT count(*) FROM event_registrations WHERE event_id = :id "
            "AND status IN ('pending', 'approval', 'confirmed')"), {"id": event_id}).scalar()
        positions = connection.execute(text(
            "SELECT waitlist_position FROM event_registrations WHERE event_id = :id AND status = 'waiting' "
            "ORDER BY waitlist_position"), {"id": event_id}).scalars().all()
        registrations = connection.execute(text("SELECT count(*) FROM event_registrations")).scalar()
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
    print(f"\nbackup while serving: {registrations} registrations in the backup, seats {seats[0]}/{seats[1]}, "
          f"{len(positions)} waiting")
    assert registrations > 0
    assert seats[0] == holding <= seats[1]  # the counter and the rows come from one moment
    assert positions == list(range(1, len(positions) + 1))
