"""Fixtures in the manner of Flask's tutorial app: ``app``, ``client``, ``runner``, ``api``.

Every test gets a fresh database. SQLite: a file copied from a template migrated once per run
(so migrations are exercised and tests stay fast). PostgreSQL (``TEST_DATABASE_URL``): migrated
once per run, every table truncated after each test, so threads and real commits work.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db
from tests.fakes.wechat import FakeWeChat
from tests.orgdata import standard_org

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _base_config(uri: str, tmp: Path, wechat: FakeWeChat) -> dict[str, Any]:
    return {"TESTING": True, "SQLALCHEMY_DATABASE_URI": uri, "WECHAT_API_BASE": wechat.url,
            "WECHAT_APPID": "wx-test-app", "WECHAT_SECRET": "test-secret", "WECHAT_TIMEOUT_S": 1.0,
            "UPLOAD_DIR": str(tmp / "uploads")}


@pytest.fixture(scope="session")
def wechat():
    fake = FakeWeChat()
    yield fake
    fake.close()


def _migrate(uri: str, tmp: Path, wechat: FakeWeChat) -> None:
    from flask_migrate import upgrade

    app = create_app(_base_config(uri, tmp, wechat))
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory, wechat):
    """A migrated SQLite file to copy, or the migrated PostgreSQL URL."""
    tmp = tmp_path_factory.mktemp("db")
    if PG_URL:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        _migrate(PG_URL, tmp, wechat)
        return PG_URL
    template = tmp / "template.sqlite3"
    _migrate(f"sqlite:///{template}", tmp, wechat)
    return template


@contextmanager
def _fresh_app(database_template, tmp_path: Path, wechat: FakeWeChat, overrides: dict[str, Any] | None = None):
    """An app on a fresh database (a copy of the template, or PostgreSQL truncated afterwards)."""
    wechat.reset()
    if PG_URL:
        uri = PG_URL
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copy(database_template, path)
        uri = f"sqlite:///{path}"
    app = create_app({**_base_config(uri, tmp_path, wechat), **(overrides or {})})
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if PG_URL:
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as conn:
                    conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


@pytest.fixture
def app(database_template, tmp_path, wechat):
    with _fresh_app(database_template, tmp_path, wechat) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def travel():
    """Travel in time: ``travel("2026-03-02T09:00:00+08:00")``; the clock keeps ticking from there."""
    travellers = []

    def go(when: str | datetime):
        instant = datetime.fromisoformat(when) if isinstance(when, str) else when
        if instant.tzinfo is None:
            raise ValueError("give travel() an offset")
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(instant.astimezone(UTC), tick=True)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in travellers:
        traveller.stop()


class ApiClient:
    """The public API as a given person: ``api.as_("m1a").post("/checkins", json=...)``."""

    def __init__(self, app, client, runner):
        self.app, self.client, self.runner = app, client, runner
        self.ids: dict[str, dict[str, int]] = {}
        self.invite_codes: dict[str, str] = {}
        self._tokens: dict[str, tuple[float, str]] = {}
        self._who: str | None = None

    def import_org(self, document: dict, tmp: Path) -> dict:
        path = tmp / "org.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        result = self.runner.invoke(args=["import-org", str(path)])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.stdout)
        for section, ids in answer["ids"].items():
            self.ids.setdefault(section, {}).update(ids)
        self.invite_codes.update(answer["invite_codes"])
        return answer

    def token(self, key: str) -> str:
        """A token for ``key``, issued again when the clock has travelled (tokens expire in 7 days)."""
        issued_at, token = self._tokens.get(key, (None, None))
        if issued_at is None or abs(time.time() - issued_at) > 3600:
            result = self.runner.invoke(args=["issue-token", key])
            assert result.exit_code == 0, result.output
            issued_at, token = time.time(), result.stdout.strip()
            self._tokens[key] = (issued_at, token)
        return token

    def as_(self, key: str | None) -> ApiClient:
        other = ApiClient.__new__(ApiClient)
        other.__dict__.update(self.__dict__)
        other._who = key
        return other

    def person_id(self, key: str) -> int:
        return self.ids["people"][key]

    def village_id(self, key: str) -> int:
        return self.ids["villages"][key]

    def request(self, method: str, path: str, headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        if self._who:
            headers.setdefault("Authorization", f"Bearer {self.token(self._who)}")
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def api(app, client, runner):
    return ApiClient(app, client, runner)


@pytest.fixture(scope="session")
def fresh_api(database_template, tmp_path_factory, wechat):
    """``with fresh_api(config) as api:`` an ApiClient on a new app and an empty database, each time.

    For property tests whose every example needs a database of its own (and maybe its own policy,
    ``{"POLICY_OVERRIDES": {...}}``); the ``api`` fixture serves one test.
    """
    @contextmanager
    def make(overrides: dict[str, Any] | None = None):
        tmp = tmp_path_factory.mktemp("example")
        with _fresh_app(database_template, tmp, wechat, overrides) as app:
            yield ApiClient(app, app.test_client(), app.test_cli_runner())

    return make


@pytest.fixture
def org(api, tmp_path):
    """The standard organisation (tests/orgdata.py) imported through the CLI; returns the ApiClient."""
    api.import_org(standard_org(), tmp_path)
    return api
