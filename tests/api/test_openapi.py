"""The OpenAPI document is generated from the schemas the API validates and answers with."""


def parameters(document, path: str) -> dict:
    return {p["name"]: p for p in document["paths"][path]["get"].get("parameters", [])}


def test_openapi_document_describes_the_api(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/api/v1"}]
    assert {"/members", "/members/{slug}", "/events", "/events/{id}", "/bulletins", "/bulletins/{id}",
            "/openapi.json"} <= set(document["paths"])


def test_the_document_states_the_bounds_the_api_enforces(client):
    document = client.get("/api/v1/openapi.json").json
    members = parameters(document, "/members")
    assert members["page"]["schema"]["minimum"] == 1 and members["page"]["schema"]["maximum"] == 10_000
    assert members["per_page"]["schema"]["minimum"] == 1 and "clamped to 100" in members["per_page"]["description"]
    assert members["q"]["schema"]["maxLength"] == 100
    assert members["tier"]["schema"]["enum"] == ["president", "vice_president", "council", "supervisor", "member"]
    assert parameters(document, "/events")["when"]["schema"]["enum"] == ["upcoming", "past"]
    assert parameters(document, "/bulletins")["page"]["schema"]["maximum"] == 10_000
    assert document["paths"]["/events/{id}"]["parameters"][0]["schema"]["maximum"] == 2**31 - 1


def test_every_error_answer_is_documented_in_the_contracts_shape(client):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    assert schemas["Error"]["required"] == ["error"]
    assert schemas["Error"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert sorted(schemas["ErrorBody"]["required"]) == ["code", "message"]
    for name, response in document["components"]["responses"].items():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, name
    assert "429" in document["paths"]["/members"]["get"]["responses"]
    assert "400" in document["paths"]["/bulletins"]["get"]["responses"]


def test_the_document_names_every_member_field(client):
    member = client.get("/api/v1/openapi.json").json["components"]["schemas"]["MemberDetail"]
    assert set(member["required"]) == {"slug", "name", "name_en", "tier", "website", "summary", "url",
                                       "intro", "industries"}
