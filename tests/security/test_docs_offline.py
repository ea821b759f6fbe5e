"""Issue 11 (12): the docs page works offline: every asset it names is served by the app."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("src", "href"):
            if attributes.get(name):
                self.urls.append(attributes[name])
        if tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1


def _fetch(client, path: str) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET (files are streamed: the answer is closed after reading)."""
    with client.get(path) as answer:
        return answer.status_code, dict(answer.headers), answer.get_data()


def test_issue11_docs_page_loads_every_asset_from_the_app(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    parser = _Assets()
    parser.feed(page.get_data(as_text=True))
    assert parser.inline_scripts == 0  # the CSP allows no inline script
    assert len(parser.urls) >= 3  # a stylesheet, the Swagger UI bundle and the script that starts it
    for url in parser.urls:
        parts = urlsplit(urljoin("http://localhost/api/docs", url))
        assert parts.netloc == "localhost", f"{url} is loaded from another origin"
        status, headers, data = _fetch(client, parts.path)
        assert status == 200 and data, url
        assert headers["X-Content-Type-Options"] == "nosniff"
    init = _fetch(client, "/api/docs/assets/swagger-init.js")[2].decode()
    assert "validatorUrl: null" in init  # Swagger UI's validator badge would call validator.swagger.io
    spec_url = page.get_data(as_text=True).split('data-spec-url="')[1].split('"')[0]
    assert _fetch(client, spec_url)[0] == 200


def test_issue11_docs_assets_serve_only_swagger_files(client):
    assert _fetch(client, "/api/docs/assets/../../../config/settings.py")[0] == 404
    assert _fetch(client, "/api/docs/assets/no-such-file.js")[0] == 404
