"""A real gunicorn of several workers on a free port, started as bin/serve starts it (its config file)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"Listening at: (http://\S+)")


def server_env(app, wechat, **extra: str) -> dict[str, str]:
    """The environment of a server on the test's database and the fake WeChat server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RATELIMIT_", "SECRET_KEY", "WECHAT_"))}
    env.update(ZHUCUN_ENV="dev", DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="test-secret",
               WECHAT_API_BASE=wechat.url, WECHAT_APPID="wx-test-app", WECHAT_SECRET="test-secret",
               BIND="127.0.0.1:0", UPLOAD_DIR=str(Path(app.config["UPLOAD_DIR"])))
    env.update(extra)
    return env


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path, workers: int = 1, timeout_s: float = 60) -> Iterator[str]:
    """Start gunicorn with ``config/gunicorn.conf.py``; yield its base URL once every worker has
    booted and /health answers."""
    with open(log_path, "w") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py",
                                    "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = _wait_until_serving(process, log_path, workers, timeout_s)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen, log_path: Path, workers: int, timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited {process.returncode}:\n{log_path.read_text()}")
        log = log_path.read_text()
        if url is None and (match := LISTENING.search(log)):
            url = match.group(1)
        if url is not None and log.count("Booting worker") >= workers:
            try:
                if requests.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                    return url
            except requests.RequestException:
                pass
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not serve in {timeout_s} s:\n{log_path.read_text()}")
