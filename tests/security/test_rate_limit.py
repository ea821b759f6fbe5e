"""Issue 11 (7): the login limit holds across gunicorn workers, in the database or in Redis, and
X-Forwarded-For counts only from the configured number of trusted proxies."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import redis
import requests

from app import create_app
from app.extensions import db
from tests.security.gunicorn import gunicorn, server_env

REDIS_URL = "redis://127.0.0.1:6379/0"


def _attempts(url: str, n: int, threads: int = 8) -> list[int]:
    """``n`` login attempts from several connections at once; their status codes."""
    def attempt(i: int) -> int:
        return requests.post(f"{url}/api/v1/auth/login", json={"code": f"garbage-{i}"}, timeout=30).status_code

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(attempt, range(n)))


def test_issue11_login_limit_holds_across_four_gunicorn_workers(app, wechat, tmp_path):
    env = server_env(app, wechat, WORKERS="4", LOGIN_RATE_LIMIT="10 per minute")
    with gunicorn(env, tmp_path / "gunicorn.log", workers=4) as url:
        codes = _attempts(url, 80)
    assert codes.count(429) == 70, codes
    assert set(codes) == {401, 429}  # the ten let through reached WeChat (a bad code: 401)
    assert len(wechat.calls("/sns/jscode2session")) == 10


def test_issue11_login_limit_lives_in_redis_when_configured(app, wechat, tmp_path):
    prefix = f"zhucun-test-{uuid.uuid4().hex}"
    store = redis.Redis.from_url(REDIS_URL)
    env = server_env(app, wechat, WORKERS="3", LOGIN_RATE_LIMIT="10 per minute",
                     RATELIMIT_STORAGE_URI=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix)
    try:
        with gunicorn(env, tmp_path / "gunicorn.log", workers=3) as url:
            codes = _attempts(url, 30)
        assert codes.count(429) == 20, codes
        assert list(store.scan_iter(f"*{prefix}*")), "the counter is not in Redis"
        with app.app_context():
            from app.ratelimit_storage import RateLimitCounter

            assert db.session.query(RateLimitCounter).count() == 0
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        store.close()


def _login(client, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post("/api/v1/auth/login", json={"code": "garbage"}, headers=headers)


def test_issue11_forwarded_for_is_ignored_without_a_trusted_proxy(app):
    client = app.test_client()  # LOGIN_RATE_LIMIT is 5 per minute in tests; TRUSTED_PROXIES 0
    codes = [_login(client, f"203.0.113.{i}").status_code for i in range(1, 7)]
    assert codes == [401] * 5 + [429]  # a new X-Forwarded-For each time does not buy new attempts


def _behind_one_proxy(app):
    keys = ("SQLALCHEMY_DATABASE_URI", "WECHAT_API_BASE", "WECHAT_APPID", "WECHAT_SECRET", "UPLOAD_DIR")
    return create_app({"TESTING": True, "TRUSTED_PROXIES": 1, **{k: app.config[k] for k in keys}})


def test_issue11_one_trusted_proxy_counts_each_client_it_forwards(app):
    proxied = _behind_one_proxy(app)
    client = proxied.test_client()
    first = [_login(client, "198.51.100.7").status_code for _ in range(6)]
    assert first == [401] * 5 + [429]
    # Another client behind the proxy has its own count; a client cannot forge its place in the
    # chain: only the address the trusted proxy appended (the last one) counts.
    assert _login(client, "198.51.100.8").status_code == 401
    assert _login(client, "10.9.9.9, 198.51.100.7").status_code == 429
    with proxied.app_context():
        db.engine.dispose()

