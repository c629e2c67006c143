"""The home page, languages, security headers and error pages."""
import pytest

from portal.demo import seed_association
from portal.extensions import db


@pytest.fixture
def association(app):
    with app.app_context():
        seed_association()
        db.session.commit()


def test_visitor_sees_the_association_in_chinese_by_default(client, association):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "大连市数字贸易协会" in page
    assert "登录" in page
    assert page.count("<main") == 1


def test_visitor_switches_to_english_and_the_choice_is_remembered(client, association):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Dalian Digital Trade Association" in page
    assert "Log in" in page
    again = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in again
    back = client.get("/?lang=zh").get_data(as_text=True)
    assert '<html lang="zh-CN">' in back


def test_unknown_language_falls_back_to_chinese(client):
    assert '<html lang="zh-CN">' in client.get("/?lang=xx").get_data(as_text=True)


def test_every_page_carries_security_headers(client):
    for path in ("/", "/auth/login", "/no-such-page", "/api/v1/openapi.json"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client, login_as):
    staff = login_as("staff")
    for page in (client.get("/").get_data(as_text=True), staff.get("/staff/").get_data(as_text=True)):
        assert "<script>" not in page
        assert "style=" not in page


def test_assets_are_served_from_this_site(client):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    assert client.get("/static/css/bootstrap.min.css").status_code == 200
    assert client.get("/static/css/portal.css").status_code == 200


def test_hsts_only_outside_development(app_config):
    from portal import create_app

    testing = create_app(app_config).test_client().get("/")
    assert "Strict-Transport-Security" not in testing.headers
    production = create_app({**app_config, "ENV": "production"}).test_client().get("/")
    assert production.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_for_logged_in_people_are_not_cached(client, login_as):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    assert login_as("member").get("/").headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("lang, words", [("zh", "页面不存在"), ("en", "Page not found")])
def test_missing_page_is_friendly_in_both_languages(client, lang, words):
    response = client.get(f"/no-such-page?lang={lang}")
    assert response.status_code == 404
    assert words in response.get_data(as_text=True)


@pytest.mark.parametrize("lang, words", [("zh", "您无权访问此页面"), ("en", "You may not open this page")])
def test_forbidden_page_is_friendly_in_both_languages(login_as, lang, words):
    response = login_as("member").get(f"/staff/?lang={lang}")
    assert response.status_code == 403
    assert words in response.get_data(as_text=True)


def test_a_crash_shows_a_friendly_page_not_a_traceback(app, client, caplog):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "服务器出现问题" in body
    assert "secret internals" not in body and "Traceback" not in body
    assert "secret internals" in caplog.text  # but the server log has it


def test_healthz_tells_a_load_balancer_whether_the_database_answers(client, app_config, tmp_path):
    ok = client.get("/healthz")
    assert ok.status_code == 200 and ok.json == {"status": "ok", "database": "ok"}
    from portal import create_app

    broken = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.sqlite3"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/"), client.get("/")
    assert len(first.headers["X-Request-ID"]) == 32 and first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    kept = client.get("/", headers={"X-Request-ID": "proxy-abc-12345"})
    assert kept.headers["X-Request-ID"] == "proxy-abc-12345"
    forged = client.get("/", headers={"X-Request-ID": "bad id <script> INFO forged"})
    assert forged.headers["X-Request-ID"] != "bad id <script> INFO forged"
