"""Non-secret defaults; secrets and machine settings come from instance/ or PORTAL_* variables."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULTS = {
    #: development | testing | production; production is the safe default
    "ENV": "production",
    "SITE_NAME": "大连市数字贸易协会",
    #: Links in emails are built from this, never from the request's Host header.
    "SITE_URL": "http://127.0.0.1:5000",
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "zh",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "LANGUAGES": ["zh", "en"],
    "BOOTSTRAP_SERVE_LOCAL": True,
    "BOOTSTRAP_BTN_STYLE": "primary",
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URL": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 10 minutes",
    #: Wrong guesses at one account from one address; the owner elsewhere is not locked out.
    "LOGIN_LIMIT_PER_ADDRESS_AND_ACCOUNT": "5 per 10 minutes",
    #: A ceiling per account whatever the address: guesses spread over many addresses.
    "LOGIN_LIMIT_PER_ACCOUNT": "50 per hour",
    #: Codes tried per account at the second factor: 20 a day leave a guesser about one chance in
    #: 17,000 a day (three codes are valid at a time, of a million).
    "SECOND_FACTOR_LIMIT": "5 per 10 minutes;20 per day",
    #: How long a login waits for its code after the right password (enrolment included).
    "SECOND_FACTOR_WAIT_SECONDS": 600,
    #: How many reverse proxies stand in front (X-Forwarded-For is trusted that many hops); 0 = none.
    "PROXY_COUNT": 0,
    #: Host names the portal answers to (Flask's TRUSTED_HOSTS); None accepts any.
    "TRUSTED_HOSTS": None,
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_SENDER": "noreply@example.org",
    "MAIL_TIMEOUT": 10,
    #: Print every queued message to the log as well (on in development).
    "MAIL_ECHO": False,
    "MAIL_MAX_ATTEMPTS": 8,
    #: A sender holds a message this long while sending it; a killed sender's claim lapses then.
    "MAIL_CLAIM_SECONDS": 300,
    #: Messages a minute, counted across every sender (SMTP servers throttle bulk senders); 0: no limit.
    "MAIL_RATE": 600,
    #: Where background tasks wait: empty for SQLite in instance/queue.sqlite3, or redis://…
    "QUEUE_URL": "",
    #: Where rendered public pages are kept: empty for each worker's memory (or the queue's Redis
    #: when QUEUE_URL is redis://…), or redis://… (shared by every worker and host).
    "CACHE_URL": "",
    #: How long a rendered public page may be served again (every write that changes it retires it
    #: at once; this bounds what time alone changes); 0 turns the store of pages off.
    "PAGE_CACHE_SECONDS": 60,
    #: The file whose token the workers of one host share to retire stored pages (empty:
    #: instance/page-generation); with a Redis cache the token is in Redis.
    "PAGE_GENERATION_FILE": "",
    #: Pages kept in each worker's memory (about 30 KB each).
    "PAGE_CACHE_ENTRIES": 500,
    #: Answers to directory, API and archive searches kept in each worker's memory (about 16 KB
    #: each): a query asked again within the minute, and unchanged since, is not searched again.
    "SEARCH_CACHE_ENTRIES": 1000,
    #: Responses compressed by the app (Flask-Compress): brotli, then gzip. Behind a proxy that
    #: compresses, PORTAL_COMPRESS_REGISTER=false leaves it to the proxy.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                           "application/json", "application/atom+xml", "text/calendar", "text/xml",
                           "image/svg+xml"],
    #: Run tasks at once, in the caller (tests); the worker then has nothing to consume.
    "QUEUE_IMMEDIATE": False,
    #: Threads of `flask --app portal worker`.
    "WORKER_THREADS": 2,
    #: Werkzeug's scrypt (N=2^15). Tests lower the cost, never production.
    "PASSWORD_HASH_METHOD": "scrypt",
    "PASSWORD_RESET_MAX_AGE": 3600,
    #: Retention (PIPL): unconfirmed guest registrations, and attendee contacts after an event.
    "UNCONFIRMED_RETENTION_DAYS": 7,
    #: Mailings: subscriptions by one address, and how long the confirmation link works.
    "SUBSCRIBE_LIMIT": "5 per 10 minutes",
    "SUBSCRIBE_CONFIRM_HOURS": 72,
    "ATTENDEE_RETENTION_MONTHS": 24,
    "INVITATION_MAX_AGE": 7 * 24 * 3600,
    #: Applications to join (/join): how many one address may send, and the business licence's limits.
    "JOIN_LIMIT": "5 per 10 minutes;20 per day",
    "LICENCE_MAX_BYTES": 10 * 1024 * 1024,
    #: A licence is one page (a scan of the original and its copy, two or three); more is not one.
    "LICENCE_MAX_PAGES": 10,
    #: Retention (PIPL): the licence file is deleted this many days after the application's decision.
    "LICENCE_RETENTION_DAYS": 90,
    #: Limits on reading an uploaded PDF (in a child process): a bulletin has a few dozen pages.
    "PDF_MAX_PAGES": 200,
    #: Bytes all of a PDF's streams may unpack to (a compression bomb stops here).
    "PDF_MAX_UNPACKED": 64 * 1024 * 1024,
    #: Address space of the reading process, in bytes; pdfminer holds every character of a page.
    "PDF_MAX_MEMORY": 512 * 1024 * 1024,
    #: Wall-clock and CPU seconds of one reading.
    "PDF_MAX_SECONDS": 30,
    #: Limits on reading an uploaded Word file (.docx, a zip package), checked from its directory
    #: before a byte is inflated: what all its parts, and its XML parts alone, may unpack to...
    "DOCX_MAX_UNPACKED": 64 * 1024 * 1024,
    "DOCX_MAX_XML": 16 * 1024 * 1024,
    #: ...and its paragraphs and table rows (a bulletin has a few hundred).
    "DOCX_MAX_PARAGRAPHS": 20_000,
    #: The CJK font the printed bulletin (/bulletins/<id>.pdf) embeds, as Debian's fonts-noto-cjk
    #: installs it; where this file is missing, no PDF is made and the log says what to install.
    "BULLETIN_PDF_FONT": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    #: Queue the PDF's making when an issue is published or corrected (else the 10-minute sweep makes it).
    "BULLETIN_PDF_ON_PUBLISH": True,
    #: Membership: "calendar" (every period ends on 31 December) or "anniversary" (twelve months
    #: from the period's start, joining included).
    "MEMBERSHIP_YEAR": "calendar",
    #: In a calendar year, a membership starting in this month or later runs to the end of the
    #: next year, at one year's dues: a firm joining on 2 December is not asked to renew at once.
    #: 13 turns it off (every period ends on the 31 December of the year it starts).
    "MEMBERSHIP_NEXT_YEAR_FROM_MONTH": 12,
    #: A year's dues per tier code, in fen (integer; ¥2,000.00 is 200000). Read once, by the
    #: migration that made the tiers table (n0tiers); since then admins set dues at /staff/tiers/.
    "MEMBERSHIP_DUES_FEN": {"president": 2_000_000, "vice_president": 1_000_000, "council": 500_000,
                            "supervisor": 300_000, "member": 200_000},
    #: Days before a membership's end on which its representatives are reminded ("30,7").
    "MEMBERSHIP_REMINDER_DAYS": "30,7",
    #: Days after its end that a firm stays listed; then `memberships run` marks it lapsed.
    "MEMBERSHIP_GRACE_DAYS": 30,
    #: Where dues are paid, shown on the member's page and in reminders (empty: not shown).
    "MEMBERSHIP_PAYEE": "",
    "MEMBERSHIP_BANK_NAME": "",
    "MEMBERSHIP_BANK_ACCOUNT": "",
    #: Limits on a backup archive's members, checked before a restore writes anything.
    "BACKUP_MAX_MEMBER_BYTES": 2 * 1024 * 1024 * 1024,
    "BACKUP_MAX_TOTAL_BYTES": 16 * 1024 * 1024 * 1024,
    #: Unpacked size over packed size of one member; JSON lines pack about 10:1, a zip bomb 1000:1.
    "BACKUP_MAX_RATIO": 200,
}


def load_config(app, test_config: dict | None) -> None:
    """Fill app.config from defaults, instance/config.py, PORTAL_* variables and test overrides."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PORTAL")
    if test_config:
        app.config.from_mapping(test_config)
    _derive_settings(app)
    _load_secret_key(app)


