"""The factory, health, OpenAPI document, error envelope and the policy table."""

from __future__ import annotations

import dataclasses

from app import create_app
from config.policy import DEFAULT_POLICY, describe
from tests.helpers import assert_error


def test_factory_applies_overrides(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                      "WECHAT_APPID": "wx-override"})
    assert app.testing and app.config["WECHAT_APPID"] == "wx-override"


def test_factory_without_overrides_is_not_testing():
    assert not create_app().testing


def test_health_reports_database(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok" and response.get_json()["db"] == "ok"


def test_openapi_document_lists_every_endpoint(client):
    spec = client.get("/api/openapi.json").get_json()
    paths = set(spec["paths"])
    for path in ("/api/v1/health", "/api/v1/auth/login", "/api/v1/me", "/api/v1/villages", "/api/v1/people",
                 "/api/v1/admin/org-import", "/api/v1/admin/composition"):
        assert path in paths
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["paths"]["/api/v1/auth/login"]["post"]["security"] == []


def test_docs_page_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200 and b"swagger" in response.data.lower()


def test_unknown_route_answers_envelope_404(client):
    assert_error(client.get("/api/v1/nowhere"), 404, "NOT_FOUND")


def test_wrong_method_answers_envelope_405(client):
    assert_error(client.delete("/api/v1/health"), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_answers_400(org):
    response = org.as_("admin").post("/admin/org-import", data="{not json", content_type="application/json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_malformed_json_on_schema_endpoint_answers_400(client):
    response = client.post("/api/v1/auth/login", data="{nope", content_type="application/json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_oversized_json_body_answers_413(client):
    body = '{"code": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/auth/login", data=body, content_type="application/json")
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_policy_every_parameter_names_its_rule():
    rows = describe()
    assert len(rows) == len(dataclasses.fields(DEFAULT_POLICY))
    for row in rows:
        assert row["rule"].split("-")[0] in {"ORG", "ATT", "CHK", "LOG", "LV", "DUTY", "RECALL", "ASSESS",
                                             "REPORT", "INSPECT", "VISIT", "PAY", "VIEW"}, row


def test_policy_overrides_come_from_config(tmp_path):
    from app.policy import current_policy

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
                      "POLICY_OVERRIDES": {"max_accuracy_m": 50.0}})
    with app.app_context():
        assert current_policy().max_accuracy_m == 50.0
    assert DEFAULT_POLICY.max_accuracy_m == 200.0


def test_org2_anonymous_callers_get_401_before_any_validation(client):
    """A request without a valid token learns nothing from how its body would have been judged."""
    assert_error(client.post("/api/v1/checkins", json={"lat": "nonsense"}), 401, "TOKEN_INVALID")
    assert_error(client.get("/api/v1/people?limit=100000"), 401, "TOKEN_INVALID")
    assert_error(client.put("/api/v1/logs/not-a-date", json={}, headers={"Authorization": "Bearer forged"}),
                 401, "TOKEN_INVALID")
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
