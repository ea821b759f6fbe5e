"""驻村通 (Zhucun): the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from werkzeug.exceptions import RequestEntityTooLarge

from app import answer_times, openapi
from app.extensions import api, db, limiter, migrate
from config.settings import config_class

BLUEPRINTS = (
    "app.health",
    "app.auth.routes",
    "app.org.routes",
    "app.uploads.routes",
    "app.attendance.routes",
    "app.recall.routes",
    "app.alerts.routes",
    "app.worklog.routes",
    "app.leave.routes",
    "app.checkin.routes",
    "app.duty.routes",
)


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: config (environment, then ``overrides``), extensions, blueprints, errors, CLI."""
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    overrides = dict(overrides or {})
    app.config.from_object(config_class("test" if overrides.get("TESTING") else None))
    app.config.update(overrides)
    _configure_database(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    limiter.init_app(app)
    api.init_app(app, spec_kwargs=openapi.spec_kwargs())  # the document states every constraint enforced
    answer_times.install(app, api)  # times in answers at +08:00 (API.md), documented so
    _import_models()
    from app.fields import CONVERTERS

    app.url_map.converters.update(CONVERTERS)  # ids beyond INTEGER → 404, never a DB overflow; days; years
    for module_name in BLUEPRINTS:
        module = __import__(module_name, fromlist=["blp"])
        api.register_blueprint(module.blp)

    from app.errors import register_error_handlers

    register_error_handlers(app)
    _limit_bodies(app)
    _authenticate_first(app)
    _sqlite_pragmas(app)

    from app.cli import register_cli

    register_cli(app)
    from app.attendance.hooks import connect

    connect()
    logging.basicConfig(level=logging.INFO)
    return app


def _import_models() -> None:
    """Import every models module so SQLAlchemy (and Alembic) know all tables."""
    import app.alerts.models  # noqa: F401
    import app.attendance.models  # noqa: F401
    import app.checkin.models  # noqa: F401
    import app.duty.models  # noqa: F401
    import app.jobstate  # noqa: F401
    import app.leave.models  # noqa: F401
    import app.org.models  # noqa: F401
    import app.recall.models  # noqa: F401
    import app.uploads.models  # noqa: F401
    import app.worklog.missed  # noqa: F401
    import app.worklog.models  # noqa: F401


def _configure_database(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):  # the form some hosting platforms hand out
        uri = "postgresql+psycopg://" + uri.removeprefix("postgres://")
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri.removeprefix("postgresql://")
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        options.setdefault("connect_args", {"timeout": 30})
    else:
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _sqlite_pragmas(app: Flask) -> None:
    """WAL and a busy timeout so several gunicorn workers can share the embedded SQLite file."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def _limit_bodies(app: Flask) -> None:
    """Refuse oversized bodies from their Content-Length, before anything is read or spooled.

    JSON bodies get a tighter limit than uploads (MAX_CONTENT_LENGTH), except bulk imports.
    """

    @app.before_request
    def _body_limit():
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.mimetype == "application/json":
            view = app.view_functions.get(request.endpoint or "")
            if not getattr(getattr(view, "view_class", None), "large_json", False):
                limit = app.config["MAX_JSON_BYTES"]
        request.max_content_length = limit
        if request.content_length is not None and request.content_length > limit:
            raise RequestEntityTooLarge()


#: Endpoints open without a bearer token (API.md: "every endpoint except login and health").
PUBLIC_ENDPOINTS = frozenset({"auth.Login", "health.Health"})


def _authenticate_first(app: Flask) -> None:
    """401 before anything else for a missing, forged or expired token, so an anonymous caller
    learns nothing from validation errors. Only the signature is checked here (no database);
    the views still load the caller and check revocation and role."""

    @app.before_request
    def _bearer_required():
        if request.path.startswith("/api/v1/") and request.endpoint and request.endpoint not in PUBLIC_ENDPOINTS:
            from app.auth.current import token_claims

            token_claims()
