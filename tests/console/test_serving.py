"""The console is served at /console/ from the built assets: history-mode routes get index.html
(never cached), hashed assets are cached for a year and sent gzipped, all under the strict CSP."""

from __future__ import annotations

import gzip

import pytest

from app import create_app
from app.security_headers import content_security_policy
from tests.helpers import assert_error

SCRIPT = b"console.log('the console');" * 40


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>驻村通管理后台</title>", encoding="utf-8")
    (root / "assets" / "index-abc123.js").write_bytes(SCRIPT)
    (root / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(SCRIPT))
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    return root


@pytest.fixture
def console(dist, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.db'}",
                      "CONSOLE_DIST": str(dist)})
    return app.test_client()


def test_index_is_served_uncached_under_the_strict_csp(console):
    response = console.get("/console/")
    assert response.status_code == 200 and "驻村通管理后台" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-cache"
    csp = response.headers["Content-Security-Policy"]
    assert csp == content_security_policy(console.application.config["CONTENT_SECURITY_POLICY"])
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/console/approvals", "/console/cadres/12", "/console/login", "/console/scan"])
def test_history_mode_routes_fall_back_to_index(console, path):
    response = console.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "驻村通管理后台" in response.get_data(as_text=True)


def test_console_without_a_slash_redirects(console):
    response = console.get("/console")
    assert response.status_code in (301, 308) and response.headers["Location"].endswith("/console/")


def fetch(console, path: str, **kwargs):
    """The answer, read and closed (a file answer holds the file open until then)."""
    with console.get(path, **kwargs) as response:
        response.get_data()
        return response


def test_hashed_assets_are_immutable_and_gzipped_for_who_takes_gzip(console):
    zipped = fetch(console, "/console/assets/index-abc123.js", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.data) == SCRIPT
    assert zipped.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert zipped.mimetype == "text/javascript" and "Accept-Encoding" in zipped.headers["Vary"]
    plain = fetch(console, "/console/assets/index-abc123.js")
    assert plain.data == SCRIPT and "Content-Encoding" not in plain.headers


def test_a_missing_asset_is_404_not_the_index(console):
    assert_error(console.get("/console/assets/nowhere.js"), 404, "NOT_FOUND")


def test_other_files_of_the_build_are_served(console):
    assert fetch(console, "/console/robots.txt").get_data(as_text=True).startswith("User-agent")


def test_no_path_leaves_the_build(console):
    response = console.get("/console/..%2f..%2fconfig/settings.py")
    assert b"SECRET_KEY" not in response.data


def test_an_unbuilt_console_says_how_to_build_it(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.db'}",
                      "CONSOLE_DIST": str(tmp_path / "nothing")})
    response = app.test_client().get("/console/")
    assert response.status_code == 503 and "bin/setup" in response.get_data(as_text=True)
