"""The console (管理后台): the built Vue app (``web/dist``, made by ``bin/setup``) served at ``/console/``.

History-mode routes fall back to ``index.html`` (never cached, so a new build is picked up at once);
hashed assets under ``assets/`` are cached for a year and sent precompressed (``.gz`` written by the
build) to clients that accept gzip. The console is built for the strict policy every HTML page of the
app gets (``app/security_headers.py``, ``CONTENT_SECURITY_POLICY``): no inline script, no eval,
nothing from another origin.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Response, current_app, request, send_file
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

bp = Blueprint("console", __name__, url_prefix="/console")

IMMUTABLE = "public, max-age=31536000, immutable"
NOT_BUILT = ("<!doctype html><meta charset=utf-8><title>管理后台尚未构建</title>"
             "<p>管理后台尚未构建：请运行 <code>bin/setup</code>（需要 Node 20）。"
             "<p>The console is not built yet: run <code>bin/setup</code> (needs Node 20).")


def _dist() -> Path:
    return Path(current_app.config["CONSOLE_DIST"])


@bp.route("/", defaults={"path": ""})
@bp.route("/<path:path>")
def page(path: str) -> Response:
    """An asset of the build, or ``index.html`` for any route of the app (history mode)."""
    if path.startswith("assets/"):
        return _asset(path)
    found = safe_join(str(_dist()), path) if path else None
    if found and path != "index.html" and Path(found).is_file():
        return send_file(found, max_age=3600)
    return _index()


def _index() -> Response:
    index = _dist() / "index.html"
    if not index.is_file():
        return Response(NOT_BUILT, 503, mimetype="text/html")
    response = Response(index.read_bytes(), mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _asset(path: str) -> Response:
    """A hashed file: immutable, and its ``.gz`` twin when the client takes gzip."""
    found = safe_join(str(_dist()), path)
    if not found or not Path(found).is_file():
        raise NotFound()
    mimetype = mimetypes.guess_type(found)[0] or "application/octet-stream"
    compressed = Path(found + ".gz")
    if compressed.is_file() and "gzip" in request.headers.get("Accept-Encoding", ""):
        response = send_file(compressed, mimetype=mimetype, conditional=True, etag=True)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = send_file(found, mimetype=mimetype, conditional=True, etag=True)
    response.headers["Cache-Control"] = IMMUTABLE
    response.vary.add("Accept-Encoding")
    return response
