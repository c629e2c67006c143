"""`make bench`, pdf: making the sample issue's printable PDF, and serving it once made (SQLite).

In this process: a fresh database, the sample issue (July 2022) imported and published as the demo
does (publishing makes its PDF at once: the queue runs tasks in-process here). That first making
is timed apart (it loads WeasyPrint and the fonts); then the PDF is made again 5 times (the
worker's steady state: the file is removed first) and served 50 times from its file through the
test client, as an anonymous reader asks for /bulletins/<id>.pdf. Figures: median and maximum.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

from tests.bench.load import percentile

MAKES, SERVES = 5, 50
#: The printing issue's goals on this machine.
MAKE_TARGET_S, SERVE_TARGET_MS = 3.0, 20.0


def run(folder: str, flask_command: list[str], environment: dict, root: Path) -> None:
    url = f"sqlite:///{folder}/pdf.sqlite3"
    env = {**environment, "PORTAL_DATABASE_URL": url}
    subprocess.run([*flask_command, "db", "upgrade"], env=env, check=True, cwd=root, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    from portal import create_app, unit_of_work
    from portal.bulletins import print_cache
    from portal.bulletins.print_tasks import make_now
    from portal.demo.bulletins import seed_bulletin
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "QUEUE_IMMEDIATE": True,
                      "BULLETIN_PDF_FOLDER": f"{folder}/bulletin-pdfs", "SITE_URL": "https://portal.example.org"})
    with app.test_request_context():
        started = time.perf_counter()
        bulletin_id = unit_of_work.run(lambda: seed_bulletin().id)
        first = time.perf_counter() - started
        makes = []
        for _ in range(MAKES):
            print_cache.discard(bulletin_id)
            started = time.perf_counter()
            path = make_now(bulletin_id)
            makes.append(time.perf_counter() - started)
        if path is None:
            print("pdf        | no PDF made: see the log for the package to install")
            return
        size = path.stat().st_size
    client = app.test_client()
    serves = []
    for _ in range(SERVES + 5):
        started = time.perf_counter()
        response = client.get(f"/bulletins/{bulletin_id}.pdf")
        response.get_data()
        serves.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    serves = serves[5:]  # the first requests warm the templates and connections
    with app.app_context():
        db.engine.dispose()
    make = statistics.median(makes)
    serve = statistics.median(serves)
    print(f"pdf        sample issue | make: first {first:.2f} s (import, publish and make), then median "
          f"{make:.2f} s, max {max(makes):.2f} s (goal <= {MAKE_TARGET_S:.0f} s) | {size / 1024:.0f} KiB | "
          f"serve cached: median {serve:.1f} ms, p95 {percentile(serves, 0.95):.1f} ms "
          f"(goal <= {SERVE_TARGET_MS:.0f} ms)", flush=True)
