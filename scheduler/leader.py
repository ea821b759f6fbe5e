"""The single-leader lock: only one scheduler process runs jobs at a time.

PostgreSQL: a session-level advisory lock held on a dedicated connection for the life of the
process; if the process or its connection dies, PostgreSQL releases it and a standby takes over.
The connection is in autocommit, so its heartbeats never leave a transaction open. SQLite: a
lease row renewed by the leader; a standby takes over when it has expired. Intervals are in
config/schedule.py. Jobs are idempotent and the day close locks each step as well, so even a lock
lost mid-job cannot double anything.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import Engine, insert, or_, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from app import clock
from app.jobstate import SchedulerLease
from config.schedule import LEADER_HEARTBEAT_S, LEADER_LEASE_S

log = logging.getLogger(__name__)

ADVISORY_KEY = 0x7A6875636E  # "zhucn"
LEASE_NAME = "scheduler"


class AdvisoryLock:
    """PostgreSQL ``pg_try_advisory_lock`` on an autocommit connection kept open while leading."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.conn = None

    def acquire(self) -> bool:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT 1"))
                return True
            except DBAPIError:
                log.warning("lost the scheduler lock connection")
                self.conn.invalidate()
                self.conn = None
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar():
            conn.close()
            return False
        # If the leader's host vanishes, the server notices a dead peer within a few heartbeats.
        beat = str(max(1, round(LEADER_HEARTBEAT_S)))
        conn.execute(text("SELECT set_config('tcp_keepalives_idle', :s, false), "
                          "set_config('tcp_keepalives_interval', :s, false), "
                          "set_config('tcp_keepalives_count', '2', false)"), {"s": beat})
        self.conn = conn
        return True

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
            finally:
                self.conn.close()
                self.conn = None


class LeaseLock:
    """A lease row: taken when free or expired, renewed by its holder on every call."""

    def __init__(self, engine: Engine, holder: str, ttl: timedelta = timedelta(seconds=LEADER_LEASE_S)):
        self.engine, self.holder, self.ttl = engine, holder, ttl

    def acquire(self) -> bool:
        now = clock.now()
        with self.engine.begin() as conn:
            renewed = conn.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == LEASE_NAME,
                       or_(SchedulerLease.holder == self.holder, SchedulerLease.expires_at < now))
                .values(holder=self.holder, expires_at=now + self.ttl)).rowcount
        if renewed:
            return True
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(SchedulerLease).values(name=LEASE_NAME, holder=self.holder,
                                                           expires_at=now + self.ttl))
            return True
        except IntegrityError:
            return False

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(SchedulerLease).where(SchedulerLease.name == LEASE_NAME,
                                                      SchedulerLease.holder == self.holder)
                         .values(expires_at=clock.now() - timedelta(seconds=1)))


def leader_lock(engine: Engine, holder: str):
    return AdvisoryLock(engine) if engine.dialect.name == "postgresql" else LeaseLock(engine, holder)
