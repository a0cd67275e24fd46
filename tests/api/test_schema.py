"""The OpenAPI schema describes every path, field, enumeration and error response, and
Swagger UI is served from our own static files (no CDN)."""

import pytest
from django.contrib.staticfiles import finders

from klachtwijs.api.gate import ACTION_NAMES
from klachtwijs.api.serializers.feedback import API_ACTIONS
from klachtwijs.feedback.models import Kind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def test_every_resource_and_action_is_in_the_schema(schema):
    paths = set(schema["paths"])
    expected = {
        "/api/v1/klantreacties/",
        "/api/v1/klantreacties/{id}/",
        "/api/v1/klantreacties/{id}/timeline/",
        "/api/v1/klantreacties/{id}/measures/",
        "/api/v1/klantreacties/{id}/escalations/",
        "/api/v1/situations/",
        "/api/v1/locations/",
        "/api/v1/regions/",
        "/api/v1/services/",
        "/api/v1/categories/",
        "/api/v1/figures/{year}/",
        "/api/v1/public/klantreacties/",
    }
    expected |= {f"/api/v1/klantreacties/{{id}}/{action}/" for action in API_ACTIONS}
    assert expected <= paths


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        if path.startswith("/api/v1/klantreacties/{id}/") and method == "post":
            want = {"400", "401", "403", "404"}
            if path.rstrip("/").rsplit("/", 1)[-1] in API_ACTIONS:
                want |= {"200", "409"}
            else:
                want.add("201")
        elif path == "/api/v1/public/klantreacties/":
            want = {"201", "200", "400", "429"}
        elif path.startswith("/api/v1/klantreacties") or path.startswith("/api/v1/figures"):
            want = {"401", "403"}
        else:
            want = {"404"}
        assert want <= codes, (method, path, codes)
        for code, response in operation["responses"].items():
            if code.startswith(("4", "5")):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.rsplit("/", 1)[-1] in {"Error", "ValidationError"}, (path, code)


def test_error_bodies_and_enumerations_are_described(schema):
    components = schema["components"]["schemas"]
    assert set(components["ValidationError"]["required"]) == {"code", "detail", "fields"}
    codes = components["ErrorCodeEnum"]["enum"]
    assert {"illegal_transition", "not_found", "throttled", "invalid"} <= set(codes)
    assert "idempotency_key_reused" in codes
    assert components["StatusEnum"]["enum"] == [s.value for s in Status]
    assert components["KindEnum"]["enum"] == [k.value for k in Kind]
    detail = components["FeedbackDetail"]["properties"]
    action_enum = detail["allowed_actions"]["items"]["$ref"].rsplit("/", 1)[-1]
    # Every action the core may offer (the web page's list), of which the API's endpoints.
    assert components[action_enum]["enum"] == ACTION_NAMES
    # `escalation_end` is the core's `escalation` (the end of a running one).
    assert set(API_ACTIONS) - {"escalation_end"} <= set(ACTION_NAMES)


def test_every_field_has_a_type(schema):
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert {"type", "$ref", "allOf", "oneOf", "enum"} & set(spec), (name, field)


def test_schema_knows_the_token_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["apiToken"]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "description": "Een API-sleutel die de beheerder heeft aangemaakt.",
    }


def test_swagger_ui_uses_vendored_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "cdn." not in page
    for name in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]:
        assert f"/static/api/swagger-ui/{name}" in page
        assert finders.find(f"api/swagger-ui/{name}")
    assert "<style>" not in page  # the site's CSP allows no inline style or script
    assert "<script>" not in page
    for name in ["page.css", "labels.js"]:  # ours: contrast and names (issue 18)
        assert f"/static/api/swagger-ui/{name}" in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"/api/schema/" in script.content
    # No deep links: their link inside every operation's button nests controls (axe).
    assert b'"deepLinking": false' in script.content
