"""The scheduler process: APScheduler 3.x, one leader, every job on its timetable.

Run with ``flask --app wsgi scheduler`` (or ``python -m scheduler``), beside — never inside — the
web workers. On start and on every tick it first makes sure it is the leader; a standby process
does nothing until the leader's lock is released. At start it catches up: the day close closes
every business day missed while no scheduler ran (its watermark), so a catch-up equals having run
daily.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app import clock
from app.extensions import db
from app.policy import current_policy
from app.redact import log_exception
from config.schedule import BUSINESS_DATE_OFFSET_DAYS, CATCH_UP_AT_START, timetable
from scheduler.leader import leader_lock
from scheduler.registry import load_jobs, run_job

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, app: Flask, holder: str | None = None):
        self.app = app
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        with app.app_context():
            self.lock = leader_lock(db.engine, self.holder)

    def is_leader(self) -> bool:
        with self.app.app_context():
            return self.lock.acquire()

    def business_date(self, name: str):
        return clock.today() - timedelta(days=BUSINESS_DATE_OFFSET_DAYS.get(name, 0))

    def tick(self, name: str) -> str:
        """Run job ``name`` for its business date if this process leads; "ran" or "standby"."""
        with self.app.app_context():
            if not self.lock.acquire():
                return "standby"
            try:
                run_job(name, self.business_date(name))
            except Exception:  # a failing job must not stop the scheduler; it is logged and retried
                log_exception(log, "job %s failed", name)
                db.session.rollback()
                return "failed"
            finally:
                db.session.remove()
        return "ran"

    def catch_up(self) -> dict[str, str]:
        return {name: self.tick(name) for name in CATCH_UP_AT_START if name in load_jobs()}

    def build(self) -> BlockingScheduler:
        scheduler = BlockingScheduler(timezone=clock.BUSINESS_TZ)
        jobs = load_jobs()
        with self.app.app_context():
            times = timetable(current_policy())  # the policy in force, POLICY_OVERRIDES included
        for name, fields in times.items():
            if name not in jobs:
                log.warning("timetable names unknown job %s", name)
                continue
            scheduler.add_job(self.tick, CronTrigger(timezone=clock.BUSINESS_TZ, **fields), args=[name], id=name,
                              max_instances=1, coalesce=True, misfire_grace_time=3600)
        scheduler.add_job(self.is_leader, IntervalTrigger(seconds=30), id="leader-heartbeat")
        return scheduler

    def run_forever(self) -> None:
        log.info("scheduler %s starting; leader: %s", self.holder, self.is_leader())
        log.info("catch-up: %s", self.catch_up())
        scheduler = self.build()
        try:
            scheduler.start()
        finally:
            with self.app.app_context():
                self.lock.release()
