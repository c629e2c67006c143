"""Fixtures: an app on each database, a real SMTP server, clients that log in like people do."""
from __future__ import annotations

import re
import shutil
import threading
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db
from tests.services import Mailbox, PostgresCluster, free_port, postgres_bindir, require

BACKENDS = ["sqlite", "postgresql"]
PASSWORD = "correct horse battery"
SECOND_FACTOR = "/auth/second-factor"


def _migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        # Closing every connection checkpoints SQLite's WAL into the file, which tests then copy.
        db.engine.dispose()


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    smtp_server.handler.clear()
    return smtp_server.handler


@pytest.fixture(scope="session")
def postgres_cluster():
    bindir = postgres_bindir()
    if bindir is None:
        require("PostgreSQL binaries not found (apt-get install postgresql)")
    cluster = PostgresCluster(bindir)
    cluster.start()
    yield cluster
    cluster.stop()


def base_config(database_url: str, smtp_server) -> dict:
    return {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "tests-only-not-a-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SITE_URL": "https://portal.example.org",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "RATELIMIT_STORAGE_URI": "memory://",
        # Hashing at full cost would make every made-up account take a tenth of a second.
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        # Tasks run in-process as soon as they are queued; tests of the worker itself turn this off.
        "QUEUE_IMMEDIATE": True,
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory, smtp_server):
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    _migrate(create_app(base_config(f"sqlite:///{path}", smtp_server)))
    return path


#: The rows the migrations put in each table (the founding tiers and industries), per database URL.
_MIGRATED_ROWS: dict[str, dict[str, list[dict]]] = {}


@pytest.fixture(scope="session")
def postgres_database(postgres_cluster, smtp_server):
    url = postgres_cluster.create_database("portal_test")
    _migrate(create_app(base_config(url, smtp_server)))
    _MIGRATED_ROWS[url] = _rows_of_migrated_tables(url)
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "portal.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_database")
    yield url
    _truncate_all(url)


def _rows_of_migrated_tables(url: str) -> dict[str, list[dict]]:
    """Return the rows each table holds straight after migrating (without ids, in id order)."""
    from sqlalchemy import create_engine, func, select

    engine = create_engine(url)
    with engine.connect() as conn:
        found = {}
        for table in db.metadata.sorted_tables:
            if conn.execute(select(func.count()).select_from(table)).scalar():
                rows = conn.execute(table.select().order_by(*table.primary_key.columns)).mappings()
                found[table.name] = [{k: v for k, v in row.items() if k != "id"} for row in rows]
    engine.dispose()
    return found


def _truncate_all(url: str) -> None:
    """Empty every table, then put back what the migrations filled: each test starts from a migrated database."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [t.name for t in db.metadata.sorted_tables]
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        for name, rows in _MIGRATED_ROWS.get(url, {}).items():
            conn.execute(db.metadata.tables[name].insert(), rows)
    engine.dispose()


@pytest.fixture
def app_config(database_url, smtp_server, tmp_path) -> dict:
    """Settings for the app under test; a test may change them before asking for `app`."""
    # Documents for staff only (business licences) go to this test's own folder, never instance/.
    # Made bulletin PDFs too: a test's issue 1 must not find the file another test's issue 1 left.
    return {**base_config(database_url, smtp_server), "PRIVATE_FOLDER": str(tmp_path / "private"),
            "BULLETIN_PDF_FOLDER": str(tmp_path / "bulletin-pdfs"),
            # Each test's own: a write in another pytest worker must not retire this test's pages.
            "PAGE_GENERATION_FILE": str(tmp_path / "page-generation"),
            # Each publish would render a PDF (a second of CPU) in hundreds of tests that never read
            # it; tests/bulletins/test_printing.py turns it on.
            "BULLETIN_PDF_ON_PUBLISH": False}


# pytest-flask's autouse fixtures are replaced by these no-ops: theirs build `app` before a test's
# own fixtures can adjust its settings, and hold one context that every request would then share.
@pytest.fixture(autouse=True)
def _push_request_context():
    pass


@pytest.fixture(autouse=True)
def _configure_application():
    pass


@pytest.fixture(autouse=True)
def _monkeypatch_response_class():
    pass


@pytest.fixture
def app(app_config):
    """The application, with no context pushed: Flask would share one across every request."""
    app = create_app(app_config)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def clock():
    """Move the site's one clock (portal.database.utcnow): `clock.move(days=31)`; put back after the test."""
    from datetime import timedelta

    import portal.database

    class Clock:
        @staticmethod
        def move(**delta) -> None:
            portal.database.move_clock(timedelta(**delta))

        @staticmethod
        def now():
            return portal.database.utcnow()

    yield Clock()
    portal.database.reset_clock()


@pytest.fixture
def make_firm(app):
    """Return a factory of firms; each is returned as a plain record."""
    from portal.members.services import create_firm

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, tier: str = "member", slug: str | None = None, **profile):
        number = next(counter)
        with app.app_context():
            firm = create_firm(None, slug or f"firm-{number}", name or f"测试企业{number}有限公司", tier, **profile)
            db.session.commit()
            return SimpleNamespace(id=firm.id, slug=firm.slug, name=firm.name, tier=firm.tier)

    return make