def server_settings(instance_path: str | Path):
    """Read the settings as create_app does (defaults, instance/config.py, PORTAL_*), for the server's checks."""
    from flask import Config

    config = Config(str(instance_path))
    config.from_mapping(DEFAULTS)
    config.from_pyfile("config.py", silent=True)
    config.from_prefixed_env("PORTAL")
    return config


def unshared_limits(config, workers: int) -> str | None:
    """Say why `workers` server processes must not serve with these settings; None when they may."""
    storage = config.get("RATELIMIT_STORAGE_URL") or "memory://"
    # memory:// lives in each process: N workers let N times as many logins and registrations through.
    if workers > 1 and config["ENV"] == "production" and config["RATELIMIT_ENABLED"] and storage.startswith("memory:"):
        return (f"{workers} workers would each count rate limits alone in memory://: set "
                "PORTAL_RATELIMIT_STORAGE_URL=redis://… (shared by all workers) or PORTAL_WORKERS=1")
    return None


def _derive_settings(app) -> None:
    config = app.config
    instance = Path(app.instance_path)
    default_db = f"sqlite:///{instance / 'portal.sqlite3'}"
    config.setdefault("SQLALCHEMY_DATABASE_URI", config.get("DATABASE_URL") or default_db)
    # The contract names the variable ..._URL; Flask-Limiter reads ..._URI.
    config["RATELIMIT_STORAGE_URI"] = config.get("RATELIMIT_STORAGE_URL") or "memory://"
    queue = config.get("QUEUE_URL") or ""
    config["PAGE_CACHE_URL"] = config.get("CACHE_URL") or (queue if queue.startswith("redis") else "")
    config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    #: Documents for staff eyes only (business licences), apart from the uploads (portal/uploads.py).
    config.setdefault("PRIVATE_FOLDER", str(instance / "private"))
    #: Made PDFs of published bulletins, one file per published version (derived: no backup needed).
    config.setdefault("BULLETIN_PDF_FOLDER", str(instance / "bulletin-pdfs"))
    production = config["ENV"] == "production"
    # Flask's own defaults are False, so these are set outright: Secure everywhere but on a laptop.
    config["SESSION_COOKIE_SECURE"] = production
    config["REMEMBER_COOKIE_SECURE"] = production
    if config["ENV"] == "development":
        config["MAIL_ECHO"] = True


def _load_secret_key(app) -> None:
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.instance_path) / "secret_key"
    if key_file.exists():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
        return
    if app.config["ENV"] == "production":
        raise RuntimeError(
            "No secret key: set PORTAL_SECRET_KEY or write one into instance/secret_key "
            "(python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key)."
        )
    # Development and tests get a fresh key of their own, written once so sessions survive restarts.
    os.makedirs(app.instance_path, exist_ok=True)
    key_file.write_text(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()
