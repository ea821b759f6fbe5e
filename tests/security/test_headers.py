"""Issue 11 (8): security headers on every answer; no Server banner, gunicorn's included."""

from __future__ import annotations

import requests

from app import create_app
from app.extensions import db
from tests.security.gunicorn import gunicorn, server_env


def test_issue11_api_answers_with_personal_data_or_a_token_are_never_stored(org):
    answers = [org.as_("m1a").get("/me"), org.as_("admin").get("/people"),
               org.as_(None).post("/auth/login", json={"code": "code-oid-m1a", "invite_code": org.invite_codes["m1a"]}),
               org.as_(None).get("/me")]  # an error answer too
    assert [a.status_code for a in answers] == [200, 200, 200, 401]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "Server" not in answer.headers


def test_issue11_html_pages_get_a_strict_csp_and_cannot_be_framed(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    policy = dict(part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-eval" not in page.headers["Content-Security-Policy"]
    assert "http" not in page.headers["Content-Security-Policy"]  # no other origin
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_issue11_csp_is_configured_in_one_place(app, client):
    spec = client.get("/api/openapi.json")  # not a page: a policy that allows nothing
    assert spec.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    console = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "CONTENT_SECURITY_POLICY": {"default-src": "'self'", "img-src": "'self' data:"}})
    page = console.test_client().get("/api/docs")
    assert page.headers["Content-Security-Policy"] == "default-src 'self'; img-src 'self' data:"
    with console.app_context():
        db.engine.dispose()


def test_issue11_gunicorn_sends_no_server_banner(app, wechat, tmp_path):
    with gunicorn(server_env(app, wechat), tmp_path / "gunicorn.log") as url:
        health = requests.get(f"{url}/api/v1/health", timeout=10)
        docs = requests.get(f"{url}/api/docs", timeout=10)
    for answer in (health, docs):
        assert "Server" not in answer.headers, answer.headers
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert health.headers["Cache-Control"] == "no-store"