@pytest.fixture
def make_user(app, make_firm):
    """Return a factory of accounts with a known password; each is returned as a plain record.

    A member account gets a firm of its own unless one is given (`firm=` a make_firm record).
    Staff and admin accounts come enrolled in the second factor (`two_factor=False`: not yet),
    other accounts not (`two_factor=True`: enrolled); the record carries the `totp_secret`.
    """
    import pyotp

    from portal.auth.models import User
    from portal.auth.services import create_user
    from portal.database import utcnow
    from portal.permissions import Role

    counter = iter(range(1, 10_000))

    def make(role: str = "member", email: str | None = None, password: str | None = PASSWORD,
             firm=None, two_factor: bool | None = None, **fields):
        email = email or f"{role}{next(counter)}@example.org"
        if role == "member" and firm is None:
            firm = make_firm()
        if two_factor is None:
            two_factor = role in ("staff", "admin")
        with app.app_context():
            from portal.members.models import Firm

            firm_row = db.session.get(Firm, firm.id) if firm is not None else None
            user = create_user(email, Role(role), password=password, firm=firm_row, **fields)
            if two_factor:
                user.totp_secret, user.totp_enrolled_at = pyotp.random_base32(), utcnow()
            db.session.commit()
            user = db.session.get(User, user.id)
            return SimpleNamespace(id=user.id, email=user.email, role=user.role, name=user.name,
                                   firm_id=user.firm_id, firm_slug=firm.slug if firm else None,
                                   totp_secret=user.totp_secret)

    return make


def second_factor_code(app, email: str) -> str | None:
    """Return the code the account's phone would show now and the site has not yet taken; None if not enrolled."""
    import pyotp

    from portal.auth.services import find_user
    from portal.database import utcnow

    with app.app_context():
        user = find_user(email)
        if user is None or user.totp_secret is None:
            return None
        totp, now = pyotp.TOTP(user.totp_secret), utcnow()
        step = totp.timecode(now)
        # A code works once; the site also takes the codes of the steps either side of now. The one
        # before is used only well inside a step, so that the site's clock cannot pass it by.
        steps = [step - 1, step, step + 1] if now.timestamp() % totp.interval < totp.interval - 5 else [step, step + 1]
        unused = [s for s in steps if user.totp_last_step is None or s > user.totp_last_step]
        assert unused, f"{email} logged in three times within 30 seconds: move the clock on (portal.database.utcnow)"
        return totp.generate_otp(unused[0])


def pass_second_factor(client, email: str, response, csrf: bool = True):
    """After the password, give the code a phone would show, if the login asks for one."""
    if response.status_code != 302 or urlsplit(response.headers["Location"]).path != SECOND_FACTOR:
        return response
    code = second_factor_code(client.application, email)
    if code is None:  # not enrolled: the test enrols itself
        return response
    data = {"code": code}
    if csrf:
        data["csrf_token"] = csrf_from(client.get(SECOND_FACTOR).get_data(as_text=True))
    return client.post(SECOND_FACTOR, data=data)


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def csrf_from(html: str) -> str:
    field = CSRF_INPUT.search(html)
    assert field, "page has no CSRF token"
    return re.search(r'value="([^"]+)"', field.group(0)).group(1)


class Browserish:
    """A test client that fills forms as a person does: open the page, then post with its token."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def submit(self, url: str, data: dict, page: str | None = None, **kwargs):
        """Post `data` to `url` with the CSRF token of the form page (default: the same url)."""
        html = self.client.get(page or url).get_data(as_text=True)
        return self.client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)

    def login(self, email: str, password: str = PASSWORD, next: str | None = None, remember: bool = False,
              **kwargs):
        """Log in with the password, and with the second factor where the account has one."""
        url = "/auth/login" if next is None else f"/auth/login?next={next}"
        data = {"email": email, "password": password, **({"remember": "y"} if remember else {})}
        response = self.submit(url, data, **kwargs)
        return pass_second_factor(self.client, email, response)

    def enrol(self):
        """Set up the second factor on the page a login sent us to; return the answer and the secret."""
        import pyotp

        html = self.client.get(SECOND_FACTOR).get_data(as_text=True)
        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', html).group(1)
        response = self.client.post(SECOND_FACTOR, data={"csrf_token": csrf_from(html),
                                                         "code": pyotp.TOTP(secret).now()})
        return response, secret

    def logout(self):
        html = self.client.get("/").get_data(as_text=True)
        return self.client.post("/auth/logout", data={"csrf_token": csrf_from(html)})


@pytest.fixture
def client(app):
    return Browserish(app.test_client())


@pytest.fixture
def statements(app, client):
    """Return a function: how many SQL statements a visitor's GET of a path runs (it must be a 200)."""
    from sqlalchemy import event

    from portal.extensions import db

    def run(path: str, **query) -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path, query_string=query or None).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    return run


@pytest.fixture
def login_as(app, make_user):
    """Return a function giving a logged-in client for a new account of a role (None: anonymous)."""

    def login(role: str | None):
        person = Browserish(app.test_client())
        if role is not None:
            user = make_user(role)
            response = person.login(user.email)
            assert response.status_code == 302, response.get_data(as_text=True)
            person.user = user
        return person

    return login


@pytest.fixture
def live_server(app):
    """Serve the app over HTTP on loopback from a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
