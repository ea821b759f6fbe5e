"""Deployment settings, read from the environment (policy numbers live in ``config/policy.py``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"


#: The published development secret: what ``bin/serve`` and the tests run on, refused in production.
DEV_SECRET_KEY = "dev-only-secret-change-me"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class BaseConfig:
    ENVIRONMENT = "dev"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'zhucun.sqlite3'}")
    # Statement parameters (coordinates, openids, invite hashes) never appear in SQLAlchemy's errors
    # and so never in a log line (app/__init__.py sets hide_parameters on every engine).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Request bodies: the largest legitimate one is a 5 MB photo plus multipart framing.
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    MAX_JSON_BYTES = 1024 * 1024
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024

    # WeChat mini-program (API.md "WeChat calls the server makes").
    WECHAT_APPID = os.environ.get("WECHAT_APPID", "")
    WECHAT_SECRET = os.environ.get("WECHAT_SECRET", "")
    WECHAT_API_BASE = os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com")
    WECHAT_TIMEOUT_S = float(os.environ.get("WECHAT_TIMEOUT_S", "5"))

    # stable_token is refreshed this long before it expires.
    WECHAT_TOKEN_REFRESH_MARGIN_S = _env_int("WECHAT_TOKEN_REFRESH_MARGIN_S", 300)
    # Subscribe messages (ALERT-2), per alert kind: {"leave_pending": {"template_id": "…", "page":
    # "pages/alerts/index", "fields": {"thing1": "title", "name2": "subject", "time3": "created_at"}}}.
    # Field sources: title, body, subject (its name), created_at, rule, kind, payload.<key>, or "=literal".
    # A kind without a template is not pushed to WeChat (it is still in the inbox).
    WECHAT_SUBSCRIBE_TEMPLATES: dict = json.loads(os.environ.get("WECHAT_SUBSCRIBE_TEMPLATES") or "{}")
    WECHAT_SUBSCRIBE_PAGE = os.environ.get("WECHAT_SUBSCRIBE_PAGE", "pages/alerts/index")
    WECHAT_MINIPROGRAM_STATE = os.environ.get("WECHAT_MINIPROGRAM_STATE", "formal")

    # Alert delivery (ALERT-1): the generic JSON webhook (https, or http to loopback; none when empty).
    ALERT_WEBHOOK_URL = os.environ.get("ALERT_WEBHOOK_URL") or None
    ALERT_HTTP_TIMEOUT_S = float(os.environ.get("ALERT_HTTP_TIMEOUT_S", "5"))
    # Retries: exponential backoff with jitter from BASE doubling to CAP; FAILED after MAX_ATTEMPTS.
    ALERT_RETRY_BASE_S = _env_int("ALERT_RETRY_BASE_S", 30)
    ALERT_RETRY_CAP_S = _env_int("ALERT_RETRY_CAP_S", 3600)
    ALERT_MAX_ATTEMPTS = _env_int("ALERT_MAX_ATTEMPTS", 12)
    # A dispatcher claims a batch for LEASE seconds; rows it never finished are claimed again after.
    ALERT_CLAIM_LEASE_S = _env_int("ALERT_CLAIM_LEASE_S", 300)
    ALERT_DISPATCH_BATCH = _env_int("ALERT_DISPATCH_BATCH", 20)
    # The day close writes its alerts in bulk (app.alerts.service.emit_many); off = one ``emit`` per
    # event, the reference path (same rows, tested), kept for comparison and as a fallback.
    ALERT_BULK_EMIT = os.environ.get("ALERT_BULK_EMIT", "1") != "0"
    ALERT_DISPATCH_MAX_BATCHES = _env_int("ALERT_DISPATCH_MAX_BATCHES", 50)
    # WeCom group robots accept 20 messages a minute each; more wait for the next minute.
    WECOM_ROBOT_PER_MINUTE = _env_int("WECOM_ROBOT_PER_MINUTE", 20)
    WECOM_MARKDOWN_MAX_BYTES = 4096

    TOKEN_TTL_HOURS = _env_int("TOKEN_TTL_HOURS", 24 * 7)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Console sign-in (API.md /auth/web-sessions): a QR code's nonce lives 2 minutes (the browser may
    # still collect its token for a short grace after a late confirm); a link printed by
    # ``flask console-link`` 10 minutes; a console session lasts a working day unless signed out.
    WEB_SESSION_NONCE_TTL_S = _env_int("WEB_SESSION_NONCE_TTL_S", 120)
    WEB_SESSION_COLLECT_GRACE_S = _env_int("WEB_SESSION_COLLECT_GRACE_S", 30)
    CONSOLE_LINK_TTL_S = _env_int("CONSOLE_LINK_TTL_S", 600)
    CONSOLE_SESSION_HOURS = _env_int("CONSOLE_SESSION_HOURS", 12)
    WEB_SESSION_RATE_LIMIT = os.environ.get("WEB_SESSION_RATE_LIMIT", "30 per minute")
    # The built console (web/dist, made by bin/setup) and the address its printed links point to.
    CONSOLE_DIST = os.environ.get("CONSOLE_DIST", str(ROOT / "web" / "dist"))
    CONSOLE_BASE_URL = os.environ.get("CONSOLE_BASE_URL", "http://127.0.0.1:8000")
    # Limits hold across every worker: "database://" counts in the app's own database
    # (app/ratelimit_storage.py); "redis://host:6379/0" counts in Redis.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "zhucun")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # the limit degrades to per-worker if its store is down
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto (werkzeug ProxyFix).
    # 0: the headers are ignored and the client is the peer address, so nobody can pick their own.
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)

    # Security headers (app/security_headers.py). The Content-Security-Policy of HTML pages (the docs
    # page, the console at /console/): this origin only, no inline script, no eval. Inline styles
    # (Element Plus, Swagger UI) and data:/blob: images (ECharts, Swagger UI) are allowed.
    CONTENT_SECURITY_POLICY: dict = {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:", "font-src": "'self'", "connect-src": "'self'",
        "object-src": "'none'", "base-uri": "'none'", "form-action": "'self'", "frame-ancestors": "'none'",
    }

    # OpenAPI (flask-smorest): spec at /api/openapi.json, interactive docs at /api/docs.
    API_TITLE = "驻村通 Zhucun API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/"  # served by the app (app/docs_assets.py), never a CDN
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
        "info": {"description": "Backend of the 驻村通 mini-program. See ../shared/API.md."},
    }
    JSON_SORT_KEYS = False

    # Policy parameters: ``config.policy.Policy`` fields to override for this deployment, as JSON:
    # {"no_show_digest_time": "09:30", "leave_cumulative_recall_over": 20} (times "HH:MM", tuples as lists).
    POLICY_OVERRIDES: dict = json.loads(os.environ.get("POLICY_OVERRIDES") or "{}")


class DevConfig(BaseConfig):
    DEBUG = False


class TestConfig(BaseConfig):
    ENVIRONMENT = "test"
    TESTING = True
    SECRET_KEY = "test-secret"
    WECHAT_APPID = "wx-test-app"
    WECHAT_SECRET = "test-secret"
    WECHAT_TIMEOUT_S = 2.0
    WECHAT_SUBSCRIBE_TEMPLATES: dict = {}
    ALERT_WEBHOOK_URL = None
    ALERT_HTTP_TIMEOUT_S = 1.0
    LOGIN_RATE_LIMIT = "5 per minute"


class ProdConfig(BaseConfig):
    ENVIRONMENT = "prod"


class ConfigurationError(RuntimeError):
    """The deployment's settings are unsafe to run with; the message says what to set."""


