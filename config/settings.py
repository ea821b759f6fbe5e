"""Deployment settings, read from the environment (policy numbers live in ``config/policy.py``)."""

from __future__ import annotations

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

    TOKEN_TTL_HOURS = _env_int("TOKEN_TTL_HOURS", 24 * 7)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
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
    LOGIN_RATE_LIMIT = "5 per minute"


class ProdConfig(BaseConfig):
    pass


CONFIGS = {"dev": DevConfig, "test": TestConfig, "prod": ProdConfig}


def config_class(name: str | None = None) -> type[BaseConfig]:
    return CONFIGS[name or os.environ.get("ZHUCUN_ENV", "dev")]
