"""The docs page's assets, served by the app itself: the page works offline and loads nothing from
another origin (issue 11).

Swagger UI's files come from the ``flask-swagger-ui`` package, which ships swagger-ui-dist's
``dist`` folder and follows its releases; only its files are used, not its blueprint. The page
(``templates/swagger_ui.html``, which replaces flask-smorest's) has no inline script, so it runs
under the strict Content-Security-Policy of ``app.security_headers``: ``docs_static/swagger-init.js``
starts Swagger UI from the page's data attributes.
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask, send_from_directory

SWAGGER_DIST = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
OWN_ASSETS = Path(__file__).resolve().parent / "docs_static"
ASSETS_URL = "/api/docs/assets/"

blp = Blueprint("docs_assets", __name__, url_prefix=ASSETS_URL.rstrip("/"))


@blp.get("/swagger-init.js")
def swagger_init():
    return send_from_directory(OWN_ASSETS, "swagger-init.js", max_age=3600)


@blp.get("/<path:filename>")
def swagger_file(filename: str):
    """A file of swagger-ui-dist (404 for anything outside it)."""
    return send_from_directory(SWAGGER_DIST, filename, max_age=3600)


def install(app: Flask) -> None:
    app.register_blueprint(blp)