def production_problems(config: dict) -> list[str]:
    """What stops a production start (issue 11): a missing or published SECRET_KEY would let anyone
    sign a city-admin token; an appid without its secret makes every login fail."""
    problems = []
    if not str(config.get("SECRET_KEY") or "").strip() or config.get("SECRET_KEY") == DEV_SECRET_KEY:
        problems.append("SECRET_KEY is not set (or is the published development value): set it to a long "
                        "random string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'")
    if config.get("WECHAT_APPID") and not config.get("WECHAT_SECRET"):
        problems.append("WECHAT_APPID is set but WECHAT_SECRET is not: set the mini-program's AppSecret")
    return problems


def check_production(config: dict) -> None:
    """Raise ``ConfigurationError`` in production when ``production_problems`` finds any."""
    if config.get("ENVIRONMENT") != "prod":
        return
    problems = production_problems(config)
    if problems:
        raise ConfigurationError("refusing to start with ZHUCUN_ENV=prod: " + "; ".join(problems))


CONFIGS = {"dev": DevConfig, "test": TestConfig, "prod": ProdConfig}


def config_class(name: str | None = None) -> type[BaseConfig]:
    return CONFIGS[name or os.environ.get("ZHUCUN_ENV", "dev")]


def settings_of(cls: type[BaseConfig]) -> dict:
    """The upper-case settings of a config class, as Flask's ``from_object`` reads them."""
    return {name: getattr(cls, name) for name in dir(cls) if name.isupper()}
