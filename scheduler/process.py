"""The scheduler process: APScheduler 3.x, one leader, every job on its timetable.

Run with ``flask --app wsgi scheduler`` (or ``python -m scheduler``), beside — never inside — the
web workers. Every heartbeat (config/schedule.py) and before every job it makes sure it is the
leader; a standby does nothing but try. Whenever a scheduler becomes the leader — at start, or
taking over from one that died — it says so and catches up at once: the day close closes every
business day missed while nobody led (its watermark), so a catch-up equals having run daily.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app import clock
from app.extensions import db
from app.policy import current_policy
from app.redact import log_exception
from config.schedule import BUSINESS_DATE_OFFSET_DAYS, CATCH_UP_AT_START, LEADER_HEARTBEAT_S, timetable
from scheduler.leader import leader_lock
from scheduler.registry import load_jobs, run_job

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, app: Flask, holder: str | None = None):
        self.app = app
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self.leading: bool | None = None  # unknown until the first try
        self._guard = threading.Lock()  # heartbeat and job threads share the lock's connection
        self._running: BlockingScheduler | None = None
        with app.app_context():
            self.lock = leader_lock(db.engine, self.holder)

    def is_leader(self) -> bool:
        """Take or keep the leader lock; on becoming the leader, say so and catch up at once."""
        with self._guard, self.app.app_context():
            leads = self.lock.acquire()
            before, self.leading = self.leading, leads
        if leads and not before:
            log.info("scheduler %s leads%s", self.holder, " (took over)" if before is False else "")
            self._catch_up_soon()
        elif before is None:
            log.info("scheduler %s stands by: another scheduler leads", self.holder)
        elif before and not leads:
            log.warning("scheduler %s no longer leads", self.holder)
        return leads

    def _catch_up_soon(self) -> None:
        """Run the catch-up as a job of its own, so heartbeats go on while it works."""
        if self._running is not None:
            self._running.add_job(self.catch_up, id="catch-up", replace_existing=True, misfire_grace_time=None)

    def business_date(self, name: str):
        return clock.today() - timedelta(days=BUSINESS_DATE_OFFSET_DAYS.get(name, 0))

    def tick(self, name: str) -> str:
        """Run job ``name`` for its business date if this process leads; "ran" or "standby"."""
        if not self.is_leader():
            return "standby"
        day = self.business_date(name)
        with self.app.app_context():
            try:
                run_job(name, day)
                log.info("ran %s for %s", name, day)
            except Exception:  # a failing job must not stop the scheduler; it is logged and retried
                log_exception(log, "job %s failed", name)
                db.session.rollback()
                return "failed"
            finally:
                db.session.remove()
        return "ran"

    def catch_up(self) -> dict[str, str]:
        done = {name: self.tick(name) for name in CATCH_UP_AT_START if name in load_jobs()}
        log.info("catch-up: %s", done)
        return done

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
        scheduler.add_job(self.is_leader, IntervalTrigger(seconds=LEADER_HEARTBEAT_S), id="leader-heartbeat",
                          next_run_time=clock.now(), max_instances=1, coalesce=True)
        return scheduler

    def run_forever(self) -> None:
        log.info("scheduler %s starting", self.holder)
        # Heartbeats run every few seconds: APScheduler's two lines per run would drown the log.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self._running = self.build()  # the first heartbeat, at once, takes the lead or stands by
        try:
            self._running.start()
        finally:
            with self.app.app_context():
                self.lock.release()
