"""The scheduler's timetable follows the policy in force, POLICY_OVERRIDES included (ATT-6, DUTY-3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import create_app
from scheduler.process import Scheduler

ROOT = Path(__file__).resolve().parent.parent
TIMES = """
from app import create_app
from app.policy import current_policy
from scheduler.process import Scheduler
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///%s"})
jobs = Scheduler(app, holder="test").build()
with app.app_context():
    print(current_policy().no_show_digest_time, current_policy().leave_cumulative_alert_days)
for name in ("no-show", "duty-check"):
    print(name, {f.name: str(f) for f in jobs.get_job(name).trigger.fields if f.name in ("hour", "minute")})
"""


def _fields(scheduler, name: str) -> dict[str, str]:
    return {f.name: str(f) for f in scheduler.get_job(name).trigger.fields if f.name in ("hour", "minute")}


def test_att6_no_show_and_duty_check_run_when_the_policy_says(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 't.db'}",
                      "POLICY_OVERRIDES": {"no_show_digest_time": "09:30", "duty_checkin_deadline": "11:00"}})
    jobs = Scheduler(app, holder="test").build()
    assert _fields(jobs, "no-show") == {"hour": "9", "minute": "30"}
    assert _fields(jobs, "duty-check") == {"hour": "11", "minute": "15"}
    assert _fields(Scheduler(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}"}),
                             holder="default").build(), "no-show") == {"hour": "10", "minute": "0"}


def test_policy_overrides_come_from_the_environment_as_json(tmp_path):
    overrides = {"no_show_digest_time": "08:45", "leave_cumulative_alert_days": [15, 25]}
    env = {**os.environ, "POLICY_OVERRIDES": json.dumps(overrides), "ZHUCUN_ENV": "prod",
           "SECRET_KEY": "a-production-secret-for-this-test"}
    done = subprocess.run([sys.executable, "-c", TIMES % (tmp_path / "e.db")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["08:45:00 (15, 25)", "no-show {'hour': '8', 'minute': '45'}",
                                        "duty-check {'hour': '10', 'minute': '15'}"]


def test_a_bad_policy_override_stops_the_start(tmp_path):
    env = {**os.environ, "POLICY_OVERRIDES": json.dumps({"no_show_digest_tme": "09:30"}), "ZHUCUN_ENV": "prod",
           "SECRET_KEY": "a-production-secret-for-this-test"}
    done = subprocess.run([sys.executable, "-c", TIMES % (tmp_path / "b.db")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "no_show_digest_tme" in done.stderr
