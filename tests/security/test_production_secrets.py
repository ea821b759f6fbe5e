"""Issue 11 (3): production never runs on the published development secret."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from itsdangerous import URLSafeTimedSerializer

from app import create_app
from app.extensions import db
from tests.security.gunicorn import ROOT

DEV_SECRET_KEY = "dev-only-secret-change-me"  # the published development value (config/settings.py)
STRONG = "a-long-random-production-secret-0123456789abcdef"


def _prod_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "WECHAT_APPID", "WECHAT_SECRET")}
    env.update(ZHUCUN_ENV="prod", DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
               UPLOAD_DIR=str(tmp_path / "uploads"), BIND="127.0.0.1:0")
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("secret", [DEV_SECRET_KEY, "", "   "])
def test_issue11_prod_refuses_a_missing_or_default_secret_key(monkeypatch, tmp_path, secret):
    monkeypatch.setenv("ZHUCUN_ENV", "prod")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": secret})


def test_issue11_prod_refuses_a_wechat_appid_without_its_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHUCUN_ENV", "prod")
    with pytest.raises(RuntimeError, match="WECHAT_SECRET"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}", "SECRET_KEY": STRONG,
                    "WECHAT_APPID": "wx-prod", "WECHAT_SECRET": ""})


def test_issue11_prod_cli_without_secret_key_stops_with_a_clear_message(tmp_path):
    result = _run([sys.executable, "-m", "flask", "--app", "wsgi", "init-db"], _prod_env(tmp_path))
    assert result.returncode != 0
    assert "refusing to start with ZHUCUN_ENV=prod: SECRET_KEY is not set" in result.stderr
    assert "database is at the newest schema" not in result.stdout


def test_issue11_prod_gunicorn_without_secret_key_stops_before_serving(tmp_path):
    result = _run([sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py", "wsgi:app"],
                  _prod_env(tmp_path, WECHAT_APPID="wx-prod"))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr and "WECHAT_SECRET" in result.stderr
    assert "Booting worker" not in result.stderr  # the master refused: no worker was started


def _me(app, token: str):
    answer = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    with app.app_context():
        db.engine.dispose()
    return answer


def test_issue11_prod_with_its_own_secret_refuses_tokens_signed_with_the_default(monkeypatch, org, app):
    uri, uploads = app.config["SQLALCHEMY_DATABASE_URI"], app.config["UPLOAD_DIR"]
    with app.app_context():
        from app.org.models import Person

        version = db.session.get(Person, org.person_id("admin")).token_version
    forged = URLSafeTimedSerializer(DEV_SECRET_KEY, salt="zhucun-access-token").dumps(
        {"sub": org.person_id("admin"), "v": version, "iat": int(time.time())})
    # The published secret signs a real city-admin token: an app on it lets the holder in …
    dev = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": DEV_SECRET_KEY,
                      "UPLOAD_DIR": uploads})
    assert _me(dev, forged).get_json()["role"] == "city_admin"
    # … production, which must have its own secret, does not.
    monkeypatch.setenv("ZHUCUN_ENV", "prod")
    prod = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": STRONG, "UPLOAD_DIR": uploads})
    answer = _me(prod, forged)
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "TOKEN_INVALID"


def test_issue11_development_still_runs_on_the_embedded_default(tmp_path):
    env = _prod_env(tmp_path, ZHUCUN_ENV="dev")
    result = _run([sys.executable, "-m", "flask", "--app", "wsgi", "init-db"], env)
    assert result.returncode == 0, result.stderr
    assert "database is at the newest schema" in result.stdout
