"""ATT-5: the scheduler's leader, with real processes — killed with SIGKILL, a standby takes over,
says that it leads and catches up at once (the nightly close must not wait for the next night).

Heartbeat and lease come from config/schedule.py, shortened here through their environment
variables; the waits below are bounded waits for log lines, not timing assertions.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.extensions import db
from tests.processes import start, wait_for

FAST = {"SCHEDULER_HEARTBEAT_S": "0.5", "SCHEDULER_LEASE_S": "4"}


def _says(log: Path, words: str) -> bool:
    return words in log.read_text(errors="replace")


def _open_transactions(app) -> list[str]:
    """Other sessions of this database sitting inside a transaction (PostgreSQL)."""
    with app.app_context(), db.engine.connect() as conn:
        return list(conn.scalars(text(
            "SELECT state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND state LIKE 'idle in transaction%'")))


def test_att5_standby_scheduler_leads_and_catches_up_after_the_leader_is_killed(app, tmp_path):
    logs = {name: tmp_path / f"{name}.log" for name in ("first", "second")}
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
        db.engine.dispose()
    first = start(app, ["flask", "--app", "wsgi", "scheduler"], logs["first"], **FAST)
    second = None
    try:
        wait_for("the first scheduler to lead and catch up",
                 lambda: _says(logs["first"], "leads") and _says(logs["first"], "catch-up:"), 60, [first])
        second = start(app, ["flask", "--app", "wsgi", "scheduler"], logs["second"], **FAST)
        wait_for("the second scheduler to stand by", lambda: _says(logs["second"], "stands by"), 60, [second])
        if postgres:  # the leader's lock connection (heartbeats every 0.5 s) holds no transaction open
            wait_for("no session idle in a transaction", lambda: _open_transactions(app) == [], 10, [first])
        first.kill()  # SIGKILL: no clean-up, no release of the lock
        first.wait(timeout=30)
        wait_for("the standby to lead and catch up",
                 lambda: _says(logs["second"], "leads") and _says(logs["second"], "catch-up:"), 90, [second])
        assert not _says(logs["second"], "Traceback"), logs["second"].read_text()
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)
