"""Deployment settings, read from the environment (policy numbers live in ``config/policy.py``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class BaseConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'zhucun.sqlite3'}")
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
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True

    # OpenAPI (flask-smorest): spec at /api/openapi.json, interactive docs at /api/docs.
    API_TITLE = "驻村通 Zhucun API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist/"
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
        "info": {"description": "Backend of the 驻村通 mini-program. See ../shared/API.md."},
    }
    JSON_SORT_KEYS = False

    # Policy parameters: ``config.policy.Policy`` fields to override for this deployment.
    POLICY_OVERRIDES: dict = {}


class DevConfig(BaseConfig):
    DEBUG = False


class TestConfig(BaseConfig):
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
    pass


CONFIGS = {"dev": DevConfig, "test": TestConfig, "prod": ProdConfig}


def config_class(name: str | None = None) -> type[BaseConfig]:
    return CONFIGS[name or os.environ.get("ZHUCUN_ENV", "dev")]
