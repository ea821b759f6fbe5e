"""A fake WeChat/WeCom server on 127.0.0.1 (a thread), so no test touches the internet.

Routes are plain functions ``(request) -> (status, body)`` keyed by (method, path); tests replace
them to simulate errcodes, outages and slowness, and read ``requests`` to see what was sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


Route = Callable[[FakeRequest], tuple[int, Any]]


def jscode2session(req: FakeRequest) -> tuple[int, Any]:
    """``code-<openid>`` logs in as <openid>; a few magic codes simulate WeChat's failures."""
    code = req.query.get("js_code", "")
    if code.startswith("code-"):
        return 200, {"openid": code.removeprefix("code-"), "session_key": "sk"}
    if code == "busy":
        return 200, {"errcode": -1, "errmsg": "system error"}
    if code == "limited":
        return 200, {"errcode": 45011, "errmsg": "api minute-quota reach limit"}
    if code == "http500":
        return 500, {"oops": True}
    if code == "not-json":
        return 200, "<html>gateway</html>"
    if code == "slow":
        time.sleep(3)
        return 200, {"openid": "slow"}
    return 200, {"errcode": 40029, "errmsg": "invalid code"}


ROBOT_PATH = "/cgi-bin/webhook/send"  # WeCom group robots: POST <base>/cgi-bin/webhook/send?key=<town>
WEBHOOK_PATH = "/hook"  # the generic JSON webhook


@dataclass
class FakeWeChat:
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)
    requests: list[FakeRequest] = field(default_factory=list)
    tokens_issued: int = 0
    access_token: str | None = None

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                req = FakeRequest(method, parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()},
                                  dict(self.headers), body)
                fake.requests.append(req)
                route = fake.routes.get((method, parts.path))
                status, answer = route(req) if route else (404, {"errcode": 404, "errmsg": "no route"})
                data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html" if isinstance(answer, str) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # a client that timed out and left
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.reset()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        self.requests.clear()
        self.routes.clear()
        self.tokens_issued, self.access_token = 0, None
        self.routes[("GET", "/sns/jscode2session")] = jscode2session
        self.routes[("POST", "/cgi-bin/stable_token")] = self.stable_token
        self.routes[("POST", "/cgi-bin/message/subscribe/send")] = self.subscribe_send
        self.routes[("POST", ROBOT_PATH)] = lambda req: (200, {"errcode": 0, "errmsg": "ok"})
        self.routes[("POST", WEBHOOK_PATH)] = lambda req: (200, {"ok": True})

    def stable_token(self, req: FakeRequest) -> tuple[int, Any]:
        """Like WeChat: the same token while valid; a new one when none is valid or on force_refresh."""
        body = req.body or {}
        if body.get("appid") != "wx-test-app" or body.get("secret") != "test-secret":
            return 200, {"errcode": 40013, "errmsg": "invalid appid"}
        if self.access_token is None or body.get("force_refresh"):
            self.tokens_issued += 1
            self.access_token = f"token-{self.tokens_issued}"
        return 200, {"access_token": self.access_token, "expires_in": 7200}

    def expire_token(self) -> None:
        """WeChat invalidates the current token (as when another system refreshed it)."""
        self.access_token = f"revoked-{self.tokens_issued}"

    def subscribe_send(self, req: FakeRequest) -> tuple[int, Any]:
        """40001 for a token that is not the current one; openids starting "refused" answer 43101."""
        if req.query.get("access_token") != self.access_token:
            return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
        if str((req.body or {}).get("touser", "")).startswith("refused"):
            return 200, {"errcode": 43101, "errmsg": "user refuse to accept the msg"}
        return 200, {"errcode": 0, "errmsg": "ok", "msgid": len(self.requests)}

    def calls(self, path: str) -> list[FakeRequest]:
        return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
