"""Several gunicorn workers on PostgreSQL share one login limit through Redis."""
import pytest

from portal import create_app
from tests.conftest import _migrate, base_config
from tests.ops.servers import Gunicorn, Redis, Visitor


@pytest.fixture
def redis():
    server = Redis()
    yield server
    server.stop()


def test_login_limit_is_shared_by_all_workers(postgres_cluster, smtp_server, redis):
    url = postgres_cluster.create_database("portal_workers")
    app = create_app(base_config(url, smtp_server))
    _migrate(app)
    assert app.test_cli_runner().invoke(args=["users", "create", "target@example.org", "--role", "visitor"]).exit_code == 0
    server = Gunicorn(url, workers=3, RATELIMIT_STORAGE_URL=redis.url, LOGIN_LIMIT_PER_ACCOUNT="5 per hour",
                      LOGIN_LIMIT_PER_ADDRESS="100 per hour")
    try:
        statuses = []
        for _ in range(9):  # new clients, new connections: spread over the workers
            status, _html = Visitor(server.url).submit("/auth/login", {"email": "target@example.org",
                                                                       "password": "wrong guess"})
            statuses.append(status)
        assert statuses[:5] == [200] * 5
        assert statuses[5:] == [429] * 4
    finally:
        server.stop()
