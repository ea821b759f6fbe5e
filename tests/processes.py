"""Real separate processes for the tests that must show what threads cannot: two day closes at once,
a scheduler killed with SIGKILL. Each process runs the operators' CLI against the test's database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_env(app, **extra: str) -> dict[str, str]:
    """The environment of a CLI process that uses the same database and settings as ``app``."""
    env = dict(os.environ)
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], ZHUCUN_ENV="test", PYTHONUNBUFFERED="1",
               UPLOAD_DIR=app.config["UPLOAD_DIR"], WECHAT_API_BASE=app.config["WECHAT_API_BASE"])
    env.update(extra)
    return env


def start(app, args: list[str], log: Path, **env: str) -> subprocess.Popen:
    """Start ``python -m <args>`` in the repository with stdout and stderr going to ``log``."""
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, env=cli_env(app, **env), stdout=out,
                                stderr=subprocess.STDOUT)


def wait_for(what: str, done: Callable[[], bool], timeout_s: float, alive: Sequence[subprocess.Popen] = ()) -> None:
    """Wait until ``done()`` (a bounded wait for an event, not a timing assertion)."""
    deadline = time.monotonic() + timeout_s
    while not done():
        dead = [p.args for p in alive if p.poll() is not None]
        assert not dead, f"waiting for {what}: a process ended: {dead}"
        assert time.monotonic() < deadline, f"waited {timeout_s} s for {what}"
        time.sleep(0.05)


@dataclass
class Finished:
    returncode: int
    output: str  # stdout: the command's answer
    log: str  # stderr: its log lines

    def json(self) -> dict:
        return json.loads(self.output)


def run_together(app, workdir: Path, at: str, commands: list[list[str]], timeout_s: float = 300) -> list[Finished]:
    """Run CLI ``commands`` (``flask --app wsgi`` arguments) in separate processes, all with the clock
    frozen at ``at``, released at the same moment once every one has built its app."""
    go = workdir / "go"
    go.unlink(missing_ok=True)
    procs = []
    for i, args in enumerate(commands):
        ready, out, err = (workdir / f"{kind}-{i}" for kind in ("ready", "out", "err"))
        ready.unlink(missing_ok=True)
        with out.open("w") as stdout, err.open("w") as stderr:
            procs.append((ready, out, err, subprocess.Popen(
                [sys.executable, "-m", "tests.frozen_cli", at, str(ready), str(go), *args], cwd=ROOT,
                env=cli_env(app), stdout=stdout, stderr=stderr)))
    wait_for("every process to build its app", lambda: all(r.exists() for r, *_ in procs), 120,
             [p for *_, p in procs])
    go.touch()
    finished = []
    for _, out, err, proc in procs:
        proc.wait(timeout=timeout_s)
        finished.append(Finished(proc.returncode, out.read_text(), err.read_text()))
    return finished
