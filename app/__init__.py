"""驻村通 (Zhucun): the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    answer_times,
    console,
    docs_assets,
    openapi,
    ratelimit_storage,  # noqa: F401  (registers the "database://" storage before the limiter)
    security_headers,
)
from app.error_handlers import register_error_handlers
from app.extensions import api, db, limiter, migrate
from app.fields import CONVERTERS
from app.safe_text import refuse_unsafe_text
from config.policy import overridden
from config.settings import check_production, config_class

# The imports inside the functions below are about load cost, not cycles: this module runs on every
# import of any ``app.*`` module (a pure rule's unit test, the scheduler, a benchmark), which must not
# load every table, endpoint and command of the application. The factory loads them when it builds one.


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: config (environment, then ``overrides``), extensions, blueprints, errors, CLI."""
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    overrides = dict(overrides or {})
    app.config.from_object(config_class("test" if overrides.get("TESTING") else None))
    app.config.update(overrides)
    check_production(app.config)  # a production start without its secrets stops here (issue 11)
    overridden(app.config.get("POLICY_OVERRIDES") or {})  # a bad POLICY_OVERRIDES stops the start, not a request
    _configure_database(app)
    _trust_proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    limiter.init_app(app)
    api.init_app(app, spec_kwargs=openapi.spec_kwargs())  # the document states every constraint enforced
    answer_times.install(app, api)  # times in answers at +08:00 (API.md), documented so
    _import_models()
    app.url_map.converters.update(CONVERTERS)  # ids beyond INTEGER → 404, never a DB overflow; days; years
    for blueprint in _blueprints():
        api.register_blueprint(blueprint)
    app.register_blueprint(console.bp)  # the web console's built assets, outside the API document
    register_error_handlers(app)
    security_headers.install(app)
    docs_assets.install(app)
    _limit_bodies(app)
    _authenticate_first(app)
    _safe_path_values(app)
    _sqlite_pragmas(app)

    from app import receivers
    from app.cli import register_cli

    register_cli(app)
    receivers.connect()
    logging.basicConfig(level=logging.INFO)
    return app


def _blueprints() -> tuple:
    """Every package's HTTP edge (``routes.py``), which nothing but the factory imports."""
    from app import health
    from app.alerts import routes as alerts
    from app.assessment import routes as assessment
    from app.attendance import routes as attendance
    from app.auth import routes as auth
    from app.auth import web_session_routes as web_sessions
    from app.boards import routes as boards
    from app.calendar import routes as calendar
    from app.checkin import routes as checkin
    from app.corrections import routes as corrections
    from app.duty import routes as duty
    from app.leave import routes as leave
    from app.org import routes as org
    from app.oversight import routes as oversight
    from app.recall import routes as recall
    from app.reports import routes as reports
    from app.uploads import routes as uploads
    from app.worklog import routes as worklog

    return (health.blp, auth.blp, web_sessions.blp, org.blp, uploads.blp, attendance.blp, recall.blp, alerts.blp,
            worklog.blp, leave.blp, corrections.blp, checkin.blp, duty.blp, calendar.blp, boards.blp,
            assessment.blp, oversight.blp, reports.blp)


def _import_models() -> None:
    """Import every models module so SQLAlchemy (and Alembic) know all tables."""
    import app.alerts.models  # noqa: F401
    import app.attendance.models  # noqa: F401
    import app.auth.models  # noqa: F401
    import app.boards.models  # noqa: F401
    import app.calendar.models  # noqa: F401
    import app.checkin.models  # noqa: F401
    import app.corrections.models  # noqa: F401
    import app.duty.models  # noqa: F401
    import app.jobstate  # noqa: F401
    import app.leave.models  # noqa: F401
    import app.org.models  # noqa: F401
    import app.oversight.models  # noqa: F401
    import app.ratelimit_storage  # noqa: F401
    import app.recall.grades  # noqa: F401
    import app.recall.models  # noqa: F401
    import app.reports.models  # noqa: F401
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
    options["hide_parameters"] = True  # no statement parameters (coordinates, openids) in any error or log
    if uri.startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        options.setdefault("connect_args", {"timeout": 30})
    else:
        options.setdefault("pool_pre_ping", True)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _trust_proxies(app: Flask) -> None:
    """Honour X-Forwarded-For/-Proto from exactly ``TRUSTED_PROXIES`` proxies (0: never), so a
    client behind no proxy cannot choose the address its rate limit is counted under."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


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
PUBLIC_ENDPOINTS = frozenset({"auth.Login", "health.Health", "web_sessions.WebSessionStart",
                              "web_sessions.WebSessionPoll"})


def _authenticate_first(app: Flask) -> None:
    """401 before anything else for a missing, forged or expired token, so an anonymous caller
    learns nothing from validation errors. Only the signature is checked here (no database);
    the views still load the caller and check revocation and role."""
    from app.auth.current import token_claims

    @app.before_request
    def _bearer_required():
        if request.path.startswith("/api/v1/") and request.endpoint and request.endpoint not in PUBLIC_ENDPOINTS:
            token_claims()


def _safe_path_values(app: Flask) -> None:
    """A NUL or a lone surrogate in a path segment (``/auth/web-sessions/{nonce}``) is 400 like in any
    other input (app/safe_text.py), not a lookup that happens to find nothing."""

    @app.before_request
    def _path_text():
        if request.view_args:
            refuse_unsafe_text(request.view_args, "path")
