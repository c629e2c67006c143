"""Every bound the OpenAPI document states is the bound the server keeps: at it answers, past it refuses."""
import pytest

from portal import create_app
from portal.extensions import db


def _bounded_parameters():
    app = create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():  # the document lists the tier codes of the tiers table (empty here)
        db.create_all()
    document = app.test_client().get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for parameter in operations.get("parameters", []) + operations["get"].get("parameters", []):
            schema = parameter["schema"]
            for bound, inside, outside in (("maxLength", lambda n: "数" * n, lambda n: "数" * (n + 1)),
                                           ("maximum", str, lambda n: str(n + 1)),
                                           ("minimum", str, lambda n: str(n - 1))):
                if bound in schema:
                    yield (path, parameter["in"], parameter["name"], inside(schema[bound]), outside(schema[bound]))


BOUNDED = list(_bounded_parameters())


def test_the_document_bounds_what_people_type():
    assert {(path, name) for path, _where, name, *_ in BOUNDED} >= {
        ("/members", "q"), ("/members", "page"), ("/members", "per_page"), ("/bulletins", "q"),
        ("/bulletins", "page"), ("/events/{id}", "id"), ("/bulletins/{id}", "id")}


@pytest.mark.parametrize(("path", "where", "name", "inside", "outside"), BOUNDED)
def test_the_server_keeps_the_bound_the_document_states(client, path, where, name, inside, outside):
    def ask(value):
        if where == "path":
            return client.get("/api/v1" + path.replace("{" + name + "}", value))
        return client.get("/api/v1" + path, query_string={name: value})

    assert ask(inside).status_code in (200, 404)  # 404: no event or issue has that id
    refused = ask(outside)
    assert refused.status_code == (404 if where == "path" else 400)
    assert set(refused.json["error"]) == {"code", "message"}
