"""The real app with the demo city, served on 127.0.0.1 (a free port) for the browser tests.

One server per test module: its own SQLite file (or the PostgreSQL test database, emptied
afterwards), ``seed-demo``, the day close through yesterday, and a generic webhook at a reserved
address so the city office has failed deliveries to look at (refused before anything is sent).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from typing import Any

import requests
from werkzeug.serving import make_server

from app import create_app
from tests.conftest import release_database

UNSAFE_WEBHOOK = "https://192.0.2.1/zhucun-hook"  # TEST-NET-1: refused as reserved, never contacted


@dataclass
class LiveConsole:
    app: Any
    base: str
    seed: dict
    _tokens: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str) -> str:
        result = self.app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    def token(self, key: str) -> str:
        """A mini-program token for a demo person (as the phone holds after WeChat login)."""
        if key not in self._tokens:
            self._tokens[key] = self.cli("issue-token", key).strip()
        return self._tokens[key]

    def person_id(self, key: str) -> int:
        return self.seed["ids"]["people"][key]

    def call(self, method: str, path: str, who: str | None = None, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        bearer = token or (self.token(who) if who else None)
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        return requests.request(method, f"{self.base}/api/v1{path}", headers=headers, timeout=10, **kwargs)

    def get(self, path: str, who: str, **kwargs) -> Any:
        response = self.call("GET", path, who, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()


def start_live_console(database_uri: str, config: dict) -> tuple[LiveConsole, Any]:
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": database_uri, "WEB_SESSION_RATE_LIMIT": "1000 per minute",
                      "ALERT_WEBHOOK_URL": UNSAFE_WEBHOOK})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["CONSOLE_BASE_URL"] = base
    live = LiveConsole(app, base, {})
    live.seed = json.loads(live.cli("seed-demo"))
    live.cli("jobs", "run", "day-close")
    live.cli("jobs", "run", "dispatch")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return live, server


def stop_live_console(live: LiveConsole, server: Any, postgres: bool) -> None:
    server.shutdown()
    release_database(live.app, postgres)


def sqlite_copy(template, tmp) -> str:
    path = tmp / "live.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


def postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL")
