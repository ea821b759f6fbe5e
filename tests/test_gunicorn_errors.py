"""gunicorn's own answers (414 for a long request line, 431 for big headers) come as the JSON envelope.

A real gunicorn with ``config/gunicorn.conf.py`` (as ``bin/serve`` starts it) on a port the OS picks.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}", "UPLOAD_DIR": str(tmp / "uploads")}
    log = (tmp / "gunicorn.log").open("w+")
    subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "init-db"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "-w", "1",
         "-b", "127.0.0.1:0", "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        deadline, port = time.monotonic() + 30, None
        while port is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            log.seek(0)
            found = LISTENING.search(log.read())
            port = found and int(found[1])
        assert port, f"gunicorn did not start: {(log.seek(0), log.read())[1]}"
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        log.close()


def envelope(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["message_en"] and error["details"] == {}, error
    return error


def test_a_request_line_over_gunicorns_limit_is_414_in_the_envelope(server):
    envelope(requests.get(f"{server}/api/v1/checkins?from={'x' * 9000}", timeout=10), 414, "URI_TOO_LONG")


def test_a_long_url_within_the_limit_reaches_the_app(server):
    """Up to gunicorn's maximum request line (8190 bytes) the app answers (here: 401, no token)."""
    envelope(requests.get(f"{server}/api/v1/checkins?cursor={'x' * 7000}", timeout=10), 401, "TOKEN_INVALID")


def test_header_fields_over_gunicorns_limits_are_431_in_the_envelope(server):
    too_big = {"X-Padding": "y" * 9000}
    envelope(requests.get(f"{server}/api/v1/health", headers=too_big, timeout=10), 431, "HEADERS_TOO_LARGE")
    too_many = {f"X-H{i}": "1" for i in range(120)}
    envelope(requests.get(f"{server}/api/v1/health", headers=too_many, timeout=10), 431, "HEADERS_TOO_LARGE")


def test_issue11_access_log_leaves_out_console_sign_in_secrets(server, tmp_path_factory):
    """The access log names every request, but not the one-time sign-in nonce (the page's poll key in
    the path) nor the QR's code (in the query of its scan link)."""
    started = requests.post(f"{server}/api/v1/auth/web-sessions", json={}, timeout=10)
    assert started.status_code == 201, started.text
    nonce = started.json()["nonce"]
    assert requests.get(f"{server}/api/v1/auth/web-sessions/{nonce}", timeout=10).status_code == 200
    requests.get(f"{server}/console/scan?code=QRCODE123456", timeout=10)
    log_path = next(Path(tmp_path_factory.getbasetemp()).glob("gunicorn*/gunicorn.log"))
    deadline, text = time.monotonic() + 10, ""
    while time.monotonic() < deadline and "/console/scan" not in text:
        time.sleep(0.1)
        text = log_path.read_text()
    assert "/api/v1/auth/web-sessions/[redacted]" in text and "/console/scan?code=[redacted]" in text, text
    assert nonce not in text and "QRCODE123456" not in text
